// Chinese search over 1,000,000 cases: ~200 realistic queries (宽带, 断网, 扣费, 营业员 态度 …)
// (a) through the HTTP API, GET /api/v1/cases?q=…&limit=20, one client, one request at a time;
// (b) directly in SQL with the condition the service uses (matchTokens → GIN index);
// (c) the same queries as a plain ILIKE '%word%' scan over subject/description;
// (d) count(*) of all matches through the GIN index vs an ILIKE full scan;
// then EXPLAIN (ANALYZE, BUFFERS) of a few queries to show which plans PostgreSQL picks.
//
//   npx tsx bench/search.ts                 # builds data/bench-search (embedded) with `manyi seed --demo --cases 1000000`
//   npx tsx bench/search.ts --reuse         # reuses it when it already holds the cases
//   npx tsx bench/search.ts --database-url postgres://postgres@127.0.0.1:5432/postgres [--reuse]
//        (database manyi_bench_search on that server; kept for --reuse, --drop to remove it after)
// Options: --cases 1000000 --data-dir data/bench-search --rounds 1 --like-budget 240 (seconds for the ILIKE pass)
//          --count-budget 150 (seconds for each side of the count(*) comparison)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { and, desc, gte, sql, type SQL } from 'drizzle-orm';
import { DEMO_PASSWORD } from '../src/server/seed/demo-org.seed';
import * as schema from '../src/server/db/schema';
import { cases } from '../src/server/modules/cases/cases.table';
import { caseVisibleConditionForList } from '../src/server/modules/cases/case-access';
import { loadActor } from '../src/server/modules/platform/auth.service';
import type { Actor } from '../src/server/platform/actor';
import { matchVector, queryTokens } from '../src/server/platform/search';
import { listCases } from '../src/server/modules/cases/cases.service';
import {
  ADMIN_PASSWORD, Http, REPO, arg, bareHttpBaseline, createDatabase, databaseExists, dropDatabase, embeddedUrl, fmtSummary, login, ms, numArg,
  printMachine, sleep, spawnManyi, summary, type ManyiProcess,
} from './lib';

const N_CASES = numArg('cases', 1_000_000);
const REUSE = arg('reuse') === 'true';
const BASE_URL = arg('database-url');
const DROP = arg('drop') === 'true';
const DATA_DIR = path.resolve(REPO, arg('data-dir') ?? 'data/bench-search');
const DB_NAME = 'manyi_bench_search';
const ROUNDS = Math.min(5, numArg('rounds', 1));
const LIKE_BUDGET_S = numArg('like-budget', 240);
const SEED_TIMEOUT_S = numArg('seed-timeout', 4 * 3600);
const TARGET_P95 = 20;
const COUNT_BUDGET_S = numArg('count-budget', 150);
const ratio = (a: number, b: number) => (a / b >= 10 ? (a / b).toFixed(0) : (a / b).toFixed(1));

// What agents and supervisors type: products, symptoms, money, people, places; one to three words.
const WORDS = [
  '宽带', '断网', '扣费', '信号差', '网速慢', '光猫', '掉线', '退费', '套餐', '投诉', '态度', '营业员', '营业厅', '装维', '上门',
  '机顶盒', '电视', '卡顿', '话费', '账单', '流量', '合约', '违约金', '携号转网', '销户', '5G', '信号', '基站', '小区', '固话',
  '杂音', '拨号', '无法上网', '报修', '安装', '移机', '超时', '赔偿', '减免', '误导', '宣传', '视频会员', '彩铃', '增值业务', '退订',
  '客服', '10000', '排队', '窗口', '道歉', '表扬', '建议', '咨询', '积分', '发票', '实名', '补卡', '停机', '欠费', '充值',
  '路由器', '测速', '千兆', '故障', '维修', '工单', '回访', '不满意', '工信部', '申诉', '融合套餐', '副卡', '国际漫游', '短信', '验证码',
  '骚扰电话', '诈骗', '改号', '过户', '密码', '老人', '学生', '网课', '物业', '光纤',
];
const PHRASES = [
  '营业员 态度', '宽带 断网', '宽带 报修', '话费 扣费', '套餐 合约', '手机 信号差', '宽带 网速慢', '光猫 LOS', '装维 不上门', '投诉 营业厅',
  '流量 扣费', '视频会员 退费', '携号转网 合约', '机顶盒 卡顿', '固话 杂音', '宽带 移机', '宽带 安装 超时', '退费 赔偿', '客服 态度', '排队 窗口',
  '5G 信号', '小区 信号', '网速 测速', '路由器 千兆', '账单 多扣', '违约金 免除', '增值业务 退订', '宽带 减免', '工信部 申诉', '营业员 诱导',
  '话费 余额', '天翼高清', '无拨号音', '电流 杂音', '基站 建设', '网课 断网', '宽带 掉线', '扣费 短信', '套餐 升级', '销户 发票',
  '彩铃 扣费', '游戏包', '音乐会员 退订', '光纤 熔接', '分光器', '宽带 月租', '营业厅 排队', '装维 上门 安装', '手机 无法上网', '来电 空号',
  '表扬 装维', '建议 延长', '咨询 套餐', '积分 兑换', '补卡 实名', '停机 欠费', '充值 未到账', '国际漫游 费用', '副卡 办理', '改号 通知',
  '骚扰电话 拦截', '诈骗 短信', '过户 手续', '密码 重置', '老人 套餐', '学生 优惠', '物业 进线', '宽带 续约', '融合套餐 降档', '流量 加油包',
  '宽带 光猫 更换', '营业员 态度 恶劣', '话费 乱扣', '信号 覆盖', '网络 卡顿', '电视 花屏', '工单 关闭', '回访 不满意', '投诉 升级', '重复 投诉',
];

