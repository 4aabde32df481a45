import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, integer, jsonb, pgTable, text, timestamp, uuid, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CalendarDefinition } from '../../../shared/calendars';
import type { CommitmentConditions, LocalizedText, MatchReason, SlaTargetClock, SlaTargets } from '../../../shared/sla';
import { cases, caseCategories } from '../cases/cases.table';
import { orgUnits } from '../platform/platform.table';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Business calendars (营业时间与节假日). `definition` is the JSON form of
 * issue 3 exactly as validated (so export → import round-trips); `name` and
 * `timezone` are copied out of it for listing and lookups.
 */
export const businessCalendars = pgTable('business_calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  timezone: text('timezone').notNull(),
  definition: jsonb('definition').$type<CalendarDefinition>().notNull(),
  /** The site whose hours these are; null for an organisation-wide calendar. */
  orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [index('business_calendars_org_idx').on(t.orgUnitId)]);

/**
 * Service commitments (服务承诺) — the SLA policies. Conditions decide which
 * cases a commitment covers (the most specific match wins: sla-match.ts);
 * targets are minutes on the calendar or plain minutes.
 */
export const slaCommitments = pgTable('sla_commitments', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  title: jsonb('title').$type<LocalizedText>().notNull(),
  text: jsonb('text').$type<LocalizedText>().notNull(),
  active: boolean('active').notNull().default(true),
  conditions: jsonb('conditions').$type<CommitmentConditions>().notNull(),
  /** Copied out of `conditions` so a deleted category or site cannot leave a dangling id. */
  categoryId: uuid('category_id').references(() => caseCategories.id),
  siteId: uuid('site_id').references(() => orgUnits.id),
  targets: jsonb('targets').$type<SlaTargets>().notNull(),
  calendarId: uuid('calendar_id').references(() => businessCalendars.id),
  useSiteCalendar: boolean('use_site_calendar').notNull().default(true),
  pauseStatuses: text('pause_statuses').array().notNull().default(sql`ARRAY['waiting_customer']::text[]`),
  warnAtPercent: integer('warn_at_percent').notNull().default(80),
  escalateOnBreach: boolean('escalate_on_breach').notNull().default(false),
  rank: integer('rank').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('sla_commitments_code_uq').on(t.code)]);

/**
 * Each case's clocks against its commitment, recomputed from its history on
 * every change that matters (sla.service.ts). `nextEscalationAt` is what the
 * escalation scan looks for.
 */
export const caseSla = pgTable('case_sla', {
  caseId: uuid('case_id').primaryKey().references(() => cases.id, { onDelete: 'cascade' }),
  commitmentId: uuid('commitment_id').references(() => slaCommitments.id, { onDelete: 'set null' }),
  commitmentVersion: integer('commitment_version'),
  calendarId: uuid('calendar_id'),
  reason: jsonb('reason').$type<MatchReason>(),
  /** A regulator referral's own deadline: replaces the resolution target. */
  regulatorDeadline: ts('regulator_deadline'),
  targets: jsonb('targets').$type<SlaTargetClock[]>().notNull().default([]),
  paused: boolean('paused').notNull().default(false),
  /** False once the case is closed or cancelled (no more alarms). */
  open: boolean('open').notNull().default(true),
  nextEscalationAt: ts('next_escalation_at'),
  computedAt: ts('computed_at').notNull().defaultNow(),
}, (t) => [
  index('case_sla_next_escalation_idx').on(t.nextEscalationAt).where(sql`next_escalation_at IS NOT NULL`),
  index('case_sla_commitment_idx').on(t.commitmentId),
]);

/**
 * Warnings and breaches fired. The unique key (case, target, kind, cycle)
 * makes each fire exactly once, however many app nodes scan.
 */
export const slaAlerts = pgTable('sla_alerts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  target: text('target').notNull(),
  kind: text('kind').notNull(), // warning | breach
  cycle: integer('cycle').notNull().default(0),
  dueAt: ts('due_at'),
  firedAt: ts('fired_at').notNull().defaultNow(),
  recipientIds: uuid('recipient_ids').array().notNull().default(sql`ARRAY[]::uuid[]`),
  escalatedTo: integer('escalated_to'),
  /** Which app node fired it (diagnostics). */
  node: text('node'),
}, (t) => [
  uniqueIndex('sla_alerts_once_uq').on(t.caseId, t.target, t.kind, t.cycle),
  index('sla_alerts_fired_idx').on(t.firedAt),
]);

/** One row: bumped by every commitment or calendar write, so each node's in-memory cache knows when to reload. */
export const slaConfigVersion = pgTable('sla_config_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});
