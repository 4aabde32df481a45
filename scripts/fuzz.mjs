#!/usr/bin/env node
// `npm run fuzz`: the long mode of the OpenAPI-driven fuzzer (test/fuzz.test.ts) for .ci/run —
// thousands of generated requests per route. Settings, all optional:
//   MANYI_FUZZ_RUNS=200           requests per route (npm test runs 4); raise it for a longer soak
//   MANYI_FUZZ_SEED=<n>           replay a run (printed at the start and in any failure)
//   MANYI_FUZZ_CONCURRENCY=6      requests in flight
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  TZ: 'UTC',
  MANYI_FUZZ_RUNS: process.env.MANYI_FUZZ_RUNS ?? '200',
  MANYI_FUZZ_SEED: process.env.MANYI_FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31)),
};
console.log(`fuzz: ${env.MANYI_FUZZ_RUNS} requests per route, seed ${env.MANYI_FUZZ_SEED}`);
const t0 = Date.now();
const r = spawnSync('npx', ['vitest', 'run', '--project', 'integration', 'test/fuzz.test.ts', ...process.argv.slice(2)], { stdio: 'inherit', env });
console.log(`fuzz: ${r.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - t0) / 1000)} s (replay: MANYI_FUZZ_SEED=${env.MANYI_FUZZ_SEED} MANYI_FUZZ_RUNS=${env.MANYI_FUZZ_RUNS} npm run fuzz)`);
process.exit(r.status ?? 1);
