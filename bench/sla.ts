// SLA clocks: what they cost.
//   (a) the pure clock: computeClocks for a case with five targets and a realistic timeline, on a calendar
//       with the full mainland statutory holiday arrangement (every year the bundled data covers);
//   (b) case creation through the service, in-process, with the SLA case-event hook and with it replaced by
//       a no-op: creates/s and SQL statements per create (the hook's added cost);
//   (c) the escalation sweep over N open cases in case_sla of which 1 % are due.
// Prints figures; asserts nothing. Usage: npx tsx bench/sla.ts [--creates 600] [--concurrency 8] [--open 100000]
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { ensureAdmin, rootOrgUnit } from '../src/server/bootstrap';
import { loadConfig } from '../src/server/config';
import { startServer } from '../src/server/main';
import { systemActor } from '../src/server/platform/actor';
import { createCase } from '../src/server/modules/cases/cases.service';
import { loadActor } from '../src/server/modules/platform/auth.service';
import { onCaseEvent } from '../src/server/modules/cases/case-hooks';
import { compileCalendar } from '../src/server/modules/sla/business-calendar';
import { chinaStatutoryYears, mainlandChinaCalendar } from '../src/server/modules/sla/china-statutory';
import { computeClocks } from '../src/server/modules/sla/sla-clock';
import { createCommitment, onCaseEventForSla, runSlaScan } from '../src/server/modules/sla/sla.service';
import { createCalendar } from '../src/server/modules/sla/calendars.service';
import { ADMIN_PASSWORD, numArg, printMachine, tempDataDir } from './lib';

process.env.MANYI_JOBS = '0';
const CREATES = numArg('creates', 600);
const CONCURRENCY = numArg('concurrency', 8);
const OPEN = numArg('open', 100_000);

printMachine('SLA clocks: pure clock, case-create hook, escalation sweep');

// ---------------------------------------------------------------- (a)
const lunch = [['09:00', '12:00'], ['13:30', '18:00']] as [string, string][];
const cal = compileCalendar(mainlandChinaCalendar({ name: 'bench', hours: { mon: lunch, tue: lunch, wed: lunch, thu: lunch, fri: lunch } }));
const years = chinaStatutoryYears();
const created = new Date('2026-09-28T07:15:00Z');
const at = (h: number) => new Date(created.getTime() + h * 3_600_000);
const events = [
  { at: at(0), kind: 'created', data: {} },
  { at: at(0.5), kind: 'status_changed', data: { from: 'new', to: 'accepted' } },
  { at: at(2), kind: 'commented', data: { public: true } },
  { at: at(3), kind: 'status_changed', data: { from: 'accepted', to: 'waiting_customer' } },
  { at: at(30), kind: 'status_changed', data: { from: 'waiting_customer', to: 'in_progress' } },
  { at: at(50), kind: 'commented', data: { public: true } },
];
const input = {
  targets: {
    acknowledgement: { minutes: 30, clock: 'business' as const }, firstResponse: { minutes: 240, clock: 'business' as const },
    nextUpdate: { minutes: 480, clock: 'business' as const }, resolution: { minutes: 5 * 540, clock: 'business' as const }, callback: { minutes: 2880, clock: 'calendar' as const },
  },
  calendar: cal, pauseStatuses: ['waiting_customer'], warnAtPercent: 80, createdAt: created, events, regulatorDeadline: null,
};
for (let i = 0; i < 2000; i++) computeClocks({ ...input, now: at(60 + (i % 50)) }); // warm-up
const N = 50_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) computeClocks({ ...input, now: at(60 + (i % 500) / 10) });
let secs = (performance.now() - t0) / 1000;
console.log(`\n(a) computeClocks, 5 targets, 6 events, holidays of ${years[0]}–${years[years.length - 1]} (National Day week inside the span)`);
console.log(`    ${Math.round(N / secs).toLocaleString('en')} case clocks/s  (${N} in ${secs.toFixed(2)} s, one thread)`);
// What the hook computes at creation: one event, now = creation.
const fresh = { ...input, events: [events[0]], now: created };
t0 = performance.now();
for (let i = 0; i < N; i++) computeClocks(fresh);
secs = (performance.now() - t0) / 1000;
console.log(`    at creation (1 event): ${Math.round(N / secs).toLocaleString('en')} case clocks/s`);

