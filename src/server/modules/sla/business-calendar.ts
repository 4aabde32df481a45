import { DateTime, IANAZone } from 'luxon';
import { CalendarDefinition, WEEKDAYS, type CalendarDefinitionInput, type TimeWindow, type Weekday } from '../../../shared/calendars';

// Business calendars (营业时间): when a site works, in its own time zone.
// Pure: no clock, no database. Instants are UTC (Date or ISO 8601 with an
// offset); durations are business minutes (`businessMinutes`).
//
// Rules (issue 3, item 1):
// - each weekday has zero or more windows [start, end); "24:00" is the end of
//   the day; a window whose end is not after its start runs past midnight into
//   the next day (["22:00","06:00"]; ["00:00","00:00"] is a full 24 hours);
// - a holiday removes the windows that START on its date. So a 22:00–06:00
//   shift that starts the evening before a holiday still runs into the
//   holiday's morning, and the shift starting on the holiday's evening does
//   not happen. (A date is the day a shift belongs to, as rosters print it.)
// - a make-up working day (调休上班) uses `workdayHours`, or Monday's hours
//   when absent, instead of its weekday's own hours;
// - local times are turned into instants with the zone's rules of that day, so
//   a 09:00 window is at 09:00 local on both sides of a daylight-saving change
//   and a 00:00–24:00 day lasts 23 or 25 hours on the change days. A local
//   time that does not exist (spring-forward gap) moves forward to the first
//   one that does.
//
// Speed: working intervals are computed a day at a time and cached per local
// date, so adding five working days walks about seven days, never minutes.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far a computation may search before it gives up: 10 years of days. */
export const MAX_SEARCH_DAYS = 3653;
/** Cached days per calendar before the cache is dropped and rebuilt. */
const CACHE_DAYS = 40_000;

/** One problem with an input: where, a stable code, and a readable message. */
export interface CalendarIssue {
  path: string;
  code: string;
  message: string;
}

/** Bad input to a calendar computation: every problem found, each with path, code and message. */
export class CalendarError extends Error {
  constructor(readonly issues: CalendarIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.name = 'CalendarError';
  }
}

/** A calendar ready to compute on (validated, windows parsed, day intervals cached). */
export interface BusinessCalendar {
  readonly definition: CalendarDefinition;
  readonly timezone: string;
  /** Per weekday (0 = Monday): flattened [start, end] pairs in minutes from local midnight; end may pass 1440. */
  readonly week: readonly (readonly number[])[];
  /** Windows of a make-up working day, same encoding. */
  readonly makeUpWindows: readonly number[];
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
  /** Local date (epoch day) → flattened [startMs, endMs] pairs in UTC, sorted. */
  readonly cache: Map<number, number[]>;
}

// ---------------------------------------------------------------- local dates

/** "2026-10-01" → days since 1970-01-01 (a civil date, no zone); NaN when not a real date. */
export function epochDayOf(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
const weekdayIndex = (day: number) => (((day + 3) % 7) + 7) % 7;

/** "09:30" → 570; "24:00" → 1440. */
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const fmt = (w: TimeWindow) => `${w[0]}–${w[1]}`;
const WEEKDAY_EN: Record<Weekday, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};

// ---------------------------------------------------------------- validation

interface ParsedWindow { start: number; end: number; path: string; text: string }

/** Windows of one day as minute intervals; problems with single windows go to `issues`. */
function parseWindows(windows: readonly TimeWindow[], basePath: string, issues: CalendarIssue[]): ParsedWindow[] {
  const out: ParsedWindow[] = [];
  windows.forEach((w, i) => {
    const path = `${basePath}.${i}`;
    if (w[0] === '24:00') {
      issues.push({ path: `${path}.0`, code: 'invalid_time', message: `a window cannot start at 24:00 (${fmt(w)})` });
      return;
    }
    const start = minutesOf(w[0]);
    let end = minutesOf(w[1]);
    if (end <= start) end += 1440; // runs past midnight
    out.push({ start, end, path, text: fmt(w) });
  });
  return out.sort((a, b) => a.start - b.start);
}

/** Overlaps inside one day's windows. */
function checkOverlaps(windows: ParsedWindow[], issues: CalendarIssue[]): void {
  for (let i = 1; i < windows.length; i++) {
    for (let j = 0; j < i; j++) {
      if (windows[j].end > windows[i].start) {
        issues.push({ path: windows[i].path, code: 'window_overlap', message: `window ${windows[i].text} overlaps ${windows[j].text}` });
        break;
      }
    }
  }
}

const flatten = (windows: ParsedWindow[]) => windows.flatMap((w) => [w.start, w.end]);

const zodIssues = (error: { issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[] }): CalendarIssue[] =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));

/**
 * Check a calendar in the JSON form and return it normalised (dates sorted
 * and de-duplicated, missing weekdays empty). Throws CalendarError listing
 * every problem: times not HH:MM, overlapping windows (also a window running
 * past midnight into the next day's), unknown time zones, malformed or
 * impossible dates, a date that is both a holiday and a make-up day, and a
 * calendar with no working time at all.
 */
