import { DateTime } from 'luxon';

// Interval forecasts of offered contacts (issue 4, item 5). Pure: history, calendar and horizon come in
// as arguments; nothing reads the clock or the database.
//
// No maintained npm package fits (the Holt-Winters / ARIMA packages on npm are unmaintained single-season
// ports, none handles a business calendar), so the method is a small multiplicative decomposition, the
// classic "day total × day-of-week factor × intraday share" of workforce planning, with a linear trend:
//
//   day types   k(d) = weekday(d) ∈ {Mon … Sun}, or HOLIDAY when the site's calendar marks d a holiday, or
//               MAKE_UP when it marks d a make-up working day (调休).
//   model       y(d, i) = L(d) · s[k(d)] · p[k(d)][i]      (d: local day, i: interval of the day)
//               L(d) = a + b·d   the level (linear trend, in contacts per day, d in days)
//               s[k]             day factor; the seven weekday factors average 1
//               p[k][i]          intraday share; Σᵢ p[k][i] = 1
//   fitting     T(d) = Σᵢ y(d, i). Alternate (10 rounds, from s = 1):
//                 (a, b) = least squares of T(d) / s[k(d)] on d;
//                 s[k]   = Σ_{d∈k} T(d) / Σ_{d∈k} L(d)    (ratio of sums: robust to quiet days)
//               then rescale so the weekday factors average 1.
//               p[k][i] = Σ_{d∈k} y(d, i) / Σ_{d∈k} T(d).
//   holidays    s[HOLIDAY] and p[HOLIDAY] are learned from the holidays in the history (the holiday factor);
//               with none in the history a holiday is treated like a Sunday. A make-up working day without
//               history uses the mean of the Monday–Friday factors and their pooled intraday shares.
//   AHT         per day type and interval: Σ aht·answered / Σ answered (answered defaults to offered),
//               falling back to the day type's, then the whole history's weighted mean.
//   forecast    ŷ(d, i) = max(0, a + b·d) · s[k(d)] · p[k(d)][i].
//   back-test   the last `holdoutDays` of the history are held out, the model is fitted on the days before
//               and forecasts them: WAPE = Σ|y − ŷ| / Σ y; MAPE = mean of |y − ŷ| / y over intervals with y > 0.
//
// History is bucketed by the site's local clock (intervals of `intervalMinutes` from local midnight); the
// history's days run from its first to its last local day, and intervals not given count as 0 contacts
// (contact rollups leave out empty intervals). Days with no contacts at all before the first contact are
// not trimmed: give whole days. History coarser than the forecast's intervals (hourly history, 30-minute
// forecast) is spread evenly over the finer intervals; finer history is summed into them.

export const HOLIDAY = 7;
export const MAKE_UP = 8;
const DAY_TYPES = 9;
const FIT_ROUNDS = 10;
/** Days of history the model needs to see each weekday twice. */
export const MIN_TRAINING_DAYS = 14;

export interface HistoryPoint {
  /** Interval start (UTC instant). */
  start: string | Date;
  offered: number;
  answered?: number | null;
  ahtSeconds?: number | null;
}

/** The parts of a business calendar the forecast uses (a compiled BusinessCalendar fits). Epoch days of local dates. */
export interface DayCalendar {
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
}

export interface ForecastInput {
  history: readonly HistoryPoint[];
  intervalMinutes: number;
  timezone: string;
  /** First local date to forecast, YYYY-MM-DD. */
  from: string;
  days: number;
  calendar?: DayCalendar | null;
  /** Days held out for the back-test (default 7). */
  holdoutDays?: number;
}

export interface ForecastPoint {
  start: string;
  offered: number;
  ahtSeconds: number | null;
}

export interface BacktestPoint {
  start: string;
  actual: number;
  forecast: number;
}

export interface ForecastModel {
  intercept: number;
  slopePerDay: number;
  /** Mon … Sun, holiday, make-up day. */
  dayFactors: number[];
  holidayLearned: boolean;
}

