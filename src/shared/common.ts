import { z } from 'zod';

export const Uuid = z.string().uuid();
export const IsoInstant = z.string().datetime({ offset: true });

/** Keyset pagination: `cursor` is opaque; `limit` 1–200. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Optimistic concurrency: the version the client last read. */
export const VersionField = z.object({ version: z.number().int().positive() });

export const LOCALE_CODES = ['zh-CN', 'zh-TW', 'en'] as const;
