import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { percent, reportPeriod, shanghaiDay } from './report-period';

describe('report period (Asia/Shanghai days)', () => {
  it('turns days into UTC instants: midnight in Beijing is 16:00 UTC the day before', () => {
    const p = reportPeriod('2026-03-01', '2026-03-31');
    expect(p.from.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(p.to.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(p.days).toBe(31);
    expect(p.bucket).toBe('day');
  });

  it('one day is 24 hours; long periods trend by week', () => {
    const one = reportPeriod('2026-10-01', '2026-10-01');
    expect(one.to.getTime() - one.from.getTime()).toBe(86_400_000);
    expect(reportPeriod('2026-01-01', '2026-12-31')).toMatchObject({ days: 365, bucket: 'week' });
  });

  it('refuses impossible days, reversed and over-long periods with the field named', () => {
    const code = (f: () => unknown) => {
      try { f(); } catch (e) { return (e as AppError).details; }
      return null;
    };
    expect(code(() => reportPeriod('2026-02-30', '2026-03-01'))).toEqual([expect.objectContaining({ path: 'from', code: 'invalid_date' })]);
    expect(code(() => reportPeriod('0000-01-01', '0000-01-02'))).toEqual([expect.objectContaining({ path: 'from', code: 'invalid_date' })]);
    expect(code(() => reportPeriod('2026-03-02', '2026-03-01'))).toEqual([expect.objectContaining({ path: 'to', code: 'period_reversed' })]);
    expect(code(() => reportPeriod('2025-01-01', '2026-03-01'))).toEqual([expect.objectContaining({ path: 'to', code: 'period_too_long' })]);
  });

  it('shanghaiDay: 23:59 UTC is already the next day in Beijing', () => {
    expect(shanghaiDay(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDay(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('percent to one decimal, null of nothing', () => {
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBeNull();
    expect(percent(5, 5)).toBe(100);
  });
});
