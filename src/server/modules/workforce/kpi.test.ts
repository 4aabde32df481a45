import { describe, expect, it } from 'vitest';
import type { KpiDefinition } from '../../../shared/contacts';
import { addCounts, computeKpis, emptyCounts, intervalStart, type KpiCounts, occupancyOf, stateSeconds, stateSecondsByBucket } from './kpi';

// Hand-computed cases. A 30-minute interval: 100 offered; 80 answered, 60 of them within 20 s
// (waiting ≤ 20), 70 within 30 s; 20 abandoned, 6 within 5 s (short), 9 within 20 s.
// Total wait of answered calls 1,600 s; talk 14,400 s, hold 800 s, ACW 2,400 s.
function sample(): KpiCounts {
  const c = emptyCounts();
  Object.assign(c, { offered: 100, answered: 80, abandoned: 20, waitAnsweredSum: 1600, talkSum: 14_400, holdSum: 800, acwSum: 2400, fcrBase: 50, repeat1d: 4, repeat3d: 7, repeat7d: 10 });
  c.ansLe[20] = 60; c.ansLe[30] = 70; c.ansLe[5] = 20;
  c.abnLe[5] = 6; c.abnLe[20] = 9; c.abnLe[30] = 12;
  return c;
}
const def = (over: Partial<KpiDefinition> = {}): KpiDefinition => ({ slVariant: 'offered', slThresholdSeconds: 20, shortAbandonSeconds: 5, fcrDays: 7, ...over });

describe('service level variants', () => {
  it('answered within T / offered = 60 / 100', () => {
    expect(computeKpis(sample(), def()).serviceLevel).toBeCloseTo(0.6, 12);
  });
  it('answered within T / (offered − short abandons) = 60 / 94', () => {
    expect(computeKpis(sample(), def({ slVariant: 'offered_minus_short' })).serviceLevel).toBeCloseTo(60 / 94, 12);
  });
  it('answered within T / answered = 60 / 80', () => {
    expect(computeKpis(sample(), def({ slVariant: 'answered' })).serviceLevel).toBeCloseTo(0.75, 12);
  });
  it('answered within T / (answered + abandoned after T) = 60 / (80 + 11)', () => {
    expect(computeKpis(sample(), def({ slVariant: 'answered_plus_late_abandons' })).serviceLevel).toBeCloseTo(60 / 91, 12);
  });
  it('another threshold: 30 s → 70 / 100; with no short abandons the offered_minus_short variant equals offered', () => {
    expect(computeKpis(sample(), def({ slThresholdSeconds: 30 })).serviceLevel).toBeCloseTo(0.7, 12);
    expect(computeKpis(sample(), def({ slVariant: 'offered_minus_short', shortAbandonSeconds: 0 })).serviceLevel).toBeCloseTo(0.6, 12);
  });
});

describe('other KPIs', () => {
  it('abandon rate without short abandons, ASA, AHT, FCR', () => {
    const k = computeKpis(sample(), def());
    expect(k.shortAbandoned).toBe(6);
    expect(k.abandonRate).toBeCloseTo(14 / 94, 12);
    expect(k.asaSeconds).toBeCloseTo(20, 12);
    expect(k.ahtSeconds).toBeCloseTo((14_400 + 800 + 2400) / 80, 12); // 220 s
    expect(k.fcr).toBeCloseTo(1 - 10 / 50, 12);
    expect(computeKpis(sample(), def({ fcrDays: 1 })).fcr).toBeCloseTo(1 - 4 / 50, 12);
  });
  it('null, never NaN, when nothing was offered', () => {
    const k = computeKpis(emptyCounts(), def({ slVariant: 'answered' }));
    expect(k).toMatchObject({ serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null, fcr: null });
  });
  it('totals add field by field', () => {
    const two = addCounts(sample(), sample());
    expect(two.offered).toBe(200);
    expect(two.ansLe[20]).toBe(120);
    expect(computeKpis(two, def()).serviceLevel).toBeCloseTo(0.6, 12);
  });
});

describe('occupancy from agent states', () => {
  const at = (min: number) => new Date(Date.UTC(2026, 10, 2, 1, 0) + min * 60_000);
  // Agent a: ready 01:00, on call 01:10, ACW 01:40, not ready 01:50, ready 02:00 (state before the window: ready at 00:50).
  const events = [
    { agentId: 'a', state: 'ready', at: at(-10) }, { agentId: 'a', state: 'on_call', at: at(10) }, { agentId: 'a', state: 'acw', at: at(40) },
    { agentId: 'a', state: 'not_ready', at: at(50) }, { agentId: 'a', state: 'ready', at: at(60) },
  ];
  it('busy / (busy + ready) over the window; not-ready time counts for neither', () => {
    const s = stateSeconds(events, at(0), at(60)).get('a')!;
    expect(s).toEqual({ ready: 600, on_call: 1800, acw: 600, not_ready: 600 });
    expect(occupancyOf(s)).toBeCloseTo(2400 / 3000, 12);
  });
  it('cut into 30-minute buckets', () => {
    const b = stateSecondsByBucket(events, at(0), at(60), 30 * 60_000);
    expect(b.get(`a|${at(0).getTime()}`)).toEqual({ ready: 600, on_call: 1200 });
    expect(b.get(`a|${at(30).getTime()}`)).toEqual({ on_call: 600, acw: 600, not_ready: 600 });
    expect(occupancyOf(undefined)).toBeNull();
  });
  it('interval starts align on the hour (UTC and Asia/Shanghai alike)', () => {
    expect(intervalStart(new Date('2026-11-02T01:44:59Z'), 15).toISOString()).toBe('2026-11-02T01:30:00.000Z');
    expect(intervalStart(new Date('2026-11-02T01:44:59Z'), 60).toISOString()).toBe('2026-11-02T01:00:00.000Z');
  });
});
