import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config';
import { startEmbedded, type EmbeddedServer } from '../src/server/db/embedded';
import { startServer, type RunningServer } from '../src/server/main';
import { Client, PASSWORD, tempDir, waitFor } from './node-process';

// Database outages (issue 5 item 2): the app runs on a PostgreSQL server of its own that this
// test stops and starts again on the same port. While it is away the API answers
// 503 database_unavailable (no hang, no crash, no unhandled pool error), /healthz says why,
// and once it is back service resumes with no restart of the app.

let dir: string;
let pgData: string;
let db: EmbeddedServer;
let server: RunningServer;
let admin: Client;
const processErrors: unknown[] = [];
const onProcessError = (err: unknown) => { processErrors.push(err); console.error("[outage test] uncaught:", err); };

const call = (method: string, url: string, body?: unknown, client = admin) => client.request(method, url, body);

beforeAll(async () => {
  process.on('uncaughtException', onProcessError);
  process.on('unhandledRejection', onProcessError);
  dir = tempDir('manyi-outage-');
  pgData = path.join(dir, 'pg');
  db = await startEmbedded(pgData, { log: () => undefined });
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir: path.join(dir, 'app'), databaseUrl: db.url, adminPassword: PASSWORD, demo: false };
  server = await startServer(config, { quiet: true });
  admin = new Client(server.url);
  await admin.login();
});

afterAll(async () => {
  process.off('uncaughtException', onProcessError);
  process.off('unhandledRejection', onProcessError);
  await server?.stop();
  await db?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('database outage', () => {
  it('answers 503 database_unavailable while the database is down and resumes by itself when it returns', async () => {
    // Up: a write and a read work; the pool holds idle connections that the outage will break.
    const before = await call('POST', '/api/v1/cases', {
      type: 'complaint', channel: 'counter', subject: '宽带断网', description: '停库之前', priority: 'normal',
      customer: { name: '王芳', phone: '13800138000' },
    });
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect((await call('GET', '/healthz')).status).toBe(200);

    await db.stop();

    // Down: every kind of request answers 503 with the stable code and a translated message.
    const list = await call('GET', '/api/v1/cases');
    expect(list.status).toBe(503);
    expect(list.body.error.code).toBe('database_unavailable');
    expect(list.body.error.message).toBe('The database is unavailable; try again shortly');
    expect(list.headers.get('retry-after')).toBe('5');
    const zh = await admin.request('GET', '/api/v1/cases', undefined, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(503);
    expect(zh.body.error.message).toBe('数据库暂时不可用，请稍后重试');
    const write = await call('POST', '/api/v1/cases', {
      type: 'complaint', channel: 'counter', subject: '停库期间', description: '', priority: 'normal', customer: { name: '李雷', phone: '13900139000' },
    });
    expect(write.status).toBe(503);
    expect(write.body.error.code).toBe('database_unavailable');
    const login = await call('POST', '/api/v1/auth/login', { username: 'admin', password: PASSWORD }, new Client(server.url));
    expect(login.status).toBe(503);
    expect(JSON.stringify(login.body)).not.toMatch(/ECONNREFUSED|stack|at .*\.ts/);

    // A burst of concurrent requests: all answered, none hangs, nothing crashes.
    const burst = await Promise.all(Array.from({ length: 40 }, () => call('GET', `/api/v1/cases/${before.body.id}`)));
    expect(burst.map((r) => r.status)).toEqual(Array(40).fill(503));

    const health = await call('GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'down' });
    expect(health.body.reason).toMatch(/ECONNREFUSED|connect/i);

    // Back on the same port: no restart of the app, the pool reconnects.
    db = await startEmbedded(pgData, { log: () => undefined, port: db.port });
    await waitFor(async () => (await call('GET', '/healthz')).status === 200, '/healthz 200 after the database returned');
    const after = await call('GET', `/api/v1/cases/${before.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body.subject).toBe('宽带断网');
    const write2 = await call('POST', '/api/v1/cases', {
      type: 'complaint', channel: 'counter', subject: '恢复之后', description: '', priority: 'normal', customer: { name: '韩梅梅', phone: '13700137000' },
    });
    expect(write2.status).toBe(201);
    // The write refused during the outage was not half written.
    const search = await call('GET', `/api/v1/cases?q=${encodeURIComponent('停库期间')}`);
    expect(search.status).toBe(200);
    expect(search.body.items).toHaveLength(0);

    expect(processErrors).toEqual([]);
  });

  it('survives a second outage while requests are in flight', async () => {
    const inflight = Array.from({ length: 30 }, (_, i) => call('POST', '/api/v1/cases', {
      type: 'inquiry', channel: 'hotline', subject: `并发${i}`, description: '', priority: 'normal', customer: { name: `客户${i}`, phone: `1360000${String(i).padStart(4, '0')}` },
    }).catch((err: unknown) => ({ status: -1, body: String(err) as any, headers: new Headers() })));
    await db.stop();
    const results = await Promise.all(inflight);
    // Each answer is either done (201) or refused cleanly (503): no 500, no dropped connection.
    for (const r of results) expect([201, 503]).toContain(r.status);
    console.log(`in flight when the database stopped: ${results.filter((r) => r.status === 201).length} done, ${results.filter((r) => r.status === 503).length} refused`);
    db = await startEmbedded(pgData, { log: () => undefined, port: db.port });
    await waitFor(async () => (await call('GET', '/healthz')).status === 200, '/healthz 200 after the second outage');
    // Every 201 is there, every 503 is absent.
    for (const [i, r] of results.entries()) {
      const found = await call('GET', `/api/v1/cases?q=${encodeURIComponent(`并发${i}`)}`);
      expect(found.status).toBe(200);
      const hits = (found.body.items as { subject: string }[]).filter((c) => c.subject === `并发${i}`);
      expect(hits.length).toBe(r.status === 201 ? 1 : 0);
    }
    expect(processErrors).toEqual([]);
  });

  it('gives back every pool connection an outage broke, so later outages do not fill the pool', async () => {
    const { db: orm, pool } = server.database;
    const held = () => pool.totalCount - pool.idleCount;
    for (let round = 0; round < 6; round++) {
      // connections open and idle, then transactions on them as the server goes away
      const max = pool.options.max ?? 10;
      await Promise.all(Array.from({ length: max }, () => pool.query('SELECT pg_sleep(0.01)')));
      const work = Array.from({ length: 3 * max }, () => orm.transaction(async (tx) => { await tx.execute(sql`SELECT 1`); }).then(() => true, () => false));
      await new Promise((r) => setTimeout(r, round % 3));
      await db.stop();
      await Promise.all(work);
      await waitFor(async () => held() === 0, `no pool connection held after outage ${round + 1} (held: ${held()})`, 5_000);
      db = await startEmbedded(pgData, { log: () => undefined, port: db.port });
    }
    // the whole pool serves again
    await waitFor(async () => (await call('GET', '/healthz')).status === 200, '/healthz 200 after the outages');
    const rows = await Promise.all(Array.from({ length: 20 }, () => pool.query('SELECT 1 AS one')));
    expect(rows.map((r) => r.rows[0].one)).toEqual(Array(20).fill(1));
    expect(processErrors).toEqual([]);
  });
});
