// Case creation through the HTTP API: (a) maximum throughput with N concurrent
// keep-alive clients (closed loop), (b) latency at a fixed 500 creates/s (open loop,
// measured from the scheduled send time, so a stalled server is not hidden).
//
//   npx tsx bench/case-create.ts                       # embedded PostgreSQL in a temp data dir
//   npx tsx bench/case-create.ts --database-url postgres://postgres@127.0.0.1:5432/postgres
//        (creates a fresh database manyi_bench_create_<time> on that server and drops it after)
// Options: --rates 250,100 (open-loop rates after --rate) --baseline false (skip the GET /healthz and /api/v1/me phases) --concurrency 48 --duration 12 --warmup 3 --rate 500 --rate-duration 10 --customers 200
//          --auth per-client|shared (per-client: one session per client, like real agents; default)
//          --keep (keep the data dir / database) --profile (server under node --cpu-prof, top functions printed)
//          --count-queries (statements sent to PostgreSQL per request, via bench/count-queries.ts preloaded in the server)
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  Http, REPO, arg, bareHttpBaseline, cpuSampler, createDatabase, dropDatabase, embeddedUrl, fmtSummary, login, ms, numArg, postmasterChild,
  printMachine, sleep, spawnManyi, summariseCpuProfile, summary, fmtCpu, tempDataDir, type ManyiProcess,
} from './lib';

const CONCURRENCY = numArg('concurrency', 48);
const DURATION_S = numArg('duration', 12);
const WARMUP_S = numArg('warmup', 3);
const RATE = numArg('rate', 500);
const RATE_S = numArg('rate-duration', 10);
const N_CUSTOMERS = numArg('customers', 200);
const AUTH = (arg('auth') ?? 'per-client') as 'per-client' | 'shared';
const BASE_URL = arg('database-url');
const KEEP = arg('keep') === 'true';
const PROFILE = arg('profile') === 'true';
const COUNT_QUERIES = arg('count-queries') === 'true';
let queryCount: () => Promise<number> = async () => NaN;
const TARGET_RPS = 1500;
const TARGET_P99 = 50;

// Realistic counter / hotline cases (subject, description).
const SUBJECTS: [string, string][] = [
  ['宽带断网无法上网', '客户反映家中宽带从昨晚开始断网，光猫LOS灯闪红，重启无效，要求尽快上门维修。'],
  ['手机信号差通话中断', '客户称小区室内4G信号差，通话经常中断，已持续一周，影响工作。'],
  ['套餐外流量扣费异议', '客户对上月套餐外流量扣费58元有异议，称未收到流量提醒短信，要求核实并退费。'],
  ['营业员服务态度差', '客户投诉营业厅营业员办理业务时态度冷淡，解释不清，排队等候超过40分钟。'],
  ['咨询5G套餐资费', '客户咨询5G套餐的资费和合约期，想从4G套餐升级，询问是否需要换卡。'],
  ['携号转网办理受阻', '客户申请携号转网，系统提示存在合约无法办理，客户认为未签过合约。'],
  ['IPTV画面卡顿', '客户反映IPTV观看直播时画面卡顿、马赛克，晚上高峰时段尤其严重。'],
  ['增值业务未经同意开通', '客户发现话费中有未经同意开通的视频会员增值业务，每月扣费15元，要求退订退费。'],
  ['宽带装机预约超时', '客户预约宽带装机，装维人员超过约定时间未上门，也未提前电话联系。'],
  ['表扬装维师傅', '客户表扬装维师傅上门及时，耐心讲解路由器设置，服务专业。'],
  ['建议延长营业时间', '客户建议营业厅周末延长营业时间，方便上班族办理业务。'],
  ['话费账单查询', '客户要求查询近三个月详细话费账单，对漫游费用有疑问。'],
];
const TYPES = ['complaint', 'fault', 'inquiry', 'complaint', 'request', 'fault', 'fault', 'complaint', 'complaint', 'praise', 'suggestion', 'inquiry'];
const CHANNELS = ['counter', 'hotline', 'web', 'wechat'];
const PRIORITIES = ['normal', 'normal', 'normal', 'high', 'low', 'urgent'];

let seq = 0;
function caseBody(customerIds: string[]): string {
  const i = seq++;
  const k = i % SUBJECTS.length;
  const [subject, description] = SUBJECTS[k];
  return JSON.stringify({
    type: TYPES[k],
    channel: CHANNELS[i % CHANNELS.length],
    subject,
    description: `${description}（编号${i}）`,
    priority: PRIORITIES[i % PRIORITIES.length],
    customerId: customerIds[i % customerIds.length],
  });
}

interface Outcome { ok: boolean; status: number; latency: number }

