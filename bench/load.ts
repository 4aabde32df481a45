// Load and soak: a mixed workload — intake, search, case updates, list views, customer lookup —
// at a FIXED ARRIVAL RATE (open model: requests are sent on schedule whether or not earlier ones
// have answered, and latency is measured from the scheduled time, so a stalled server shows up as
// latency instead of as a lower offered load). Prints every --interval seconds (requests completed
// in that window): throughput, p50,
// p99, errors, requests in flight, RSS of the server process (and of its embedded PostgreSQL);
// at the end per-operation figures and, for runs of 2 minutes or more, first vs last minute.
//
//   npx tsx bench/load.ts                                  # embedded PostgreSQL in a temp data dir, 50 req/s for 60 s
//   npx tsx bench/load.ts --rate 80 --duration 600         # a 10-minute soak
//   npx tsx bench/load.ts --database-url postgres://postgres@127.0.0.1:5432/postgres
//        (creates a fresh database manyi_bench_load_<time> on that server and drops it after)
// Options: --rate 50 --duration 60 --interval 10 --warmup 5 --customers 300 --cases 500 --timeout 30 (s) --keep
//          --mix intake=20,search=20,update=20,list=20,customer=20 (weights)
import fs from 'node:fs';
import os from 'node:os';
import {
  Http, arg, createDatabase, dropDatabase, memoryOf, ms, numArg, pct, postmasterChild, printMachine, processTree,
  sleep, spawnManyi, tempDataDir, ADMIN_PASSWORD, type ManyiProcess,
} from './lib';

const RATE = numArg('rate', 50);
const DURATION_S = numArg('duration', 60);
const INTERVAL_S = numArg('interval', 10);
const WARMUP_S = numArg('warmup', 5);
const N_CUSTOMERS = numArg('customers', 300);
const N_CASES = numArg('cases', 500);
const BASE_URL = arg('database-url');
const KEEP = arg('keep') === 'true';
const MAX_IN_FLIGHT = 2_000;
/** A request not answered within this long (queue wait included) counts as an error. */
const TIMEOUT_MS = numArg('timeout', 30) * 1000;

type Op = 'intake' | 'search' | 'update' | 'list' | 'customer';
const MIX: Record<Op, number> = { intake: 20, search: 20, update: 20, list: 20, customer: 20 };
for (const part of (arg('mix') ?? '').split(',').filter(Boolean)) {
  const [k, v] = part.split('=');
  if (!(k in MIX) || !Number.isFinite(Number(v))) throw new Error(`--mix: bad part "${part}"`);
  MIX[k as Op] = Number(v);
}
const OPS = Object.keys(MIX) as Op[];
const TOTAL_WEIGHT = OPS.reduce((a, k) => a + MIX[k], 0);

