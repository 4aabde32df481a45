import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../platform/platform.table';

// Workforce planning (issue 4, items 5–6): stored forecasts, staffing requirements, shift templates and
// rosters with their shifts and revision history. Every table carries its org unit (the centre).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface StoredBreakRule { lengthMinutes: number; paid: boolean; earliestMinute: number; latestMinute: number }
export interface StoredBreak { start: string; end: string; paid: boolean }
export interface StoredRosterAgent {
  userId: string; name: string; maxWeeklyHours: number | null; unavailableDays: number[];
  /** From the previous week's roster: when the agent's last shift ended, and the working days in a row up to Sunday. */
  restFromMs?: number | null; daysWorkedBefore?: number;
}
export interface StoredRules { minRestHours: number; maxConsecutiveDays: number; maxWeeklyHours: number; minDaysOff: number }

/** A forecast as computed: the whole result (intervals, model, back-test, history for the chart). */
export const planningForecasts = pgTable('planning_forecasts', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  queueId: uuid('queue_id'),
  calendarId: uuid('calendar_id'),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  intervalMinutes: integer('interval_minutes').notNull(),
  fromDate: text('from_date').notNull(),
  days: integer('days').notNull(),
  source: text('source').notNull(),
  mape: doublePrecision('mape'),
  wape: doublePrecision('wape'),
  result: jsonb('result').$type<Record<string, unknown>>().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('planning_forecasts_org_idx').on(t.orgUnitId, t.createdAt)]);

/** Agents needed per interval for a forecast and a service target. */
export const planningRequirements = pgTable('planning_requirements', {
  id: uuid('id').primaryKey().defaultRandom(),
  forecastId: uuid('forecast_id').notNull().references(() => planningForecasts.id, { onDelete: 'cascade' }),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  targets: jsonb('targets').$type<Record<string, number>>().notNull(),
  model: text('model').notNull(),
  intervals: jsonb('intervals').$type<Record<string, unknown>[]>().notNull(),
  agentHours: doublePrecision('agent_hours').notNull(),
  scheduledHours: doublePrecision('scheduled_hours').notNull(),
  peakScheduled: integer('peak_scheduled').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('planning_requirements_forecast_idx').on(t.forecastId)]);

export const planningShiftTemplates = pgTable('planning_shift_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  name: text('name').notNull(),
  /** Local start, minutes after midnight. */
  startMinute: integer('start_minute').notNull(),
  lengthMinutes: integer('length_minutes').notNull(),
  breaks: jsonb('breaks').$type<StoredBreakRule[]>().notNull(),
  days: jsonb('days').$type<number[]>().notNull(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [index('planning_shift_templates_org_idx').on(t.orgUnitId)]);

export const planningRosters = pgTable('planning_rosters', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  requirementId: uuid('requirement_id').references(() => planningRequirements.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  /** Local date of day 0. */
  weekStart: text('week_start').notNull(),
  intervalMinutes: integer('interval_minutes').notNull(),
  /** Agents required per interval of the week (after shrinkage). */
  required: jsonb('required').$type<number[]>().notNull(),
  rules: jsonb('rules').$type<StoredRules>().notNull(),
  agents: jsonb('agents').$type<StoredRosterAgent[]>().notNull(),
  status: text('status').notNull().default('draft'),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  publishedAt: ts('published_at'),
}, (t) => [index('planning_rosters_org_idx').on(t.orgUnitId, t.weekStart)]);

export const planningRosterShifts = pgTable('planning_roster_shifts', {
  id: uuid('id').primaryKey().defaultRandom(),
  rosterId: uuid('roster_id').notNull().references(() => planningRosters.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id),
  templateId: uuid('template_id'),
  templateName: text('template_name'),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at').notNull(),
  breaks: jsonb('breaks').$type<StoredBreak[]>().notNull(),
  paidMinutes: integer('paid_minutes').notNull(),
}, (t) => [index('planning_roster_shifts_roster_idx').on(t.rosterId, t.startsAt)]);

/** Each change to a roster, by version: generated, shift added/moved/deleted, published. */
export const planningRosterRevisions = pgTable('planning_roster_revisions', {
  id: serial('id').primaryKey(),
  rosterId: uuid('roster_id').notNull().references(() => planningRosters.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  actorId: uuid('actor_id').references(() => users.id),
  actorName: text('actor_name'),
  detail: jsonb('detail'),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('planning_roster_revisions_roster_idx').on(t.rosterId, t.version)]);
