// Shared helpers for the benchmark scripts: the machine, a Manyi server in its own
// process, a keep-alive HTTP client, percentiles, and /proc readings (CPU, RSS, PSS).
// Loopback only; every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { csrfTokenFor } from '../src/server/platform/csrf';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMIN_PASSWORD = 'bench-Passw0rd!';

// ---------- arguments, machine, numbers ----------

/** `--name value`, `--name=value` or a bare `--flag` (true). */
export function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}`) return argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : 'true';
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}
export const numArg = (name: string, dflt: number) => {
  const v = arg(name);
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
};

export function machine() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: os.availableParallelism(),
    cpu,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

export function printMachine(title: string): void {
  const m = machine();
  console.log(`== ${title}`);
  console.log(`   date ${m.date} · ${m.nproc} cores (${m.cpu}) · ${m.memGiB} GiB RAM · node ${m.node} · linux ${m.kernel}`);
  console.log(`   load average before the run: ${m.loadavg} (shared machine: figures vary between runs)`);
}

/** Nearest-rank percentile of an ascending array. */
export function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] ?? NaN, mean };
}
export const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)) : '–');
export const fmtSummary = (x: ReturnType<typeof summary>) =>
  `n=${x.n}  p50 ${ms(x.p50)} ms · p95 ${ms(x.p95)} ms · p99 ${ms(x.p99)} ms · max ${ms(x.max)} ms · mean ${ms(x.mean)} ms`;

export const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A throw-away data dir the postgres user can enter (embedded PostgreSQL runs as `postgres` when we are root). */
export function tempDataDir(prefix = 'manyi-bench-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

// ---------- the machine's PostgreSQL (optional --database-url) ----------

/** Create database `name` on the server of `baseUrl`; returns its URL. */
export async function createDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
export async function databaseExists(baseUrl: string, name: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [name]);
    return r.rowCount === 1;
  } finally {
    await c.end();
  }
}

/** URL of the embedded server a running Manyi started on `dataDir` (port from postmaster.pid; user manyi). */
export function embeddedUrl(dataDir: string): string {
  const lines = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return `postgres://manyi:manyi@127.0.0.1:${Number(lines[3])}/manyi`;
}

// ---------- a Manyi server in its own process ----------