export interface ForecastResult {
  method: string;
  intervalMinutes: number;
  timezone: string;
  intervals: ForecastPoint[];
  model: ForecastModel;
  historyDays: number;
  backtest: { holdoutDays: number; mape: number | null; wape: number | null; intervals: BacktestPoint[] };
}

export type ForecastErrorKind = 'invalid_input' | 'history_too_short';

/** A forecast that cannot be made; `needed`/`got` are days of history for history_too_short. */
export class ForecastError extends Error {
  constructor(readonly kind: ForecastErrorKind, message: string, readonly field?: string, readonly needed?: number, readonly got?: number) {
    super(message);
    this.name = 'ForecastError';
  }
}

export const FORECAST_METHOD = 'decomposition: linear trend × day-of-week/holiday factor × intraday share';

// ---------------------------------------------------------------- local days

const DAY_MS = 86_400_000;
/** 0 = Monday … 6 = Sunday for an epoch day. */
export const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7;

export function dayTypeOf(day: number, calendar?: DayCalendar | null): number {
  if (calendar?.holidays.has(day)) return HOLIDAY;
  if (calendar?.workdays.has(day)) return MAKE_UP;
  return weekdayOf(day);
}

/** UTC instant of local midnight of an epoch day in `zone`. */
export function localMidnight(day: number, zone: string): DateTime {
  const d = new Date(day * DAY_MS);
  return DateTime.fromObject({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, { zone });
}

/**
 * The intervals of one local day: from its midnight to the next in steps of `intervalMinutes` (92 or 100
 * quarter-hours on a daylight-saving change day), each with the wall-clock interval of the day it follows.
 */
export function daySlots(day: number, zone: string, intervalMinutes: number): { start: string; j: number }[] {
  const from = localMidnight(day, zone).toMillis();
  const to = localMidnight(day + 1, zone).toMillis();
  const perDay = 1440 / intervalMinutes;
  const out: { start: string; j: number }[] = [];
  for (let ms = from; ms < to; ms += intervalMinutes * 60_000) {
    out.push({ start: new Date(ms).toISOString(), j: Math.min(perDay - 1, Math.floor(localParts(ms, zone).minute / intervalMinutes)) });
  }
  return out;
}

export function epochDayOfDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / DAY_MS : Number.NaN;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

const offsetCache = new Map<string, Map<number, number>>();
/**
 * Local wall-clock parts of an instant in `zone`: the epoch day of the local date and the minute of the day.
 * The zone's offset is looked up once per UTC hour (offsets change on hour boundaries) and cached.
 */
export function localParts(ms: number, zone: string): { day: number; minute: number } {
  let byHour = offsetCache.get(zone);
  if (!byHour) {
    byHour = new Map();
    offsetCache.set(zone, byHour);
  }
  if (byHour.size > 200_000) byHour.clear();
  const hour = Math.floor(ms / 3_600_000);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * 3_600_000, { zone }).offset;
    byHour.set(hour, offset);
  }
  const local = ms + offset * 60_000;
  const day = Math.floor(local / DAY_MS);
  return { day, minute: Math.floor((local - day * DAY_MS) / 60_000) };
}

/** The history's own interval: the gcd of its points' local minutes of the day (1440 when all start at midnight). */
export function historyStepMinutes(history: readonly HistoryPoint[], zone: string): number {
  let step = 1440;
  for (const p of history) {
    const ms = (typeof p.start === 'string' ? new Date(p.start) : p.start).getTime();
    if (Number.isFinite(ms)) step = gcd(step, localParts(ms, zone).minute);
  }
  return step;
}

interface Grid {
  firstDay: number;
  /** y[day offset][interval] */
  offered: Float64Array[];
  ahtSum: Float64Array[];
  ahtWeight: Float64Array[];
}

