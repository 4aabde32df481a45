import chineseDays from 'chinese-days';
import type { CalendarDefinition, TimeWindow, WeekHours } from '../../../shared/calendars';
import { CalendarError, parseCalendarDefinition } from './business-calendar';

// The mainland China statutory arrangement (法定节假日与调休), from the
// maintained `chinese-days` package, so an administrator gets a correct
// calendar in one step. Updated by upgrading the package when the State
// Council publishes next year's arrangement (usually in November).

let covered: number[] | undefined;

/** Years the bundled data covers (each has at least one statutory holiday listed), ascending. */
export function chinaStatutoryYears(): number[] {
  if (!covered) {
    covered = [];
    for (let y = 2000; y <= 2100; y++) {
      if (chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0) covered.push(y);
    }
  }
  return covered;
}

/** Statutory days off (the whole holiday block, weekend days in it included) and make-up weekend workdays of one year. */
export function chinaStatutoryDates(year: number): { holidays: string[]; workdays: string[] } {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // includeWeekends = false: only the days the arrangement lists, not every Saturday and Sunday.
  const holidays = chineseDays.getHolidaysInRange(from, to, false);
  const workdays = chineseDays.getWorkdaysInRange(from, to, true).filter((d) => {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    return wd === 0 || wd === 6;
  });
  return { holidays, workdays };
}

export interface ChinaCalendarInput {
  name: string;
  hours: WeekHours | Partial<Record<keyof WeekHours, TimeWindow[]>>;
  timezone?: string;
  workdayHours?: TimeWindow[];
  /** First and last year to fill (inclusive); every covered year when absent. */
  from?: number;
  to?: number;
  /** Or the exact years. */
  years?: number[];
}

/**
 * A calendar with the statutory holidays and make-up working days of the
 * chosen years. Years the data does not cover are refused (not silently
 * empty), so nobody believes next year's holidays are in when they are not.
 */
export function mainlandChinaCalendar(input: ChinaCalendarInput): CalendarDefinition {
  const all = chinaStatutoryYears();
  let years = input.years ?? all.filter((y) => (input.from === undefined || y >= input.from) && (input.to === undefined || y <= input.to));
  years = [...new Set(years)].sort((a, b) => a - b);
  const missing = years.filter((y) => !all.includes(y));
  if (missing.length || years.length === 0) {
    throw new CalendarError([{
      path: 'years', code: 'years_not_covered',
      message: `the statutory holiday data covers ${all[0]}–${all[all.length - 1]}; not ${missing.length ? missing.join(', ') : 'the requested range'}`,
    }]);
  }
  const holidays: string[] = [];
  const workdays: string[] = [];
  for (const y of years) {
    const d = chinaStatutoryDates(y);
    holidays.push(...d.holidays);
    workdays.push(...d.workdays);
  }
  return parseCalendarDefinition({
    name: input.name,
    timezone: input.timezone ?? 'Asia/Shanghai',
    hours: input.hours,
    holidays,
    workdays,
    ...(input.workdayHours ? { workdayHours: input.workdayHours } : {}),
  });
}
