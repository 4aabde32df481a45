// Benchmark (issue 4, item 9): staff a week of 15-minute intervals (7 × 96 = 672) with the Erlang
// library — the agents needed for 80 % answered in 20 s with at most 85 % occupancy and 30 %
// shrinkage. Target: under 20 ms for the week. Prints figures; asserts nothing.
//
//   npx tsx bench/erlang-week.ts                 # Erlang C, then Erlang A (patience 90 s)
//   npx tsx bench/erlang-week.ts --rounds 50 --scale 1   # --scale multiplies every volume (10 → a 5,000-seat centre)
//
// Self-contained on purpose (no server, no database): it measures the pure calculation.
import os from 'node:os';
import { staffAgents, type StaffResult } from '../src/server/modules/workforce/erlang';

function numArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}
const rounds = Math.round(numArg('rounds', 30));
const scale = numArg('scale', 1);

const INTERVAL_SECONDS = 900;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
// A provincial telecom hotline: ~19,000 calls on a Monday (≈ 114,000 a week), quieter at the weekend.
const DAY_FACTOR = [1.15, 1.05, 1.0, 1.0, 1.02, 0.8, 0.7];

/** Calls offered in a 15-minute interval: a night trough, a 10:00 peak and a smaller 15:00 peak. */
function callsIn(day: number, interval: number): number {
  const h = (interval * INTERVAL_SECONDS) / 3600 + 0.125; // middle of the interval, in hours
  const bump = (centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2));
  const shape = 0.04 + 1.0 * bump(10.2, 2.2) + 0.8 * bump(15.3, 2.4) + 0.35 * bump(20.5, 1.6);
  // a little deterministic noise so no two intervals are the same
  const noise = 1 + 0.06 * Math.sin(day * 97 + interval * 13.7);
  return Math.max(1, Math.round(460 * DAY_FACTOR[day] * shape * noise * scale));
}
/** AHT drifts through the day (longer calls in the evening). */
const ahtAt = (interval: number) => 280 + 40 * Math.sin((interval / 96) * 2 * Math.PI - 1);

const week = DAYS.flatMap((_, d) => Array.from({ length: 96 }, (_, i) => ({ calls: callsIn(d, i), ahtSeconds: ahtAt(i) })));

function staffWeek(patienceSeconds?: number): StaffResult[] {
  return week.map((iv) => staffAgents({
    calls: iv.calls, periodSeconds: INTERVAL_SECONDS, ahtSeconds: iv.ahtSeconds,
    targetSeconds: 20, serviceLevel: 0.8, maxOccupancy: 0.85, shrinkage: 0.3, patienceSeconds,
  }));
}

function measure(label: string, patienceSeconds?: number) {
  for (let i = 0; i < 5; i++) staffWeek(patienceSeconds); // warm-up (JIT)
  const ms: number[] = [];
  let last: StaffResult[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    last = staffWeek(patienceSeconds);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const agentHours = last.reduce((s, x) => s + x.agents, 0) / 4;
  const peak = Math.max(...last.map((x) => x.agents));
  console.log(`\n${label}`);
  console.log(`   week of ${week.length} intervals staffed: median ${median.toFixed(2)} ms (min ${ms[0].toFixed(2)}, max ${ms[ms.length - 1].toFixed(2)}; ${rounds} rounds) · target < 20 ms: ${median < 20 ? 'met' : 'MISSED'}`);
  console.log(`   per interval: ${((median * 1000) / week.length).toFixed(1)} µs`);
  console.log(`   result: peak ${peak} agents on the phones (${Math.max(...last.map((x) => x.scheduled))} scheduled), ${agentHours.toFixed(0)} agent-hours in the week`);
}

const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
const calls = week.reduce((s, x) => s + x.calls, 0);
console.log('== bench/erlang-week.ts — staffing 672 fifteen-minute intervals');
console.log(`   ${new Date().toISOString()} · ${os.availableParallelism()} cores (${cpu}) · node ${process.version} · linux ${os.release()}`);
console.log(`   load average before the run: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`   volumes: ${calls.toLocaleString('en')} calls in the week, ${Math.min(...week.map((x) => x.calls))}–${Math.max(...week.map((x) => x.calls))} per interval, AHT 240–320 s; targets 80/20, occupancy ≤ 85 %, shrinkage 30 %`);
measure('Erlang C (no abandonment)');
measure('Erlang A (mean patience 90 s)', 90);
