import { describe, expect, it } from 'vitest';
import { caseNumber, shanghaiDay } from './case-number';

describe('case numbers', () => {
  it('prefixes by type, dates in Asia/Shanghai and pads the sequence to six digits', () => {
    expect(caseNumber('complaint', new Date('2026-11-22T03:00:00Z'), 123)).toBe('TS20261122000123');
    expect(caseNumber('inquiry', new Date('2026-11-22T03:00:00Z'), 1)).toBe('ZX20261122000001');
    expect(caseNumber('fault', new Date('2026-11-22T03:00:00Z'), 42n)).toBe('GZ20261122000042');
  });

  it('rolls over at midnight Beijing time, not UTC', () => {
    expect(shanghaiDay(new Date('2026-11-22T15:59:59Z'))).toBe('20261122');
    expect(shanghaiDay(new Date('2026-11-22T16:00:00Z'))).toBe('20261123');
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toBe('20270101');
  });

  it('grows wider past a million', () => {
    expect(caseNumber('praise', new Date('2026-01-01T00:00:00Z'), 1_234_567)).toBe('BY202601011234567');
  });
});
