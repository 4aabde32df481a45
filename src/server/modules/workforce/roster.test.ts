import { describe, expect, it } from 'vitest';
import {
  checkRoster, coverageOf, generateRoster, type AgentSpec, type RosterRules, type ShiftTemplateSpec, type WeekFrame,
} from './roster';

// A week in UTC (no zone arithmetic needed here: the frame carries the local midnights).
const MONDAY = Date.UTC(2026, 2, 30);
const frame = (slotMinutes: number): WeekFrame => ({ dayStartsMs: Array.from({ length: 8 }, (_, d) => MONDAY + d * 86_400_000), slotMinutes });
const RULES: RosterRules = { minRestHours: 11, maxConsecutiveDays: 5, maxWeeklyHours: 40, minDaysOff: 2 };
const agents = (n: number): AgentSpec[] => Array.from({ length: n }, (_, i) => ({ id: `a${String(i).padStart(3, '0')}` }));
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Hourly requirement: `perDay[h]` agents at hour h, every day. */
const weekOf = (perDay: number[]) => Array.from({ length: 7 }, () => perDay).flat();

describe('generateRoster', () => {
  it('covers every slot of the requirement, with breaks staggered inside their windows', () => {
    const day = new Array(48).fill(0).map((_, s) => (s >= 16 && s < 40 ? (s >= 20 && s < 30 ? 6 : 3) : 0)); // 08:00–20:00, peak 10:00–15:00
    const required = Array.from({ length: 7 }, () => day).flat();
    const templates: ShiftTemplateSpec[] = [
      { id: 'early', startMinute: 8 * 60, lengthMinutes: 9 * 60, days: ALL_DAYS, breaks: [{ lengthMinutes: 60, paid: false, earliestMinute: 180, latestMinute: 300 }] },
      { id: 'late', startMinute: 11 * 60, lengthMinutes: 9 * 60, days: ALL_DAYS, breaks: [{ lengthMinutes: 60, paid: false, earliestMinute: 180, latestMinute: 300 }] },
      { id: 'mid4', startMinute: 10 * 60, lengthMinutes: 4 * 60, days: ALL_DAYS, breaks: [] },
    ];
    const r = generateRoster({ frame: frame(30), required, templates, agents: agents(20), rules: RULES });
    expect(r.shortSlots).toEqual([]);
    expect(r.unassigned).toBe(0);
    r.coverage.forEach((c, s) => expect(c).toBeGreaterThanOrEqual(required[s]));
    expect(coverageOf(frame(30), required.length, r.shifts)).toEqual(r.coverage);
    for (const sh of r.shifts) {
      for (const b of sh.breaks) {
        const off = (b.endMs - b.startMs) / 60000;
        expect(off).toBe(60);
        const from = (b.startMs - sh.startMs) / 60000;
        expect(from).toBeGreaterThanOrEqual(180);
        expect(from).toBeLessThanOrEqual(300);
      }
    }
    // breaks of the same template and day are not all at the same time when several run
    const mondayEarly = r.shifts.filter((s) => s.day === 0 && s.templateId === 'early');
    if (mondayEarly.length > 1) expect(new Set(mondayEarly.map((s) => s.breaks[0].startMs)).size).toBeGreaterThan(1);
    expect(r.paidHours).toBeGreaterThanOrEqual(r.requiredHours);
    expect(checkRoster(frame(30), r.shifts.map((s, i) => ({ ...s, id: String(i) })), agents(20), RULES)).toEqual([]);
  });

  it('is deterministic', () => {
    const required = weekOf([0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 4, 3, 3, 4, 4, 3, 2, 1, 0, 0, 0, 0, 0]);
    const templates: ShiftTemplateSpec[] = [
      { id: 'a', startMinute: 480, lengthMinutes: 480, days: ALL_DAYS, breaks: [] },
      { id: 'b', startMinute: 600, lengthMinutes: 480, days: ALL_DAYS, breaks: [] },
    ];
    const input = { frame: frame(60), required, templates, agents: agents(12), rules: RULES };
    expect(generateRoster(input)).toEqual(generateRoster(input));
  });

  it('finds the brute-force optimum on small instances', () => {
    const r = rng(42);
    const templates: ShiftTemplateSpec[] = [
      { id: 't8a', startMinute: 7 * 60, lengthMinutes: 8 * 60, days: [0], breaks: [] },
      { id: 't8b', startMinute: 10 * 60, lengthMinutes: 8 * 60, days: [0], breaks: [] },
      { id: 't4a', startMinute: 7 * 60, lengthMinutes: 4 * 60, days: [0], breaks: [] },
      { id: 't4b', startMinute: 11 * 60, lengthMinutes: 4 * 60, days: [0], breaks: [] },
      { id: 't4c', startMinute: 14 * 60, lengthMinutes: 4 * 60, days: [0], breaks: [] },
      { id: 't6', startMinute: 9 * 60, lengthMinutes: 6 * 60, days: [0], breaks: [] },
    ];
    let exact = 0;
    const trials = 40;
    for (let trial = 0; trial < trials; trial++) {
      const monday = new Array(24).fill(0).map((_, h) => (h >= 7 && h < 18 ? Math.floor(r() * 4) : 0));
      const required = [...monday, ...new Array(24 * 6).fill(0)];
      const got = generateRoster({ frame: frame(60), required, templates, agents: agents(30), rules: { ...RULES, maxWeeklyHours: 60 } });
      // brute force: 0–4 copies of each template
      let best = Infinity;
      const counts = new Array(templates.length).fill(0);
      const rec = (k: number) => {
        if (k === templates.length) {
          const cov = new Array(24).fill(0);
          let hours = 0;
          templates.forEach((t, i) => {
            hours += (counts[i] * t.lengthMinutes) / 60;
            for (let h = t.startMinute / 60; h < (t.startMinute + t.lengthMinutes) / 60; h++) cov[h] += counts[i];
          });
          if (cov.every((c, h) => c >= monday[h])) best = Math.min(best, hours);
          return;
        }
        for (let c = 0; c <= 4; c++) { counts[k] = c; rec(k + 1); }
      };
      rec(0);
      expect(got.shortSlots).toEqual([]);
      expect(got.paidHours, `trial ${trial}: ${monday.join(',')}`).toBeGreaterThanOrEqual(best);
      expect(got.paidHours, `trial ${trial}: ${monday.join(',')}`).toBeLessThanOrEqual(best * 1.1);
      if (got.paidHours === best) exact++;
    }
    console.log(`roster heuristic: optimal on ${exact} of ${trials} random instances`);
    expect(exact / trials).toBeGreaterThanOrEqual(0.8);
  });

  it('reports slots no template can cover', () => {
    const required = weekOf([1, ...new Array(7).fill(0), ...new Array(10).fill(1), ...new Array(6).fill(0)]); // 00:00 needs someone
    const templates: ShiftTemplateSpec[] = [{ id: 'day', startMinute: 480, lengthMinutes: 600, days: ALL_DAYS, breaks: [] }];
    const r = generateRoster({ frame: frame(60), required, templates, agents: agents(10), rules: RULES });
    expect(r.shortSlots).toEqual([0, 24, 48, 72, 96, 120, 144]);
  });

  it('respects each rest rule when assigning, and leaves shifts unassigned when agents are too few', () => {
    // the same need every day: 3 agents 08–16; 5 agents can do 5 days each → 25 ≥ 21 shifts
    const required = weekOf([...new Array(8).fill(0), ...new Array(8).fill(3), ...new Array(8).fill(0)]);
    const templates: ShiftTemplateSpec[] = [{ id: 'd', startMinute: 480, lengthMinutes: 480, days: ALL_DAYS, breaks: [] }];
    const ok = generateRoster({ frame: frame(60), required, templates, agents: agents(5), rules: RULES });
    expect(ok.unassigned).toBe(0);
    const perAgent = new Map<string, number[]>();
    for (const s of ok.shifts) perAgent.set(s.agentId!, [...(perAgent.get(s.agentId!) ?? []), s.day]);
    for (const days of perAgent.values()) {
      expect(days.length).toBeLessThanOrEqual(5); // min 2 days off; 40 h
      expect(new Set(days).size).toBe(days.length); // one shift a day
    }
    // consecutive days ≤ 3 with 5 agents: still feasible, and checked
    const tight = { ...RULES, maxConsecutiveDays: 3, minDaysOff: 2 };
    const r3 = generateRoster({ frame: frame(60), required, templates, agents: agents(5), rules: tight });
    expect(checkRoster(frame(60), r3.shifts.map((s, i) => ({ ...s, id: String(i) })), agents(5), tight).filter((v) => v.rule !== 'unassigned')).toEqual([]);
    // agents short of days: short shifts would need more agent-days than there are, so longer ones are used
    const mixed: ShiftTemplateSpec[] = [
      { id: 'am', startMinute: 480, lengthMinutes: 240, days: ALL_DAYS, breaks: [] },
      { id: 'pm', startMinute: 720, lengthMinutes: 240, days: ALL_DAYS, breaks: [] },
      { id: 'full', startMinute: 480, lengthMinutes: 480, days: ALL_DAYS, breaks: [] },
    ];
    const fewer = generateRoster({ frame: frame(60), required, templates: mixed, agents: agents(5), rules: { ...RULES, maxWeeklyHours: 60 } });
    expect(fewer.unassigned).toBe(0);
    expect(fewer.shortSlots).toEqual([]);
    // last week carries over: a late Sunday shift (ends 24:00) and 4 days worked in a row before Monday
    const carried = agents(5).map((a, i) => (i === 0 ? { ...a, restFromMs: MONDAY } : i === 1 ? { ...a, daysWorkedBefore: 4 } : a));
    const early: ShiftTemplateSpec[] = [{ id: 'e', startMinute: 6 * 60, lengthMinutes: 480, days: ALL_DAYS, breaks: [] }];
    const reqEarly = weekOf([...new Array(6).fill(0), ...new Array(8).fill(3), ...new Array(10).fill(0)]);
    const rc = generateRoster({ frame: frame(60), required: reqEarly, templates: early, agents: carried, rules: RULES });
    const a0 = rc.shifts.filter((x) => x.agentId === 'a000').map((x) => x.day);
    expect(a0).not.toContain(0); // 6 h after last week's shift ended at midnight: too little rest
    const a1 = rc.shifts.filter((x) => x.agentId === 'a001').map((x) => x.day);
    expect(a1.includes(0) && a1.includes(1)).toBe(false); // Monday and Tuesday would make 6 days in a row with last week's 4
    expect(rc.unassigned).toBe(0);
    expect(checkRoster(frame(60), rc.shifts.map((x, i) => ({ ...x, id: String(i) })), carried, RULES).filter((v) => v.rule !== 'unassigned')).toEqual([]);
    // weekly hours 24 → 3 shifts each: 5 agents take 15 of 21
    const r24 = generateRoster({ frame: frame(60), required, templates, agents: agents(5), rules: { ...RULES, maxWeeklyHours: 24 } });
    expect(r24.unassigned).toBe(6);
    // an agent unavailable on Mondays never works Monday
    const withOff = agents(5).map((a, i) => (i === 0 ? { ...a, unavailableDays: [0] } : a));
    const rOff = generateRoster({ frame: frame(60), required, templates, agents: withOff, rules: RULES });
    expect(rOff.shifts.some((s) => s.agentId === 'a000' && s.day === 0)).toBe(false);
    // minimum rest: a late shift (16–24) then an early one (06–14) the next day is 6 h of rest — never given to one agent
    const lateEarly: ShiftTemplateSpec[] = [
      { id: 'late', startMinute: 16 * 60, lengthMinutes: 480, days: [0], breaks: [] },
      { id: 'early', startMinute: 6 * 60, lengthMinutes: 480, days: [1], breaks: [] },
    ];
    const reqLE = new Array(168).fill(0);
    for (let h = 16; h < 24; h++) reqLE[h] = 1;
    for (let h = 30; h < 38; h++) reqLE[h] = 1;
    const one = generateRoster({ frame: frame(60), required: reqLE, templates: lateEarly, agents: agents(1), rules: RULES });
    expect(one.unassigned).toBe(1);
    const two = generateRoster({ frame: frame(60), required: reqLE, templates: lateEarly, agents: agents(2), rules: RULES });
    expect(two.unassigned).toBe(0);
    expect(two.shifts[0].agentId).not.toBe(two.shifts[1].agentId);
  });
});

