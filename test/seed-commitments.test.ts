import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, runMigrations, type Database } from '../src/server/db/client';
import { ensureAdmin } from '../src/server/bootstrap';
import { ensureCategories } from '../src/server/seed/categories.seed';
import { seedDemo } from '../src/server/seed/demo.seed';

// The demo's organisation-wide service commitments would change which commitment covers every other
// test file's cases, so this file seeds the demo into a database of its own on the run's server.

const base = inject('databaseUrl');
const name = `manyi_seed_sla_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
let database: Database;
let dataDir: string;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(base);
  u.pathname = `/${name}`;
  database = connect(u.toString());
  await runMigrations(database.db);
  await ensureAdmin(database.db, 'admin-Passw0rd!seed');
  await ensureCategories(database.db);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-seed-sla-'));
  await seedDemo(database.db, { dataDir, quiet: true, customers: 100, cases: 300, seed: 20261129 });
}, 180_000);

afterAll(async () => {
  await database?.close();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const rows = async <T>(q: ReturnType<typeof sql>) => (await database.db.execute(q)).rows as T[];

describe('demo service commitments', () => {
  it('publishes the province commitments on a statutory working-day calendar', async () => {
    const list = await rows<{ code: string; calendar: string }>(sql`
      select c.code, b.name as calendar from sla_commitments c join business_calendars b on b.id = c.calendar_id order by c.code`);
    expect(list.map((c) => c.code)).toEqual(['BB-FAULT-RURAL', 'BB-FAULT-URBAN', 'COMPLAINT', 'GENERAL', 'REGULATOR']);
    expect(new Set(list.map((c) => c.calendar)).size).toBe(1);
  });

  it('computes every demo case its clocks, under the most specific commitment', async () => {
    const [all] = await rows<{ cases: number; clocked: number }>(sql`
      select count(*)::int cases, count(s.case_id)::int clocked from cases c left join case_sla s on s.case_id = c.id`);
    expect(all.cases).toBe(300);
    expect(all.clocked).toBe(300); // GENERAL covers every case
    const byType = await rows<{ type: string; code: string; n: number }>(sql`
      select c.type, m.code, count(*)::int n from cases c join case_sla s on s.case_id = c.id join sla_commitments m on m.id = s.commitment_id
      where c.channel <> 'regulator' group by 1, 2`);
    for (const r of byType) {
      if (r.type === 'complaint') expect(r.code).toBe('COMPLAINT');
      else if (r.type !== 'fault') expect(r.code).toBe('GENERAL');
    }
    expect(byType.some((r) => r.type === 'complaint')).toBe(true);
  });

  it('publishes nothing twice when seeded again', async () => {
    await seedDemo(database.db, { dataDir, quiet: true, customers: 10, cases: 20, seed: 7 });
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int n from sla_commitments`);
    expect(n).toBe(5);
  });
});
