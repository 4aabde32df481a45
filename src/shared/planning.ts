import { z } from 'zod';
import { IsoInstant, Uuid } from './common';

// Workforce planning contracts (issue 4, items 5–6): forecasts, staffing requirements, shift templates,
// rosters, coverage and adherence. Shapes and ranges are checked here; whether history is long enough,
// a target reachable or a requirement coverable is the domain's answer (server/modules/workforce/).

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' });
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time HH:MM' });
export const INTERVAL_MINUTES = [15, 30, 60] as const;
const IntervalMinutes = z.union([z.literal(15), z.literal(30), z.literal(60)], { error: 'intervalMinutes must be 15, 30 or 60' });
const Weekday = z.number().int().min(0, { error: 'days are 0 (Monday) to 6 (Sunday)' }).max(6, { error: 'days are 0 (Monday) to 6 (Sunday)' });

// ---------------------------------------------------------------- forecasts

export const HistoryPointInput = z.object({
  start: IsoInstant,
  offered: z.number().min(0, { error: 'offered must be 0 or more' }),
  answered: z.number().min(0).nullish(),
  ahtSeconds: z.number().nullish(),
});

export const ForecastCreateInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  orgUnitId: Uuid,
  /** Read the history of this queue from the contact records (else the org unit's, or `history`). */
  queueId: Uuid.optional(),
  /** History given in the request instead of read from the contact records. */
  history: z.array(HistoryPointInput).max(50_000).optional(),
  /** Days of contact-record history to read when `history` is not given (default 56). */
  historyDays: z.number().int().min(7).max(366).optional(),
  intervalMinutes: IntervalMinutes.default(30),
  /** First local date to forecast. */
  from: LocalDate,
  days: z.number().int().min(1).max(28).default(7),
  holdoutDays: z.number().int().min(1).max(28).optional(),
  /** The site's business calendar: its holidays and make-up days, and its time zone. */
  calendarId: Uuid.optional(),
});
export type ForecastCreateInput = z.infer<typeof ForecastCreateInput>;

const ForecastPoint = z.object({ start: IsoInstant, offered: z.number(), ahtSeconds: z.number().nullable() });
export const ForecastSummary = z.object({
  id: Uuid, name: z.string(), orgUnitId: Uuid, queueId: Uuid.nullable(), calendarId: Uuid.nullable(), timezone: z.string(),
  intervalMinutes: z.number().int(), from: z.string(), days: z.number().int(), method: z.string(), historyDays: z.number().int(),
  source: z.enum(['request', 'contacts']),
  backtest: z.object({ holdoutDays: z.number().int(), mape: z.number().nullable(), wape: z.number().nullable() }),
  totalOffered: z.number(), createdAt: IsoInstant,
});
export type ForecastSummary = z.infer<typeof ForecastSummary>;
export const ForecastOutput = ForecastSummary.extend({
  model: z.object({ intercept: z.number(), slopePerDay: z.number(), dayFactors: z.array(z.number()), holidayLearned: z.boolean() }),
  intervals: z.array(ForecastPoint),
  /** The held-out days: actual and what the method forecast for them. */
  backtestIntervals: z.array(z.object({ start: IsoInstant, actual: z.number(), forecast: z.number() })),
  /** The last four weeks of history, for the chart. */
  history: z.array(z.object({ start: IsoInstant, offered: z.number() })),
});
export type ForecastOutput = z.infer<typeof ForecastOutput>;

// ---------------------------------------------------------------- requirements

const fraction = (what: string) => z.number().gt(0, { error: `${what} must be greater than 0` }).max(1, { error: `${what} must be at most 1 (a fraction: 0.8 = 80 %)` });
export const RequirementCreateInput = z.object({
  forecastId: Uuid,
  targetSeconds: z.number().min(0).max(86_400).default(20),
  serviceLevel: fraction('serviceLevel').optional(),
  asaSeconds: z.number().min(0).max(86_400).optional(),
  maxOccupancy: fraction('maxOccupancy').optional(),
  patienceSeconds: z.number().positive({ error: 'patienceSeconds must be greater than 0' }).max(86_400).optional(),
  shrinkage: z.number().min(0).lt(1, { error: 'shrinkage must be below 1' }).default(0),
  /** AHT for intervals the forecast has none for (history without handle times). */
  defaultAhtSeconds: z.number().optional(),
}).refine((v) => v.serviceLevel !== undefined || v.asaSeconds !== undefined || v.maxOccupancy !== undefined,
  { error: 'give at least one target: serviceLevel, asaSeconds or maxOccupancy', path: ['serviceLevel'] });