// Servers this script started: stopped on Ctrl-C / SIGTERM, and killed if the script dies, so no
// embedded PostgreSQL is left running. (A closed stdout pipe, e.g. `| head`, must not kill us early.)
const running = new Set<ManyiProcess>();
process.stdout.on('error', () => undefined);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping ${running.size} server(s)…`);
    void Promise.all([...running].map((s) => s.stop(10_000))).finally(() => process.exit(130));
  });
}
process.once('exit', () => {
  for (const s of running) {
    try { s.proc.kill('SIGTERM'); } catch { /* gone */ }
  }
});

export interface ManyiProcess {
  proc: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  dataDir: string;
  spawnedAt: number;
  /** Resolves with ms from spawn to the first /healthz 200. */
  ready(timeoutMs?: number): Promise<number>;
  /** SIGTERM (Manyi stops its embedded database), SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
  output(): string;
}

/** `node bin/manyi.js start` with the given data dir (and DATABASE_URL when set); HOST is loopback. */
export async function spawnManyi(opts: { dataDir: string; databaseUrl?: string; port?: number; env?: Record<string, string>; nodeArgs?: string[] }): Promise<ManyiProcess> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    MANYI_DATA_DIR: opts.dataDir,
    MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MANYI_DEMO: '0',
    MANYI_LOG_LEVEL: 'silent',
    DATABASE_URL: opts.databaseUrl ?? '',
    ...opts.env,
  };
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(REPO, 'bin/manyi.js'), 'start'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keep = (b: Buffer) => {
    log.push(b.toString());
    if (log.length > 200) log.shift();
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((r) => proc.once('exit', () => { exited = true; r(); }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const handle: ManyiProcess = {
    proc, pid: proc.pid!, port, baseUrl, dataDir: opts.dataDir, spawnedAt,
    output: () => log.join(''),
    async ready(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (exited) throw new Error(`manyi exited before it was ready:\n${log.join('')}`);
        const ok = await new Promise<boolean>((resolve) => {
          const req = http.get(`${baseUrl}/healthz`, { agent: false, timeout: 1000 }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
          });
          req.on('error', () => resolve(false));
          req.on('timeout', () => { req.destroy(); resolve(false); });
        });
        if (ok) return performance.now() - spawnedAt;
        await sleep(10);
      }
      throw new Error(`manyi not ready after ${timeoutMs} ms:\n${log.join('')}`);
    },
    async stop(graceMs = 20_000) {
      running.delete(handle);
      if (exited) return;
      const pmPid = postmasterPid(opts.dataDir);
      proc.kill('SIGTERM');
      await Promise.race([exit, sleep(graceMs)]);
      if (!exited) {
        proc.kill('SIGKILL');
        await Promise.race([exit, sleep(5000)]);
        // The embedded server outlives a killed parent; stop it (fast shutdown).
        if (pmPid) {
          try { process.kill(pmPid, 'SIGINT'); } catch { /* gone */ }
          await sleep(2000);
        }
      }
    },
  };
  running.add(handle);
  void exit.then(() => running.delete(handle));
  return handle;
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

// ---------- HTTP ----------

export interface Res { status: number; body: string; headers: http.IncomingHttpHeaders }

/** Minimal keep-alive HTTP/1.1 client over node:http (less client CPU than fetch: the client shares the 2 cores). */
const csrfTokens = new Map<string, string>();
function csrfOf(session: string): string {
  let t = csrfTokens.get(session);
  if (!t) csrfTokens.set(session, (t = csrfTokenFor(session)));
  return t;
}

export class Http {
  readonly agent: http.Agent;
  constructor(readonly port: number, maxSockets = 64) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }
  request(method: string, p: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 30_000): Promise<Res> {
    return new Promise((resolve, reject) => {
      const h: Record<string, string | number> = { ...headers };
      // Cookie sessions send their CSRF token on writes, as the web client does (src/server/platform/csrf.ts).
      const session = /(?:^|;\s*)manyi_session=([^;]+)/.exec(headers.cookie ?? '')?.[1];
      if (session && !['GET', 'HEAD', 'OPTIONS'].includes(method)) h['x-csrf-token'] = csrfOf(session);
      if (body !== undefined) {
        h['content-type'] = 'application/json';
        h['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path: p, headers: h, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
  close() { this.agent.destroy(); }
}

/**
 * The machine's own yardstick: a bare node:http server in its own process (no framework, no
 * database, a constant JSON answer), driven by this script's client in a closed loop. Machines of
 * the same kind have differed by 2× from one session to the next; a figure divided by this one
 * compares across them. Returns requests/s and the latency of one request at a time.
 */
export async function bareHttpBaseline(concurrency: number, seconds = 5): Promise<{ rps: number; serialP50: number }> {
  const port = await freePort();
  const code = `require('http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"status":"ok"}'); }).listen(${port}, '127.0.0.1', () => process.stdout.write('up'));`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await Promise.race([new Promise((r) => proc.stdout!.once('data', r)), sleep(10_000)]);
    const client = new Http(port, concurrency);
    const loop = async (n: number, secs: number, lat?: number[]) => {
      let count = 0;
      const until = performance.now() + secs * 1000;
      await Promise.all(Array.from({ length: n }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          await client.request('GET', '/');
          lat?.push(performance.now() - t);
          count++;
        }
      }));
      return count / secs;
    };
    await loop(concurrency, 1); // warm-up
    const rps = await loop(concurrency, seconds);
    const lat: number[] = [];
    await loop(1, 1, lat);
    client.close();
    return { rps, serialP50: pct(lat.sort((a, b) => a - b), 50) };
  } finally {
    proc.kill('SIGKILL');
  }
}

/** Log in (admin by default); returns the Cookie header value of a new session (one argon2 verify on the server). */
export async function login(client: Http, password = ADMIN_PASSWORD, username = 'admin'): Promise<string> {
  const r = await client.request('POST', '/api/v1/auth/login', {}, JSON.stringify({ username, password }));
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.body}`);
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  const pair = set.map((c) => c.split(';')[0]).find((c) => c.startsWith('manyi_session='));
  if (!pair) throw new Error('login: no manyi_session cookie');
  return pair;
}

// ---------- /proc ----------

/** pid → ppid of every process (Linux). */
function processTable(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), Number(after[1]));
    } catch { /* exited */ }
  }
  return out;
}

/** `pid` and all its descendants. */
export function processTree(pid: number): number[] {
  const table = processTable();
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of table) if (pp === out[i]) out.push(p);
  return out.filter((p) => table.has(p));
}