const SUBJECTS = [
  ['宽带断网无法上网', '客户反映家中宽带从昨晚开始断网，光猫LOS灯闪红，重启无效，要求尽快上门维修。', 'fault'],
  ['手机信号差通话中断', '客户称小区室内4G信号差，通话经常中断，已持续一周，影响工作。', 'complaint'],
  ['套餐外流量扣费异议', '客户对上月套餐外流量扣费58元有异议，称未收到流量提醒短信，要求核实并退费。', 'complaint'],
  ['营业员服务态度差', '客户投诉营业厅营业员办理业务时态度冷淡，解释不清，排队等候超过40分钟。', 'complaint'],
  ['咨询5G套餐资费', '客户咨询5G套餐的资费和合约期，想从4G套餐升级，询问是否需要换卡。', 'inquiry'],
  ['IPTV画面卡顿', '客户反映IPTV观看直播时画面卡顿、马赛克，晚上高峰时段尤其严重。', 'fault'],
  ['增值业务未经同意开通', '客户发现话费中有未经同意开通的视频会员增值业务，每月扣费15元，要求退订退费。', 'complaint'],
  ['宽带装机预约超时', '客户预约宽带装机，装维人员超过约定时间未上门，也未提前电话联系。', 'complaint'],
] as const;
const SEARCH_WORDS = ['宽带', '断网', '信号', '扣费', '态度', '套餐', '卡顿', '退费', '装机', '流量'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平', '刚'];

/** `at`: scheduled send time; `done`: when the answer came (or the client gave up). */
interface Sample { op: Op; at: number; done: number; latency: number; ok: boolean }

let rnd = 42;
const rand = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

async function main() {
  printMachine(`bench/load.ts — open-model mixed workload at ${RATE} req/s for ${DURATION_S} s on ${BASE_URL ? 'external PostgreSQL' : 'embedded PostgreSQL'}`);
  console.log(`   mix: ${OPS.map((o) => `${o} ${Math.round((MIX[o] / TOTAL_WEIGHT) * 100)}%`).join(' · ')}`);
  const dataDir = tempDataDir('manyi-bench-load-');
  const dbName = `manyi_bench_load_${Date.now()}`;
  let databaseUrl: string | undefined;
  if (BASE_URL) {
    databaseUrl = await createDatabase(BASE_URL, dbName);
    const c = new (await import('pg')).default.Client({ connectionString: BASE_URL });
    await c.connect();
    const v = (await c.query('show server_version')).rows[0].server_version;
    await c.end();
    console.log(`   database: ${dbName} on PostgreSQL ${v} (${new URL(BASE_URL).host})`);
  }
  let server: ManyiProcess | undefined;
  try {
    server = await spawnManyi({ dataDir, databaseUrl });
    const readyMs = await server.ready();
    console.log(`   server pid ${server.pid}, ready in ${ms(readyMs)} ms`);
    const http = new Http(server.port, 256);
    // Bearer tokens: one per simulated agent (integrations' way; no CSRF token needed).
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await http.request('POST', '/api/v1/auth/tokens', {}, JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD, name: `load-${i}` }));
      if (r.status !== 201) throw new Error(`token: ${r.status} ${r.body}`);
      tokens.push(`Bearer ${(JSON.parse(r.body) as { token: string }).token}`);
    }
    const auth = () => ({ authorization: pick(tokens) });

    // Data to work on: customers and cases (their versions are tracked for edits).
    process.stdout.write(`   seeding ${N_CUSTOMERS} customers and ${N_CASES} cases… `);
    const customers: { id: string; phone: string }[] = [];
    const cases = new Map<string, number>();
    const caseIds: string[] = [];
    const seedBatch = async <T>(n: number, f: (i: number) => Promise<T>) => {
      for (let i = 0; i < n; i += 16) await Promise.all(Array.from({ length: Math.min(16, n - i) }, (_, k) => f(i + k)));
    };
    await seedBatch(N_CUSTOMERS, async (i) => {
      const phone = `139${String(10_000_000 + i * 7919).slice(-8)}`;
      const r = await http.request('POST', '/api/v1/customers', auth(), JSON.stringify({ name: pick(SURNAMES.split('')) + pick(GIVEN) + pick(GIVEN), phones: [phone] }));
      if (r.status !== 201) throw new Error(`customer: ${r.status} ${r.body.slice(0, 200)}`);
      customers.push({ id: (JSON.parse(r.body) as { id: string }).id, phone });
    });
    const intakeBody = (i: number) => {
      const [subject, description, type] = SUBJECTS[i % SUBJECTS.length];
      return JSON.stringify({ type, channel: pick(['counter', 'hotline', 'web', 'wechat']), priority: pick(['normal', 'normal', 'high', 'low']), subject, description: `${description}（${i}）`, customerId: pick(customers).id });
    };
    await seedBatch(N_CASES, async (i) => {
      const r = await http.request('POST', '/api/v1/cases', auth(), intakeBody(i));
      if (r.status !== 201) throw new Error(`case: ${r.status} ${r.body.slice(0, 200)}`);
      const c = JSON.parse(r.body) as { id: string; version: number };
      cases.set(c.id, c.version);
      caseIds.push(c.id);
    });
    console.log('done');

    let seq = N_CASES;
    const errorKinds = new Map<string, number>();
    const fail = (what: string) => errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
    const check = (op: Op, r: { status: number; body: string }, want = 200) => {
      if (r.status === want) return true;
      let code = '';
      try { code = (JSON.parse(r.body) as { error?: { code?: string } }).error?.code ?? ''; } catch { /* not JSON */ }
      fail(`${op} ${r.status}${code ? ` ${code}` : ''}`);
      return false;
    };
    const run: Record<Op, () => Promise<boolean>> = {
      intake: async () => {
        const r = await http.request('POST', '/api/v1/cases', auth(), intakeBody(seq++));
        if (r.status === 201) {
          const c = JSON.parse(r.body) as { id: string; version: number };
          cases.set(c.id, c.version);
          caseIds.push(c.id);
        }
        return check('intake', r, 201);
      },
      search: async () => {
        const r = await http.request('GET', `/api/v1/cases?q=${encodeURIComponent(pick(SEARCH_WORDS))}&limit=20`, auth());
        return check('search', r);
      },
      update: async () => {
        const id = pick(caseIds);
        const version = cases.get(id)!;
        const body = JSON.stringify({ version, priority: pick(['low', 'normal', 'high']), description: `更新于 ${new Date().toISOString()}：已联系客户，安排处理。` });
        const r = await http.request('PATCH', `/api/v1/cases/${id}`, auth(), body);
        if (r.status === 200) cases.set(id, (JSON.parse(r.body) as { version: number }).version);
        if (r.status === 409) {
          // Someone else's edit won (two arrivals on one case): read the new version, as a user would. Not an error.
          const g = await http.request('GET', `/api/v1/cases/${id}`, auth());
          if (g.status === 200) cases.set(id, (JSON.parse(g.body) as { version: number }).version);
          return check('update', g);
        }
        return check('update', r);
      },
      list: async () => {
        const r = await http.request('GET', `/api/v1/cases?${pick(['limit=50', 'status=new&limit=50', 'priority=high&limit=50', 'type=complaint&limit=50'])}`, auth());
        return check('list', r);
      },
      customer: async () => {
        const c = pick(customers);
        const r = rand() < 0.5
          ? await http.request('GET', `/api/v1/customers?q=${c.phone.slice(-4)}&limit=20`, auth())
          : await http.request('GET', `/api/v1/customers/${c.id}`, auth());
        return check('customer', r);
      },
    };
    const chooseOp = (): Op => {
      let x = rand() * TOTAL_WEIGHT;
      for (const o of OPS) if ((x -= MIX[o]) < 0) return o;
      return OPS[OPS.length - 1];
    };

    const dbPid = () => (databaseUrl ? undefined : postmasterChild(server!.pid));
    const rssMb = () => (memoryOf(server!.pid)?.rssKb ?? NaN) / 1024;
    const dbRssMb = () => {
      const root = dbPid();
      if (!root) return NaN;
      return processTree(root).reduce((a, p) => a + (memoryOf(p)?.pssKb ?? memoryOf(p)?.rssKb ?? 0), 0) / 1024;
    };

    // Warm-up at the target rate, not counted.
    const samples: Sample[] = [];
    let inFlight = 0;
    let dropped = 0;
    const fire = (scheduled: number, record: boolean) => {
      if (inFlight >= MAX_IN_FLIGHT) { dropped++; return; }
      const op = chooseOp();
      inFlight++;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<boolean>((r) => { timer = setTimeout(() => { fail(`${op} no answer in ${TIMEOUT_MS / 1000} s`); r(false); }, TIMEOUT_MS); });
      Promise.race([run[op]().then((ok) => ok, (err: unknown) => { fail(`${op} ${String(err).slice(0, 60)}`); return false; }), gaveUp]).then((ok) => {
        clearTimeout(timer);
        inFlight--;
        const now = performance.now();
        if (record) samples.push({ op, at: scheduled, done: now, latency: now - scheduled, ok });
      });
    };
    const drive = async (seconds: number, record: boolean, onTick?: (now: number) => void, t0 = performance.now()) => {
      const total = Math.round(seconds * RATE);
      let sent = 0;
      while (sent < total) {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - t0) / 1000) * RATE) + 1);
        while (sent < due) fire(t0 + (sent++ * 1000) / RATE, record);
        onTick?.(now);
        await sleep(2);
      }
      return t0;
    };
    if (WARMUP_S > 0) {
      await drive(WARMUP_S, false);
      while (inFlight > 0) await sleep(10);
    }

    console.log(`\n   ${'t (s)'.padStart(6)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'in-flight'.padStart(9)} ${'app RSS MB'.padStart(10)} ${databaseUrl ? '' : 'db PSS MB'.padStart(9)} ${'load1'.padStart(6)}`);
    const rows: { t: number; rps: number; p50: number; p99: number; errors: number; rss: number; db: number }[] = [];
    let start = 0;
    let printed = 0;
    const report = (until: number) => {
      const from = start + printed * INTERVAL_S * 1000;
      // By completion time: what the server got done in the window (latency still from the scheduled send).
      const win = samples.filter((s) => s.done >= from && s.done < until);
      const lat = win.map((s) => s.latency).sort((a, b) => a - b);
      const row = { t: Math.round((until - start) / 1000), rps: win.length / ((until - from) / 1000), p50: pct(lat, 50), p99: pct(lat, 99), errors: win.filter((s) => !s.ok).length, rss: rssMb(), db: dbRssMb() };
      rows.push(row);
      printed++;
      console.log(`   ${String(row.t).padStart(6)} ${row.rps.toFixed(1).padStart(7)} ${ms(row.p50).padStart(8)} ${ms(row.p99).padStart(8)} ${String(row.errors).padStart(7)} ${String(inFlight).padStart(9)} ${row.rss.toFixed(0).padStart(10)} ${databaseUrl ? '' : row.db.toFixed(0).padStart(9)} ${os.loadavg()[0].toFixed(1).padStart(6)}`);
    };
    start = performance.now();
    await drive(DURATION_S, true, (now) => {
      if (now - start >= (printed + 1) * INTERVAL_S * 1000) {
        report(start + (printed + 1) * INTERVAL_S * 1000);
      }
    }, start);
    while ((printed + 1) * INTERVAL_S <= DURATION_S) report(start + (printed + 1) * INTERVAL_S * 1000);
    const deadline = Date.now() + TIMEOUT_MS + 1000;
    while (inFlight > 0 && Date.now() < deadline) await sleep(10);

    // Summary.
    const lat = (xs: Sample[]) => xs.map((s) => s.latency).sort((a, b) => a - b);
    const all = lat(samples);
    const errors = samples.filter((s) => !s.ok).length;
    console.log(`\n   total: ${samples.length} requests in ${DURATION_S} s = ${(samples.length / DURATION_S).toFixed(1)} req/s (offered ${RATE}); p50 ${ms(pct(all, 50))} ms · p99 ${ms(pct(all, 99))} ms · max ${ms(all[all.length - 1])} ms; errors ${errors} (${((errors / Math.max(1, samples.length)) * 100).toFixed(2)} %); not sent (over ${MAX_IN_FLIGHT} in flight) ${dropped}; unanswered at the end ${inFlight}`);
    if (errorKinds.size) console.log(`   errors by kind: ${[...errorKinds].map(([k, n]) => `${k} ×${n}`).join(' · ')}`);
    for (const o of OPS) {
      const xs = samples.filter((s) => s.op === o);
      const l = lat(xs);
      console.log(`   ${o.padEnd(9)} n=${String(xs.length).padStart(6)}  p50 ${ms(pct(l, 50)).padStart(6)} ms · p99 ${ms(pct(l, 99)).padStart(6)} ms · errors ${xs.filter((s) => !s.ok).length}`);
    }
    if (DURATION_S >= 120) {
      const minute = (from: number) => samples.filter((s) => s.done >= start + from * 1000 && s.done < start + (from + 60) * 1000);
      const first = lat(minute(0));
      const last = lat(minute(DURATION_S - 60));
      const rssFirst = rows.find((r) => r.t >= 60)?.rss ?? NaN;
      const rssLast = rows[rows.length - 1]?.rss ?? NaN;
      const dbFirst = rows.find((r) => r.t >= 60)?.db ?? NaN;
      const dbLast = rows[rows.length - 1]?.db ?? NaN;
      const d = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(0)} %`;
      console.log(`\n   soak: first minute vs last minute`);
      console.log(`     p50      ${ms(pct(first, 50))} ms → ${ms(pct(last, 50))} ms (${d(pct(first, 50), pct(last, 50))})`);
      console.log(`     p99      ${ms(pct(first, 99))} ms → ${ms(pct(last, 99))} ms (${d(pct(first, 99), pct(last, 99))})`);
      console.log(`     app RSS  ${rssFirst.toFixed(0)} MB → ${rssLast.toFixed(0)} MB (${d(rssFirst, rssLast)}); peak ${Math.max(...rows.map((r) => r.rss)).toFixed(0)} MB`);
      if (!databaseUrl) console.log(`     db PSS   ${dbFirst.toFixed(0)} MB → ${dbLast.toFixed(0)} MB (${d(dbFirst, dbLast)})`);
      console.log(`     cases    ${N_CASES} seeded → ${caseIds.length} at the end`);
    }
    http.close();
  } finally {
    await server?.stop();
    if (KEEP) console.log(`   kept: ${dataDir}${BASE_URL ? ` and database ${dbName}` : ''}`);
    else {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (BASE_URL) await dropDatabase(BASE_URL, dbName);
    }
  }
}

await main();