async function createCase(client: Http, cookie: string, customerIds: string[]): Promise<Outcome> {
  const t = performance.now();
  try {
    const r = await client.request('POST', '/api/v1/cases', { cookie }, caseBody(customerIds));
    if (r.status !== 201 && r.status !== 200 && !firstError.has(r.status)) firstError.set(r.status, r.body.slice(0, 300));
    return { ok: r.status === 201 || r.status === 200, status: r.status, latency: performance.now() - t };
  } catch (err) {
    if (!firstError.has(-1)) firstError.set(-1, String(err));
    return { ok: false, status: -1, latency: performance.now() - t };
  }
}
const firstError = new Map<number, string>();

/** A GET, for the baselines. */
async function getPath(client: Http, cookie: string, p: string): Promise<Outcome> {
  const t = performance.now();
  try {
    const r = await client.request('GET', p, cookie ? { cookie } : {});
    return { ok: r.status === 200, status: r.status, latency: performance.now() - t };
  } catch {
    return { ok: false, status: -1, latency: performance.now() - t };
  }
}

function statusCounts(outs: Outcome[]): string {
  const m = new Map<number, number>();
  for (const o of outs) m.set(o.status, (m.get(o.status) ?? 0) + 1);
  return [...m].map(([s, n]) => `${s === -1 ? 'network' : s}×${n}`).join(' ');
}

/** N workers, each sending the next create as soon as the last one answered, until the deadline. */
async function closedLoop(client: Http, cookies: string[], customerIds: string[], seconds: number, op = createCase): Promise<{ outs: Outcome[]; wall: number }> {
  const outs: Outcome[] = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const maxRequests = Math.ceil(seconds * 20_000); // hard bound on the loop
  await Promise.all(cookies.map(async (cookie) => {
    while (performance.now() < deadline && outs.length < maxRequests) outs.push(await op(client, cookie, customerIds));
  }));
  return { outs, wall: (performance.now() - t0) / 1000 };
}

/** Send at `rate`/s on a fixed schedule whatever the answers; latency counted from the scheduled instant. */
async function openLoop(client: Http, cookies: string[], customerIds: string[], rate: number, seconds: number, op = createCase) {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const outs: Outcome[] = [];
  const sendLag: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now() + 20;
  let issued = 0;
  const maxInFlight = 5000;
  let inFlight = 0;
  let dropped = 0;
  while (issued < total) {
    const now = performance.now();
    while (issued < total && t0 + issued * interval <= now) {
      const scheduled = t0 + issued * interval;
      const cookie = cookies[issued % cookies.length];
      issued++;
      if (inFlight >= maxInFlight) { dropped++; continue; }
      sendLag.push(now - scheduled);
      inFlight++;
      pending.push(op(client, cookie, customerIds).then((o) => {
        inFlight--;
        outs.push({ ...o, latency: performance.now() - scheduled });
      }));
    }
    // Sleep until the next send is due (a timer, not a spin: the client shares the 2 cores with the server).
    const wait = t0 + issued * interval - performance.now();
    await new Promise<void>((r) => setTimeout(r, Math.max(0, Math.floor(wait))));
    if (performance.now() - t0 > seconds * 1000 + 60_000) break; // safety bound
  }
  const sendEnd = performance.now();
  await Promise.race([Promise.all(pending), sleep(60_000)]);
  return { outs, sendLag, dropped, achievedRate: issued / ((sendEnd - t0) / 1000) };
}

