import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinitionInput } from '../../../shared/calendars';
import {
  addBusinessMinutes, businessMinutesBetween, CalendarError, compileCalendar, dateOfEpochDay, epochDayOf,
  parseCalendarDefinition, workingIntervals,
} from './business-calendar';
import { chinaStatutoryDates, chinaStatutoryYears, mainlandChinaCalendar } from './china-statutory';
import { calendarFromIcs, daysFromIcs } from './ics-import';

// Table-driven calendar tests: every row states its calendar, start, amount and the expected instant.

const LUNCH: [string, string][] = [['09:00', '12:00'], ['13:30', '18:00']]; // 7.5 h = 450 min a day
const weekdays = (w: [string, string][]) => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: [], sun: [] });
const everyDay = (w: [string, string][]) => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: w, sun: w });

const CALENDARS = {
  /** A Shanghai office with a lunch break, the 2026 National Day block and its two make-up days (Sun 09-20, Sat 10-10). */
  office: {
    name: 'office', timezone: 'Asia/Shanghai', hours: weekdays(LUNCH),
    holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    workdays: ['2026-09-20', '2026-10-10'],
  },
  /** A business hall open every day, with a holiday that falls on a Saturday. */
  hall: { name: 'hall', timezone: 'Asia/Shanghai', hours: everyDay([['09:00', '17:00']]), holidays: ['2026-10-03'] },
  /** A night desk, 22:00–06:00 every day; the shift that starts on 2026-03-04 is a holiday. */
  night: { name: 'night', timezone: 'Asia/Shanghai', hours: everyDay([['22:00', '06:00']]), holidays: ['2026-03-04'] },
  /** Round the clock. */
  allDayUtc: { name: '24x7', timezone: 'UTC', hours: everyDay([['00:00', '24:00']]) },
  berlin24: { name: 'berlin 24x7', timezone: 'Europe/Berlin', hours: everyDay([['00:00', '24:00']]) },
  berlinOffice: { name: 'berlin', timezone: 'Europe/Berlin', hours: weekdays([['09:00', '17:00']]) },
  newYork: { name: 'ny', timezone: 'America/New_York', hours: weekdays([['09:00', '17:00']]) },
  /** Make-up days with their own hours (workdayHours), and a Sunday make-up day. */
  makeUpOwnHours: {
    name: 'make-up', timezone: 'Asia/Shanghai', hours: weekdays([['08:30', '17:30']]),
    workdays: ['2026-02-14', '2026-02-28'], workdayHours: [['10:00', '16:00']],
  },
} satisfies Record<string, CalendarDefinitionInput>;
type Name = keyof typeof CALENDARS;
const compiled = Object.fromEntries(Object.entries(CALENDARS).map(([k, v]) => [k, compileCalendar(v)])) as Record<Name, ReturnType<typeof compileCalendar>>;

const china = compileCalendar(mainlandChinaCalendar({ name: '中国大陆', hours: weekdays(LUNCH), years: [2025, 2026] }));