function buildQueries(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    // Two single words for every phrase, in a fixed interleaving.
    out.push(WORDS[i % WORDS.length]);
    if (out.length < n) out.push(PHRASES[i % PHRASES.length]);
    if (out.length < n && i % 2 === 0) out.push(WORDS[(i * 7 + 3) % WORDS.length]);
  }
  return out;
}

function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutS: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(REPO, 'bin/manyi.js'), ...args], { cwd: REPO, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => { p.kill('SIGTERM'); reject(new Error(`manyi ${args.join(' ')}: timed out after ${timeoutS} s`)); }, timeoutS * 1000);
    p.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`manyi ${args.join(' ')} exited with ${code}`));
    });
  });
}

async function countCases(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query("select to_regclass('public.cases') is not null as ok");
    if (!r.rows[0].ok) return 0;
    return (await c.query('select count(*)::int as n from cases')).rows[0].n;
  } finally {
    await c.end();
  }
}

/** A cookie for admin: log in, or (a database seeded with another admin password) a session row written directly. */
async function adminCookie(client: Http, pool: pg.Pool): Promise<string> {
  try {
    return await login(client, ADMIN_PASSWORD);
  } catch {
    const token = crypto.randomBytes(32).toString('base64url');
    const hash = crypto.createHash('sha256').update(token).digest('hex');
    await pool.query(
      "insert into sessions (token_hash, user_id, expires_at) select $1, id, now() + interval '2 hours' from users where lower(username) = 'admin'",
      [hash],
    );
    return `manyi_session=${token}`;
  }
}

/** The condition of the service's first search window (cases.service.ts listCases → newestMatches): the last 3 days. */
async function serviceWhere(db: Parameters<typeof caseVisibleConditionForList>[0], actor: Actor, q: string): Promise<SQL> {
  const since = new Date(Date.now() - 3 * 86_400_000);
  return and(await caseVisibleConditionForList(db, actor, 'case:read'), matchVector(cases.searchVector, q), gte(cases.createdAt, since))!;
}

