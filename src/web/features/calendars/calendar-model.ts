import type { Calendar, CalendarDefinition, TimeWindow, WeekHours } from '../../../shared/calendars';
import { TIME_RE, WEEKDAYS } from '../../../shared/calendars';

// What the calendars page edits: the JSON form of a calendar, plus the
// templates an administrator starts from.

export type { Calendar, CalendarDefinition, TimeWindow, WeekHours };
export { TIME_RE, WEEKDAYS };

export const PRESETS = ['lunch', 'office', 'hall', 'allDay'] as const;
export type Preset = (typeof PRESETS)[number];

const all = (w: TimeWindow[]): WeekHours => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: w, sun: w });
const weekdays = (w: TimeWindow[]): WeekHours => ({ ...all(w), sat: [], sun: [] });

export function presetHours(p: Preset): WeekHours {
  switch (p) {
    case 'office': return weekdays([['09:00', '18:00']]);
    case 'lunch': return weekdays([['09:00', '12:00'], ['13:30', '18:00']]);
    case 'hall': return all([['09:00', '18:00']]);
    case 'allDay': return all([['00:00', '24:00']]);
  }
}

/** Zones offered in the picker: the browser's IANA list, the usual ones first. */
export function timeZones(): string[] {
  const first = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York'];
  let rest: string[] = [];
  try { rest = Intl.supportedValuesOf('timeZone'); } catch { /* older browsers: the short list */ }
  return [...new Set([...first, ...rest])];
}

/** Runs past midnight: the end is not after the start ("24:00" is the end of the day). */
export const crossesMidnight = (w: TimeWindow) => w[1] !== '24:00' && w[1] <= w[0];

/** A date's place in the calendar: what a click on the month view cycles through. */
export type DayKind = 'normal' | 'holiday' | 'workday';

export function kindOf(def: CalendarDefinition, date: string): DayKind {
  if (def.holidays.includes(date)) return 'holiday';
  if (def.workdays.includes(date)) return 'workday';
  return 'normal';
}

/** normal → holiday → make-up working day → normal. */
export function cycleDay(def: CalendarDefinition, date: string): CalendarDefinition {
  const kind = kindOf(def, date);
  const holidays = def.holidays.filter((d) => d !== date);
  const workdays = def.workdays.filter((d) => d !== date);
  if (kind === 'normal') holidays.push(date);
  if (kind === 'holiday') workdays.push(date);
  return { ...def, holidays: holidays.sort(), workdays: workdays.sort() };
}

/** The definition as the API wants it back (no server fields). */
export const definitionOf = (c: Calendar): CalendarDefinition => structuredClone(c.definition);