describe('addBusinessMinutes', () => {
  const rows: { why: string; cal: Name; from: string; minutes: number; due: string }[] = [
    { why: 'start inside a window', cal: 'office', from: '2026-03-02T10:00:00+08:00', minutes: 60, due: '2026-03-02T11:00:00+08:00' },
    { why: 'across the lunch break', cal: 'office', from: '2026-03-02T11:30:00+08:00', minutes: 60, due: '2026-03-02T14:00:00+08:00' },
    { why: 'start before opening', cal: 'office', from: '2026-03-02T07:00:00+08:00', minutes: 30, due: '2026-03-02T09:30:00+08:00' },
    { why: 'start during lunch', cal: 'office', from: '2026-03-02T12:10:00+08:00', minutes: 10, due: '2026-03-02T13:40:00+08:00' },
    { why: 'ends exactly at a window end (not the next start)', cal: 'office', from: '2026-03-02T11:00:00+08:00', minutes: 60, due: '2026-03-02T12:00:00+08:00' },
    { why: 'Friday evening → Monday', cal: 'office', from: '2026-03-06T19:00:00+08:00', minutes: 60, due: '2026-03-09T10:00:00+08:00' },
    { why: 'zero minutes is the start itself, even outside hours', cal: 'office', from: '2026-03-07T15:00:00+08:00', minutes: 0, due: '2026-03-07T15:00:00+08:00' },
    { why: 'five working days', cal: 'office', from: '2026-03-02T09:00:00+08:00', minutes: 5 * 450, due: '2026-03-06T18:00:00+08:00' },
    { why: 'large N: 100 working days', cal: 'office', from: '2026-01-05T09:00:00+08:00', minutes: 100 * 450, due: '2026-05-22T18:00:00+08:00' },
    { why: 'make-up Sunday uses Monday hours', cal: 'office', from: '2026-09-19T10:00:00+08:00', minutes: 60, due: '2026-09-20T10:00:00+08:00' },
    { why: 'holiday block skipped', cal: 'office', from: '2026-09-30T17:30:00+08:00', minutes: 60, due: '2026-10-08T09:30:00+08:00' },
    { why: 'make-up Saturday after the block', cal: 'office', from: '2026-10-09T17:00:00+08:00', minutes: 120, due: '2026-10-10T10:00:00+08:00' },
    { why: 'a holiday on a Saturday closes a 7-day hall', cal: 'hall', from: '2026-10-02T16:00:00+08:00', minutes: 120, due: '2026-10-04T10:00:00+08:00' },
    { why: 'the eve shift runs into the holiday morning', cal: 'night', from: '2026-03-03T23:00:00+08:00', minutes: 420, due: '2026-03-04T06:00:00+08:00' },
    { why: "the holiday's own shift does not happen", cal: 'night', from: '2026-03-04T07:00:00+08:00', minutes: 60, due: '2026-03-05T23:00:00+08:00' },
    { why: 'start inside a cross-midnight window', cal: 'night', from: '2026-03-06T03:00:00+08:00', minutes: 240, due: '2026-03-06T23:00:00+08:00' },
    { why: '24×7 is plain time', cal: 'allDayUtc', from: '2026-03-02T10:15:00Z', minutes: 3 * 1440, due: '2026-03-05T10:15:00Z' },
    { why: '24×7 across the spring change is plain time too', cal: 'berlin24', from: '2026-03-28T12:00:00+01:00', minutes: 1440, due: '2026-03-29T13:00:00+02:00' },
    { why: 'Berlin office across the March change', cal: 'berlinOffice', from: '2026-03-27T16:00:00+01:00', minutes: 120, due: '2026-03-30T10:00:00+02:00' },
    { why: 'Berlin office across the October change', cal: 'berlinOffice', from: '2026-10-23T16:00:00+02:00', minutes: 120, due: '2026-10-26T10:00:00+01:00' },
    { why: 'New York office across the March change', cal: 'newYork', from: '2026-03-06T16:00:00-05:00', minutes: 120, due: '2026-03-09T10:00:00-04:00' },
    { why: 'New York office across the November change', cal: 'newYork', from: '2026-10-30T16:00:00-04:00', minutes: 120, due: '2026-11-02T10:00:00-05:00' },
    { why: 'make-up day with its own hours', cal: 'makeUpOwnHours', from: '2026-02-13T17:00:00+08:00', minutes: 60, due: '2026-02-14T10:30:00+08:00' },
  ];
  it.each(rows)('$why ($cal, $from + $minutes)', ({ cal, from, minutes, due }) => {
    expect(addBusinessMinutes(compiled[cal], from, minutes).toISOString()).toBe(new Date(due).toISOString());
    // …and back: the working time between is exactly N.
    expect(businessMinutesBetween(compiled[cal], from, due)).toBe(minutes);
  });

  it('takes Date and ISO instants alike', () => {
    const a = addBusinessMinutes(compiled.office, new Date('2026-03-02T02:00:00Z'), 30);
    expect(a.toISOString()).toBe('2026-03-02T02:30:00.000Z');
  });

  it('is fast for large N: ten years of 24×7 minutes walk days, not minutes', () => {
    const due = addBusinessMinutes(compiled.allDayUtc, '2026-01-01T00:00:00Z', 365 * 1440 * 9);
    expect(due.toISOString()).toBe('2034-12-30T00:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  const rows: { why: string; cal: Name; from: string; to: string; minutes: number }[] = [
    { why: 'same instant', cal: 'office', from: '2026-03-02T10:00:00+08:00', to: '2026-03-02T10:00:00+08:00', minutes: 0 },
    { why: 'one full office day', cal: 'office', from: '2026-03-02T00:00:00+08:00', to: '2026-03-03T00:00:00+08:00', minutes: 450 },
    { why: 'a whole week', cal: 'office', from: '2026-03-02T00:00:00+08:00', to: '2026-03-09T00:00:00+08:00', minutes: 2250 },
    { why: 'the National Day week with two make-up days', cal: 'office', from: '2026-09-14T00:00:00+08:00', to: '2026-10-12T00:00:00+08:00', minutes: (15 + 2) * 450 },
    { why: 'outside hours only', cal: 'office', from: '2026-03-02T18:00:00+08:00', to: '2026-03-03T09:00:00+08:00', minutes: 0 },
    { why: 'the Berlin spring-forward day lasts 23 h', cal: 'berlin24', from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00', minutes: 1380 },
    { why: 'the Berlin fall-back day lasts 25 h', cal: 'berlin24', from: '2026-10-25T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00', minutes: 1500 },
    { why: 'backwards is negative', cal: 'office', from: '2026-03-02T11:00:00+08:00', to: '2026-03-02T10:00:00+08:00', minutes: -60 },
    { why: 'seconds are kept (fractional minutes)', cal: 'allDayUtc', from: '2026-03-02T10:00:00Z', to: '2026-03-02T10:00:30Z', minutes: 0.5 },
    { why: 'a night desk day: the morning of the last shift plus the evening of the next', cal: 'night', from: '2026-03-06T00:00:00+08:00', to: '2026-03-07T00:00:00+08:00', minutes: 6 * 60 + 2 * 60 },
    { why: 'the day after a holiday shift has only its own evening', cal: 'night', from: '2026-03-05T00:00:00+08:00', to: '2026-03-06T00:00:00+08:00', minutes: 2 * 60 },
  ];
  it.each(rows)('$why', ({ cal, from, to, minutes }) => {
    expect(businessMinutesBetween(compiled[cal], from, to)).toBe(minutes);
  });
});

describe('properties (seeded)', () => {
  // Mulberry32: deterministic, so a failure reproduces.
  let seed = 20260301;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const base = Date.parse('2025-12-01T00:00:00Z');
  for (const name of ['office', 'night', 'berlinOffice', 'newYork', 'hall'] as Name[]) {
    it(`due(due(t, a), b) = due(t, a + b) and elapsed(t, due(t, n)) = n on ${name}`, () => {
      const cal = compiled[name];
      for (let i = 0; i < 300; i++) {
        const t = new Date(base + Math.floor(rand() * 400 * 1440) * 60_000);
        const a = Math.floor(rand() * 5000);
        const b = Math.floor(rand() * 5000);
        expect(addBusinessMinutes(cal, addBusinessMinutes(cal, t, a), b).getTime()).toBe(addBusinessMinutes(cal, t, a + b).getTime());
        expect(businessMinutesBetween(cal, t, addBusinessMinutes(cal, t, a))).toBe(a);
      }
    });
  }
});

describe('workingIntervals', () => {
  it('lists the windows of each local date, a cross-midnight one under the date it starts on', () => {
    const iv = workingIntervals(compiled.night, '2026-03-03', '2026-03-05');
    expect(iv.map((w) => [w.date, w.start.toISOString(), w.end.toISOString()])).toEqual([
      ['2026-03-03', '2026-03-03T14:00:00.000Z', '2026-03-03T22:00:00.000Z'],
      ['2026-03-05', '2026-03-05T14:00:00.000Z', '2026-03-05T22:00:00.000Z'],
    ]);
  });
  it('keeps 09:00 local on both sides of a DST change', () => {
    const iv = workingIntervals(compiled.newYork, '2026-03-06', '2026-03-09');
    expect(iv.map((w) => w.start.toISOString())).toEqual(['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });
});

describe('bad input is refused with every problem listed', () => {
  const ok = CALENDARS.office;
  const rows: { why: string; input: unknown; path: string; code: string }[] = [
    { why: 'overlapping windows', input: { ...ok, hours: { ...ok.hours, mon: [['09:00', '12:00'], ['11:00', '13:00']] } }, path: 'hours.mon.1', code: 'window_overlap' },
    { why: 'a night window overlapping the next morning', input: { ...ok, hours: { ...ok.hours, mon: [['22:00', '06:00']], tue: [['05:00', '09:00']] } }, path: 'hours.tue.0', code: 'window_overlap' },
    { why: 'time not HH:MM', input: { ...ok, hours: { ...ok.hours, mon: [['9:00', '12:00']] } }, path: 'hours.mon.0.0', code: 'invalid_format' },
    { why: 'time past 24:00', input: { ...ok, hours: { ...ok.hours, mon: [['09:00', '24:30']] } }, path: 'hours.mon.0.1', code: 'invalid_format' },
    { why: 'a window starting at 24:00', input: { ...ok, hours: { ...ok.hours, mon: [['24:00', '06:00']] } }, path: 'hours.mon.0.0', code: 'invalid_time' },
    { why: 'unknown time zone', input: { ...ok, timezone: 'Mars/Olympus_Mons' }, path: 'timezone', code: 'unknown_timezone' },
    { why: 'a holiday that is also a make-up day', input: { ...ok, workdays: ['2026-10-03'] }, path: 'workdays.0', code: 'holiday_and_workday' },
    { why: 'no working time at all', input: { ...ok, hours: {}, workdays: [] }, path: 'hours', code: 'no_working_time' },
    { why: 'make-up days with no hours to use', input: { ...ok, hours: { sat: [['09:00', '12:00']] }, workdays: ['2026-09-20'] }, path: 'workdayHours', code: 'no_workday_hours' },
    { why: 'an impossible date', input: { ...ok, holidays: ['2026-02-30'] }, path: 'holidays.0', code: 'invalid_date' },
    { why: 'a malformed date', input: { ...ok, holidays: ['2026/10/01'] }, path: 'holidays.0', code: 'invalid_format' },
    { why: 'an unknown weekday key', input: { ...ok, hours: { ...ok.hours, monday: [['09:00', '12:00']] } }, path: 'hours', code: 'unrecognized_keys' },
    { why: 'a missing time zone', input: { name: 'x', hours: ok.hours }, path: 'timezone', code: 'invalid_type' },
  ];
  it.each(rows)('$why', ({ input, path: p, code }) => {
    let err: unknown;
    try { compileCalendar(input); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CalendarError);
    expect((err as CalendarError).issues).toContainEqual(expect.objectContaining({ path: p, code, message: expect.any(String) }));
  });

  it('reports several problems in one go', () => {
    try {
      parseCalendarDefinition({ ...ok, timezone: 'Nowhere/Land', holidays: ['2026-09-20', '2026-02-31'] });
      expect.unreachable();
    } catch (e) {
      expect((e as CalendarError).issues.map((i) => i.code).sort()).toEqual(['holiday_and_workday', 'invalid_date', 'unknown_timezone']);
    }
  });

  it('refuses bad instants, negative minutes, and work that never comes', () => {
    const codeOf = (f: () => unknown) => { try { f(); return 'none'; } catch (e) { return (e as CalendarError).issues[0].code; } };
    expect(codeOf(() => addBusinessMinutes(compiled.office, '2026-03-02T09:00', 10))).toBe('invalid_instant');
    expect(codeOf(() => addBusinessMinutes(compiled.office, 'yesterday', 10))).toBe('invalid_instant');
    expect(codeOf(() => addBusinessMinutes(compiled.office, '2026-03-02T09:00:00Z', -1))).toBe('invalid_minutes');
    expect(codeOf(() => addBusinessMinutes(compiled.office, '2026-03-02T09:00:00Z', Number.NaN))).toBe('invalid_minutes');
    // Working time only on one make-up day in 2020: from 2026 on it never comes, and the search stops after 10 years.
    const past = compileCalendar({ name: 'p', timezone: 'UTC', hours: {}, workdays: ['2020-01-04'], workdayHours: [['09:00', '18:00']] });
    expect(codeOf(() => addBusinessMinutes(past, '2026-01-01T00:00:00Z', 1))).toBe('beyond_horizon');
    expect(codeOf(() => businessMinutesBetween(compiled.office, '2000-01-01T00:00:00Z', '2026-01-01T00:00:00Z'))).toBe('beyond_horizon');
  });

  it('normalises dates: sorted, duplicates dropped', () => {
    const def = parseCalendarDefinition({ ...ok, holidays: ['2026-10-02', '2026-10-01', '2026-10-02'], workdays: [] });
    expect(def.holidays).toEqual(['2026-10-01', '2026-10-02']);
    expect(def.hours.sat).toEqual([]);
  });
});

describe('mainland China statutory calendar', () => {
  it('covers the years the package covers, 2026 included', () => {
    expect(chinaStatutoryYears()).toContain(2025);
    expect(chinaStatutoryYears()).toContain(2026);
  });

  it('knows the 2025 National Day arrangement (hard-coded fact)', () => {
    const d = chinaStatutoryDates(2025);
    for (const day of ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']) {
      expect(d.holidays).toContain(day);
    }
    expect(d.workdays).toContain('2025-09-28'); // Sunday
    expect(d.workdays).toContain('2025-10-11'); // Saturday
    expect(d.holidays).not.toContain('2025-09-27'); // an ordinary Saturday is no statutory holiday
  });

  it('matches the package for 2026 National Day and Spring Festival', () => {
    const d = chinaStatutoryDates(2026);
    const days = (a: string, b: string) => Array.from({ length: epochDayOf(b) - epochDayOf(a) + 1 }, (_, i) => dateOfEpochDay(epochDayOf(a) + i));
    for (const day of [...days('2026-10-01', '2026-10-07'), ...days('2026-02-15', '2026-02-23')]) {
      expect(chineseDays.isHoliday(day)).toBe(true);
      expect(d.holidays).toContain(day);
    }
    for (const day of ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28']) {
      expect(chineseDays.getDayDetail(day).work).toBe(true);
      expect(d.workdays).toContain(day);
    }
  });

  it('a Monday–Friday calendar works exactly on the days the package calls workdays, 2025–2026', () => {
    const wrong: string[] = [];
    for (let day = epochDayOf('2025-01-01'); day <= epochDayOf('2026-12-31'); day++) {
      const date = dateOfEpochDay(day);
      const works = workingIntervals(china, date, date).length > 0;
      if (works !== chineseDays.isWorkday(date)) wrong.push(date);
    }
    expect(wrong).toEqual([]);
  });

  it('puts due dates after the holiday block', () => {
    // Tuesday 2025-09-30 17:00 + 2 h: one hour that day, then nothing until Thursday 2025-10-09.
    expect(addBusinessMinutes(china, '2025-09-30T17:00:00+08:00', 120).toISOString()).toBe('2025-10-09T02:00:00.000Z');
    // Saturday 2025-09-27 + 1 h: Sunday the 28th is a make-up day.
    expect(addBusinessMinutes(china, '2025-09-27T12:00:00+08:00', 60).toISOString()).toBe('2025-09-28T02:00:00.000Z');
  });

  it('refuses years the data does not cover', () => {
    expect(() => mainlandChinaCalendar({ name: 'x', hours: weekdays(LUNCH), years: [2099] })).toThrow(/2099/);
  });
});

describe('iCalendar import', () => {
  const ICS = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//manyi//test//CN',
    // A three-day holiday (DTEND exclusive).
    'BEGIN:VEVENT', 'UID:a@test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261004', 'SUMMARY:国庆节(休)', 'END:VEVENT',
    // A make-up working day, several spellings.
    'BEGIN:VEVENT', 'UID:b@test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20260920', 'SUMMARY:国庆节补班', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:c@test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20261010', 'SUMMARY:Make-up workday', 'END:VEVENT',
    // A yearly holiday: New Year's Day 2026, 2027, 2028.
    'BEGIN:VEVENT', 'UID:d@test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY;COUNT=3', 'SUMMARY:元旦', 'END:VEVENT',
    // A timed meeting: says nothing about whole days.
    'BEGIN:VEVENT', 'UID:e@test', 'DTSTAMP:20260101T000000Z', 'DTSTART:20261012T020000Z', 'DTEND:20261012T030000Z', 'SUMMARY:例会', 'END:VEVENT',
    'END:VCALENDAR', '',
  ].join('\r\n');

  it('turns all-day events into holidays and 班 / workday events into make-up days', () => {
    expect(daysFromIcs(ICS)).toEqual({
      holidays: ['2026-01-01', '2026-10-01', '2026-10-02', '2026-10-03', '2027-01-01', '2028-01-01'],
      workdays: ['2026-09-20', '2026-10-10'],
      skipped: 1,
    });
    const def = calendarFromIcs({ ics: ICS, name: 'ics', timezone: 'Asia/Shanghai', hours: weekdays(LUNCH) });
    expect(addBusinessMinutes(compileCalendar(def), '2026-09-30T17:30:00+08:00', 60).toISOString()).toBe('2026-10-05T01:30:00.000Z');
  });

  it("reads the package's published 2025 feed the same as its data", () => {
    const require = createRequire(import.meta.url);
    const feed = path.join(path.dirname(require.resolve('chinese-days/package.json')), 'dist/years/2025.ics');
    const days = daysFromIcs(fs.readFileSync(feed, 'utf8'));
    const expected = chinaStatutoryDates(2025);
    expect(days.holidays).toEqual(expected.holidays);
    expect(days.workdays).toEqual(expected.workdays);
  });

  it('refuses text that is not iCalendar', () => {
    expect(() => daysFromIcs('hello')).toThrow(CalendarError);
  });
});