async function main() {
  printMachine('case creation through POST /api/v1/cases');
  // The machine's yardstick, measured before anything else runs (bench/lib.ts bareHttpBaseline).
  const bare = await bareHttpBaseline(CONCURRENCY);
  console.log(`   yardstick: a bare node:http server (constant answer, no framework, no database), ${CONCURRENCY} clients: ${Math.round(bare.rps)} req/s`);
  let dataDir: string | undefined;
  let dbName: string | undefined;
  let server: ManyiProcess | undefined;
  let client: Http | undefined;
  let profileDir: string | undefined;
  try {
    dataDir = tempDataDir();
    let databaseUrl: string | undefined;
    if (BASE_URL) {
      dbName = `manyi_bench_create_${Date.now()}`;
      databaseUrl = await createDatabase(BASE_URL, dbName);
      console.log(`   database: machine PostgreSQL, fresh database ${dbName}`);
    } else {
      console.log(`   database: embedded PostgreSQL (fsync on) in ${dataDir}`);
    }
    // --profile: the server runs under node --cpu-prof; its profile is summarised at the end.
    profileDir = PROFILE ? tempDataDir('manyi-prof-') : undefined;
    // --count-queries: a preload counts the statements the app sends to PostgreSQL (round trips per request).
    const countFile = COUNT_QUERIES ? path.join(dataDir, 'query-count') : undefined;
    server = await spawnManyi({
      dataDir, databaseUrl,
      nodeArgs: [
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ...(countFile ? ['--import', 'tsx/esm', '--import', path.join(REPO, 'bench/count-queries.ts')] : []),
      ],
      env: countFile ? { MANYI_BENCH_QUERY_COUNT: countFile } : {},
    });
    queryCount = async () => {
      if (!countFile) return NaN;
      await sleep(450); // the preload writes every 200 ms
      return Number(fs.readFileSync(countFile, 'utf8'));
    };
    const readyMs = await server.ready(120_000);
    console.log(`   server: node bin/manyi.js start, pid ${server.pid}, ready in ${ms(readyMs)} ms`);
    client = new Http(server.port, Math.max(CONCURRENCY, 256));

    // With the machine's PostgreSQL its processes are not under the app: count the machine's busy cores minus the client.
    const serverCores = (c: ReturnType<ReturnType<typeof cpuSampler>>) => (databaseUrl ? c.busyCores - c.benchCores : c.appCores + c.dbCores);
    const dbRoot = () => (databaseUrl ? undefined : postmasterChild(server!.pid));

    // Sessions: one per client (each a logged-in agent), or one shared by all.
    const nSessions = AUTH === 'shared' ? 1 : CONCURRENCY;
    const sessions: string[] = [];
    for (let i = 0; i < nSessions; i++) sessions.push(await login(client));
    const cookies = Array.from({ length: CONCURRENCY }, (_, i) => sessions[i % sessions.length]);
    console.log(`   auth: ${AUTH === 'shared' ? 'one session cookie shared by all clients' : `${nSessions} sessions, one per client`}`);

    // (0) the same closed loop on cheaper requests, to split the cost of a create:
    //     GET /healthz = HTTP stack + one `select 1`, no auth; GET /api/v1/me = HTTP + authentication (session, actor).
    if (arg('baseline') !== 'false') {
      const probes: [string, (cl: Http, ck: string) => Promise<Outcome>][] = [
        ['GET /healthz (HTTP + select 1, no auth)', (cl) => getPath(cl, '', '/healthz')],
        ['GET /api/v1/me (HTTP + authentication)', (cl, ck) => getPath(cl, ck, '/api/v1/me')],
      ];
      for (const [label, op] of probes) {
        await closedLoop(client, cookies, [], 2, op);
        const q0 = await queryCount();
        const cpu0 = cpuSampler(server.pid, dbRoot);
        const z = await closedLoop(client, cookies, [], 5, op);
        const c0 = cpu0();
        const perReq0 = ((await queryCount()) - q0) / z.outs.length;
        const ok0 = z.outs.filter((o) => o.ok);
        console.log(`\n(0) baseline ${label}, ${CONCURRENCY} clients, 5 s: ${Math.round(ok0.length / z.wall)} req/s · ${z.outs.length - ok0.length} errors`);
        console.log(`    latency ${fmtSummary(summary(ok0.map((o) => o.latency)))}${COUNT_QUERIES ? ` · ${perReq0.toFixed(1)} SQL statements per request` : ''}`);
        console.log(`    ${fmtCpu(c0, !databaseUrl)} · ${ms((serverCores(c0) * 1000) / (ok0.length / z.wall))} ms of app+postgres CPU per request`);
      }
    }

    if (arg('baseline-only') === 'true') {
      // Diagnostic: the open loop on GET /api/v1/me.
      const b = await openLoop(client, cookies, [], RATE, RATE_S, (cl, ck) => getPath(cl, ck, '/api/v1/me'));
      console.log(`    GET /api/v1/me at ${RATE}/s (open loop): ${fmtSummary(summary(b.outs.filter((o) => o.ok).map((o) => o.latency)))} · send lag p99 ${ms(summary(b.sendLag).p99)} ms`);
      return;
    }

    // ~200 customers through the customers API (inline customers on a case as a fallback).
    const customerIds: string[] = [];
    let via = 'POST /api/v1/customers';
    for (let i = 0; i < N_CUSTOMERS; i++) {
      const phone = `139${String(10_000_000 + i * 7919).slice(-8)}`;
      const r = await client.request('POST', '/api/v1/customers', { cookie: sessions[0] }, JSON.stringify({ name: `压测客户${i}`, phones: [phone] }));
      if (r.status === 201 || r.status === 200) {
        customerIds.push(JSON.parse(r.body).id);
        continue;
      }
      if (i > 0 || r.status !== 404) throw new Error(`customer create failed: ${r.status} ${r.body.slice(0, 300)}`);
      via = 'inline customer on POST /api/v1/cases (customers API not present)';
      for (let j = 0; j < N_CUSTOMERS; j++) {
        const c = await client.request('POST', '/api/v1/cases', { cookie: sessions[0] }, JSON.stringify({
          type: 'inquiry', channel: 'counter', subject: '开户咨询', description: '', priority: 'normal',
          customer: { name: `压测客户${j}`, phone: `139${String(10_000_000 + j * 7919).slice(-8)}` },
        }));
        if (c.status !== 201 && c.status !== 200) throw new Error(`case create failed: ${c.status} ${c.body.slice(0, 300)}`);
        customerIds.push(JSON.parse(c.body).customerId);
      }
      break;
    }
    console.log(`   ${customerIds.length} customers via ${via}`);

    // Warm-up: JIT, connection pool, plan caches. Not counted.
    await closedLoop(client, cookies, customerIds, WARMUP_S);
    firstError.clear();

    // (a) closed loop
    const qA = await queryCount();
    const cpuA = cpuSampler(server.pid, dbRoot);
    const a = await closedLoop(client, cookies, customerIds, DURATION_S);
    const cA = cpuA();
    const perReqA = ((await queryCount()) - qA) / a.outs.length;
    const okA = a.outs.filter((o) => o.ok);
    const rps = okA.length / a.wall;
    console.log(`\n(a) max throughput: ${CONCURRENCY} clients in flight, ${DURATION_S} s (after ${WARMUP_S} s warm-up)`);
    console.log(`    ${Math.round(rps)} creates/s  (${okA.length} created, ${a.outs.length - okA.length} errors: ${statusCounts(a.outs)})   target ≥ ${TARGET_RPS}: ${rps >= TARGET_RPS ? 'met' : 'MISSED'}`);
    console.log(`    = ${(rps / bare.rps).toFixed(3)} of the bare node:http server's req/s on this machine (the target is ${(TARGET_RPS / bare.rps).toFixed(3)} of it)`);
    console.log(`    latency ${fmtSummary(summary(okA.map((o) => o.latency)))}${COUNT_QUERIES ? ` · ${perReqA.toFixed(1)} SQL statements per request (incl. BEGIN/COMMIT)` : ''}`);
    console.log(`    ${fmtCpu(cA, !databaseUrl)} · ${ms((serverCores(cA) * 1000) / rps)} ms of app+postgres CPU per create`);

    await sleep(2000);

    // (b) open loop at fixed rates: the target rate, then the lower --rates (where does p99 fall under 50 ms?).
    const rates = [RATE, ...(arg('rates') ?? '250,100').split(',').map(Number).filter((r) => r > 0 && r !== RATE)].slice(0, 6);
    for (const rate of rates) {
      const cpuB = cpuSampler(server.pid, dbRoot);
      const b = await openLoop(client, cookies, customerIds, rate, RATE_S);
      const cB = cpuB();
      const okB = b.outs.filter((o) => o.ok);
      const sB = summary(okB.map((o) => o.latency));
      const errorsB = b.outs.length - okB.length + b.dropped;
      console.log(`\n(b) fixed rate ${rate}/s for ${RATE_S} s (open loop; latency from the scheduled send time)`);
      console.log(`    sent at ${Math.round(b.achievedRate)}/s · ${okB.length} created · ${errorsB} errors${errorsB ? ` (${statusCounts(b.outs)}; ${b.dropped} not sent)` : ''}`);
      console.log(`    latency ${fmtSummary(sB)}   p99 < ${TARGET_P99} ms: ${sB.p99 < TARGET_P99 ? 'yes' : 'NO'}${rate === RATE ? ' (target rate)' : ''}`);
      console.log(`    client send lag (timer) ${fmtSummary(summary(b.sendLag))}`);
      console.log(`    ${fmtCpu(cB, !databaseUrl)}`);
      await sleep(2000);
    }

    if (firstError.size) {
      console.log('\n    first error answer of each status:');
      for (const [s, body] of firstError) console.log(`      ${s}: ${body}`);
    }

    // Sanity: every 2xx is a row.
    const url = databaseUrl ?? embeddedUrl(dataDir);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query('select count(*)::int as n from cases');
    await c.end();
    console.log(`\n    rows in cases: ${rows[0].n}`);
  } finally {
    client?.close();
    await server?.stop();
    if (profileDir) {
      const files = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profileDir!, f));
      // The largest profile is the server's main thread (tsx's loader thread writes a small one too).
      const main = files.sort((x, y) => fs.statSync(y).size - fs.statSync(x).size)[0];
      if (main) console.log(`\nCPU profile of the server process (whole run, incl. start-up):\n${summariseCpuProfile(main, 25)}`);
      if (KEEP) console.log(`   profile kept in ${profileDir}`); else fs.rmSync(profileDir, { recursive: true, force: true });
    }
    if (dbName && BASE_URL && !KEEP) await dropDatabase(BASE_URL, dbName).catch((e) => console.error('drop failed', e));
    if (dataDir && !KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (KEEP) console.log(`   kept: ${dataDir}${dbName ? ` and database ${dbName}` : ''}`);
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
