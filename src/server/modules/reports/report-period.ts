import { MAX_REPORT_DAYS } from '../../../shared/reports';
import { AppError } from '../../platform/errors';

// The period of a report: whole days in Asia/Shanghai (UTC+8 all year, no
// daylight saving since 1991), turned into the UTC instants [from, to) the
// database compares with. Pure.

const SHANGHAI_OFFSET = '+08:00';
const DAY_MS = 86_400_000;

export interface ReportPeriod {
  from: Date;
  /** Exclusive: midnight after the last day. */
  to: Date;
  days: number;
  /** Trend buckets: days up to 62 days, weeks (Monday first) beyond. */
  bucket: 'day' | 'week';
}

function parseDay(day: string, field: string): Date {
  const at = new Date(`${day}T00:00:00${SHANGHAI_OFFSET}`);
  // Reject 2026-02-30 and the like: the instant must give back the same calendar day.
  const year = Number(day.slice(0, 4));
  if (Number.isNaN(at.getTime()) || shanghaiDay(at) !== day || year < 2000 || year > 2100) {
    throw new AppError('validation_failed', {}, [{ path: field, code: 'invalid_date', message: `${field}: not a calendar day (YYYY-MM-DD)` }]);
  }
  return at;
}

/** YYYY-MM-DD of an instant as a Beijing clock shows it. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The instants of the days `from`…`to` (inclusive), or a 422 naming the field. */
export function reportPeriod(from: string, to: string): ReportPeriod {
  const a = parseDay(from, 'from');
  const b = parseDay(to, 'to');
  if (b.getTime() < a.getTime()) {
    throw new AppError('validation_failed', {}, [{ path: 'to', code: 'period_reversed', message: 'to: before from' }]);
  }
  const days = Math.round((b.getTime() - a.getTime()) / DAY_MS) + 1;
  if (days > MAX_REPORT_DAYS) {
    throw new AppError('validation_failed', {}, [{ path: 'to', code: 'period_too_long', message: `to: at most ${MAX_REPORT_DAYS} days` }]);
  }
  return { from: a, to: new Date(b.getTime() + DAY_MS), days, bucket: days > 62 ? 'week' : 'day' };
}

/** a ÷ b × 100 to one decimal; null when b is 0. */
export function percent(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((a / b) * 1000) / 10;
}