export function parseCalendarDefinition(input: unknown): CalendarDefinition {
  const parsed = CalendarDefinition.safeParse(input);
  if (!parsed.success) throw new CalendarError(zodIssues(parsed.error));
  const def = parsed.data;
  const issues: CalendarIssue[] = [];

  if (!IANAZone.isValidZone(def.timezone)) {
    issues.push({ path: 'timezone', code: 'unknown_timezone', message: `unknown time zone "${def.timezone}" (use an IANA name such as Asia/Shanghai)` });
  }

  const week = WEEKDAYS.map((d) => parseWindows(def.hours[d], `hours.${d}`, issues));
  week.forEach((w) => checkOverlaps(w, issues));
  // A window running past midnight must not overlap the next weekday's first windows.
  week.forEach((today, d) => {
    const tomorrow = week[(d + 1) % 7];
    for (const w of today) {
      if (w.end <= 1440) continue;
      const clash = tomorrow.find((n) => n.start + 1440 < w.end);
      if (clash) {
        issues.push({
          path: clash.path, code: 'window_overlap',
          message: `window ${clash.text} overlaps ${WEEKDAY_EN[WEEKDAYS[d]]}'s ${w.text}, which runs past midnight`,
        });
      }
    }
  });
  const makeUp = def.workdayHours ? parseWindows(def.workdayHours, 'workdayHours', issues) : week[0];
  if (def.workdayHours) checkOverlaps(makeUp, issues);

  const dates = (list: string[], key: 'holidays' | 'workdays') => {
    const days = new Map<number, number>();
    list.forEach((date, i) => {
      const day = epochDayOf(date);
      if (Number.isNaN(day)) issues.push({ path: `${key}.${i}`, code: 'invalid_date', message: `"${date}" is not a real date` });
      else if (!days.has(day)) days.set(day, i);
    });
    return days;
  };
  const holidays = dates(def.holidays, 'holidays');
  const workdays = dates(def.workdays, 'workdays');
  for (const [day, i] of workdays) {
    if (holidays.has(day)) {
      issues.push({ path: `workdays.${i}`, code: 'holiday_and_workday', message: `${dateOfEpochDay(day)} is both a holiday and a make-up working day` });
    }
  }
  if (workdays.size > 0 && makeUp.length === 0) {
    issues.push({ path: 'workdayHours', code: 'no_workday_hours', message: 'make-up working days are listed but neither workdayHours nor Monday has any hours' });
  }
  if (week.every((w) => w.length === 0) && (workdays.size === 0 || makeUp.length === 0)) {
    issues.push({ path: 'hours', code: 'no_working_time', message: 'the calendar has no working time at all' });
  }
  if (issues.length) throw new CalendarError(issues);

  const sortedDates = (m: Map<number, number>) => [...m.keys()].sort((a, b) => a - b).map(dateOfEpochDay);
  return { ...def, holidays: sortedDates(holidays), workdays: sortedDates(workdays) };
}

/** Validate a calendar (JSON form) and make it ready to compute on. Throws CalendarError. */
export function compileCalendar(input: CalendarDefinitionInput | unknown): BusinessCalendar {
  const definition = parseCalendarDefinition(input);
  const ignore: CalendarIssue[] = [];
  const merge = (ws: ParsedWindow[]) => {
    // Touching windows (09:00–12:00, 12:00–18:00) become one.
    const out: ParsedWindow[] = [];
    for (const w of ws) {
      const last = out[out.length - 1];
      if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
      else out.push({ ...w });
    }
    return flatten(out);
  };
  const week = WEEKDAYS.map((d) => merge(parseWindows(definition.hours[d], '', ignore)));
  const makeUpWindows = definition.workdayHours ? merge(parseWindows(definition.workdayHours, '', ignore)) : week[0];
  return {
    definition,
    timezone: definition.timezone,
    week,
    makeUpWindows,
    holidays: new Set(definition.holidays.map(epochDayOf)),
    workdays: new Set(definition.workdays.map(epochDayOf)),
    cache: new Map(),
  };
}

// ---------------------------------------------------------------- intervals

/** The UTC instant of `minute` minutes after local midnight of `day` (minute may pass 1440). */
function localToUtc(zone: string, day: number, minute: number): number {
  const d = new Date((day + Math.floor(minute / 1440)) * DAY_MS);
  const m = minute % 1440;
  return DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
}

/** Working intervals whose windows start on local date `day`, as flattened UTC [start, end] pairs (cached). */
function dayIntervals(cal: BusinessCalendar, day: number): number[] {
  const hit = cal.cache.get(day);
  if (hit) return hit;
  const windows = cal.holidays.has(day) ? [] : cal.workdays.has(day) ? cal.makeUpWindows : cal.week[weekdayIndex(day)];
  const out: number[] = [];
  for (let i = 0; i < windows.length; i += 2) {
    const start = localToUtc(cal.timezone, day, windows[i]);
    const end = localToUtc(cal.timezone, day, windows[i + 1]);
    if (end > start) out.push(start, end);
  }
  if (cal.cache.size >= CACHE_DAYS) cal.cache.clear();
  cal.cache.set(day, out);
  return out;
}

