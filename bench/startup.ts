// Start-up to ready and idle memory: spawn `node bin/manyi.js start` on a fresh data dir
// (initdb + migrations + admin) and again on the same, now existing, dir; time from spawn
// to the first /healthz 200; then, after --idle seconds, RSS and PSS of the node process
// and every postgres process under it; and once more right after a burst of requests.
//
//   npx tsx bench/startup.ts [--runs 3] [--idle 10]
import fs from 'node:fs';
import {
  Http, login, type ManyiProcess, cmdlineOf, commOf, memoryOf, ms, numArg, printMachine, processTree, sleep, spawnManyi, summary, tempDataDir,
} from './lib';

const RUNS = Math.min(10, numArg('runs', 3));
const IDLE_S = numArg('idle', 10);
const TARGET_MS = 3000;
const TARGET_MB = 250;

interface Sample extends Mem { kind: 'fresh' | 'existing'; readyMs: number; internalMs?: number; busy?: Mem }

interface Mem { appRss: number; appPss?: number; pgRss: number; pgPss?: number; pgProcs: number }

/** RSS and PSS of the node process (and its helpers) and of every postgres process under it, in MB. */
function measure(rootPid: number): Mem {
    const tree = processTree(rootPid);
    let appRss = 0, appPss = 0, pgRss = 0, pgPss = 0, pgProcs = 0, pssKnown = true;
    const detail: string[] = [];
    for (const pid of tree) {
      const mem = memoryOf(pid);
      if (!mem) continue; // exited meanwhile (e.g. an autovacuum worker)
      if (mem.pssKb === undefined) pssKnown = false;
      const comm = commOf(pid);
      if (comm.startsWith('postgres') || cmdlineOf(pid).startsWith('postgres')) {
        pgRss += mem.rssKb; pgPss += mem.pssKb ?? 0; pgProcs++;
      } else {
        appRss += mem.rssKb; appPss += mem.pssKb ?? 0;
      }
      detail.push(`${pid} ${cmdlineOf(pid).slice(0, 60)}: rss ${Math.round(mem.rssKb / 1024)} MB${mem.pssKb !== undefined ? `, pss ${Math.round(mem.pssKb / 1024)} MB` : ''}`);
    }
    if (process.argv.includes('--verbose')) console.log(detail.map((d) => `      ${d}`).join('\n'));
  return {
    appRss: appRss / 1024, appPss: pssKnown ? appPss / 1024 : undefined,
    pgRss: pgRss / 1024, pgPss: pssKnown ? pgPss / 1024 : undefined, pgProcs,
  };
}

/** Memory right after 1,000 case-list requests, 24 at a time (the pool's 20 connections open), then 10 s later. */
async function afterBurst(server: ManyiProcess): Promise<Mem> {
  const client = new Http(server.port, 24);
  try {
    const cookie = await login(client);
    let next = 0;
    await Promise.all(Array.from({ length: 24 }, async () => {
      while (next < 1000) {
        next++;
        const r = await client.request('GET', '/api/v1/cases?limit=20', { cookie });
        if (r.status !== 200) throw new Error(`GET /api/v1/cases: ${r.status}`);
      }
    }));
    return measure(server.pid);
  } finally {
    client.close();
  }
}

async function once(kind: Sample['kind'], dataDir: string): Promise<Sample> {
  const server = await spawnManyi({ dataDir });
  try {
    const readyMs = await server.ready(60_000);
    const m = /ready at \S+\s+\((\d+) ms\)/.exec(server.output());
    await sleep(IDLE_S * 1000);
    const idle = measure(server.pid);
    const busy = kind === 'existing' ? await afterBurst(server) : undefined;
    return { kind, readyMs, internalMs: m ? Number(m[1]) : undefined, ...idle, busy };
  } finally {
    await server.stop();
  }
}

const total = (m: Mem) => (m.appPss !== undefined && m.pgPss !== undefined ? m.appPss + m.pgPss : undefined);
const mb = (x: number | undefined) => (x === undefined ? '–' : `${Math.round(x)} MB`);

async function main() {
  printMachine('start-up to ready, and idle memory (embedded PostgreSQL)');
  const samples: Sample[] = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const dir = tempDataDir();
      dirs.push(dir);
      for (const kind of ['fresh', 'existing'] as const) {
        const s = await once(kind, dir);
        samples.push(s);
        console.log(`   run ${i + 1} ${kind.padEnd(8)} ready ${ms(s.readyMs).padStart(5)} ms (inside startServer ${s.internalMs ?? '?'} ms) · ` +
          `after ${IDLE_S} s idle: node rss ${mb(s.appRss)} pss ${mb(s.appPss)} · postgres ×${s.pgProcs} rss ${mb(s.pgRss)} pss ${mb(s.pgPss)} · ` +
          `total rss ${mb(s.appRss + s.pgRss)} pss ${mb(total(s))}`);
        if (s.busy) console.log(`   run ${i + 1} existing right after 1,000 GET /api/v1/cases (24 in flight): node pss ${mb(s.busy.appPss)} · postgres ×${s.busy.pgProcs} pss ${mb(s.busy.pgPss)} · total pss ${mb(total(s.busy))} (rss sum ${mb(s.busy.appRss + s.busy.pgRss)})`);
      }
    }
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
  console.log('');
  for (const kind of ['fresh', 'existing'] as const) {
    const ss = samples.filter((s) => s.kind === kind);
    const r = summary(ss.map((s) => s.readyMs));
    const pss = summary(ss.map((s) => total(s) ?? NaN));
    const rss = summary(ss.map((s) => s.appRss + s.pgRss));
    console.log(`   ${kind.padEnd(8)} data dir: ready median ${ms(r.p50)} ms (max ${ms(r.max)}) target < ${TARGET_MS}: ${r.max < TARGET_MS ? 'met' : r.p50 < TARGET_MS ? 'met at the median' : 'MISSED'} · ` +
      `idle memory median pss ${mb(pss.p50)} (rss sum ${mb(rss.p50)}) target < ${TARGET_MB} MB: ${pss.max < TARGET_MB ? 'met' : 'MISSED'}`);
  }
  const busy = samples.filter((s) => s.busy).map((s) => total(s.busy!) ?? NaN);
  if (busy.length) console.log(`   after a burst of requests (existing data dir, pool open): median pss ${mb(summary(busy).p50)} (max ${mb(summary(busy).max)})`);
  console.log('   (PSS shares each page among the processes mapping it, so the sum is the real footprint; the RSS sum counts shared_buffers once per postgres process.)');
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
