import { DateTime } from 'luxon';
import { epochDayOfDate } from './forecast';

// A deterministic synthetic contact history with known structure — level + trend per day, weekday
// factors, a two-peak working day — for the planning tests, the browser journey and the benchmark.

export interface SyntheticOptions {
  /** First local date. */
  from: string;
  days: number;
  intervalMinutes: 15 | 30 | 60;
  /** Contacts on an average day at the start. */
  perDay: number;
  /** Extra contacts per day per day. */
  trendPerDay?: number;
  timezone?: string;
  ahtSeconds?: number;
  /** Opening hours (local): contacts only in [openHour, closeHour). */
  openHour?: number;
  closeHour?: number;
  seed?: number;
}

const WEEKLY = [1.15, 1.1, 1.0, 1.0, 1.05, 0.9, 0.8];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Interval history: `{ start, offered, answered, ahtSeconds }` with Poisson-like noise. */
export function syntheticHistory(o: SyntheticOptions): { start: string; offered: number; answered: number; ahtSeconds: number }[] {
  const zone = o.timezone ?? 'Asia/Shanghai';
  const perDaySlots = 1440 / o.intervalMinutes;
  const open = o.openHour ?? 8;
  const close = o.closeHour ?? 20;
  const shape = Array.from({ length: perDaySlots }, (_, j) => {
    const h = (j + 0.5) * (24 / perDaySlots);
    if (h < open || h >= close) return 0;
    return Math.exp(-((h - 10.5) ** 2) / 4) + 0.8 * Math.exp(-((h - 15.5) ** 2) / 5) + 0.15;
  });
  const total = shape.reduce((a, b) => a + b, 0);
  const r = rng(o.seed ?? 1);
  const first = epochDayOfDate(o.from);
  const out: { start: string; offered: number; answered: number; ahtSeconds: number }[] = [];
  for (let i = 0; i < o.days; i++) {
    const day = first + i;
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    const dayTotal = (o.perDay + (o.trendPerDay ?? 0) * i) * WEEKLY[(((day + 3) % 7) + 7) % 7];
    const midnight = DateTime.fromISO(date, { zone });
    for (let j = 0; j < perDaySlots; j++) {
      const mu = (dayTotal * shape[j]) / total;
      if (mu <= 0) continue;
      const noise = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      const offered = Math.max(0, Math.round(mu + Math.sqrt(mu) * noise));
      out.push({ start: midnight.plus({ minutes: j * o.intervalMinutes }).toUTC().toISO()!, offered, answered: offered, ahtSeconds: o.ahtSeconds ?? 180 });
    }
  }
  return out;
}
