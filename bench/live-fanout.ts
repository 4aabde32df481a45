// Live updates across two app nodes: N logged-in users hold an SSE stream (GET /api/v1/live), half on
// node A and half on node B, both on one PostgreSQL. The bench publishes events exactly as `publish()`
// does (pg_notify on the live channel, from its own connection) at a fixed rate, broadcast to everyone
// and addressed to one user, and measures commit → browser latency per delivery and any loss.
//
//   npx tsx bench/live-fanout.ts                  # embedded PostgreSQL in a temp data dir (removed after)
//   npx tsx bench/live-fanout.ts --database-url postgres://postgres@127.0.0.1:5432/postgres
// Options: --clients 200 --rate 50 (events/s) --duration 10 (s)
import crypto from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { Http, arg, cpuSampler, createDatabase, dropDatabase, embeddedUrl, fmtCpu, fmtSummary, login, numArg, postmasterChild, printMachine, sleep, spawnManyi, summary, tempDataDir } from './lib';

const CLIENTS = numArg('clients', 200);
const RATE = numArg('rate', 50);
const DURATION_S = numArg('duration', 10);
const BASE_URL = arg('database-url');
const CHANNEL = 'manyi_live';

interface Stream { userId: string; received: Map<number, number>; req: http.ClientRequest }

function openStream(port: number, cookie: string, userId: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const received = new Map<number, number>();
    const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/live', headers: { cookie }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`live: ${res.statusCode}`));
      let buf = '';
      let ready = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.timeOrigin + performance.now();
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const data = buf.slice(0, i).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          buf = buf.slice(i + 2);
          if (!data) continue;
          const msg = JSON.parse(data) as { topic: string; payload: { seq: number; at: number } | null };
          if (msg.topic === 'live.ready' && !ready) { ready = true; resolve({ userId, received, req }); }
          if (msg.topic === 'bench' && msg.payload) received.set(msg.payload.seq, now - msg.payload.at);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main() {
  printMachine(`live fan-out: ${CLIENTS} SSE clients on 2 nodes, ${RATE} events/s for ${DURATION_S} s`);
  const dataDir = tempDataDir();
  let dbName: string | undefined;
  let dbUrl: string | undefined;
  if (BASE_URL) {
    dbName = `manyi_bench_live_${Date.now()}`;
    dbUrl = await createDatabase(BASE_URL, dbName);
  }
  const a = await spawnManyi({ dataDir, databaseUrl: dbUrl, env: { MANYI_JOBS: '0' } });
  await a.ready();
  const url = dbUrl ?? embeddedUrl(dataDir);
  const b = await spawnManyi({ dataDir: tempDataDir(), databaseUrl: url, env: { MANYI_JOBS: '0' } });
  await b.ready();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // Users share the admin's password hash (one argon2 hash, not N).
    const admin = (await db.query(`select password_hash, org_unit_id from users where username = 'admin'`)).rows[0];
    const users: { id: string; username: string }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const username = `live_${crypto.randomBytes(4).toString('hex')}`;
      const r = await db.query(`insert into users (username, name, password_hash, org_unit_id) values ($1, $1, $2, $3) returning id`, [username, admin.password_hash, admin.org_unit_id]);
      users.push({ id: r.rows[0].id, username });
    }
    const httpA = new Http(a.port, 8);
    const httpB = new Http(b.port, 8);
    const streams: Stream[] = [];
    const t0 = performance.now();
    for (let i = 0; i < users.length; i++) {
      const node = i % 2 === 0 ? a : b;
      const cookie = await login(i % 2 === 0 ? httpA : httpB, undefined, users[i].username);
      streams.push(await openStream(node.port, cookie, users[i].id));
    }
    console.log(`connected ${streams.length} streams (${streams.length / 2} per node) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const cpu = cpuSampler(a.pid, () => postmasterChild(a.pid));
    const cpuB = cpuSampler(b.pid);
    const target = streams[1];
    let seq = 0;
    const broadcast: number[] = [];
    const addressed: number[] = [];
    const interval = 1000 / RATE;
    const start = performance.now();
    while (performance.now() - start < DURATION_S * 1000) {
      const due = start + seq * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const toOne = seq % 10 === 9;
      const payload = JSON.stringify({ t: 'bench', u: toOne ? [target.userId] : null, p: { seq, at: performance.timeOrigin + performance.now() } });
      await db.query('select pg_notify($1, $2)', [CHANNEL, payload]);
      (toOne ? addressed : broadcast).push(seq);
      seq += 1;
    }
    await sleep(2000);
    const usageA = cpu();
    const usageB = cpuB();
    const lat: number[] = [];
    let lost = 0;
    let misdelivered = 0;
    for (const s of streams) {
      for (const q of broadcast) {
        const v = s.received.get(q);
        if (v === undefined) lost += 1;
        else lat.push(v);
      }
      for (const q of addressed) {
        const v = s.received.get(q);
        if (s === target) { if (v === undefined) lost += 1; else lat.push(v); }
        else if (v !== undefined) misdelivered += 1;
      }
    }
    lat.sort((x, y) => x - y);
    console.log(`events: ${seq} (${broadcast.length} to everyone, ${addressed.length} to one user); deliveries expected ${broadcast.length * streams.length + addressed.length}`);
    console.log(`delivered: ${lat.length}, lost: ${lost}, delivered to the wrong user: ${misdelivered}`);
    console.log(`commit → SSE client latency (ms): ${fmtSummary(summary(lat))}`);
    console.log(`node A + PostgreSQL CPU: ${fmtCpu(usageA)}`);
    console.log(`node B CPU: ${fmtCpu(usageB, false)}`);
    for (const s of streams) s.req.destroy();
    httpA.close();
    httpB.close();
  } finally {
    await db.end();
    await b.stop();
    await a.stop();
    if (dbName && BASE_URL) await dropDatabase(BASE_URL, dbName);
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
