import type { Db } from '../db/client';

/** Seed the telecom category tree on a new database (idempotent). Filled in by the seed work. */
export async function ensureCategories(_db: Db): Promise<void> {}