function bucket(history: readonly HistoryPoint[], intervalMinutes: number, zone: string): Grid {
  const perDay = 1440 / intervalMinutes;
  const pts: { day: number; slot: number; p: HistoryPoint }[] = [];
  history.forEach((p, idx) => {
    const ms = (typeof p.start === 'string' ? new Date(p.start) : p.start).getTime();
    if (!Number.isFinite(ms)) throw new ForecastError('invalid_input', `history[${idx}].start is not a valid instant`, `history.${idx}.start`);
    if (!Number.isFinite(p.offered) || p.offered < 0) throw new ForecastError('invalid_input', `history[${idx}].offered must be 0 or more (got ${p.offered})`, `history.${idx}.offered`);
    if (p.ahtSeconds != null && !(Number.isFinite(p.ahtSeconds) && p.ahtSeconds >= 0)) {
      throw new ForecastError('invalid_input', `history[${idx}].ahtSeconds must be 0 or more (got ${p.ahtSeconds})`, `history.${idx}.ahtSeconds`);
    }
    const { day, minute } = localParts(ms, zone);
    pts.push({ day, slot: Math.min(perDay - 1, Math.floor(minute / intervalMinutes)), p });
  });
  if (pts.length === 0) return { firstDay: 0, offered: [], ahtSum: [], ahtWeight: [] };
  // History coarser than the forecast's intervals (e.g. hourly history, half-hour forecast): the history's
  // step is the gcd of the points' minutes of the day; each point is spread evenly over the intervals it spans.
  const step = historyStepMinutes(history, zone);
  const spread = step > intervalMinutes && step % intervalMinutes === 0 ? step / intervalMinutes : 1;
  let first = Infinity;
  let last = -Infinity;
  for (const x of pts) {
    if (x.day < first) first = x.day;
    if (x.day > last) last = x.day;
  }
  const n = last - first + 1;
  const mk = () => Array.from({ length: n }, () => new Float64Array(perDay));
  const grid: Grid = { firstDay: first, offered: mk(), ahtSum: mk(), ahtWeight: mk() };
  for (const { day, slot, p } of pts) {
    const d = day - first;
    for (let k = 0; k < spread && slot + k < perDay; k++) {
      grid.offered[d][slot + k] += p.offered / spread;
      if (p.ahtSeconds != null && p.ahtSeconds > 0) {
        const w = (p.answered != null && p.answered > 0 ? p.answered : p.offered > 0 ? p.offered : 0) / spread;
        grid.ahtSum[d][slot + k] += p.ahtSeconds * w;
        grid.ahtWeight[d][slot + k] += w;
      }
    }
  }
  return grid;
}

// ---------------------------------------------------------------- fitting

interface Fitted {
  model: ForecastModel;
  shares: Float64Array[];
  aht: (Float64Array | null)[];
  ahtTypeMean: (number | null)[];
  ahtMean: number | null;
}

