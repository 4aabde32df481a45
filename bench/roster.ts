// Benchmark (issue 4, item 6): plan a week for a 300-agent hotline — forecast a week of 15-minute
// intervals (672) from 8 weeks of history, staff every interval for 80 % in 20 s (Erlang C, 30 %
// shrinkage), and generate a roster covering it from shift templates under the rest rules. Prints the time
// of each step (median of --rounds) and the roster's figures; asserts nothing.
//
//   npx tsx bench/roster.ts                  # 300 agents, 5 rounds
//   npx tsx bench/roster.ts --agents 300 --per-day 8000 --rounds 5
//
// Self-contained (no server, no database): it measures the pure planning code the API runs.
import os from 'node:os';
import { epochDayOfDate, forecastIntervals, localMidnight } from '../src/server/modules/workforce/forecast';
import { syntheticHistory } from '../src/server/modules/workforce/planning-synthetic';
import { checkRoster, generateRoster, type ShiftTemplateSpec } from '../src/server/modules/workforce/roster';
import { staffingRequirements } from '../src/server/modules/workforce/staffing';

function numArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}
const rounds = Math.round(numArg('rounds', 5));
const agentCount = Math.round(numArg('agents', 300));
const perDay = numArg('per-day', 8000);

const ZONE = 'Asia/Shanghai';
const WEEK = '2026-03-30';
const history = syntheticHistory({ from: '2026-02-02', days: 56, intervalMinutes: 15, perDay, trendPerDay: 5, openHour: 7, closeHour: 23, ahtSeconds: 300, seed: 11 });

const BREAK = { lengthMinutes: 60, paid: false, earliestMinute: 150, latestMinute: 330 };
const SHORT_BREAK = { lengthMinutes: 15, paid: true, earliestMinute: 90, latestMinute: 180 };
const ALL = [0, 1, 2, 3, 4, 5, 6];
const templates: ShiftTemplateSpec[] = [
  ...[7, 8, 9, 10, 11, 12, 13, 14].map((h) => ({ id: `full-${h}`, startMinute: h * 60, lengthMinutes: 540, breaks: [BREAK], days: ALL })),
  ...[10, 16, 18, 19].map((h) => ({ id: `part-${h}`, startMinute: h * 60, lengthMinutes: 240, breaks: [SHORT_BREAK], days: ALL })),
];
const agents = Array.from({ length: agentCount }, (_, i) => ({ id: `agent-${i}` }));
const rules = { minRestHours: 11, maxConsecutiveDays: 5, maxWeeklyHours: 40, minDaysOff: 2 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
};

const tF: number[] = [];
const tR: number[] = [];
const tG: number[] = [];
const tC: number[] = [];
let last: { f: ReturnType<typeof forecastIntervals>; r: ReturnType<typeof staffingRequirements>; g: ReturnType<typeof generateRoster>; violations: number } | undefined;
for (let round = 0; round < rounds; round++) {
  const [f, a] = time(() => forecastIntervals({ history, intervalMinutes: 15, timezone: ZONE, from: WEEK, days: 7 }));
  const [r, b] = time(() => staffingRequirements(f.intervals, 15, { targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.3 }));
  const day0 = epochDayOfDate(WEEK);
  const frame = { dayStartsMs: Array.from({ length: 8 }, (_, d) => localMidnight(day0 + d, ZONE).toMillis()), slotMinutes: 15 };
  const required = r.intervals.map((i) => i.scheduled);
  const [g, c] = time(() => generateRoster({ frame, required, templates, agents, rules }));
  const [v, d] = time(() => checkRoster(frame, g.shifts.map((s, i) => ({ ...s, id: String(i) })), agents, rules));
  tF.push(a); tR.push(b); tG.push(c); tC.push(d);
  last = { f, r, g, violations: v.length };
}
const { f, r, g, violations } = last!;
console.log(`machine: ${os.cpus()[0]?.model?.trim()} × ${os.availableParallelism()}, node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`history: ${history.length} intervals over ${f.historyDays} days; forecast ${f.intervals.length} intervals; back-test WAPE ${(f.backtest.wape! * 100).toFixed(1)} %, MAPE ${(f.backtest.mape! * 100).toFixed(1)} %`);
console.log(`requirement: ${r.scheduledHours.toFixed(0)} scheduled agent-hours, peak ${r.peakScheduled} agents in an interval`);
console.log(`roster: ${g.shifts.length} shifts for ${agentCount} agents, ${g.paidHours.toFixed(0)} paid h vs ${g.requiredHours.toFixed(0)} h required (lower bound; ratio ${(g.paidHours / g.requiredHours).toFixed(3)}), `
  + `${g.shortSlots.length} short intervals, ${g.unassigned} unassigned shifts, ${violations} rule violations`);
console.log(`median of ${rounds} rounds — forecast ${median(tF).toFixed(1)} ms, requirements ${median(tR).toFixed(1)} ms, roster ${median(tG).toFixed(1)} ms, rule check ${median(tC).toFixed(1)} ms, `
  + `total ${(median(tF) + median(tR) + median(tG) + median(tC)).toFixed(1)} ms`);
