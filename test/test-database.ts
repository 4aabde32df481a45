import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect, runMigrations } from '../src/server/db/client';
import { startEmbedded } from '../src/server/db/embedded';

/**
 * A fresh, migrated database for one test run: a new database on DATABASE_URL's
 * server when it is set (CI: the machine's PostgreSQL 15), otherwise a
 * throw-away embedded server. Never reuses what an earlier run left.
 */
export async function createTestDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `manyi_test_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  const base = process.env.DATABASE_URL;
  if (base) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    const db = connect(url, { max: 1 });
    await runMigrations(db.db);
    await db.close();
    return {
      url,
      async dispose() {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-test-'));
  fs.chmodSync(dir, 0o755);
  const emb = await startEmbedded(path.join(dir, 'pg'), { log: () => undefined });
  const db = connect(emb.url, { max: 1 });
  await runMigrations(db.db);
  await db.close();
  return {
    url: emb.url,
    async dispose() {
      await emb.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
