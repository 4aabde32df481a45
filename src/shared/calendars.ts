import { z } from 'zod';
import { IsoInstant, Uuid } from './common';

// Business calendars: the JSON form an administrator writes (or `manyi` reads
// from a file), and the REST contracts around it. Shape and formats are
// checked here; the meaning (overlaps, zones, holiday vs make-up day, "is there
// any working time at all") is checked by the pure domain in
// server/modules/sla/business-calendar.ts, which reports every problem at once.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" from 00:00 to 23:59, or "24:00" (the end of the day; only meaningful as a window's end). */
export const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export const ClockTime = z.string().regex(TIME_RE, { message: 'time must be HH:MM between 00:00 and 24:00' });
/** A local calendar date, YYYY-MM-DD (validity of the day itself is checked by the domain). */
export const LocalDate = z.string().regex(DATE_RE, { message: 'date must be YYYY-MM-DD' });

/**
 * One opening window [start, end). "24:00" ends at midnight; an end that is
 * not after the start runs past midnight into the next day (["22:00","06:00"]).
 */
export const TimeWindow = z.tuple([ClockTime, ClockTime]);
export type TimeWindow = z.infer<typeof TimeWindow>;

export const WeekHours = z.strictObject({
  mon: z.array(TimeWindow).max(12).default([]),
  tue: z.array(TimeWindow).max(12).default([]),
  wed: z.array(TimeWindow).max(12).default([]),
  thu: z.array(TimeWindow).max(12).default([]),
  fri: z.array(TimeWindow).max(12).default([]),
  sat: z.array(TimeWindow).max(12).default([]),
  sun: z.array(TimeWindow).max(12).default([]),
});
export type WeekHours = z.infer<typeof WeekHours>;

/** The JSON form of a calendar (issue 3): what the API stores in `definition` and `manyi` reads from a file. */
export const CalendarDefinition = z.object({
  name: z.string().trim().min(1).max(100),
  /** An IANA zone, e.g. Asia/Shanghai. */
  timezone: z.string().trim().min(1).max(64),
  hours: WeekHours,
  /** Dates with no working time (a holiday's date is the date its windows START on). */
  holidays: z.array(LocalDate).max(5000).default([]),
  /** Make-up working days (调休上班): they use `workdayHours`, or Monday's hours when absent. */
  workdays: z.array(LocalDate).max(5000).default([]),
  workdayHours: z.array(TimeWindow).max(12).optional(),
});
export type CalendarDefinition = z.infer<typeof CalendarDefinition>;
export type CalendarDefinitionInput = z.input<typeof CalendarDefinition>;

/** A stored calendar, as the API answers. */
export const CalendarOutput = z.object({
  id: Uuid,
  name: z.string(),
  timezone: z.string(),
  definition: CalendarDefinition,
  orgUnitId: Uuid.nullable(),
  version: z.number().int(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Calendar = z.infer<typeof CalendarOutput>;
export const CalendarList = z.object({ items: z.array(CalendarOutput) });

/** POST /calendars: the JSON form, optionally tied to a site. */
export const CalendarCreateInput = CalendarDefinition.extend({ orgUnitId: Uuid.nullable().optional() });
/** PUT /calendars/{id}: the whole JSON form again, with the version last read (stale → 409). */
export const CalendarUpdateInput = CalendarCreateInput.extend({ version: z.number().int().positive() });

/** POST /calendars/import: either the JSON form, or an iCalendar text plus the weekly hours to use. */
export const CalendarIcsImport = z.object({
  ics: z.string().min(1).max(2_000_000),
  name: z.string().trim().min(1).max(100),
  timezone: z.string().trim().min(1).max(64),
  hours: WeekHours,
  workdayHours: z.array(TimeWindow).max(12).optional(),
  orgUnitId: Uuid.nullable().optional(),
});
export const CalendarImportInput = z.union([CalendarIcsImport, CalendarCreateInput]);

/** POST /calendars/china-statutory: weekly hours plus the mainland statutory arrangement for the given years. */
export const ChinaStatutoryInput = z.object({
  name: z.string().trim().min(1).max(100),
  timezone: z.string().trim().min(1).max(64).default('Asia/Shanghai'),
  hours: WeekHours,
  workdayHours: z.array(TimeWindow).max(12).optional(),
  /** Years to fill; every year the bundled data covers when absent. */
  years: z.array(z.number().int().min(1900).max(2200)).max(100).optional(),
  orgUnitId: Uuid.nullable().optional(),
});

/** Which calendar to compute on: a stored one, or one given inline (nothing stored). */
const CalendarRef = z.object({ calendarId: Uuid.optional(), calendar: CalendarDefinition.optional() });

export const SlaDueInput = CalendarRef.extend({
  from: IsoInstant,
  minutes: z.number().min(0).max(10_000_000),
});
export const SlaDueOutput = z.object({ dueAt: IsoInstant });

export const SlaElapsedInput = CalendarRef.extend({ from: IsoInstant, to: IsoInstant });
export const SlaElapsedOutput = z.object({ minutes: z.number() });
