import ICAL from 'ical.js';
import type { CalendarDefinition, TimeWindow, WeekHours } from '../../../shared/calendars';
import { CalendarError, parseCalendarDefinition } from './business-calendar';

// iCalendar (.ics) import: all-day events become holidays, or make-up working
// days when their summary says so (班 / 补班 / 调休上班 / workday, or Apple's
// ALTERNATE-WORKDAY marker, as in the published Chinese holiday feeds).
// Timed events say nothing about whole days and are skipped (and counted).

const MAKE_UP_RE = /班|\bwork(?:ing)?\s*day\b|\(work\)|make-?up/i;
/** Occurrences of one recurring event we expand at most (about 10 years of yearly events, with room). */
const MAX_OCCURRENCES = 400;
const MAX_DAYS_PER_EVENT = 366;

export interface IcsDays {
  holidays: string[];
  workdays: string[];
  /** Events that were not all-day, so not used. */
  skipped: number;
}

const dateOf = (t: ICAL.Time) => `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/** The holiday and make-up dates an iCalendar text lists. Throws CalendarError when it is not iCalendar. */
export function daysFromIcs(text: string): IcsDays {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown as unknown[]);
  } catch (err) {
    throw new CalendarError([{ path: 'ics', code: 'invalid_ics', message: `not a valid iCalendar file: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  if (root.name !== 'vcalendar') throw new CalendarError([{ path: 'ics', code: 'invalid_ics', message: 'not a VCALENDAR' }]);
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  let skipped = 0;
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    if (!event.startDate || !event.startDate.isDate) { skipped++; continue; }
    const special = String(vevent.getFirstPropertyValue('x-apple-special-day') ?? '');
    const makeUp = special === 'ALTERNATE-WORKDAY' || MAKE_UP_RE.test(event.summary ?? '');
    const target = makeUp ? workdays : holidays;
    const starts: ICAL.Time[] = [];
    if (event.isRecurring()) {
      const it = event.iterator();
      for (let next = it.next(); next && starts.length < MAX_OCCURRENCES; next = it.next()) starts.push(next);
    } else {
      starts.push(event.startDate);
    }
    // DTEND of an all-day event is exclusive; absent means one day.
    const lengthDays = event.endDate ? Math.max(1, Math.min(MAX_DAYS_PER_EVENT, event.endDate.subtractDate(event.startDate).toSeconds() / 86400)) : 1;
    for (const start of starts) {
      const day = start.clone();
      for (let i = 0; i < lengthDays; i++) {
        target.add(dateOf(day));
        day.adjust(1, 0, 0, 0);
      }
    }
  }
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort(), skipped };
}

export interface IcsCalendarInput {
  ics: string;
  name: string;
  timezone: string;
  hours: WeekHours | Partial<Record<keyof WeekHours, TimeWindow[]>>;
  workdayHours?: TimeWindow[];
}

/** A calendar from weekly hours plus an iCalendar file's holidays and make-up days. */
export function calendarFromIcs(input: IcsCalendarInput): CalendarDefinition {
  const days = daysFromIcs(input.ics);
  return parseCalendarDefinition({
    name: input.name, timezone: input.timezone, hours: input.hours,
    holidays: days.holidays, workdays: days.workdays,
    ...(input.workdayHours ? { workdayHours: input.workdayHours } : {}),
  });
}
