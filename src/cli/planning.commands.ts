import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { HistoryPointInput } from '../shared/planning';
import { epochDayOfDate, ForecastError, forecastIntervals } from '../server/modules/workforce/forecast';

// `manyi forecast --history FILE.json [--weeks 1] [--interval 30] [--from YYYY-MM-DD] [--timezone Asia/Shanghai] [--json]`:
// the forecast of POST /api/v1/workforce/forecasts from a history file, no database needed (no business
// calendar: holidays are not known here). The file is a JSON array of { start, offered, answered?, ahtSeconds? }.
// --from defaults to the day after the history's last day. Exit codes: 0 done; 2 bad options or file;
// 1 the history is too short (the message says how many days are needed).

const EXIT_BAD_INPUT = 2;
const EXIT_IMPOSSIBLE = 1;

function fail(message: string, code: number): never {
  console.error(`manyi forecast: ${message}`);
  process.exit(code);
}

export function registerPlanningCommands(program: Command): void {
  program
    .command('forecast')
    .description('Forecast contacts per interval from a JSON history file, with the back-tested MAPE and WAPE')
    .requiredOption('--history <file>', 'JSON array of { start, offered, answered?, ahtSeconds? }')
    .option('--weeks <n>', 'weeks to forecast', '1')
    .option('--interval <minutes>', '15, 30 or 60', '30')
    .option('--from <date>', 'first local date to forecast (default: the day after the history)')
    .option('--timezone <zone>', 'the site\'s time zone', 'Asia/Shanghai')
    .option('--holdout <days>', 'days held out for the back-test', '7')
    .option('--json', 'print the result as JSON')
    .action((o: { history: string; weeks: string; interval: string; from?: string; timezone: string; holdout: string; json?: boolean }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(o.history, 'utf8'));
      } catch (err) {
        fail(`cannot read ${o.history}: ${(err as Error).message}`, EXIT_BAD_INPUT);
      }
      const parsed = z.array(HistoryPointInput).safeParse(raw);
      if (!parsed.success) fail(`${o.history}: ${parsed.error.issues.slice(0, 3).map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`, EXIT_BAD_INPUT);
      const history = parsed.data;
      const weeks = Number(o.weeks);
      if (!Number.isInteger(weeks) || weeks < 1 || weeks > 4) fail('--weeks must be a whole number from 1 to 4', EXIT_BAD_INPUT);
      let from = o.from;
      if (!from) {
        const last = history.reduce((m, p) => (p.start > m ? p.start : m), '');
        if (!last) fail('the history is empty', EXIT_BAD_INPUT);
        const local = new Intl.DateTimeFormat('en-CA', { timeZone: o.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(last));
        from = new Date((epochDayOfDate(local) + 1) * 86_400_000).toISOString().slice(0, 10);
      }
      try {
        const r = forecastIntervals({
          history, intervalMinutes: Number(o.interval), timezone: o.timezone, from, days: weeks * 7, holdoutDays: Number(o.holdout),
        });
        const out = {
          method: r.method, from, intervalMinutes: r.intervalMinutes, timezone: r.timezone, historyDays: r.historyDays,
          backtest: { holdoutDays: r.backtest.holdoutDays, mape: r.backtest.mape, wape: r.backtest.wape }, model: r.model, intervals: r.intervals,
        };
        if (o.json) {
          console.log(JSON.stringify(out));
          return;
        }
        const total = r.intervals.reduce((s, p) => s + p.offered, 0);
        const pct = (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)} %`);
        console.log(`预测 Forecast ${from} × ${weeks * 7} days, ${r.intervalMinutes}-min intervals (${r.timezone}): ${Math.round(total)} contacts`);
        console.log(`回测误差 Back-test (last ${r.backtest.holdoutDays} days held out): WAPE ${pct(r.backtest.wape)}, MAPE ${pct(r.backtest.mape)}`);
        console.log(`method: ${r.method}`);
      } catch (err) {
        if (err instanceof ForecastError) fail(err.message, err.kind === 'history_too_short' ? EXIT_IMPOSSIBLE : EXIT_BAD_INPUT);
        throw err;
      }
    });
}
