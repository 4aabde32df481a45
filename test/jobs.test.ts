import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { inject, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { scheduledJobs } from '../src/server/db/schema';
import { startServer, type RunningServer } from '../src/server/main';
import { registerJob, startJobRunner } from '../src/server/platform/jobs';
import { liveTiming, publish } from '../src/server/platform/live';
import { ADMIN_PASSWORD, ApiClient, makeUser, startTestServer, type TestContext } from './harness';

// Two app nodes on one database: a job's tick runs on one of them only, a
// failing job is recorded and retried without taking the node down, and a
// live event published on one node reaches a browser connected to the other.

const suffix = crypto.randomBytes(3).toString('hex');
const countedName = `test-counted-${suffix}`;
const failingName = `test-failing-${suffix}`;
const manualName = `test-manual-${suffix}`;

const counted: { node: string; at: number }[] = [];
let failingCalls = 0;
let failing = true;
let manualCalls = 0;
registerJob({ name: countedName, everyMs: 400, run: async () => { counted.push({ node: 'any', at: Date.now() }); } });
registerJob({
  name: failingName, everyMs: 300,
  run: async () => { failingCalls += 1; if (!failing) return; const e = new Error('customer 13800138000 not found'); (e as any).code = 'E_TEST'; throw e; },
});
registerJob({ name: manualName, everyMs: 60_000, run: async () => { manualCalls += 1; await new Promise((r) => setTimeout(r, 50)); } });

let t: TestContext;
let second: RunningServer;

beforeAll(async () => {
  t = await startTestServer();
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir: t.dataDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false };
  second = await startServer(config, { quiet: true });
});
afterAll(async () => { await second?.stop(); });

/** Read SSE `data:` messages from a real HTTP stream until `until` says stop. */
async function readLive(client: ApiClient, baseUrl: string, until: (messages: any[]) => boolean, timeoutMs = 10_000) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const res = await fetch(`${baseUrl}/api/v1/live`, { headers: { cookie: client.cookie }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const messages: any[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const ready = { resolve: () => undefined as void };
  const readyPromise = new Promise<void>((r) => { ready.resolve = r; });
  const done = (async () => {
    try {
      while (!until(messages)) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          const msg = JSON.parse(data);
          if (msg.topic === 'live.ready') ready.resolve();
          else messages.push(msg);
        }
      }
    } catch { /* aborted */ }
    clearTimeout(timer);
    ctrl.abort();
    return messages;
  })();
  return { ready: readyPromise, done };
}

describe('jobs on two nodes', () => {
  it('claims each tick on one node only when both nodes tick at the same moment', async () => {
    const a = await startJobRunner(t.db, { only: [manualName], pollMs: 3_600_000, log: () => undefined });
    const b = await startJobRunner(second.database.db, { only: [manualName], pollMs: 3_600_000, log: () => undefined });
    try {
      for (let round = 0; round < 5; round++) {
        await t.db.update(scheduledJobs).set({ nextRunAt: sql`now() - interval '1 second'` }).where(eq(scheduledJobs.name, manualName));
        const before = manualCalls;
        const [ranA, ranB] = await Promise.all([a.tick(), b.tick()]);
        expect(ranA.length + ranB.length).toBe(1);
        expect(manualCalls - before).toBe(1);
      }
      // Not due: nobody runs it.
      const [ranA, ranB] = await Promise.all([a.tick(), b.tick()]);
      expect(ranA.length + ranB.length).toBe(0);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('runs a periodic job about once per period although two nodes poll it', async () => {
    const start = Date.now();
    counted.length = 0;
    await new Promise((r) => setTimeout(r, 3_000));
    const elapsed = Date.now() - start;
    // Two nodes each polling every 400 ms would run it about 2 × elapsed / 400 times without the claim.
    expect(counted.length).toBeGreaterThanOrEqual(2);
    expect(counted.length).toBeLessThanOrEqual(Math.ceil(elapsed / 400) + 1);
    const sorted = counted.map((c) => c.at).sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThan(200);
  });

  it('records a failing job without its message, retries it, and keeps serving', async () => {
    await expect.poll(() => failingCalls, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const [row] = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, failingName));
    expect(row.failures).toBeGreaterThanOrEqual(2);
    expect(row.lastError).toBe('Error E_TEST');
    expect(row.lastError).not.toContain('13800138000');
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    // It succeeds again at a later tick: the error is cleared.
    failing = false;
    await expect.poll(async () => (await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, failingName)))[0].lastError, { timeout: 10_000 }).toBeNull();
  });
});

describe('live updates across nodes', () => {
  it('delivers an event published on one node to the addressed user connected to the other, after commit only', async () => {
    const alice = await makeUser(t, { roles: ['agent'] });
    const bob = await makeUser(t, { roles: ['agent'] });
    const aliceOnSecond = new ApiClient(second.url);
    aliceOnSecond.cookie = alice.client.cookie;
    const topic = `test.${suffix}`;
    const forAlice = await readLive(aliceOnSecond, second.url, (m) => m.some((x) => x.payload?.n === 3));
    const forBob = await readLive(bob.client, t.baseUrl, (m) => m.some((x) => x.payload?.n === 3));
    await forAlice.ready;
    await forBob.ready;
    // Rolled back: never delivered.
    await t.db.transaction(async (tx) => {
      await publish(tx, { topic, userIds: [alice.user.id], payload: { n: 0 } });
      tx.rollback();
    }).catch(() => undefined);
    await publish(t.db, { topic, userIds: [alice.user.id], payload: { n: 1 } });
    await t.db.transaction(async (tx) => { await publish(tx, { topic, userIds: [bob.user.id], payload: { n: 2 } }); });
    await publish(t.db, { topic, userIds: null, payload: { n: 3 } });
    const a = (await forAlice.done).filter((m) => m.topic === topic).map((m) => m.payload.n);
    const b = (await forBob.done).filter((m) => m.topic === topic).map((m) => m.payload.n);
    expect(a).toEqual([1, 3]);
    expect(b).toEqual([2, 3]);
  });

  it('ends a stream once its session is gone (logout)', async () => {
    const dave = await makeUser(t, { roles: ['agent'] });
    liveTiming.recheckMs = 200;
    try {
      const res = await fetch(`${t.baseUrl}/api/v1/live`, { headers: { cookie: dave.client.cookie } });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      const ended = (async () => { for (;;) { const r = await reader.read(); if (r.done) return true; } })();
      expect((await dave.client.post('/api/v1/auth/logout')).status).toBeLessThan(300);
      await expect(Promise.race([ended, new Promise((r) => setTimeout(() => r(false), 5_000))])).resolves.toBe(true);
    } finally {
      liveTiming.recheckMs = 60_000;
    }
  });

  it('refuses anonymous callers', async () => {
    expect((await fetch(`${t.baseUrl}/api/v1/live`)).status).toBe(401);
  });

  it('addresses many recipients in several notifications when one would be too large', async () => {
    const carol = await makeUser(t, { roles: ['agent'] });
    const topic = `test.many.${suffix}`;
    const live = await readLive(carol.client, t.baseUrl, (m) => m.some((x) => x.topic === topic));
    await live.ready;
    const many: string[] = Array.from({ length: 600 }, () => crypto.randomUUID());
    many.push(carol.user.id);
    await publish(t.db, { topic, userIds: many, payload: { ok: true } });
    const got = (await live.done).filter((m) => m.topic === topic);
    expect(got).toEqual([{ topic, payload: { ok: true } }]);
  });
});
