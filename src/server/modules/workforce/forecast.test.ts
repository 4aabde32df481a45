import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { epochDayOfDate, ForecastError, forecastIntervals, type HistoryPoint } from './forecast';

// Synthetic series with known structure: level 1000 + 5·t contacts a day, weekly factors, a bell-shaped
// day between 08:00 and 20:00 Shanghai time, Poisson-like noise from a seeded generator.

const ZONE = 'Asia/Shanghai';
const WEEKLY = [1.2, 1.1, 1.0, 1.0, 1.05, 0.8, 0.6]; // Mon … Sun (mean ≠ 1 on purpose)

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

function shape(slot: number, perDay: number): number {
  const h = (slot + 0.5) * (24 / perDay);
  if (h < 8 || h >= 20) return 0;
  return Math.exp(-((h - 13) ** 2) / 12);
}

interface SynthOptions { from: string; days: number; interval?: number; slope?: number; holidays?: Map<string, number>; noise?: boolean; seed?: number }

/** Expected contacts per interval, and a noisy history. */
function synth(o: SynthOptions) {
  const interval = o.interval ?? 30;
  const perDay = 1440 / interval;
  const shapeSum = Array.from({ length: perDay }, (_, j) => shape(j, perDay)).reduce((a, b) => a + b, 0);
  const r = rng(o.seed ?? 7);
  const first = epochDayOfDate(o.from);
  const points: HistoryPoint[] = [];
  const expected: number[] = [];
  for (let i = 0; i < o.days; i++) {
    const day = first + i;
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const wd = (((day + 3) % 7) + 7) % 7;
    const factor = o.holidays?.get(date) ?? WEEKLY[wd];
    const total = (1000 + (o.slope ?? 5) * (day - epochDayOfDate('2026-01-01'))) * factor;
    const midnight = DateTime.fromISO(date, { zone: ZONE });
    for (let j = 0; j < perDay; j++) {
      const mu = (total * shape(j, perDay)) / shapeSum;
      expected.push(mu);
      const y = o.noise === false ? mu : Math.max(0, Math.round(mu + Math.sqrt(mu) * gauss(r)));
      if (y > 0 || mu > 0) points.push({ start: midnight.plus({ minutes: j * interval }).toUTC().toISO()!, offered: y, ahtSeconds: 180 + 20 * Math.sin(j) });
    }
  }
  return { points, expected };
}

const wape = (a: number[], f: number[]) => a.reduce((s, y, i) => s + Math.abs(y - f[i]), 0) / a.reduce((s, y) => s + y, 0);

