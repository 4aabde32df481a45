import { describe, expect, it } from 'vitest';
import { ErlangError, staffAgents } from './erlang';
import { staffingRequirements } from './staffing';

// Requirements per interval are the Erlang library's answer for each interval, nothing more.

const iv = (start: string, offered: number, ahtSeconds: number | null = 180) => ({ start, offered, ahtSeconds });

describe('staffingRequirements', () => {
  it('staffs each interval like the Erlang staff function; empty intervals need nobody', () => {
    const r = staffingRequirements([iv('2026-03-30T00:00:00Z', 100), iv('2026-03-30T00:30:00Z', 0), iv('2026-03-30T01:00:00Z', 100, null)], 30,
      { targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.3, defaultAhtSeconds: 180 });
    // the Call Centre Helper example: 100 calls / 30 min, AHT 180 s → 14 agents, 20 scheduled
    expect(r.intervals[0]).toMatchObject({ agents: 14, scheduled: 20 });
    expect(r.intervals[0].serviceLevel).toBeCloseTo(staffAgents({ calls: 100, periodSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8 }).serviceLevel, 12);
    expect(r.intervals[1]).toMatchObject({ agents: 0, scheduled: 0, serviceLevel: null });
    expect(r.intervals[2]).toMatchObject({ agents: 14, scheduled: 20, ahtSeconds: 180 }); // default AHT
    expect(r.agentHours).toBe(14);
    expect(r.scheduledHours).toBe(20);
    expect(r.peakScheduled).toBe(20);
  });

  it('refuses a zero AHT, a missing AHT, and names the interval a target cannot be met in', () => {
    expect(() => staffingRequirements([iv('a', 10, 0)], 30, { targetSeconds: 20, serviceLevel: 0.8 })).toThrow(/ahtSeconds must be a positive number/);
    expect(() => staffingRequirements([iv('a', 10, null)], 30, { targetSeconds: 20, serviceLevel: 0.8 })).toThrow(/give defaultAhtSeconds/);
    expect(() => staffingRequirements([iv('a', 10, null)], 30, { targetSeconds: 20, serviceLevel: 0.8, defaultAhtSeconds: -5 })).toThrow(/defaultAhtSeconds/);
    try {
      staffingRequirements([iv('2026-03-30T00:00:00Z', 10)], 30, { targetSeconds: 0, asaSeconds: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ErlangError);
      expect((e as ErlangError).kind).toBe('target_unreachable');
      expect((e as ErlangError).message).toContain('2026-03-30T00:00:00Z');
    }
  });
});
