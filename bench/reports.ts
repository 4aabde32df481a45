// SLA compliance report (issue 3, item 6) over a month of a large province: N covered cases
// (default 300,000) in 40 halls with 400 staff, 3 commitments, four targets per case and a
// callback task for 40 % of them, written in bulk by SQL (set-up only), then through HTTP as admin
// (the whole province), one request at a time:
//   (a) GET /reports/sla-compliance for the month by commitment, (b) by site, (c) by first responder,
//   (d) the CSV export by site, (e) the XLSX export by first responder, (f) the first page of breaches.
// Prints p50 / p95 per request.
//
//   npx tsx bench/reports.ts                     # embedded PostgreSQL in a temp data dir (removed after)
//   options: --cases 300000 --rounds 10
//            --explain   also print the plan of the report's statement (EXPLAIN ANALYZE, in-process, by commitment)
import fs from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../src/server/db/schema';
import type { Db } from '../src/server/db/client';
import { systemActor } from '../src/server/platform/actor';
import { complianceReport } from '../src/server/modules/reports/reports.service';
import { ADMIN_PASSWORD, Http, arg, embeddedUrl, fmtSummary, login, numArg, printMachine, spawnManyi, summary, tempDataDir } from './lib';

const N = numArg('cases', 300_000);
const ROUNDS = numArg('rounds', 10);
const DAY = 86_400_000;

