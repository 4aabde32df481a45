import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupWriter } from '../src/server/db/group-commit';
import { startTestServer, type TestContext } from './harness';

// Group commit (db/group-commit.ts, ADR 0010) on the real database: concurrent writes share
// statements, each gets its own row back, and a write that breaks a constraint fails alone.

let t: TestContext;
const table = `gc_${crypto.randomBytes(4).toString('hex')}`;
const tbl = sql.raw(table);
beforeAll(async () => {
  t = await startTestServer();
  await t.db.execute(sql`CREATE TABLE ${tbl} (id int PRIMARY KEY, v text NOT NULL)`);
  await t.db.execute(sql`CREATE TABLE ${sql.raw(`${table}_log`)} (id int NOT NULL, note text NOT NULL)`);
});
afterAll(async () => {
  await t.db.execute(sql`DROP TABLE IF EXISTS ${tbl}, ${sql.raw(`${table}_log`)}`);
});

const write = (w: GroupWriter, id: number, v: string) => w.write([
  { table, row: { id, v } },
  { table: `${table}_log`, row: { id, note: `wrote ${v}` } },
]);

describe('group commit', () => {
  it('carries concurrent writes in fewer statements, answering each its own row', async () => {
    const w = new GroupWriter(t.db, { maxBatch: 16, maxInFlight: 1 });
    const rows = await Promise.all(Array.from({ length: 40 }, (_, i) => write(w, i + 1, `v${i + 1}`)));
    expect(rows.map((r) => r.v)).toEqual(Array.from({ length: 40 }, (_, i) => `v${i + 1}`));
    expect(w.stats.writes).toBe(40);
    expect(w.stats.statements).toBeLessThan(40);
    const [{ n, logs }] = (await t.db.execute<{ n: number; logs: number }>(sql`SELECT (SELECT count(*)::int FROM ${tbl}) AS n,
      (SELECT count(*)::int FROM ${sql.raw(`${table}_log`)}) AS logs`)).rows;
    expect([n, logs]).toEqual([40, 40]);
  });

  it('a write that breaks a constraint fails alone; the others in its batch land whole', async () => {
    const w = new GroupWriter(t.db, { maxBatch: 16, maxInFlight: 1 });
    const results = await Promise.allSettled([101, 102, 5 /* taken */, 103].map((id) => write(w, id, `x${id}`)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(w.stats.retriedAlone).toBeGreaterThan(0);
    const { rows } = await t.db.execute<{ id: number; v: string }>(sql`SELECT id, v FROM ${tbl} WHERE id IN (5, 101, 102, 103) ORDER BY id`);
    expect(rows).toEqual([{ id: 5, v: 'v5' }, { id: 101, v: 'x101' }, { id: 102, v: 'x102' }, { id: 103, v: 'x103' }]);
    // Nothing half written: the failed write left no log line either.
    const [{ logs }] = (await t.db.execute<{ logs: number }>(sql`SELECT count(*)::int AS logs FROM ${sql.raw(`${table}_log`)} WHERE id = 5`)).rows;
    expect(logs).toBe(1);
  });

  it('48 concurrent intakes through the API each get their own case, events and audit row', async () => {
    const customer = await t.admin.post('/api/v1/customers', { name: '并发客户', phones: ['13900001111'] });
    expect(customer.status).toBe(201);
    const created = await Promise.all(Array.from({ length: 48 }, (_, i) => t.admin.post('/api/v1/cases', {
      type: 'complaint', channel: 'hotline', subject: `并发受理${i}`, description: '宽带断网', priority: 'normal', customerId: customer.body.id,
    })));
    expect(created.map((r) => r.status)).toEqual(Array(48).fill(201));
    const ids = created.map((r) => r.body.id as string);
    expect(new Set(created.map((r) => r.body.number)).size).toBe(48);
    const [{ events, audits }] = (await t.db.execute<{ events: number; audits: number }>(sql`SELECT
      (SELECT count(*)::int FROM case_events WHERE case_id = ANY(${sql.param(ids)}::uuid[]) AND kind = 'created') AS events,
      (SELECT count(*)::int FROM audit_log WHERE entity_id = ANY(${sql.param(ids)}::text[]) AND action = 'case.create') AS audits`)).rows;
    expect([events, audits]).toEqual([48, 48]);
    const one = await t.admin.get(`/api/v1/cases/${ids[17]}`);
    expect(one.body.subject).toBe('并发受理17');
  });
});
