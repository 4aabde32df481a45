import type { Db } from '../db/client';

// Placeholder until the demo data generator lands; see issue #2 item 12.
export async function seedDemo(_db: Db, _opts: { dataDir: string; quiet?: boolean; customers?: number; cases?: number }): Promise<void> {}