async function main() {
  printMachine(`SLA compliance report over ${N.toLocaleString('en')} covered cases in a month`);
  const dataDir = tempDataDir('manyi-bench-reports-');
  const app = await spawnManyi({ dataDir, env: { MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD, MANYI_JOBS: '0' } });
  const http = new Http(app.port, 2);
  let pool: pg.Pool | undefined;
  try {
    await app.ready(120_000);
    pool = new pg.Pool({ connectionString: embeddedUrl(dataDir), max: 2 });
    const db = pool;
    const cookie = await login(http);
    const me = JSON.parse((await http.request('GET', '/api/v1/me', { cookie })).body) as { orgUnitId: string };
    const cust = await http.request('POST', '/api/v1/customers', { cookie }, JSON.stringify({ name: '基准客户', phones: ['13900000001'], orgUnitId: me.orgUnitId }));
    if (cust.status !== 201) throw new Error(`customer: ${cust.status} ${cust.body}`);
    const customerId = (JSON.parse(cust.body) as { id: string }).id;
    // The month: the 30 Beijing days before today.
    const end = Math.floor((Date.now() + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
    const start = end - 30 * DAY;
    const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const from = day(start);
    const to = day(end - 1);

    const t0 = performance.now();
    const q = (text: string, params: unknown[] = []) => db.query(text, params);
    const { rows: [root] } = await q(`SELECT id, path FROM org_units WHERE id = $1`, [me.orgUnitId]);
    await q(`INSERT INTO org_units (id, parent_id, kind, code, name, path)
      SELECT id, $1, 'hall', 'BENCH-H' || g, '基准营业厅' || g, $2 || id || '/' FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 40) g) x`, [root.id, root.path]);
    await q(`INSERT INTO users (username, name, password_hash, org_unit_id)
      SELECT 'bench' || g, '员工' || g, 'x', (SELECT id FROM org_units WHERE code = 'BENCH-H' || (1 + g % 40)) FROM generate_series(1, 400) g`);
    await q(`INSERT INTO sla_commitments (code, title, text, conditions, targets)
      SELECT 'BENCH-C' || g, jsonb_build_object('zh-CN', '承诺' || g, 'zh-TW', '承諾' || g, 'en', 'Commitment ' || g), jsonb_build_object('zh-CN', 't', 'zh-TW', 't', 'en', 't'),
             '{}'::jsonb, '{"acknowledgement":{"minutes":60,"clock":"calendar"},"resolution":{"minutes":1440,"clock":"calendar"}}'::jsonb
      FROM generate_series(1, 3) g`);
    await q(`CREATE TEMP TABLE bench_ids AS SELECT array_agg(id ORDER BY username) AS users FROM users WHERE username LIKE 'bench%'`);
    // Cases, their clocks (four targets: met 85 %, breached 10 %, running 5 %) and their callbacks, in batches of 50,000.
    for (let off = 0; off < N; off += 50_000) {
      const n = Math.min(50_000, N - off);
      await q(`
        WITH u AS (SELECT users FROM bench_ids),
        c AS (
          INSERT INTO cases (number, type, channel, status, subject, customer_id, site_id, first_responder_id, owner_id, created_at, updated_at)
          SELECT 'RB' || (g + $4), 'complaint', 'counter', 'resolved', '基准工单', $1, us.org_unit_id, us.id, us.id,
                 to_timestamp($2 / 1000.0 + random() * ($3 - $2) / 1000.0), now()
          FROM generate_series(1, $5) g, LATERAL (SELECT (SELECT users FROM u)[1 + (g * 7) % 400] AS uid) p JOIN users us ON us.id = p.uid
          RETURNING id, number, created_at, site_id)
        INSERT INTO case_sla (case_id, commitment_id, targets)
        SELECT c.id, (SELECT id FROM sla_commitments WHERE code = 'BENCH-C' || (1 + substr(c.number, 3)::int % 3)),
          (SELECT jsonb_agg(jsonb_build_object('target', t.name, 'clock', 'calendar', 'minutes', t.m, 'state', s.state,
                 'dueAt', to_char((c.created_at + (t.m || ' minutes')::interval) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'metAt', CASE WHEN s.state = 'running' THEN NULL ELSE to_char((c.created_at + (s.el || ' minutes')::interval) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
                 'elapsedMinutes', s.el))
           FROM (VALUES ('acknowledgement', 60), ('firstResponse', 240), ('resolution', 1440), ('callback', 2880)) t(name, m),
           LATERAL (SELECT CASE WHEN r < 0.85 THEN 'met' WHEN r < 0.95 THEN 'breached' ELSE 'running' END AS state,
                           round((CASE WHEN r < 0.85 THEN r / 0.85 * t.m ELSE t.m * (1 + r) END)::numeric, 2) AS el
                    FROM (SELECT random() + 0 * length(c.number) AS r) rr) s)
        FROM c`, [customerId, start, end, off, n]);
    }
    await q(`INSERT INTO callback_tasks (case_id, site_id, customer_id, case_number, case_type, case_subject, status, due_at, max_attempts, resolved, satisfaction, completed_at)
      SELECT id, site_id, customer_id, number, 'complaint', subject, CASE WHEN random() < 0.8 THEN 'completed' ELSE 'unreachable' END, created_at + interval '2 days', 3,
             random() < 0.9, 1 + floor(random() * 5)::int, created_at + interval '1 day'
      FROM cases WHERE number LIKE 'RB%' AND random() < 0.4`);
    await q(`ANALYZE cases; ANALYZE case_sla; ANALYZE callback_tasks`);
    const { rows: [counts] } = await q(`SELECT (SELECT count(*) FROM case_sla WHERE commitment_id IS NOT NULL)::int AS covered, (SELECT count(*) FROM callback_tasks)::int AS callbacks`);
    console.log(`   set-up: ${counts.covered.toLocaleString('en')} covered cases, ${counts.callbacks.toLocaleString('en')} callback tasks (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    if (arg('explain') === 'true') {
      const ddb = drizzle(db, { schema });
      // A stand-in database whose transaction explains each statement instead of running it for its rows.
      // The first statement (SET LOCAL work_mem) runs as it is, in a real transaction.
      const explaining = {
        transaction: async (fn: (tx: unknown) => Promise<unknown>) => ddb.transaction(async (tx) => {
          let n = 0;
          return fn({
            execute: async (q: SQL) => {
              if (n++ === 0) return tx.execute(q);
              const plan = await tx.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN (ANALYZE, BUFFERS) ${q}`);
              console.log(plan.rows.map((r) => `     ${r['QUERY PLAN']}`).join('\n'));
              return { rows: [{ counts: null, figures: null, callbacks: null, trend: null }] };
            },
          });
        }),
      } as unknown as Db;
      await complianceReport(explaining, systemActor(), { from, to, groupBy: 'commitment' }, 'zh-CN');
    }

    const base = `/api/v1/reports/sla-compliance?from=${from}&to=${to}`;
    const runs: [string, string][] = [
      ['(a) report by commitment', `${base}&groupBy=commitment`],
      ['(b) report by site (40 halls)', `${base}&groupBy=site`],
      ['(c) report by first responder (400)', `${base}&groupBy=first_responder`],
      ['(d) CSV export by site', `${base}&groupBy=site&format=csv`],
      ['(e) XLSX export by first responder', `${base}&groupBy=first_responder&format=xlsx`],
      ['(f) breaches, first page of 50', `/api/v1/reports/sla-compliance/breaches?from=${from}&to=${to}&limit=50`],
    ];
    console.log(`   period ${from} – ${to} (Asia/Shanghai), ${ROUNDS} rounds each after one warm-up, one request at a time, as admin`);
    for (const [label, url] of runs) {
      const first = await http.request('GET', url, { cookie, 'accept-language': 'zh-CN' }, undefined, 120_000);
      if (first.status !== 200) throw new Error(`${label}: ${first.status} ${first.body.slice(0, 300)}`);
      const samples: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const s = performance.now();
        const r = await http.request('GET', url, { cookie, 'accept-language': 'zh-CN' }, undefined, 120_000);
        if (r.status !== 200) throw new Error(`${label}: ${r.status}`);
        samples.push(performance.now() - s);
      }
      console.log(`   ${label.padEnd(40)} ${fmtSummary(summary(samples))} · ${first.body.length.toLocaleString('en')} bytes`);
    }
  } finally {
    http.close();
    await pool?.end();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