export function commOf(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return '?'; }
}
export function cmdlineOf(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(); } catch { return '?'; }
}

/** VmRSS and (when the kernel has smaps_rollup) Pss, in kB; undefined when the process is gone. */
export function memoryOf(pid: number): { rssKb: number; pssKb: number | undefined } | undefined {
  let rssKb: number;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    rssKb = m ? Number(m[1]) : 0;
  } catch {
    return undefined;
  }
  if (!fs.existsSync('/proc/self/smaps_rollup')) return { rssKb, pssKb: undefined };
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return { rssKb, pssKb: m ? Number(m[1]) : 0 };
  } catch {
    return undefined; // exited between the two reads
  }
}

/** utime+stime (own, and children's reaped ones) in clock ticks. */
export function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after ")": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  } catch {
    return 0;
  }
}
export const CLK_TCK = 100; // Linux USER_HZ

/** CPU used by the app process (node) and by the database (postgres processes under it), between two calls. */
export function cpuSampler(appPid: number, dbRootPid?: () => number | undefined) {
  const read = () => {
    const app = (() => {
      try {
        const stat = fs.readFileSync(`/proc/${appPid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(f[11]) + Number(f[12]);
      } catch { return 0; }
    })();
    const root = dbRootPid?.();
    const db = root ? processTree(root).reduce((a, p) => a + cpuTicks(p), 0) : 0;
    return { app, db, self: process.cpuUsage(), t: performance.now() };
  };
  const machineBusy = systemCpu();
  const start = read();
  return () => {
    const end = read();
    const wall = (end.t - start.t) / 1000;
    const selfSec = (end.self.user + end.self.system - start.self.user - start.self.system) / 1e6;
    const appCores = (end.app - start.app) / CLK_TCK / wall;
    const dbCores = (end.db - start.db) / CLK_TCK / wall;
    const benchCores = selfSec / wall;
    const busyCores = machineBusy() * os.availableParallelism();
    return { wallSec: wall, appCores, dbCores, benchCores, busyCores, otherCores: Math.max(0, busyCores - appCores - dbCores - benchCores) };
  };
}

/** The postmaster among the direct children of `pid` (embedded server), if any. */
export function postmasterChild(pid: number): number | undefined {
  const table = processTable();
  for (const [p, pp] of table) if (pp === pid && commOf(p).startsWith('postgres')) return p;
  return undefined;
}

/** Both cores: what else ran during the run (from /proc/stat). */
export function systemCpu() {
  const read = () => {
    const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = v.map(Number);
    const idle = n[3] + (n[4] ?? 0);
    return { total: n.reduce((a, b) => a + b, 0), idle };
  };
  const a = read();
  return () => {
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  };
}

// ---------- CPU profile of the server (node --cpu-prof) ----------

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }

/** Where the app's CPU went: self time by package / file and by function, from a .cpuprofile. */
export function summariseCpuProfile(file: string, top = 15): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
  const total = prof.samples.length || 1;
  const byPkg = new Map<string, number>();
  const byFn = new Map<string, number>();
  const where = (url: string) => {
    if (!url) return '(native/gc/idle)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    if (url.startsWith('node:')) return 'node:internal';
    const r = url.replace(/^file:\/\//, '').replace(REPO + '/', '');
    return r.startsWith('src/') ? r : r.split('/').slice(-2).join('/');
  };
  for (const n of prof.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const w = n.callFrame.functionName === '(idle)' ? '(idle)' : where(n.callFrame.url);
    byPkg.set(w, (byPkg.get(w) ?? 0) + hits);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${w}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + hits);
  }
  const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `      ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return `    self time by package/file (share of samples):\n${fmt(byPkg)}\n    self time by function:\n${fmt(byFn)}`;
}

/** One line: where the cores went during a phase. */
export function fmtCpu(c: ReturnType<ReturnType<typeof cpuSampler>>, dbKnown = true): string {
  return `CPU in cores (of ${os.availableParallelism()}): app node ${c.appCores.toFixed(2)} · postgres ${dbKnown ? c.dbCores.toFixed(2) : 'n/a (machine server, not under the app)'} · ` +
    `bench client ${c.benchCores.toFixed(2)} · other processes on the machine ${dbKnown ? c.otherCores.toFixed(2) : 'n/a'} · machine busy ${c.busyCores.toFixed(2)}`;
}
