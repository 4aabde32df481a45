// KPI queries over 10,000,000 contact records (issue 4, item 9; target < 500 ms): a year of a
// large hotline (≈ 27,000 calls a day, 5 queues, 300 agents in 6 teams) generated in SQL with
// generate_series, the 15-minute rollup built by the same code the import uses
// (contacts-rollup.ts, month by month), agent states for the last month (occupancy), then
// GET /api/v1/contacts/kpis through HTTP, one request at a time, as admin:
//   (a) one day by 15-minute interval for one queue, (b) a month by agent, (c) a month by team.
// Prints p50 / p95 per query and the rollup size.
//
//   npx tsx bench/contacts-kpi.ts                  # builds data/bench-contacts (embedded), ~10 M rows
//   npx tsx bench/contacts-kpi.ts --reuse          # reuses it when it holds the records
//   options: --records 10000000 --rounds 20 --data-dir data/bench-contacts
//            --import 20000   then import that many CSV lines for today through the API (upload, job, rollups) and print lines/s
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../src/server/db/schema';
import { rebuildRange, refreshStateStats } from '../src/server/modules/workforce/contacts-rollup';
import { ADMIN_PASSWORD, Http, REPO, arg, embeddedUrl, fmtSummary, login, numArg, printMachine, spawnManyi, summary } from './lib';

