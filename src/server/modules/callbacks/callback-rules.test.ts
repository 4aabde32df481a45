import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../sla/business-calendar';
import { applyAttempt, callbackDueAt, isSampled, pickRule, sampleScore, type RuleLike } from './callback-rules';

const rule = (over: Partial<RuleLike> & { id: string }): RuleLike => ({
  active: true, caseTypes: [], categoryId: null, samplePercent: 100, dueMinutes: 2880, dueUnit: 'minutes', calendarId: null,
  createdAt: new Date('2026-01-01T00:00:00Z'), ...over,
});

describe('sampling', () => {
  it('is decided by the case id alone: the same id always draws the same', () => {
    const id = '4f1c2d9e-7a3b-4c5d-8e9f-0a1b2c3d4e5f';
    expect(sampleScore(id)).toBe(sampleScore(id));
    expect(sampleScore(id.toUpperCase())).toBe(sampleScore(id));
    const s = sampleScore(id);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThan(100);
    expect(isSampled(id, Math.floor(s) + 1)).toBe(true);
    expect(isSampled(id, Math.floor(s))).toBe(s < Math.floor(s));
  });

  it('takes every case at 100 %, none at 0 %, and close to the percentage over many cases', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => crypto.createHash('md5').update(String(i)).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
    expect(ids.every((id) => isSampled(id, 100))).toBe(true);
    expect(ids.some((id) => isSampled(id, 0))).toBe(false);
    const tenth = ids.filter((id) => isSampled(id, 10)).length / ids.length;
    expect(tenth).toBeGreaterThan(0.09);
    expect(tenth).toBeLessThan(0.11);
    // A bigger sample contains the smaller one (raising the percentage never drops a case).
    expect(ids.filter((id) => isSampled(id, 10)).every((id) => isSampled(id, 25))).toBe(true);
  });
});

describe('picking the rule', () => {
  const complaints = rule({ id: 'a', caseTypes: ['complaint'], samplePercent: 100 });
  const others = rule({ id: 'b', samplePercent: 10 });
  const broadband = rule({ id: 'c', categoryId: 'cat-bb', samplePercent: 50 });
  const broadbandFaults = rule({ id: 'd', categoryId: 'cat-bb-slow', caseTypes: ['fault'], samplePercent: 80 });

  it('falls back to the catch-all, and a typed rule beats an untyped one at the same depth', () => {
    expect(pickRule([others, complaints], { id: 'x', type: 'complaint', categoryPath: null })?.id).toBe('a');
    expect(pickRule([others, complaints], { id: 'x', type: 'inquiry', categoryPath: null })?.id).toBe('b');
  });

  it('prefers the deepest category on the case path', () => {
    const path = '/cat-root/cat-bb/cat-bb-slow/';
    expect(pickRule([others, complaints, broadband, broadbandFaults], { id: 'x', type: 'fault', categoryPath: path })?.id).toBe('d');
    expect(pickRule([others, complaints, broadband, broadbandFaults], { id: 'x', type: 'complaint', categoryPath: path })?.id).toBe('c');
    expect(pickRule([others, broadband], { id: 'x', type: 'inquiry', categoryPath: '/cat-root/cat-mobile/' })?.id).toBe('b');
  });

  it('ignores inactive rules, breaks ties by age then id, and may find nothing', () => {
    expect(pickRule([{ ...others, active: false }], { id: 'x', type: 'inquiry', categoryPath: null })).toBeNull();
    const older = rule({ id: 'z', createdAt: new Date('2025-01-01T00:00:00Z') });
    expect(pickRule([others, older], { id: 'x', type: 'inquiry', categoryPath: null })?.id).toBe('z');
    expect(pickRule([rule({ id: 'q' }), rule({ id: 'p' })], { id: 'x', type: 'inquiry', categoryPath: null })?.id).toBe('p');
    expect(pickRule([], { id: 'x', type: 'inquiry', categoryPath: null })).toBeNull();
  });
});

describe('due time', () => {
  it('adds plain minutes, or business minutes on a calendar (Asia/Shanghai office hours)', () => {
    const resolved = new Date('2026-10-09T09:00:00Z'); // Friday 17:00 in Shanghai
    expect(callbackDueAt({ dueMinutes: 2880, dueUnit: 'minutes' }, resolved, null).toISOString()).toBe('2026-10-11T09:00:00.000Z');
    const cal = compileCalendar({
      name: 'office', timezone: 'Asia/Shanghai',
      hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] },
      holidays: [], workdays: [],
    });
    // One business hour left on Friday, the other two on Monday from 09:00 (Shanghai) = 01:00Z.
    expect(callbackDueAt({ dueMinutes: 180, dueUnit: 'business_minutes' }, resolved, cal).toISOString()).toBe('2026-10-12T03:00:00.000Z');
    expect(() => callbackDueAt({ dueMinutes: 60, dueUnit: 'business_minutes' }, resolved, null)).toThrow();
  });
});

describe('attempts', () => {
  const now = new Date('2026-11-02T02:00:00Z');
  const open = { status: 'pending' as const, attempts: 0, maxAttempts: 3 };

  it('completes on reached and closes on refused', () => {
    expect(applyAttempt(open, 'reached', now, 60)).toEqual({ status: 'completed', attempts: 1, nextAttemptAt: null, closed: true });
    expect(applyAttempt(open, 'refused', now, 60)).toEqual({ status: 'refused', attempts: 1, nextAttemptAt: null, closed: true });
  });

  it('retries unanswered calls after the gap until the maximum, then closes as unreachable', () => {
    const first = applyAttempt(open, 'no_answer', now, 60);
    expect(first).toEqual({ status: 'pending', attempts: 1, nextAttemptAt: new Date('2026-11-02T03:00:00Z'), closed: false });
    const second = applyAttempt({ ...open, attempts: 1 }, 'wrong_number', now, 0);
    expect(second).toMatchObject({ status: 'pending', attempts: 2, closed: false });
    expect(applyAttempt({ ...open, attempts: 2 }, 'no_answer', now, 60)).toEqual({ status: 'unreachable', attempts: 3, nextAttemptAt: null, closed: true });
    expect(applyAttempt({ ...open, maxAttempts: 1 }, 'no_answer', now, 60).status).toBe('unreachable');
  });

  it('refuses an attempt on a finished task', () => {
    expect(() => applyAttempt({ ...open, status: 'completed' }, 'reached', now, 60)).toThrow();
  });
});
