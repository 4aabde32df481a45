import { z } from 'zod';
import { IsoInstant, PageQuery, Uuid, pageOf } from './common';

export const CUSTOMER_TYPES = ['individual', 'business', 'internal'] as const;
export const VALUE_TIERS = ['key', 'ordinary'] as const;
export const LIFECYCLE_STAGES = ['potential', 'new', 'loyal', 'at_risk', 'lost'] as const;
export const SERVICE_KINDS = ['mobile', 'broadband', 'fixed', 'iptv', 'package'] as const;

/** Mainland mobile (11 digits from 1), landline with area code, or service numbers; separators allowed on input. */
export const Phone = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\+?\d{5,15}$/, 'phone'));

/** 18-character resident ID (last may be X) or 15-digit legacy, or another document number up to 32 characters. */
export const IdNumber = z.string().trim().min(4).max(32).regex(/^[0-9A-Za-z-]+$/);

export const CustomerServiceInput = z.object({
  kind: z.enum(SERVICE_KINDS),
  identifier: z.string().trim().min(1).max(64),
  name: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'suspended', 'closed']).default('active'),
  startedAt: IsoInstant.optional(),
});

export const CustomerCreateInput = z.object({
  name: z.string().trim().min(1).max(100),
  phones: z.array(Phone).min(1).max(10),
  type: z.enum(CUSTOMER_TYPES).default('individual'),
  valueTier: z.enum(VALUE_TIERS).default('ordinary'),
  lifecycle: z.enum(LIFECYCLE_STAGES).default('new'),
  idNumber: IdNumber.optional(),
  address: z.string().trim().max(300).optional(),
  email: z.string().trim().email().max(200).optional(),
  notes: z.string().max(2000).optional(),
  /** The site holding the file; the creator's own unit by default. */
  orgUnitId: Uuid.optional(),
  services: z.array(CustomerServiceInput).max(50).default([]),
});
export type CustomerCreate = z.infer<typeof CustomerCreateInput>;

/** PATCH: any subset, plus the version last read (stale → 409). `services` replaces the list when given. */
export const CustomerUpdateInput = CustomerCreateInput.omit({ orgUnitId: true }).partial().extend({
  version: z.number().int().positive(),
});

export const CustomerServiceOutput = CustomerServiceInput.extend({ id: Uuid, startedAt: IsoInstant.nullable(), name: z.string().nullable() });

/** Personal data comes masked (`138****5678`) unless the caller revealed it. */
export const CustomerOutput = z.object({
  id: Uuid,
  name: z.string(),
  type: z.enum(CUSTOMER_TYPES),
  valueTier: z.enum(VALUE_TIERS),
  lifecycle: z.enum(LIFECYCLE_STAGES),
  phones: z.array(z.string()),
  idNumber: z.string().nullable(),
  address: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  orgUnitId: Uuid,
  orgUnitName: z.string().optional(),
  services: z.array(CustomerServiceOutput),
  masked: z.boolean(),
  version: z.number().int(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Customer = z.infer<typeof CustomerOutput>;

/** `q` matches a name (Chinese words), any fragment of a phone number (3+ digits), or an ID number. */
export const CustomerListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  type: z.enum(CUSTOMER_TYPES).optional(),
  valueTier: z.enum(VALUE_TIERS).optional(),
  lifecycle: z.enum(LIFECYCLE_STAGES).optional(),
  orgUnitId: Uuid.optional(),
});
export const CustomerPage = pageOf(CustomerOutput);

/** Reveal personal data: needs `customer:reveal`, audited with the reason. */
export const CustomerRevealInput = z.object({ reason: z.string().trim().min(2).max(200) });