function fit(grid: Grid, days: number, perDay: number, calendar?: DayCalendar | null): Fitted {
  const dayIdx = Array.from({ length: days }, (_, i) => grid.firstDay + i);
  const types = dayIdx.map((d) => dayTypeOf(d, calendar));
  const totals = grid.offered.slice(0, days).map((row) => row.reduce((s, v) => s + v, 0));
  const s = new Array<number>(DAY_TYPES).fill(1);
  const present = new Array<boolean>(DAY_TYPES).fill(false);
  for (const k of types) present[k] = true;
  let a = 0;
  let b = 0;
  const x0 = dayIdx[0];
  for (let round = 0; round < FIT_ROUNDS; round++) {
    // least squares of T/s on t (t = day − first day, for conditioning)
    let n = 0; let st = 0; let sy = 0; let stt = 0; let sty = 0;
    for (let i = 0; i < days; i++) {
      if (s[types[i]] <= 1e-9) continue;
      const t = dayIdx[i] - x0;
      const y = totals[i] / s[types[i]];
      n++; st += t; sy += y; stt += t * t; sty += t * y;
    }
    const den = n * stt - st * st;
    b = n > 1 && den > 0 ? (n * sty - st * sy) / den : 0;
    a = n > 0 ? (sy - b * st) / n : 0;
    const num = new Array<number>(DAY_TYPES).fill(0);
    const lev = new Array<number>(DAY_TYPES).fill(0);
    for (let i = 0; i < days; i++) {
      num[types[i]] += totals[i];
      lev[types[i]] += Math.max(0, a + b * (dayIdx[i] - x0));
    }
    for (let k = 0; k < DAY_TYPES; k++) if (present[k]) s[k] = lev[k] > 0 ? num[k] / lev[k] : 0;
    // the weekday factors average 1: rescale the factors and the level inversely
    const weekdays = s.slice(0, 7).filter((_, k) => present[k]);
    const mean = weekdays.length ? weekdays.reduce((p, v) => p + v, 0) / weekdays.length : 1;
    if (mean > 0) for (let k = 0; k < DAY_TYPES; k++) s[k] /= mean;
  }
  // refit the level once with the final factors so a, b match them
  {
    let n = 0; let st = 0; let sy = 0; let stt = 0; let sty = 0;
    for (let i = 0; i < days; i++) {
      if (s[types[i]] <= 1e-9) continue;
      const t = dayIdx[i] - x0;
      const y = totals[i] / s[types[i]];
      n++; st += t; sy += y; stt += t * t; sty += t * y;
    }
    const den = n * stt - st * st;
    b = n > 1 && den > 0 ? (n * sty - st * sy) / den : 0;
    a = n > 0 ? (sy - b * st) / n : 0;
  }

  // intraday shares and AHT per day type
  const shareSum = Array.from({ length: DAY_TYPES }, () => new Float64Array(perDay));
  const ahtSum = Array.from({ length: DAY_TYPES }, () => new Float64Array(perDay));
  const ahtW = Array.from({ length: DAY_TYPES }, () => new Float64Array(perDay));
  for (let i = 0; i < days; i++) {
    const k = types[i];
    for (let j = 0; j < perDay; j++) {
      shareSum[k][j] += grid.offered[i][j];
      ahtSum[k][j] += grid.ahtSum[i][j];
      ahtW[k][j] += grid.ahtWeight[i][j];
    }
  }
  const normalise = (v: Float64Array) => {
    const tot = v.reduce((p, x) => p + x, 0);
    return tot > 0 ? v.map((x) => x / tot) : v.slice();
  };
  const shares = shareSum.map(normalise);
  const pooledWeekday = new Float64Array(perDay);
  for (let k = 0; k < 5; k++) for (let j = 0; j < perDay; j++) pooledWeekday[j] += shareSum[k][j];
  const holidayLearned = present[HOLIDAY] && totals.some((_, i) => types[i] === HOLIDAY);
  if (!present[HOLIDAY]) {
    s[HOLIDAY] = s[6];
    shares[HOLIDAY] = shares[6];
  }
  if (!present[MAKE_UP]) {
    s[MAKE_UP] = (s[0] + s[1] + s[2] + s[3] + s[4]) / 5;
    shares[MAKE_UP] = normalise(pooledWeekday);
  }

  let allSum = 0; let allW = 0;
  const ahtTypeMean: (number | null)[] = [];
  const aht: (Float64Array | null)[] = [];
  for (let k = 0; k < DAY_TYPES; k++) {
    let ts = 0; let tw = 0;
    const row = new Float64Array(perDay);
    for (let j = 0; j < perDay; j++) {
      ts += ahtSum[k][j]; tw += ahtW[k][j];
      row[j] = ahtW[k][j] > 0 ? ahtSum[k][j] / ahtW[k][j] : Number.NaN;
    }
    allSum += ts; allW += tw;
    ahtTypeMean.push(tw > 0 ? ts / tw : null);
    aht.push(tw > 0 ? row : null);
  }
  if (!present[HOLIDAY]) { aht[HOLIDAY] = aht[6]; ahtTypeMean[HOLIDAY] = ahtTypeMean[6]; }
  return {
    model: { intercept: a - b * x0, slopePerDay: b, dayFactors: s, holidayLearned },
    shares, aht, ahtTypeMean, ahtMean: allW > 0 ? allSum / allW : null,
  };
}

function predictDay(f: Fitted, day: number, calendar?: DayCalendar | null): { k: number; total: number } {
  const k = dayTypeOf(day, calendar);
  return { k, total: Math.max(0, f.model.intercept + f.model.slopePerDay * day) * f.model.dayFactors[k] };
}