const N = numArg('records', 10_000_000);
const ROUNDS = numArg('rounds', 20);
const REUSE = arg('reuse') === 'true';
const DATA_DIR = path.resolve(REPO, arg('data-dir') ?? 'data/bench-contacts');
const TARGET_MS = 500;
const IMPORT_LINES = numArg('import', 0);
const DAY = 86_400_000;
// The year ends at the start of today (Shanghai midnight); the benchmark month is its last 30 days.
const END = Math.floor((Date.now() + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
const START = END - 365 * DAY;

async function main() {
  printMachine(`KPI queries over ${(N / 1e6).toFixed(0)} M contact records`);
  if (!REUSE) fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const app = await spawnManyi({ dataDir: DATA_DIR, env: { MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  await app.ready(120_000);
  const pool = new pg.Pool({ connectionString: embeddedUrl(DATA_DIR), max: 2 });
  try {
    const { rows: [{ n }] } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM contact_records WHERE source = 'bench'`);
    if (n < N) await build(pool);
    else console.log(`   reusing ${n.toLocaleString()} records in ${DATA_DIR}`);
    const { rows: [size] } = await pool.query(`SELECT (SELECT count(*) FROM contact_records)::int AS records, (SELECT count(*) FROM contact_interval_stats)::int AS rollup,
      (SELECT count(*) FROM agent_state_events)::int AS states, (SELECT count(*) FROM contact_queue_stats)::int AS qrollup, (SELECT count(*) FROM contact_agent_day_stats)::int AS drollup, pg_size_pretty(pg_total_relation_size('contact_records')) AS records_size,
      pg_size_pretty(pg_total_relation_size('contact_interval_stats')) AS rollup_size`);
    console.log(`   ${size.records.toLocaleString()} records (${size.records_size}), rollups: 15 min × agent ${size.rollup.toLocaleString()} rows (${size.rollup_size}), 15 min × queue ${size.qrollup.toLocaleString()}, day × agent ${size.drollup.toLocaleString()}; ${size.states.toLocaleString()} agent state events`);
    await pool.query('ANALYZE');

    const http = new Http(app.port, 2);
    const cookie = await login(http);
    const { rows: [{ id: queueId }] } = await pool.query(`SELECT id FROM contact_queues WHERE code = 'B1'`);
    const monthFrom = new Date(END - 30 * DAY).toISOString();
    const monthTo = new Date(END).toISOString();
    const queries: [string, (i: number) => string][] = [
      ['day by 15-min interval, one queue', (i) => `groupBy=interval&intervalMinutes=15&queueId=${queueId}&from=${new Date(END - (1 + (i % 28)) * DAY).toISOString()}&to=${new Date(END - (i % 28) * DAY).toISOString()}`],
      ['month (30 days) by agent', () => `groupBy=agent&from=${monthFrom}&to=${monthTo}`],
      ['month (30 days) by team', () => `groupBy=team&from=${monthFrom}&to=${monthTo}`],
      ['month (30 days) by queue', () => `groupBy=queue&from=${monthFrom}&to=${monthTo}&slVariant=answered_plus_late_abandons`],
    ];
    console.log(`\n   GET /api/v1/contacts/kpis, ${ROUNDS} rounds each after 2 warm-up requests, one at a time (target p95 < ${TARGET_MS} ms)`);
    for (const [label, q] of queries) {
      for (let i = 0; i < 2; i++) await http.request('GET', `/api/v1/contacts/kpis?${q(i)}`, { cookie });
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        const r = await http.request('GET', `/api/v1/contacts/kpis?${q(i)}`, { cookie });
        samples.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.body.slice(0, 300)}`);
        rows = JSON.parse(r.body).rows.length;
      }
      const s = summary(samples);
      console.log(`   ${label.padEnd(36)} ${fmtSummary(s)}  (${rows} rows)  ${s.p95 < TARGET_MS ? 'met' : 'MISSED'}`);
    }
    if (IMPORT_LINES > 0) await importCsv(http, cookie, pool);
    http.close();
  } finally {
    await pool.end();
    await app.stop();
  }
}

/** Org, queues, agents; 10 M records in SQL; the rollup month by month; agent states for the last month. */
async function build(pool: pg.Pool) {
  const t0 = performance.now();
  const c = await pool.connect();
  const step = async (label: string, sqlText: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await c.query(sqlText, params);
    console.log(`   ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s${r.rowCount ? ` (${r.rowCount.toLocaleString()} rows)` : ''}`);
  };
  try {
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET maintenance_work_mem = '256MB'`);
    await c.query(`TRUNCATE contact_records, contact_interval_stats, agent_state_events, contact_agents, contact_queues CASCADE`);
    const { rows: [root] } = await c.query(`SELECT id, path FROM org_units WHERE parent_id IS NULL ORDER BY created_at LIMIT 1`);
    await c.query(`DELETE FROM org_units WHERE code LIKE 'BENCH-%'`);
    const { rows: [centre] } = await c.query(
      `INSERT INTO org_units (id, parent_id, kind, code, name, path) SELECT g, $1, 'call_centre', 'BENCH-CC', '压测呼叫中心', $2 || g || '/' FROM gen_random_uuid() g RETURNING id, path`,
      [root.id, root.path]);
    await c.query(`INSERT INTO org_units (id, parent_id, kind, code, name, path, is_resolver_group)
      SELECT g, $1, 'team', 'BENCH-T' || i, '压测班组' || i, $2 || g || '/', true FROM (SELECT i, gen_random_uuid() AS g FROM generate_series(1, 6) i) x`, [centre.id, centre.path]);
    await c.query(`INSERT INTO contact_queues (org_unit_id, code, name) SELECT $1, 'B' || i, '压测队列' || i FROM generate_series(1, 5) i`, [centre.id]);
    await c.query(`INSERT INTO contact_agents (org_unit_id, login_id, name)
      SELECT t.id, 'B' || lpad(i::text, 4, '0'), '坐席' || i FROM generate_series(0, 299) i
      JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM org_units WHERE code LIKE 'BENCH-T%') t ON t.k = i % 6`);

    // Secondary indexes are dropped during the bulk load and rebuilt after (as a DBA would for a one-off load).
    const { rows: idx } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contact_records' AND indexname <> 'contact_records_pkey'`);
    for (const i of idx) await c.query(`DROP INDEX ${i.indexname}`);
    const chunk = 1_000_000;
    for (let from = 1; from <= N; from += chunk) {
      const to = Math.min(N, from + chunk - 1);
      // Calls spread over the year with a day profile (more by day), queue by g % 5 (weighted), agent by a hash of g,
      // 8 % abandoned (a third of those short), waits skewed short, AHT ≈ 260 s; 400,000 distinct callers.
      await step(`records ${from.toLocaleString()}–${to.toLocaleString()}`, `
        WITH ag AS (SELECT array_agg(id ORDER BY login_id) AS ids, array_agg(org_unit_id ORDER BY login_id) AS units FROM contact_agents),
             qs AS (SELECT array_agg(id ORDER BY code) AS ids FROM contact_queues)
        INSERT INTO contact_records (source, call_id, org_unit_id, queue_id, agent_id, offered_at, answered_at, abandoned_at, wait_seconds,
          talk_seconds, hold_seconds, acw_seconds, disposition, caller_number)
        SELECT 'bench', 'B' || g, CASE WHEN ab THEN $3::uuid ELSE ag.units[ai] END,
          qs.ids[1 + CASE WHEN g % 10 < 5 THEN 0 WHEN g % 10 < 7 THEN 1 WHEN g % 10 < 8 THEN 2 WHEN g % 10 < 9 THEN 3 ELSE 4 END],
          CASE WHEN ab THEN NULL ELSE ag.ids[ai] END,
          t, CASE WHEN ab THEN NULL ELSE t + make_interval(secs => w) END, CASE WHEN ab THEN t + make_interval(secs => w) ELSE NULL END, w,
          CASE WHEN ab THEN 0 ELSE 120 + (g * 37) % 260 END, CASE WHEN ab OR g % 5 <> 0 THEN 0 ELSE 20 + g % 40 END, CASE WHEN ab THEN 0 ELSE 15 + g % 45 END,
          CASE WHEN ab THEN NULL ELSE '已解决' END, '139' || lpad(((g * 7919) % 400000)::text, 8, '0')
        FROM (
          SELECT g, ab, w, 1 + ((g * 104729) % 300)::int AS ai,
            to_timestamp($1::float8 / 1000 + (g::float8 / $2) * 365 * 86400 * 0.9999 - ((g % 97)::float8 / 97) * 6 * 3600 * ((g % 3) = 0)::int) AS t
          FROM (SELECT g, (g % 12 = 0) AS ab,
                  CASE WHEN g % 12 = 0 THEN CASE WHEN g % 36 = 0 THEN 1 + g % 5 ELSE 6 + (g * 13) % 120 END
                  ELSE ((g * 31) % 100) * ((g * 31) % 100) / 180 END::int AS w
                FROM generate_series($4::bigint, $5::bigint) g) s
        ) x, ag, qs`,
        [START, N, centre.id, from, to]);
    }
    for (const i of idx) await step(`index ${i.indexname}`, i.indexdef);
    await step('analyze', 'ANALYZE contact_records');
    for (let m = START; m < END; m += 30 * DAY) {
      const t = performance.now();
      const db = drizzle(c as unknown as pg.Pool, { schema });
      await rebuildRange(db, new Date(m), new Date(Math.min(END + DAY, m + 30 * DAY)));
      console.log(`   rollup ${new Date(m).toISOString().slice(0, 10)} +30 d: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    // Agent states for the last month: on call from answer to the end of after-call work, then ready; ready at 08:00 each day.
    await step('agent states (last 30 days)', `
      INSERT INTO agent_state_events (agent_id, user_id, org_unit_id, state, at)
      SELECT r.agent_id, NULL, r.org_unit_id, s.state, s.at FROM contact_records r
      CROSS JOIN LATERAL (VALUES ('on_call', r.answered_at), ('ready', r.answered_at + make_interval(secs => r.talk_seconds + r.hold_seconds + r.acw_seconds))) s(state, at)
      WHERE r.answered_at >= $1 AND r.answered_at < $2 AND r.agent_id IS NOT NULL`, [new Date(END - 31 * DAY), new Date(END)]);
    {
      const t = performance.now();
      const { rows: ags } = await c.query<{ id: string }>(`SELECT id FROM contact_agents`);
      await refreshStateStats(drizzle(c as unknown as pg.Pool, { schema }), ags.map((a) => a.id), new Date(END - 31 * DAY));
      console.log(`   agent state seconds (15 min and day bins): ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    console.log(`   built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    c.release();
  }
}

/** Import IMPORT_LINES calls of today (Shanghai) as CSV through the API, into the 10 M-call history; callers repeat from the history. */
async function importCsv(http: Http, cookie: string, pool: pg.Pool) {
  const { rows: [centre] } = await pool.query(`SELECT id FROM org_units WHERE code = 'BENCH-CC'`);
  const token = (await import('../src/server/platform/csrf')).csrfTokenFor(cookie.slice('manyi_session='.length));
  const h = { cookie, 'x-csrf-token': token };
  const put = async (p: string, body: unknown) => JSON.parse((await http.request('PUT', p, h, JSON.stringify(body))).body);
  const post = async (p: string, body: unknown) => JSON.parse((await http.request('POST', p, h, JSON.stringify(body))).body);
  const src = await put('/api/v1/contacts/sources', { orgUnitId: centre.id, code: `bench-${Date.now()}`, name: 'bench', mapping: {
    columns: { callId: 'id', queue: 'q', agent: 'agent', offeredAt: 'in', answeredAt: 'ans', abandonedAt: 'abn', talkSeconds: 'talk', acwSeconds: 'acw', callerNumber: 'ani' },
    timeZone: 'UTC', dateFormat: 'iso' } });
  const lines = ['id,q,agent,in,ans,abn,talk,acw,ani'];
  for (let i = 0; i < IMPORT_LINES; i++) {
    const t = END + Math.floor((i / IMPORT_LINES) * 12 * 3600_000);
    const ab = i % 12 === 0;
    lines.push(`I${i},B${1 + (i % 5)},B${String((i * 7) % 300).padStart(4, '0')},${new Date(t).toISOString()},${ab ? '' : new Date(t + 8000).toISOString()},${ab ? new Date(t + 20000).toISOString() : ''},${ab ? '' : 200},30,139${String((i * 7919) % 400000).padStart(8, '0')}`);
  }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const t0 = performance.now();
  const job = await post('/api/v1/contacts/imports', { sourceId: src.id, fileName: 'bench.csv', fileBytes: bytes.length });
  for (let off = 0; off < bytes.length; off += 1_000_000) {
    const r = await fetch(`http://127.0.0.1:${http.port}/api/v1/contacts/imports/${job.id}/chunks?offset=${off}`, { method: 'PUT', headers: { ...h, 'content-type': 'application/octet-stream' }, body: bytes.subarray(off, off + 1_000_000) });
    if (r.status !== 200) throw new Error(`chunk: ${r.status} ${await r.text()}`);
  }
  const uploaded = performance.now();
  await post(`/api/v1/contacts/imports/${job.id}/start`, {});
  let state: { status: string; linesDone: number; goodCount: number; badCount: number };
  do {
    await new Promise((r) => setTimeout(r, 500));
    state = JSON.parse((await http.request('GET', `/api/v1/contacts/imports/${job.id}`, { cookie })).body);
  } while (state.status === 'running' || state.status === 'pending');
  const secs = (performance.now() - uploaded) / 1000;
  console.log(`\n   CSV import of ${IMPORT_LINES.toLocaleString()} lines into the ${(N / 1e6).toFixed(0)} M-call history: upload ${((uploaded - t0) / 1000).toFixed(1)} s, ` +
    `import ${secs.toFixed(1)} s = ${Math.round(state.linesDone / secs).toLocaleString()} lines/s (${state.status}, ${state.goodCount} good, ${state.badCount} bad)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