export type RequirementCreateInput = z.infer<typeof RequirementCreateInput>;

export const RequirementOutput = z.object({
  id: Uuid, forecastId: Uuid, orgUnitId: Uuid, intervalMinutes: z.number().int(), timezone: z.string(), from: z.string(), days: z.number().int(),
  targets: z.record(z.string(), z.number()),
  model: z.enum(['erlang-c', 'erlang-a']),
  agentHours: z.number(), scheduledHours: z.number(), peakScheduled: z.number().int(),
  intervals: z.array(z.object({
    start: IsoInstant, offered: z.number(), ahtSeconds: z.number(), agents: z.number().int(), scheduled: z.number().int(),
    serviceLevel: z.number().nullable(), occupancy: z.number().nullable(),
  })),
  createdAt: IsoInstant,
});
export type RequirementOutput = z.infer<typeof RequirementOutput>;

// ---------------------------------------------------------------- shift templates

export const BreakInput = z.object({
  lengthMinutes: z.number().int().min(5).max(240),
  paid: z.boolean().default(false),
  /** Window for the break's start, in minutes after the shift starts. */
  earliestMinute: z.number().int().min(0).max(960),
  latestMinute: z.number().int().min(0).max(960),
});
export const ShiftTemplateInput = z.object({
  orgUnitId: Uuid,
  name: z.string().trim().min(1).max(60),
  start: HHMM,
  lengthMinutes: z.number().int().min(30, { error: 'a shift lasts at least 30 minutes' }).max(960, { error: 'a shift lasts at most 16 hours' }),
  breaks: z.array(BreakInput).max(4).default([]),
  days: z.array(Weekday).min(1, { error: 'pick at least one day' }).max(7),
  active: z.boolean().default(true),
});
export type ShiftTemplateInput = z.infer<typeof ShiftTemplateInput>;
export const ShiftTemplateUpdate = ShiftTemplateInput.omit({ orgUnitId: true }).extend({ version: z.number().int().positive() });
export type ShiftTemplateUpdate = z.infer<typeof ShiftTemplateUpdate>;
export const ShiftTemplateOutput = z.object({
  id: Uuid, orgUnitId: Uuid, name: z.string(), start: z.string(), lengthMinutes: z.number().int(), paidMinutes: z.number().int(),
  breaks: z.array(z.object({ lengthMinutes: z.number().int(), paid: z.boolean(), earliestMinute: z.number().int(), latestMinute: z.number().int() })),
  days: z.array(z.number().int()), active: z.boolean(), version: z.number().int(), updatedAt: IsoInstant,
});
export type ShiftTemplateOutput = z.infer<typeof ShiftTemplateOutput>;

// ---------------------------------------------------------------- rosters

export const RosterRulesInput = z.object({
  minRestHours: z.number().min(0).max(48).default(11),
  maxConsecutiveDays: z.number().int().min(1).max(7).default(6),
  maxWeeklyHours: z.number().positive().max(84).default(40),
  minDaysOff: z.number().int().min(0).max(6).default(1),
});
export type RosterRulesInput = z.infer<typeof RosterRulesInput>;

export const RosterAgentInput = z.object({
  userId: Uuid,
  maxWeeklyHours: z.number().positive().max(84).nullish(),
  unavailableDays: z.array(Weekday).max(7).optional(),
});

