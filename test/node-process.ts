import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Helpers for the resilience tests (crash, outage, backup, several nodes): the real `manyi`
// command in a child process, and an HTTP client with a bounded wait and a browser-like cookie jar.

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PASSWORD = 'resilience-Passw0rd!';

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

/** A temp dir the postgres user can enter (the embedded server runs as `postgres` when we are root). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

export interface Reply<T = any> { status: number; body: T; headers: Headers }

/** Real HTTP like a browser: cookies kept, the CSRF token (manyi_csrf cookie) sent on writes; every call bounded. */
export class Client {
  cookies = new Map<string, string>();
  /** The raw body of the last answer (downloads). */
  lastBytes = Buffer.alloc(0);
  constructor(public baseUrl: string, readonly timeoutMs = 20_000) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { 'accept-language': 'en', ...headers };
    const form = body instanceof FormData;
    if (body !== undefined && !form) h['content-type'] = 'application/json';
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('manyi_csrf');
    if (csrf && method !== 'GET') h['x-csrf-token'] = decodeURIComponent(csrf);
    const res = await fetch(this.baseUrl + url, {
      method, headers: h, body: body === undefined ? undefined : form ? body : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i);
      const v = pair.slice(i + 1);
      if (v) this.cookies.set(k, v);
      else this.cookies.delete(k);
    }
    const buf = Buffer.from(await res.arrayBuffer());
    this.lastBytes = buf;
    const text = buf.toString('utf8');
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(url: string) { return this.request<T>('GET', url); }
  post<T = any>(url: string, body: unknown = {}) { return this.request<T>('POST', url, body); }
  patch<T = any>(url: string, body: unknown) { return this.request<T>('PATCH', url, body); }

  async login(username = 'admin', password = PASSWORD): Promise<void> {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

export interface ManyiChild {
  proc: ChildProcess;
  port: number;
  url: string;
  output(): string;
  exited: Promise<number | null>;
  ready(ms?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

/** `node bin/manyi.js <args>` (default `start`) on `dataDir`, demo off, with PORT/HOST on loopback. */
export async function spawnManyi(opts: { dataDir: string; databaseUrl?: string; port?: number; env?: Record<string, string>; args?: string[]; nodeArgs?: string[] }): Promise<ManyiChild> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port), HOST: '127.0.0.1', MANYI_DATA_DIR: opts.dataDir, MANYI_ADMIN_PASSWORD: PASSWORD, MANYI_DEMO: '0',
    DATABASE_URL: opts.databaseUrl ?? '', ...opts.env,
  };
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(REPO, 'bin/manyi.js'), ...(opts.args ?? ['start'])], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (b: Buffer) => { log = (log + b.toString()).slice(-20_000); };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let done = false;
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => { done = true; r(code); }));
  const url = `http://127.0.0.1:${port}`;
  return {
    proc, port, url, exited,
    output: () => log,
    async ready(ms = 90_000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (done) throw new Error(`manyi exited before it was ready:\n${log}`);
        const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
        if (ok) return;
        await sleep(100);
      }
      throw new Error(`manyi not ready after ${ms} ms:\n${log}`);
    },
    async stop(graceMs = 20_000) {
      if (done) return;
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(graceMs)]);
      if (!done) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** The postmaster's pid from the embedded server's lock file in `<dataDir>/pg`. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stop an embedded server left behind by a SIGKILLed app (fast shutdown), so no test leaks one. */
export async function stopLeftover(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (!pid || !isAlive(pid)) return;
  try { process.kill(pid, 'SIGINT'); } catch { return; }
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
}

/** Run `manyi <args>` to completion; stdout+stderr and the exit code. */
export async function runManyi(args: string[], env: { dataDir: string; databaseUrl?: string; stdin?: string }): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, [path.join(REPO, 'bin/manyi.js'), ...args], {
    cwd: REPO,
    env: { ...process.env, MANYI_DATA_DIR: env.dataDir, DATABASE_URL: env.databaseUrl ?? '', MANYI_ADMIN_PASSWORD: PASSWORD, MANYI_DEMO: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (b: Buffer) => { output += b.toString(); });
  proc.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
  proc.stdin!.end(env.stdin ?? '');
  const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  return { code, output };
}