async function main() {
  printMachine(`Chinese search over ${N_CASES.toLocaleString('en')} cases`);
  // The machine's yardstick, before anything else runs (bench/lib.ts bareHttpBaseline).
  const bare = await bareHttpBaseline(4, 2);
  console.log(`   yardstick: one request at a time to a bare node:http server (constant answer): p50 ${ms(bare.serialP50)} ms`);
  let url: string;
  let server: ManyiProcess | undefined;
  let pool: pg.Pool | undefined;
  let client: Http | undefined;
  let countDir: string | undefined;
  try {
    // ---- the data set ----
    const env: NodeJS.ProcessEnv = { ...process.env, MANYI_DATA_DIR: DATA_DIR, MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD, MANYI_DEMO: '0', DATABASE_URL: '' };
    let have = 0;
    if (BASE_URL) {
      if (REUSE && (await databaseExists(BASE_URL, DB_NAME))) {
        const u = new URL(BASE_URL); u.pathname = `/${DB_NAME}`;
        have = await countCases(u.toString());
      }
      if (have < N_CASES * 0.99) {
        await dropDatabase(BASE_URL, DB_NAME);
        await createDatabase(BASE_URL, DB_NAME);
      }
      const u = new URL(BASE_URL); u.pathname = `/${DB_NAME}`;
      env.DATABASE_URL = u.toString();
      console.log(`   database: machine PostgreSQL, database ${DB_NAME}`);
    } else {
      console.log(`   database: embedded PostgreSQL in ${path.relative(REPO, DATA_DIR)}`);
      if (REUSE && fs.existsSync(path.join(DATA_DIR, 'pg', 'PG_VERSION'))) {
        const s = await spawnManyi({ dataDir: DATA_DIR });
        try {
          await s.ready(300_000);
          have = await countCases(embeddedUrl(DATA_DIR));
        } finally {
          await s.stop();
        }
      }
      if (have < N_CASES * 0.99) {
        fs.rmSync(DATA_DIR, { recursive: true, force: true });
        fs.mkdirSync(DATA_DIR, { recursive: true });
        fs.chmodSync(DATA_DIR, 0o755);
      }
    }
    if (have >= N_CASES * 0.99) {
      console.log(`   reusing ${have.toLocaleString('en')} cases`);
    } else {
      console.log(`   seeding: node bin/manyi.js seed --demo --cases ${N_CASES} …`);
      const t = performance.now();
      await runCli(['seed', '--demo', '--cases', String(N_CASES)], env, SEED_TIMEOUT_S);
      console.log(`   seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }

    // ---- server and direct connection ----
    // The statements the app sends per search request are counted by bench/count-queries.ts, preloaded in the server.
    countDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-qc-'));
    const countFile = path.join(countDir, 'count');
    server = await spawnManyi({
      dataDir: DATA_DIR, databaseUrl: env.DATABASE_URL || undefined,
      nodeArgs: ['--import', 'tsx/esm', '--import', path.join(REPO, 'bench/count-queries.ts')],
      env: { MANYI_BENCH_QUERY_COUNT: countFile },
    });
    const queryCount = async () => { await sleep(450); return fs.existsSync(countFile) ? Number(fs.readFileSync(countFile, 'utf8')) : NaN; };
    await server.ready(300_000);
    url = env.DATABASE_URL || embeddedUrl(DATA_DIR);
    pool = new pg.Pool({ connectionString: url, max: 2 });
    const db = drizzle(pool, { schema });
    const stats = (await pool.query(`select (select count(*)::int from cases) as n,
      pg_size_pretty(pg_table_size('cases')) as tbl, pg_size_pretty(pg_relation_size('cases_day_site_search_idx')) as gin,
      (select setting from pg_settings where name = 'shared_buffers') as sb, version() as v`)).rows[0];
    console.log(`   cases: ${stats.n.toLocaleString('en')} · table ${stats.tbl} · GIN index ${stats.gin} · shared_buffers ${Number(stats.sb) * 8 / 1024} MB · ${String(stats.v).split(' on ')[0]}`);
    client = new Http(server.port, 4);
    const queries = buildQueries(200);
    console.log(`   ${queries.length} queries (${new Set(queries).size} distinct), e.g. ${queries.slice(0, 8).join(' / ')}`);

    // Who searches: admin (the whole province in scope) and, when the demo staff exist, the
    // duty manager of one hall (scope = that hall: the visibility condition does real work) and a
    // field technician (a city's units, and the work orders of its broadband team: 150,000 in the set).
    const who: { label: string; cookie: string; actor: Actor }[] = [];
    const adminId = (await pool.query("select id from users where lower(username) = 'admin'")).rows[0].id as string;
    who.push({ label: 'admin (province)', cookie: await adminCookie(client, pool), actor: (await loadActor(db, adminId))! });
    for (const [username, label] of [['supervisor', 'supervisor (one hall)'], ['tech', 'technician (field team)']]) {
      try {
        const ck = await login(client, DEMO_PASSWORD, username);
        const id = (await pool.query('select id from users where username = $1', [username])).rows[0].id as string;
        who.push({ label, cookie: ck, actor: (await loadActor(db, id))! });
      } catch (err) {
        console.log(`   (no demo ${username} to search as: ${(err as Error).message.slice(0, 80)})`);
      }
    }

    // (b) is the service's own list function without HTTP: visibility AND search_vector @@ tsquery, the newest 21
    // looked for in widening windows (3 days, 30 days, all), then customer names and category paths for the page.
    const listSql = (actor: Actor, q: string) => listCases(db, actor, { q, limit: 20 } as Parameters<typeof listCases>[2]);
    const tokenLat = new Map<string, number[]>();

    for (const w of who) {
      // ---- (a) HTTP ----
      const http = async (q: string) => {
        const t = performance.now();
        const r = await client!.request('GET', `/api/v1/cases?q=${encodeURIComponent(q)}&limit=20`, { cookie: w.cookie });
        const dt = performance.now() - t;
        if (r.status !== 200) throw new Error(`GET /api/v1/cases?q=${q}: ${r.status} ${r.body.slice(0, 300)}`);
        return { dt, hits: (JSON.parse(r.body).items as unknown[]).length };
      };
      const first: number[] = [];
      let empty = 0;
      for (const q of queries) {
        const { dt, hits } = await http(q);
        first.push(dt);
        if (hits === 0) empty++;
      }
      const httpLat: number[] = [];
      const q0 = await queryCount();
      for (let r = 0; r < ROUNDS; r++) for (const q of queries) httpLat.push((await http(q)).dt);
      const perRequest = ((await queryCount()) - q0) / httpLat.length;
      const sHttp = summary(httpLat);
      console.log(`\n== as ${w.label}`);
      console.log(`(a) HTTP GET /api/v1/cases?q=…&limit=20, one client, sequential (${empty} of ${queries.length} queries find nothing)`);
      console.log(`    first pass  ${fmtSummary(summary(first))}`);
      console.log(`    warm        ${fmtSummary(sHttp)}   target p95 < ${TARGET_P95} ms: ${sHttp.p95 < TARGET_P95 ? 'met' : 'MISSED'}`);
      console.log(`    warm p95 = ${(sHttp.p95 / bare.serialP50).toFixed(0)} × one request to a bare node:http server on this machine (${ms(bare.serialP50)} ms; the target is ${(TARGET_P95 / bare.serialP50).toFixed(0)} ×)`);
      console.log(`    ${perRequest.toFixed(1)} SQL statements per search request (authentication, list, names)`);

      // ---- (b) SQL, the service's condition ----
      const sqlOne = async (q: string) => {
        const t = performance.now();
        await listSql(w.actor, q);
        return performance.now() - t;
      };
      for (const q of queries) await sqlOne(q);
      const lat: number[] = [];
      const perQuery = new Map<string, number>();
      for (let r = 0; r < ROUNDS; r++) for (const q of queries) {
        const dt = await sqlOne(q);
        lat.push(dt);
        perQuery.set(q, Math.max(perQuery.get(q) ?? 0, dt));
      }
      tokenLat.set(w.label, [...perQuery.values()]);
      console.log(`(b) the service's listCases without HTTP (visibility AND search_vector @@ to_tsquery, newest 21 in widening windows, names)`);
      console.log(`    ${fmtSummary(summary(lat))}`);
      const slow = [...perQuery].sort((x, y) => y[1] - x[1]).slice(0, 5);
      console.log(`    slowest: ${slow.map(([q, t]) => `${q} ${ms(t)} ms`).join(' · ')}`);
    }

    // ---- (c) ILIKE scan (admin's scope: no visibility filter) ----
    const likeOne = async (q: string) => {
      const words = queryTokens(q);
      const cond = words.length
        ? sql.join(words.map((w) => sql`(${cases.subject} ILIKE ${`%${w}%`} OR ${cases.description} ILIKE ${`%${w}%`})`), sql` AND `)
        : sql`false`;
      const t = performance.now();
      await db.select({ id: cases.id, number: cases.number, subject: cases.subject, createdAt: cases.createdAt })
        .from(cases).where(cond).orderBy(desc(cases.createdAt), desc(cases.id)).limit(21);
      return performance.now() - t;
    };
    const adminTok = tokenLat.get(who[0].label)!;
    const likeLat: number[] = [];
    const pairTok: number[] = [];
    const budgetEnd = performance.now() + LIKE_BUDGET_S * 1000;
    for (let i = 0; i < queries.length && performance.now() < budgetEnd; i++) {
      likeLat.push(await likeOne(queries[i]));
      pairTok.push(adminTok[[...new Set(queries)].indexOf(queries[i])]);
    }
    const sLike = summary(likeLat);
    const sTok = summary(pairTok);
    console.log(`\n(c) ILIKE '%word%' over subject/description (each word; same order and limit), as admin: ${likeLat.length} of ${queries.length} queries within the ${LIKE_BUDGET_S} s budget`);
    console.log(`    ${fmtSummary(sLike)}`);
    console.log(`    ratio ILIKE / token search (b), same queries: p50 ×${ratio(sLike.p50, sTok.p50)} · p95 ×${ratio(sLike.p95, sTok.p95)} · mean ×${ratio(sLike.mean, sTok.mean)}`);
    console.log('    (with ORDER BY created_at DESC LIMIT 21 a common word is found at once walking the newest cases; a rare or absent one scans the table)');

    // ---- (d) every match: count(*) through the GIN index vs an ILIKE scan of the whole table ----
    const distinct = [...new Set(queries)];
    const tsq = (q: string) => queryTokens(q).map((t) => `'${t}'`).join(' & ');
    const matches = new Map<string, number>();
    const ginCount: number[] = [];
    const countEnd = performance.now() + COUNT_BUDGET_S * 1000;
    for (const q of distinct) {
      if (performance.now() > countEnd || !queryTokens(q).length) continue;
      const t = performance.now();
      const r = await pool.query("select count(*)::int as n from cases where search_vector @@ to_tsquery('simple', $1)", [tsq(q)]);
      ginCount.push(performance.now() - t);
      matches.set(q, r.rows[0].n);
    }
    const likeCount: number[] = [];
    const pairGin: number[] = [];
    const likeEnd = performance.now() + COUNT_BUDGET_S * 1000;
    for (const [i, q] of [...matches.keys()].entries()) {
      if (performance.now() > likeEnd) break;
      const words = queryTokens(q);
      const cond = sql.join(words.map((w) => sql`(${cases.subject} ILIKE ${`%${w}%`} OR ${cases.description} ILIKE ${`%${w}%`})`), sql` AND `);
      const t = performance.now();
      await db.select({ n: sql<number>`count(*)` }).from(cases).where(cond);
      likeCount.push(performance.now() - t);
      pairGin.push(ginCount[i]);
    }
    const sLc = summary(likeCount);
    const sGc = summary(pairGin);
    console.log(`\n(d) all matches, count(*): GIN index (${ginCount.length} distinct queries) vs ILIKE full scan (${likeCount.length} of them within ${COUNT_BUDGET_S} s)`);
    console.log(`    GIN   ${fmtSummary(summary(ginCount))}`);
    console.log(`    ILIKE ${fmtSummary(sLc)}`);
    console.log(`    ratio ILIKE / GIN, same queries: p50 ×${ratio(sLc.p50, sGc.p50)} · p95 ×${ratio(sLc.p95, sGc.p95)} · mean ×${ratio(sLc.mean, sGc.mean)}`);
    // (b)'s latency against how many cases the words match.
    const buckets: [string, (n: number) => boolean][] = [['0', (n) => n === 0], ['1–999', (n) => n > 0 && n < 1000], ['1k–10k', (n) => n >= 1000 && n < 10_000], ['10k–100k', (n) => n >= 10_000 && n < 100_000], ['≥100k', (n) => n >= 100_000]];
    for (const w of who) {
      const lat = tokenLat.get(w.label)!;
      const parts = buckets.map(([label, f]) => {
        const xs = distinct.map((q, i) => [matches.get(q), lat[i]] as const).filter(([n]) => n !== undefined && f(n)).map(([, t]) => t);
        return xs.length ? `${label} matches: ${xs.length} queries, p50 ${ms(summary(xs).p50)} / max ${ms(summary(xs).max)} ms` : '';
      }).filter(Boolean);
      console.log(`    (b) as ${w.label} by number of matching cases: ${parts.join(' · ')}`);
    }

    // ---- EXPLAIN ----
    // A GIN bitmap plan, a plan walking cases_created_idx, the pathological case (a common word and an absent one), and a hall's scope.
    const explain: [string, (typeof who)[number]][] = [['营业员 态度', who[0]], ['宽带 断网', who[0]], ['国际漫游 费用', who[0]]];
    if (who[1]) explain.push(['营业员 态度', who[1]]);
    for (const [q, w] of explain) {
      {
        const rendered = db.select({ id: cases.id, number: cases.number, subject: cases.subject, createdAt: cases.createdAt })
          .from(cases).where(await serviceWhere(db, w.actor, q)).orderBy(desc(cases.createdAt), desc(cases.id)).limit(21).toSQL();
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${rendered.sql}`, rendered.params as unknown[]);
        const n = matches.get(q) ?? (await pool.query("select count(*)::int as n from cases where search_vector @@ to_tsquery('simple', $1)", [tsq(q)])).rows[0].n;
        console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the first window (3 days), q=${q} as ${w.label} (${n.toLocaleString('en')} cases match the words):`);
        for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
      }
    }
  } finally {
    client?.close();
    await pool?.end();
    await server?.stop();
    if (BASE_URL && DROP) await dropDatabase(BASE_URL, DB_NAME);
    if (countDir) fs.rmSync(countDir, { recursive: true, force: true });
    await sleep(10);
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