/**
 * The first local date whose windows could reach `ms`: windows start within
 * their local day and last at most 48 hours, and zones are within UTC±14h.
 */
const firstCandidateDay = (ms: number) => Math.floor(ms / DAY_MS) - 3;

export interface WorkingInterval {
  /** The local date the window starts on (and belongs to). */
  date: string;
  start: Date;
  end: Date;
}

/** Working intervals of the local dates `from`..`to` (inclusive, YYYY-MM-DD), in order. */
export function workingIntervals(cal: BusinessCalendar, from: string, to: string): WorkingInterval[] {
  const a = epochDayOf(from);
  const b = epochDayOf(to);
  const issues: CalendarIssue[] = [];
  if (Number.isNaN(a)) issues.push({ path: 'from', code: 'invalid_date', message: `"${from}" is not a real date` });
  if (Number.isNaN(b)) issues.push({ path: 'to', code: 'invalid_date', message: `"${to}" is not a real date` });
  if (!issues.length && (b < a || b - a > MAX_SEARCH_DAYS)) {
    issues.push({ path: 'to', code: 'invalid_range', message: `the range must run forwards and span at most ${MAX_SEARCH_DAYS} days` });
  }
  if (issues.length) throw new CalendarError(issues);
  const out: WorkingInterval[] = [];
  for (let day = a; day <= b; day++) {
    const iv = dayIntervals(cal, day);
    for (let i = 0; i < iv.length; i += 2) out.push({ date: dateOfEpochDay(day), start: new Date(iv[i]), end: new Date(iv[i + 1]) });
  }
  return out;
}

// ---------------------------------------------------------------- arithmetic

/** An instant given as a Date or an ISO 8601 string with an offset, in epoch milliseconds. */
function instantMs(value: Date | string, path: string): number {
  let ms = Number.NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new CalendarError([{ path, code: 'invalid_instant', message: `"${String(value)}" is not an ISO 8601 instant with an offset (e.g. 2026-10-08T09:00:00+08:00)` }]);
  }
  return ms;
}

/**
 * The instant at which `businessMinutes` of working time have elapsed after
 * `from`. Zero minutes gives `from` itself; when the last minute ends exactly
 * at a window's end, the answer is that end (not the next window's start), so
 * due(due(t, a), b) = due(t, a + b). Throws CalendarError for negative or
 * non-finite minutes, a bad instant, or when the minutes do not fit in 10
 * years of working time.
 */
export function addBusinessMinutes(cal: BusinessCalendar, from: Date | string, businessMinutes: number): Date {
  const t0 = instantMs(from, 'from');
  if (!Number.isFinite(businessMinutes) || businessMinutes < 0) {
    throw new CalendarError([{ path: 'minutes', code: 'invalid_minutes', message: 'minutes must be a finite number of at least 0' }]);
  }
  let remaining = Math.round(businessMinutes * MINUTE_MS);
  if (remaining === 0) return new Date(t0);
  let cursor = t0;
  const first = firstCandidateDay(t0);
  for (let day = first; day < first + MAX_SEARCH_DAYS; day++) {
    const iv = dayIntervals(cal, day);
    for (let i = 0; i < iv.length; i += 2) {
      const end = iv[i + 1];
      if (end <= cursor) continue;
      const start = iv[i] > cursor ? iv[i] : cursor;
      const available = end - start;
      if (available >= remaining) return new Date(start + remaining);
      remaining -= available;
      cursor = end;
    }
  }
  throw new CalendarError([{
    path: 'minutes', code: 'beyond_horizon',
    message: `${businessMinutes} business minutes do not fit in the calendar's working time within 10 years`,
  }]);
}

/**
 * Business minutes of working time between two instants (exact: fractional
 * when the instants are not on whole minutes). Negative when `to` is before
 * `from`. Throws CalendarError for bad instants or a span over 10 years.
 */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date | string, to: Date | string): number {
  const a = instantMs(from, 'from');
  const b = instantMs(to, 'to');
  if (b < a) return -businessMinutesBetween(cal, new Date(b), new Date(a));
  if (b - a > MAX_SEARCH_DAYS * DAY_MS) {
    throw new CalendarError([{ path: 'to', code: 'beyond_horizon', message: 'from and to may be at most 10 years apart' }]);
  }
  let total = 0;
  let cursor = a;
  const last = Math.floor(b / DAY_MS) + 1; // windows of later local dates start after `to`
  for (let day = firstCandidateDay(a); day <= last; day++) {
    const iv = dayIntervals(cal, day);
    for (let i = 0; i < iv.length; i += 2) {
      const end = iv[i + 1] < b ? iv[i + 1] : b;
      const start = iv[i] > cursor ? iv[i] : cursor;
      if (end > start) {
        total += end - start;
        cursor = end;
      }
    }
  }
  return total / MINUTE_MS;
}
