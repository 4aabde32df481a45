import type { Command } from 'commander';
import type { z } from 'zod';
import {
  ErlangAInput, ErlangBInput, ErlangCInput, ErlangCapacityInput, ErlangStaffInput,
} from '../shared/workforce';
import { ErlangError } from '../server/modules/workforce/erlang';
import {
  calculateCapacity, calculateErlangA, calculateErlangB, calculateErlangC, calculateStaff,
} from '../server/modules/workforce/erlang.service';

// `manyi erlang b|c|a|staff|capacity`: the calculator of the REST API (/api/v1/workforce/erlang/*)
// on the command line, no database needed. `--json` prints exactly the keys of issue 4 item 4
// for other tools to read; without it, a bilingual summary.
// Exit codes: 0 done; 2 bad options (missing, not a number, out of range); 1 the calculation
// cannot be done (a target no staffing meets, or a queue that grows without limit).

const EXIT_BAD_INPUT = 2;
const EXIT_IMPOSSIBLE = 1;

class BadInput extends Error {}

/** A numeric option: blanks and non-numbers become NaN, which the schema then names. */
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : v.trim() === '' ? NaN : Number(v));

function parse<S extends z.ZodType>(schema: S, value: unknown, flags: Record<string, string>): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    return `  ${flags[key] ?? key}: ${i.message}`;
  });
  throw new BadInput(`invalid options:\n${lines.join('\n')}`);
}

/** Run one calculation; print JSON or a summary; exit 2 on bad input, 1 when impossible. */
function run(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadInput) {
      console.error(`manyi erlang: ${err.message}`);
      process.exit(EXIT_BAD_INPUT);
    }
    if (err instanceof ErlangError) {
      console.error(`manyi erlang: ${err.message}`);
      process.exit(err.kind === 'invalid_input' ? EXIT_BAD_INPUT : EXIT_IMPOSSIBLE);
    }
    throw err;
  }
}