export const RosterGenerateInput = z.object({
  requirementId: Uuid,
  name: z.string().trim().min(1).max(100).optional(),
  /** Templates to use (default: the active templates of the requirement's org unit and its parents). */
  templateIds: z.array(Uuid).max(100).optional(),
  /** Agents (default: active users with the agent role in the org unit's subtree). */
  agents: z.array(RosterAgentInput).max(5000).optional(),
  rules: RosterRulesInput.default({ minRestHours: 11, maxConsecutiveDays: 6, maxWeeklyHours: 40, minDaysOff: 1 }),
  /** Keep the roster even when templates leave intervals short or shifts have nobody (they are flagged). */
  allowGaps: z.boolean().default(false),
});
export type RosterGenerateInput = z.infer<typeof RosterGenerateInput>;

export const ViolationOutput = z.object({
  rule: z.string(), agentId: Uuid.nullable(), shiftIds: z.array(Uuid), message: z.string(), params: z.record(z.string(), z.number()),
});
export const RosterShiftOutput = z.object({
  id: Uuid, agentId: Uuid.nullable(), templateId: Uuid.nullable(), templateName: z.string().nullable(), day: z.number().int(),
  start: IsoInstant, end: IsoInstant, paidMinutes: z.number().int(),
  breaks: z.array(z.object({ start: IsoInstant, end: IsoInstant, paid: z.boolean() })),
});
export type RosterShiftOutput = z.infer<typeof RosterShiftOutput>;
export const RosterSummary = z.object({
  id: Uuid, name: z.string(), orgUnitId: Uuid, requirementId: Uuid.nullable(), weekStart: z.string(), timezone: z.string(),
  intervalMinutes: z.number().int(), status: z.enum(['draft', 'published']), version: z.number().int(),
  paidHours: z.number(), requiredHours: z.number(), shiftCount: z.number().int(), createdAt: IsoInstant, updatedAt: IsoInstant,
  publishedAt: IsoInstant.nullable(),
});
export type RosterSummary = z.infer<typeof RosterSummary>;
export const RosterOutput = RosterSummary.extend({
  rules: RosterRulesInput,
  agents: z.array(z.object({ userId: Uuid, name: z.string(), maxWeeklyHours: z.number().nullable(), unavailableDays: z.array(z.number().int()), paidHours: z.number() })),
  shifts: z.array(RosterShiftOutput),
  /** Required (after shrinkage) and scheduled agents per interval. */
  coverage: z.array(z.object({ start: IsoInstant, required: z.number(), scheduled: z.number() })),
  shortIntervals: z.number().int(),
  violations: z.array(ViolationOutput),
});
export type RosterOutput = z.infer<typeof RosterOutput>;

export const RosterStatusInput = z.object({ status: z.enum(['draft', 'published']), version: z.number().int().positive() });
export const ShiftAddInput = z.object({
  version: z.number().int().positive(),
  agentId: Uuid.nullable(),
  templateId: Uuid,
  day: Weekday,
});
export const ShiftUpdateInput = z.object({
  version: z.number().int().positive(),
  agentId: Uuid.nullable().optional(),
  /** New start (breaks move with it). */
  start: IsoInstant.optional(),
  /** New length in minutes (breaks that no longer fit are dropped). */
  lengthMinutes: z.number().int().min(30).max(960).optional(),
});
export const VersionQuery = z.object({ version: z.coerce.number().int().positive() });

export const RevisionOutput = z.object({
  version: z.number().int(), action: z.string(), actorName: z.string().nullable(), at: IsoInstant, detail: z.unknown(),
});

export const AdherenceInput = z.object({
  /** Agent states given in the request instead of read from the CTI events. */
  states: z.array(z.object({ userId: Uuid, state: z.string().min(1).max(40), at: IsoInstant })).max(100_000).optional(),
});
export const AdherenceOutput = z.object({
  rosterId: Uuid,
  source: z.enum(['request', 'contacts']),
  rows: z.array(z.object({
    agentId: Uuid, name: z.string(), day: z.number().int(), date: z.string(), scheduledMinutes: z.number(), inAdherenceMinutes: z.number(),
    outsideScheduleMinutes: z.number(), adherence: z.number().nullable(),
  })),
  overall: z.number().nullable(),
});
export type AdherenceOutput = z.infer<typeof AdherenceOutput>;