// ---------------------------------------------------------------- server
const dataDir = tempDataDir();
const server = await startServer({ ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, adminPassword: ADMIN_PASSWORD, demo: false }, { quiet: true });
const stop = async () => { await server.stop(); fs.rmSync(dataDir, { recursive: true, force: true }); };
process.on('SIGINT', () => void stop().then(() => process.exit(130)));
try {
  const db = server.database.db;
  await ensureAdmin(db, ADMIN_PASSWORD);
  const root = await rootOrgUnit(db);
  const system = systemActor(root.path);
  const calendar = await createCalendar(db, system, mainlandChinaCalendar({ name: 'bench-cn', hours: { mon: lunch, tue: lunch, wed: lunch, thu: lunch, fri: lunch } }) as never);
  const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
  const none = { caseTypes: [], categoryId: null, channels: [], priorities: [], valueTiers: [], siteId: null, area: null };
  for (const [code, conditions] of [['all', none], ['complaints', { ...none, caseTypes: ['complaint'] }], ['faults', { ...none, caseTypes: ['fault'] }]] as const) {
    await createCommitment(db, system, {
      code, title: text(code), text: text(code), active: true, conditions: conditions as never, calendarId: calendar.id, useSiteCalendar: true,
      targets: { acknowledgement: { minutes: 30, clock: 'business' }, firstResponse: { minutes: 240, clock: 'business' }, resolution: { minutes: 2700, clock: 'business' } },
      pauseStatuses: ['waiting_customer'], warnAtPercent: 80, escalateOnBreach: false, rank: 0,
    });
  }

  // Count statements sent to PostgreSQL (every pool client goes through Client.prototype.query).
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  const [{ id: adminId }] = (await db.execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`)).rows;
  const agent = (await loadActor(db, adminId))!;
  const types = ['complaint', 'fault', 'inquiry', 'request'] as const;
  async function createMany(n: number): Promise<{ perSec: number; perCreate: number }> {
    let next = 0;
    const s0 = statements;
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        await createCase(db, agent, {
          type: types[i % types.length], channel: 'counter', subject: `bench ${i}`, description: '', priority: 'normal',
          customer: { name: `客户${i}`, phone: `139${String(10_000_000 + i).slice(-8)}` }, siteId: root.id,
        });
      }
    }));
    return { perSec: n / ((performance.now() - start) / 1000), perCreate: (statements - s0) / n };
  }
  await createMany(100); // warm-up
  const withHook = await createMany(CREATES);
  onCaseEvent('sla.clocks', async () => undefined);
  const without = await createMany(CREATES);
  onCaseEvent('sla.clocks', (d, e) => onCaseEventForSla(d, e));
  const again = await createMany(CREATES);
  pg.Client.prototype.query = original;
  console.log(`\n(b) createCase in-process (service + PostgreSQL, no HTTP), ${CONCURRENCY} concurrent, ${CREATES} creates per run, 3 active commitments`);
  console.log(`    with the SLA hook:    ${withHook.perSec.toFixed(0)} creates/s · ${withHook.perCreate.toFixed(1)} SQL statements per create (incl. BEGIN/COMMIT)`);
  console.log(`    hook replaced (no-op): ${without.perSec.toFixed(0)} creates/s · ${without.perCreate.toFixed(1)} SQL statements per create`);
  console.log(`    with the hook again:  ${again.perSec.toFixed(0)} creates/s · ${again.perCreate.toFixed(1)} SQL statements per create`);

  // ---------------------------------------------------------------- (c)
  // OPEN open cases with clocks; 1 % due now. Rows are written in bulk by SQL (set-up only).
  const now = new Date();
  t0 = performance.now();
  await db.execute(sql`
    WITH cust AS (SELECT id FROM customers LIMIT 1),
    c AS (
      INSERT INTO cases (number, type, channel, status, priority, subject, customer_id, site_id, first_responder_id, owner_id, created_at, updated_at)
      SELECT 'BENCH' || g, 'inquiry', 'counter', 'in_progress', 'normal', 'bench', (SELECT id FROM cust), ${root.id}, u.id, u.id,
             ${now.toISOString()}::timestamptz - interval '7 days', ${now.toISOString()}::timestamptz - interval '7 days'
      FROM generate_series(1, ${OPEN}) g, (SELECT id FROM users WHERE username = 'admin') u
      RETURNING id, number)
    INSERT INTO case_sla (case_id, next_escalation_at, targets)
    SELECT id, CASE WHEN substr(number, 6)::int % 100 = 0 THEN ${now.toISOString()}::timestamptz - interval '1 minute'
                    ELSE ${now.toISOString()}::timestamptz + (substr(number, 6)::int || ' minutes')::interval END, '[]'::jsonb
    FROM c`);
  await db.execute(sql`INSERT INTO case_events (case_id, kind, at) SELECT id, 'created', created_at FROM cases WHERE number LIKE 'BENCH%'`);
  await db.execute(sql`ANALYZE case_sla`);
  console.log(`\n(c) escalation sweep: ${OPEN.toLocaleString('en')} open cases in case_sla, ${Math.round(OPEN / 100).toLocaleString('en')} due (set-up ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  t0 = performance.now();
  const r1 = await runSlaScan(db, now);
  const first = performance.now() - t0;
  t0 = performance.now();
  const r2 = await runSlaScan(db, now);
  const second = performance.now() - t0;
  console.log(`    sweep with ${r1.rows} due rows: ${(first / 1000).toFixed(2)} s (${r1.warnings} warnings, ${r1.breaches} breaches fired)`);
  console.log(`    sweep again, nothing due:  ${(second / 1000).toFixed(3)} s (${r2.rows} rows)`);
} finally {
  await stop();
}