describe('forecastIntervals', () => {
  it('learns weekly and intraday seasonality and trend: low back-test error, forecast close to the truth', () => {
    const hist = synth({ from: '2026-03-02', days: 42 });
    const truth = synth({ from: '2026-04-13', days: 7, noise: false });
    const f = forecastIntervals({ history: hist.points, intervalMinutes: 30, timezone: ZONE, from: '2026-04-13', days: 7 });
    expect(f.intervals).toHaveLength(7 * 48);
    expect(f.intervals[0].start).toBe('2026-04-12T16:00:00.000Z'); // Shanghai midnight
    expect(f.backtest.holdoutDays).toBe(7);
    expect(f.backtest.intervals).toHaveLength(7 * 48);
    // the held-out week's error is close to the noise floor (the error of the true means themselves)
    const held = synth({ from: '2026-04-06', days: 7, noise: false });
    const floor = wape(f.backtest.intervals.map((p) => p.actual), held.expected.filter((_, i) => i < f.backtest.intervals.length));
    expect(f.backtest.wape!).toBeLessThan(floor * 1.25);
    expect(f.backtest.wape!).toBeLessThan(0.12);
    expect(f.backtest.mape!).toBeLessThan(0.25);
    expect(wape(truth.expected, f.intervals.map((p) => p.offered))).toBeLessThan(0.05);
    // trend recovered: 5 contacts a day per day at the weekday-mean scale (mean of WEEKLY)
    const meanWeekly = WEEKLY.reduce((a, b) => a + b, 0) / 7;
    expect(f.model.slopePerDay / meanWeekly).toBeGreaterThan(4);
    expect(f.model.slopePerDay / meanWeekly).toBeLessThan(6);
    // weekly factors recovered relative to each other
    expect(f.model.dayFactors[0] / f.model.dayFactors[6]).toBeCloseTo(WEEKLY[0] / WEEKLY[6], 1);
    // nothing outside opening hours; AHT carried through
    expect(f.intervals[4].offered).toBe(0);
    expect(f.intervals[26].ahtSeconds).toBeGreaterThan(150);
  });

  it('a noiseless series is forecast almost exactly, in 15-minute intervals too', () => {
    const hist = synth({ from: '2026-03-02', days: 28, interval: 15, noise: false, slope: 0 });
    const f = forecastIntervals({ history: hist.points, intervalMinutes: 15, timezone: ZONE, from: '2026-03-30', days: 7 });
    const truth = synth({ from: '2026-03-30', days: 7, interval: 15, noise: false, slope: 0 });
    expect(f.intervals).toHaveLength(672);
    expect(wape(truth.expected, f.intervals.map((p) => p.offered))).toBeLessThan(0.001);
    expect(f.backtest.wape!).toBeLessThan(0.001);
  });

  it('spreads hourly history over half-hour intervals instead of leaving every other one empty', () => {
    const hourly = synth({ from: '2026-03-02', days: 28, interval: 60, noise: false, slope: 0 });
    const f = forecastIntervals({ history: hourly.points, intervalMinutes: 30, timezone: ZONE, from: '2026-03-30', days: 7 });
    const monday = f.intervals.slice(0, 48).map((p) => p.offered);
    expect(monday[26]).toBeGreaterThan(0); // 13:00
    expect(monday[27]).toBeCloseTo(monday[26], 2); // 13:30: half of the 13:00 hour each
    const truthHourly = synth({ from: '2026-03-30', days: 1, interval: 60, noise: false, slope: 0 }).expected;
    expect(monday[26] + monday[27]).toBeCloseTo(truthHourly[13], 2);
  });

  it('follows the wall clock across a daylight-saving change (America/New_York, 8 March 2026)', () => {
    // history in New York: every day 08:00–20:00 local, on the same clock as the Shanghai synthetic days
    const points: HistoryPoint[] = [];
    for (let d = 0; d < 28; d++) {
      const midnight = DateTime.fromISO('2026-02-09', { zone: 'America/New_York' }).plus({ days: d });
      for (let h = 8; h < 20; h++) points.push({ start: midnight.set({ hour: h }).toUTC().toISO()!, offered: 10 });
    }
    const f = forecastIntervals({ history: points, intervalMinutes: 60, timezone: 'America/New_York', from: '2026-03-09', days: 7, holdoutDays: 7 });
    expect(f.intervals).toHaveLength(7 * 24);
    // after the change (EDT, UTC−4): 08:00 local is 12:00 UTC, and that is where the calls are
    const at = (iso: string) => f.intervals.find((p) => p.start === iso)!.offered;
    expect(at('2026-03-09T12:00:00.000Z')).toBeCloseTo(10, 1);
    expect(at('2026-03-09T11:00:00.000Z')).toBe(0);
    // the change day itself has 23 hours
    const before = points.filter((p) => String(p.start) < '2026-03-08T05:00:00.000Z');
    const g = forecastIntervals({ history: before, intervalMinutes: 60, timezone: 'America/New_York', from: '2026-03-08', days: 1, holdoutDays: 7 });
    expect(g.intervals).toHaveLength(23);
    expect(g.intervals.find((p) => p.start === '2026-03-08T12:00:00.000Z')!.offered).toBeCloseTo(10, 1);
  });

  it('treats a holiday like a Sunday when the history has none, and learns the holiday factor when it has', () => {
    const hist = synth({ from: '2026-03-02', days: 28, noise: false, slope: 0 });
    const wed = '2026-04-01';
    const calendar = { holidays: new Set([epochDayOfDate(wed)]), workdays: new Set([epochDayOfDate('2026-04-05')]) }; // Sunday made a working day
    const f = forecastIntervals({ history: hist.points, intervalMinutes: 30, timezone: ZONE, from: '2026-03-30', days: 7, calendar });
    const dayTotal = (i: number) => f.intervals.slice(i * 48, (i + 1) * 48).reduce((s, p) => s + p.offered, 0);
    expect(dayTotal(2) / dayTotal(1)).toBeCloseTo(WEEKLY[6] / WEEKLY[1], 2); // Wednesday holiday ≈ a Sunday
    expect(dayTotal(6) / dayTotal(1)).toBeCloseTo((WEEKLY[0] + WEEKLY[1] + WEEKLY[2] + WEEKLY[3] + WEEKLY[4]) / 5 / WEEKLY[1], 2); // make-up Sunday ≈ a weekday
    expect(f.model.holidayLearned).toBe(false);

    // history with two holidays at 30 % of a normal day → a future holiday is forecast at ≈ 30 %
    const holidays = new Map([['2026-03-11', 0.3 * WEEKLY[2]], ['2026-03-20', 0.3 * WEEKLY[4]]]);
    const hist2 = synth({ from: '2026-03-02', days: 28, noise: false, slope: 0, holidays });
    const cal2 = { holidays: new Set([...holidays.keys(), wed].map(epochDayOfDate)), workdays: new Set<number>() };
    const g = forecastIntervals({ history: hist2.points, intervalMinutes: 30, timezone: ZONE, from: '2026-03-30', days: 7, calendar: cal2 });
    const gTotal = (i: number) => g.intervals.slice(i * 48, (i + 1) * 48).reduce((s, p) => s + p.offered, 0);
    expect(g.model.holidayLearned).toBe(true);
    const normal = 1000 * (WEEKLY.reduce((a, b) => a + b, 0) / 7);
    expect(gTotal(2) / normal).toBeGreaterThan(0.25);
    expect(gTotal(2) / normal).toBeLessThan(0.4);
    expect(gTotal(1)).toBeCloseTo(1000 * WEEKLY[1], -1);
  });

  it('refuses history too short, saying how much is needed, and bad input', () => {
    const hist = synth({ from: '2026-03-02', days: 20 });
    const call = (o: Partial<Parameters<typeof forecastIntervals>[0]>) => () =>
      forecastIntervals({ history: hist.points, intervalMinutes: 30, timezone: ZONE, from: '2026-03-30', days: 7, ...o });
    expect(call({})).toThrow(/at least 21 days.*got 20/);
    try { call({})(); } catch (e) { expect(e).toBeInstanceOf(ForecastError); expect((e as ForecastError).needed).toBe(21); }
    expect(call({ holdoutDays: 5 })).not.toThrow();
    expect(call({ intervalMinutes: 20 })).toThrow(/15, 30 or 60/);
    expect(call({ timezone: 'Mars/Base' })).toThrow(/time zone/);
    expect(call({ from: '2026-03-10', holdoutDays: 5 })).toThrow(/after the last day/);
    expect(call({ history: [{ start: '2026-03-02T00:00:00Z', offered: -1 }] })).toThrow(/offered must be 0 or more/);
  });
});