function ahtAt(f: Fitted, k: number, j: number): number | null {
  const v = f.aht[k]?.[j];
  if (v !== undefined && Number.isFinite(v)) return v;
  return f.ahtTypeMean[k] ?? f.ahtMean;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------- use

/** Forecast `days` local days from `from`, with the back-test error of the same method on the history's last days. */
export function forecastIntervals(input: ForecastInput): ForecastResult {
  const { intervalMinutes, timezone } = input;
  if (![15, 30, 60].includes(intervalMinutes)) throw new ForecastError('invalid_input', `intervalMinutes must be 15, 30 or 60 (got ${intervalMinutes})`, 'intervalMinutes');
  if (!DateTime.local().setZone(timezone).isValid) throw new ForecastError('invalid_input', `unknown time zone ${timezone}`, 'timezone');
  const fromDay = epochDayOfDate(input.from);
  if (Number.isNaN(fromDay)) throw new ForecastError('invalid_input', `from must be a date YYYY-MM-DD (got ${input.from})`, 'from');
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 62) throw new ForecastError('invalid_input', `days must be a whole number from 1 to 62 (got ${input.days})`, 'days');
  const holdout = input.holdoutDays ?? 7;
  if (!Number.isInteger(holdout) || holdout < 1 || holdout > 28) throw new ForecastError('invalid_input', `holdoutDays must be a whole number from 1 to 28 (got ${holdout})`, 'holdoutDays');
  const perDay = 1440 / intervalMinutes;
  const grid = bucket(input.history, intervalMinutes, timezone);
  const historyDays = grid.offered.length;
  const needed = MIN_TRAINING_DAYS + holdout;
  if (historyDays < needed) {
    throw new ForecastError('history_too_short', `at least ${needed} days of history are needed (${MIN_TRAINING_DAYS} to learn each weekday twice, ${holdout} held out to measure the error); got ${historyDays}`, 'history', needed, historyDays);
  }
  if (fromDay <= grid.firstDay + historyDays - 1) {
    throw new ForecastError('invalid_input', `from must be after the last day of history (${new Date((grid.firstDay + historyDays - 1) * DAY_MS).toISOString().slice(0, 10)})`, 'from');
  }
  const totalOffered = grid.offered.reduce((p, row) => p + row.reduce((q, v) => q + v, 0), 0);
  if (totalOffered <= 0) throw new ForecastError('invalid_input', 'the history has no contacts at all', 'history');

  // back-test: fit on all but the last `holdout` days, forecast them
  const trainDays = historyDays - holdout;
  const trained = fit(grid, trainDays, perDay, input.calendar);
  const bt: BacktestPoint[] = [];
  let absErr = 0; let actualSum = 0; let apeSum = 0; let apeN = 0;
  for (let i = trainDays; i < historyDays; i++) {
    const day = grid.firstDay + i;
    const { k, total } = predictDay(trained, day, input.calendar);
    for (const { start, j } of daySlots(day, timezone, intervalMinutes)) {
      const f = total * trained.shares[k][j];
      const y = grid.offered[i][j];
      absErr += Math.abs(y - f);
      actualSum += y;
      if (y > 0) { apeSum += Math.abs(y - f) / y; apeN++; }
      bt.push({ start, actual: y, forecast: round3(f) });
    }
  }

  const full = fit(grid, historyDays, perDay, input.calendar);
  const out: ForecastPoint[] = [];
  for (let i = 0; i < input.days; i++) {
    const day = fromDay + i;
    const { k, total } = predictDay(full, day, input.calendar);
    for (const { start, j } of daySlots(day, timezone, intervalMinutes)) {
      const aht = ahtAt(full, k, j);
      out.push({ start, offered: round3(total * full.shares[k][j]), ahtSeconds: aht == null ? null : round3(aht) });
    }
  }
  return {
    method: FORECAST_METHOD, intervalMinutes, timezone, intervals: out, model: full.model, historyDays,
    backtest: { holdoutDays: holdout, mape: apeN > 0 ? apeSum / apeN : null, wape: actualSum > 0 ? absErr / actualSum : null, intervals: bt },
  };
}
