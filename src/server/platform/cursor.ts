import { AppError } from './errors';

// Keyset pagination: the cursor is the (createdAt, id) of the last row, base64url-encoded.

export interface Cursor { at: string; id: string }

export function encodeCursor(at: Date, id: string | number): string {
  return Buffer.from(JSON.stringify([at.toISOString(), String(id)])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error('bad');
    return { at, id };
  } catch {
    throw new AppError('validation_failed', {}, [{ path: 'cursor', code: 'invalid_cursor', message: 'invalid cursor' }]);
  }
}

/** Given limit+1 rows, the page and the cursor to the next one. */
export function page<T>(rows: T[], limit: number, key: (row: T) => [Date, string | number]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...key(last)) : null };
}