describe('checkRoster', () => {
  const f = frame(60);
  const h = 3_600_000;
  const shift = (id: string, agentId: string | null, day: number, startH: number, lenH = 8) =>
    ({ id, agentId, startMs: MONDAY + day * 24 * h + startH * h, endMs: MONDAY + day * 24 * h + (startH + lenH) * h, paidMinutes: lenH * 60 });

  it('flags each broken rule', () => {
    const rules = (v: ReturnType<typeof checkRoster>) => v.map((x) => x.rule).sort();
    expect(rules(checkRoster(f, [shift('1', null, 0, 8)], [], RULES))).toEqual(['unassigned']);
    expect(rules(checkRoster(f, [shift('1', 'a', 0, 16), shift('2', 'a', 1, 6)], [{ id: 'a' }], RULES))).toEqual(['min_rest']);
    expect(rules(checkRoster(f, [shift('1', 'a', 0, 8), shift('2', 'a', 0, 12)], [{ id: 'a' }], RULES))).toEqual(['overlap', 'two_shifts_one_day']);
    const six = [0, 1, 2, 3, 4, 5].map((d) => shift(String(d), 'a', d, 8, 6));
    expect(rules(checkRoster(f, six, [{ id: 'a' }], RULES))).toEqual(['max_consecutive_days', 'min_days_off']);
    const long = [0, 2, 4].map((d) => shift(String(d), 'a', d, 6, 15));
    const v = checkRoster(f, long, [{ id: 'a' }], RULES);
    expect(rules(v)).toEqual(['max_weekly_hours']);
    expect(v[0].params).toEqual({ hours: 45, limit: 40 });
    expect(rules(checkRoster(f, [shift('1', 'a', 2, 8)], [{ id: 'a', unavailableDays: [2] }], RULES))).toEqual(['unavailable_day']);
    expect(rules(checkRoster(f, [shift('1', 'a', 0, 6)], [{ id: 'a', restFromMs: MONDAY }], RULES))).toEqual(['min_rest']);
    expect(rules(checkRoster(f, [shift('1', 'a', 0, 8), shift('2', 'a', 1, 8)], [{ id: 'a', daysWorkedBefore: 4 }], RULES))).toEqual(['max_consecutive_days']);
    expect(checkRoster(f, [shift('1', 'a', 0, 8), shift('2', 'a', 1, 8)], [{ id: 'a' }], RULES)).toEqual([]);
  });
});
