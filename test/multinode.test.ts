import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, REPO, sleep, spawnManyi, tempDir, waitFor, type ManyiChild } from './node-process';

// Several app nodes (issue 5 item 8): two real `manyi start` processes on one PostgreSQL, as
// behind any load balancer. A session opened on one works on the other, a write on one is read on
// the other, a live event published on node A reaches an SSE client connected to node B, and a
// background job's tick runs on one node only (test/fixtures/multinode-job.ts is preloaded into
// both: it counts its runs and how many overlap).

const base = inject('databaseUrl');
let url: string;
let dbName: string;
let a: ManyiChild;
let b: ManyiChild;
const dirs: string[] = [];

const FIXTURE = path.join(REPO, 'test/fixtures/multinode-job.ts');

beforeAll(async () => {
  dbName = `manyi_multinode_${Date.now()}_${crypto.randomBytes(2).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${dbName}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  url = u.toString();
  const d = new pg.Client({ connectionString: url });
  await d.connect();
  await d.query('create table multinode_job_runs (pid int not null, started_at timestamptz not null)');
  await d.query('create table multinode_job_state (active int not null, max_active int not null)');
  await d.query('insert into multinode_job_state values (0, 0)');
  await d.end();
  // Both nodes share the database; each has its own data dir (attachments would be on shared storage in production).
  const nodeArgs = ['--import', 'tsx', '--import', FIXTURE];
  dirs.push(tempDir('manyi-node-a-'), tempDir('manyi-node-b-'));
  a = await spawnManyi({ dataDir: dirs[0], databaseUrl: url, nodeArgs });
  await a.ready();
  b = await spawnManyi({ dataDir: dirs[1], databaseUrl: url, nodeArgs });
  await b.ready();
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await c.end();
});

/** The same browser (cookies) talking to the other node. */
function sameBrowserOn(node: ManyiChild, from: Client): Client {
  const c = new Client(node.url);
  c.cookies = from.cookies;
  return c;
}

describe('two app nodes on one database', () => {
  it('a session opened on node A works on node B; a write on one is read on the other', async () => {
    const onA = new Client(a.url);
    await onA.login();
    const onB = sameBrowserOn(b, onA);
    const me = await onB.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');

    const created = await onA.post('/api/v1/cases', {
      type: 'complaint', channel: 'counter', priority: 'normal', subject: '节点A受理', description: '在A节点登记', customer: { name: '赵敏', phone: '13622223333' },
    });
    expect(created.status).toBe(201);
    const readOnB = await onB.get(`/api/v1/cases/${created.body.id}`);
    expect(readOnB.status).toBe(200);
    expect(readOnB.body.subject).toBe('节点A受理');

    // A write on B with the session (and CSRF token) issued by A; read back on A.
    const edited = await onB.patch(`/api/v1/cases/${created.body.id}`, { version: readOnB.body.version, subject: '节点B修改', status: 'accepted' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const readOnA = await onA.get(`/api/v1/cases/${created.body.id}`);
    expect(readOnA.body.subject).toBe('节点B修改');
    expect(readOnA.body.version).toBe(edited.body.version);
    // A stale write on A after B's edit is refused (optimistic locking across nodes).
    const stale = await onA.patch(`/api/v1/cases/${created.body.id}`, { version: readOnB.body.version, subject: '过期' });
    expect(stale.status).toBe(409);

  });

  it('a session that logs out on one node is refused on the other', async () => {
    const onA = new Client(a.url);
    await onA.login();
    const session = onA.cookies.get('manyi_session')!;
    const onB = new Client(b.url);
    onB.cookies.set('manyi_session', session);
    expect((await onB.get('/api/v1/me')).status).toBe(200);
    expect((await onA.post('/api/v1/auth/logout')).status).toBe(200);
    // B had the user cached (platform/auth-cache.ts); the logout's NOTIFY reaches it at commit, a
    // moment after A answers — well within the cache's 5 s.
    const t0 = Date.now();
    let status = 0;
    while (Date.now() - t0 < 2_000) {
      status = (await onB.get('/api/v1/me')).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('a live event published on node A reaches an SSE client connected to node B', async () => {
    const onB = new Client(b.url);
    await onB.login();
    const controller = new AbortController();
    const res = await fetch(`${b.url}/api/v1/live`, {
      headers: { cookie: `manyi_session=${onB.cookies.get('manyi_session')}`, accept: 'text/event-stream' }, signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const events: { topic: string; payload: unknown }[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
          }
        }
      } catch { /* aborted */ }
    })();
    await waitFor(async () => events.some((e) => e.topic === 'live.ready'), 'the stream on B to open', 15_000);

    // On node A: resolve a complaint; the callback task it creates is announced live to every user.
    const onA = new Client(a.url);
    await onA.login();
    const k = await onA.post('/api/v1/cases', {
      type: 'complaint', channel: 'hotline', priority: 'high', subject: '实时推送测试', description: '', customer: { name: '钱多多', phone: '13733334444' },
    });
    expect(k.status).toBe(201);
    let version = k.body.version;
    for (const status of ['accepted', 'in_progress']) {
      const r = await onA.patch(`/api/v1/cases/${k.body.id}`, { version, status });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version;
    }
    const resolved = await onA.post(`/api/v1/cases/${k.body.id}/resolve`, { summary: '已为客户处理完毕', resolutionCode: 'solved' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await waitFor(async () => events.some((e) => e.topic === 'callback.queue'), `the live event on B (got ${JSON.stringify(events)})`, 15_000);
    controller.abort();
    await reading;
  });

  it('a background job tick runs on one node only', async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      // Both nodes poll the job (every 400 ms, polled every 400 ms); let them compete for a while.
      await sleep(6_000);
      const { rows: runs } = await c.query<{ pid: number; started_at: Date }>('select pid, started_at from multinode_job_runs order by started_at');
      const { rows: [state] } = await c.query<{ max_active: number }>('select max_active from multinode_job_state');
      const { rows: [job] } = await c.query<{ runs: number }>(`select runs from scheduled_jobs where name = 'test.multinode'`);
      const pids = new Set(runs.map((r) => r.pid));
      console.log(`job test.multinode: ${runs.length} runs over the nodes' life (${[...pids].map((p) => `pid ${p}: ${runs.filter((r) => r.pid === p).length}`).join(', ')}); max overlapping ${state.max_active}`);
      expect(runs.length).toBeGreaterThan(3);
      // Never two runs at once (each run takes 150 ms of a 400 ms tick).
      expect(state.max_active).toBe(1);
      // One run per tick: the claimed ticks are all different and at least one period apart (a claim
      // moves next_run_at a period past the claim's instant, on the database's clock).
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i].started_at.getTime() - runs[i - 1].started_at.getTime()).toBeGreaterThanOrEqual(400);
      }
      // The shared schedule row counts the same runs (one may be in flight).
      expect(job.runs).toBeGreaterThanOrEqual(runs.length - 1);
    } finally {
      await c.end();
    }
  }, 30_000);
});