const FLAGS: Record<string, string> = {
  trafficErlangs: '--traffic', lines: '--lines', calls: '--calls', periodSeconds: '--period', ahtSeconds: '--aht',
  agents: '--agents', targetSeconds: '--target-seconds', patienceSeconds: '--patience', serviceLevel: '--service-level',
  asaSeconds: '--asa', maxOccupancy: '--max-occupancy', shrinkage: '--shrinkage',
};

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
const sec = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} s`;
const erl = (v: number) => `${v.toFixed(3)} Erl`;

/** Label/value rows, aligned. */
function table(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([l]) => displayWidth(l)));
  console.log(title);
  for (const [l, v] of rows) console.log(`  ${l}${' '.repeat(width - displayWidth(l))}  ${v}`);
}
/** Columns a string takes in a terminal (CJK characters take two). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

interface LoadOptions {
  calls?: string;
  period?: string;
  aht?: string;
  targetSeconds?: string;
  json?: boolean;
}
const loadOf = (o: LoadOptions) => ({ calls: num(o.calls), periodSeconds: num(o.period), ahtSeconds: num(o.aht) });

/** A subcommand that turns every option error into exit code 2. */
function sub(parent: Command, name: string): Command {
  return parent.command(name).exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : EXIT_BAD_INPUT));
}

export function registerErlangCommands(program: Command): void {
  const erlang = program
    .command('erlang')
    .description('Erlang B / C / A calculator and staffing (话务量与坐席测算); no database needed')
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : EXIT_BAD_INPUT));

  sub(erlang, 'b')
    .description('Erlang B blocking probability (呼损率) for a traffic offered to a number of lines')
    .requiredOption('--traffic <erlangs>', 'offered traffic in erlangs')
    .requiredOption('--lines <n>', 'lines (servers, trunks)')
    .option('--json', 'print JSON: {"blocking": …}')
    .action((o: { traffic: string; lines: string; json?: boolean }) => run(() => {
      const input = parse(ErlangBInput, { trafficErlangs: num(o.traffic), lines: num(o.lines) }, FLAGS);
      const r = calculateErlangB(input);
      if (o.json) return console.log(JSON.stringify({ blocking: r.blocking }));
      table(`Erlang B · ${erl(input.trafficErlangs)} · ${input.lines} 线 lines`, [['呼损率 Blocking', pct(r.blocking)]]);
    }));

  const withLoad = (cmd: Command) => cmd
    .requiredOption('--calls <n>', 'calls offered in the period')
    .requiredOption('--period <seconds>', 'length of the period in seconds (900, 1800, 3600…)')
    .requiredOption('--aht <seconds>', 'average handle time in seconds (talk + hold + after-call work)');

  withLoad(sub(erlang, 'c').description('Erlang C (no abandonment): P(wait), service level, ASA, occupancy, queue length for n agents'))
    .requiredOption('--agents <n>', 'agents on the phones')
    .requiredOption('--target-seconds <seconds>', 'service-level target: answered within this many seconds')
    .option('--json', 'print JSON: {"trafficErlangs","pWait","serviceLevel","asaSeconds","occupancy","queueLength"}')
    .action((o: LoadOptions & { agents: string }) => run(() => {
      const input = parse(ErlangCInput, { ...loadOf(o), agents: num(o.agents), targetSeconds: num(o.targetSeconds) }, FLAGS);
      const r = calculateErlangC(input);
      if (o.json) {
        return console.log(JSON.stringify({
          trafficErlangs: r.trafficErlangs, pWait: r.pWait, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds,
          occupancy: r.occupancy, queueLength: r.queueLength,
        }));
      }
      table(`Erlang C · ${input.calls} 通/calls 每 ${input.periodSeconds} s · AHT ${input.ahtSeconds} s · ${input.agents} 名坐席 agents`, [
        ['话务量 Traffic', erl(r.trafficErlangs)],
        ['等待概率 P(wait)', pct(r.pWait)],
        [`服务水平 Service level (${input.targetSeconds} s)`, pct(r.serviceLevel)],
        ['平均应答速度 ASA', sec(r.asaSeconds)],
        ['占用率 Occupancy', pct(r.occupancy)],
        ['平均排队数 Queue length', r.queueLength.toFixed(3)],
      ]);
    }));

  withLoad(sub(erlang, 'a').description('Erlang A (callers abandon): P(wait), P(abandon), service level, ASA of answered calls, occupancy'))
    .requiredOption('--agents <n>', 'agents on the phones')
    .requiredOption('--target-seconds <seconds>', 'service-level target: answered within this many seconds')
    .requiredOption('--patience <seconds>', 'mean time callers wait before hanging up')
    .option('--json', 'print JSON: {"pWait","pAbandon","serviceLevel","asaSeconds","occupancy"}')
    .action((o: LoadOptions & { agents: string; patience: string }) => run(() => {
      const input = parse(ErlangAInput, {
        ...loadOf(o), agents: num(o.agents), targetSeconds: num(o.targetSeconds), patienceSeconds: num(o.patience),
      }, FLAGS);
      const r = calculateErlangA(input);
      if (o.json) {
        return console.log(JSON.stringify({
          pWait: r.pWait, pAbandon: r.pAbandon, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds, occupancy: r.occupancy,
        }));
      }
      table(`Erlang A · ${input.calls} 通/calls 每 ${input.periodSeconds} s · AHT ${input.ahtSeconds} s · ${input.agents} 名坐席 agents · 耐心 patience ${input.patienceSeconds} s`, [
        ['话务量 Traffic', erl(r.trafficErlangs)],
        ['等待概率 P(wait)', pct(r.pWait)],
        ['放弃率 P(abandon)', pct(r.pAbandon)],
        [`服务水平 Service level (${input.targetSeconds} s)`, pct(r.serviceLevel)],
        ['平均应答速度 ASA (answered)', sec(r.asaSeconds)],
        ['占用率 Occupancy', pct(r.occupancy)],
      ]);
    }));

  withLoad(sub(erlang, 'staff').description('agents needed for the targets (smallest number meeting all of them), and headcount after shrinkage'))
    .requiredOption('--target-seconds <seconds>', 'service-level target: answered within this many seconds')
    .option('--service-level <fraction>', 'share of calls to answer within --target-seconds, e.g. 0.8')
    .option('--asa <seconds>', 'largest acceptable average speed of answer')
    .option('--max-occupancy <fraction>', 'largest acceptable occupancy, e.g. 0.85')
    .option('--shrinkage <fraction>', 'share of paid time off the phones, e.g. 0.3')
    .option('--patience <seconds>', 'mean patience: use Erlang A (with abandonment)')
    .option('--json', 'print JSON: {"agents","scheduled","serviceLevel","asaSeconds","occupancy"}')
    .action((o: LoadOptions & { serviceLevel?: string; asa?: string; maxOccupancy?: string; shrinkage?: string; patience?: string }) => run(() => {
      const input = parse(ErlangStaffInput, {
        ...loadOf(o), targetSeconds: num(o.targetSeconds), serviceLevel: num(o.serviceLevel), asaSeconds: num(o.asa),
        maxOccupancy: num(o.maxOccupancy), shrinkage: num(o.shrinkage), patienceSeconds: num(o.patience),
      }, FLAGS);
      const r = calculateStaff(input);
      if (o.json) {
        return console.log(JSON.stringify({
          agents: r.agents, scheduled: r.scheduled, serviceLevel: r.serviceLevel, asaSeconds: r.asaSeconds, occupancy: r.occupancy,
        }));
      }
      const goals = [
        input.serviceLevel !== undefined ? `${pct(input.serviceLevel)} / ${input.targetSeconds} s` : undefined,
        input.asaSeconds !== undefined ? `ASA ≤ ${input.asaSeconds} s` : undefined,
        input.maxOccupancy !== undefined ? `occupancy ≤ ${pct(input.maxOccupancy)}` : undefined,
      ].filter(Boolean).join(', ');
      table(`${r.model === 'erlang-a' ? 'Erlang A' : 'Erlang C'} 坐席测算 staffing · ${input.calls} 通/calls 每 ${input.periodSeconds} s · AHT ${input.ahtSeconds} s · 目标 targets ${goals}`, [
        ['话务量 Traffic', erl(r.trafficErlangs)],
        ['所需坐席 Agents needed', String(r.agents)],
        [`排班人数 Scheduled (shrinkage ${pct(input.shrinkage ?? 0)})`, String(r.scheduled)],
        [`服务水平 Service level (${input.targetSeconds} s)`, pct(r.serviceLevel)],
        ['平均应答速度 ASA', sec(r.asaSeconds)],
        ['占用率 Occupancy', pct(r.occupancy)],
        ...(r.pAbandon !== null ? [['放弃率 P(abandon)', pct(r.pAbandon)] as [string, string]] : []),
      ]);
    }));

  sub(erlang, 'capacity')
    .description('the most traffic a number of agents can take within the targets')
    .requiredOption('--agents <n>', 'agents on the phones')
    .requiredOption('--aht <seconds>', 'average handle time in seconds')
    .requiredOption('--target-seconds <seconds>', 'service-level target: answered within this many seconds')
    .option('--period <seconds>', 'express the answer as calls per this period', '3600')
    .option('--service-level <fraction>', 'share of calls to answer within --target-seconds, e.g. 0.8')
    .option('--asa <seconds>', 'largest acceptable average speed of answer')
    .option('--max-occupancy <fraction>', 'largest acceptable occupancy, e.g. 0.85')
    .option('--patience <seconds>', 'mean patience: use Erlang A (with abandonment)')
    .option('--json', 'print JSON: {"trafficErlangs","calls","periodSeconds"}')
    .action((o: LoadOptions & { agents: string; serviceLevel?: string; asa?: string; maxOccupancy?: string; patience?: string }) => run(() => {
      const input = parse(ErlangCapacityInput, {
        agents: num(o.agents), ahtSeconds: num(o.aht), periodSeconds: num(o.period), targetSeconds: num(o.targetSeconds),
        serviceLevel: num(o.serviceLevel), asaSeconds: num(o.asa), maxOccupancy: num(o.maxOccupancy), patienceSeconds: num(o.patience),
      }, FLAGS);
      const r = calculateCapacity(input);
      if (o.json) return console.log(JSON.stringify(r));
      table(`容量 Capacity · ${input.agents} 名坐席 agents · AHT ${input.ahtSeconds} s`, [
        ['最大话务量 Max traffic', erl(r.trafficErlangs)],
        [`最多来话 Max calls / ${r.periodSeconds} s`, r.calls.toFixed(1)],
      ]);
    }));
}
