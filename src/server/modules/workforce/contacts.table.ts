import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../platform/platform.table';

// Contact-centre operations (issue 4): queues, agent identities on the switch, contact records
// (they grow with traffic, so each carries its org unit), the 15-minute rollup that KPI queries
// read, CSV import sources and jobs, live calls and agent state events from CTI.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An ACD queue (e.g. the 10000 general queue, broadband queue) of a call centre. */
export const contactQueues = pgTable('contact_queues', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  /** The switch's name for the queue (skill / split / hunt group), as it appears in CSV files and CTI events. */
  code: text('code').notNull(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('contact_queues_org_code_uq').on(t.orgUnitId, t.code)]);

/** An agent's login on the switch, mapped to a Manyi user; `orgUnitId` is the agent's team. */
export const contactAgents = pgTable('contact_agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  loginId: text('login_id').notNull(),
  userId: uuid('user_id').references(() => users.id),
  name: text('name').notNull().default(''),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('contact_agents_org_login_uq').on(t.orgUnitId, t.loginId), index('contact_agents_user_idx').on(t.userId)]);

/** One call as the switch saw it. Natural key: (source, call id) — re-importing a file changes nothing. */
export const contactRecords = pgTable('contact_records', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  source: text('source').notNull(),
  callId: text('call_id').notNull(),
  /** The agent's team when answered by a known agent, else the queue's unit: who may see the record. */
  orgUnitId: uuid('org_unit_id').notNull(),
  queueId: uuid('queue_id').notNull(),
  agentId: uuid('agent_id'),
  offeredAt: ts('offered_at').notNull(),
  answeredAt: ts('answered_at'),
  abandonedAt: ts('abandoned_at'),
  /** Seconds in queue until answered or abandoned. */
  waitSeconds: integer('wait_seconds').notNull().default(0),
  talkSeconds: integer('talk_seconds').notNull().default(0),
  holdSeconds: integer('hold_seconds').notNull().default(0),
  acwSeconds: integer('acw_seconds').notNull().default(0),
  disposition: text('disposition'),
  callerNumber: text('caller_number'),
  importJobId: uuid('import_job_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('contact_records_source_call_uq').on(t.source, t.callId),
  index('contact_records_offered_idx').on(t.offeredAt),
  index('contact_records_queue_idx').on(t.queueId, t.offeredAt),
  index('contact_records_agent_idx').on(t.agentId, t.offeredAt),
  index('contact_records_org_idx').on(t.orgUnitId, t.offeredAt),
  index('contact_records_caller_idx').on(t.callerNumber, t.offeredAt),
]);

/** The summable counts every rollup carries (a fresh set of column builders per table). */
const statColumns = () => ({
  offered: integer('offered').notNull().default(0),
  answered: integer('answered').notNull().default(0),
  abandoned: integer('abandoned').notNull().default(0),
  waitAnsweredSum: bigint('wait_answered_sum', { mode: 'number' }).notNull().default(0),
  waitAbandonedSum: bigint('wait_abandoned_sum', { mode: 'number' }).notNull().default(0),
  talkSum: bigint('talk_sum', { mode: 'number' }).notNull().default(0),
  holdSum: bigint('hold_sum', { mode: 'number' }).notNull().default(0),
  acwSum: bigint('acw_sum', { mode: 'number' }).notNull().default(0),
  /** Answered contacts with a caller number: the base of first-contact resolution. */
  fcrBase: integer('fcr_base').notNull().default(0),
  /** Of those, how many had another contact from the same caller within 1 / 3 / 7 days. */
  repeat1d: integer('repeat_1d').notNull().default(0),
  repeat3d: integer('repeat_3d').notNull().default(0),
  repeat7d: integer('repeat_7d').notNull().default(0),
  ansLe5: integer('ans_le_5').notNull().default(0),
  ansLe10: integer('ans_le_10').notNull().default(0),
  ansLe15: integer('ans_le_15').notNull().default(0),
  ansLe20: integer('ans_le_20').notNull().default(0),
  ansLe30: integer('ans_le_30').notNull().default(0),
  ansLe45: integer('ans_le_45').notNull().default(0),
  ansLe60: integer('ans_le_60').notNull().default(0),
  ansLe90: integer('ans_le_90').notNull().default(0),
  ansLe120: integer('ans_le_120').notNull().default(0),
  ansLe180: integer('ans_le_180').notNull().default(0),
  abnLe5: integer('abn_le_5').notNull().default(0),
  abnLe10: integer('abn_le_10').notNull().default(0),
  abnLe15: integer('abn_le_15').notNull().default(0),
  abnLe20: integer('abn_le_20').notNull().default(0),
  abnLe30: integer('abn_le_30').notNull().default(0),
  abnLe45: integer('abn_le_45').notNull().default(0),
  abnLe60: integer('abn_le_60').notNull().default(0),
  abnLe90: integer('abn_le_90').notNull().default(0),
  abnLe120: integer('abn_le_120').notNull().default(0),
  abnLe180: integer('abn_le_180').notNull().default(0),
});

/**
 * 15-minute rollup of contact records by queue, unit and agent: what every KPI query reads. Rebuilt
 * for the touched intervals on every import / ingest (see contacts-rollup.ts); 30 and 60 minutes are
 * sums of 15. `ansLeN` / `abnLeN`: answered / abandoned within N seconds of waiting, for every
 * service-level threshold and short-abandon threshold a report may choose (SL_THRESHOLDS in shared/contacts.ts).
 */
export const contactIntervalStats = pgTable('contact_interval_stats', {
  intervalStart: ts('interval_start').notNull(),
  queueId: uuid('queue_id').notNull(),
  orgUnitId: uuid('org_unit_id').notNull(),
  agentId: uuid('agent_id'),
  ...statColumns(),
}, (t) => [
  index('contact_interval_stats_start_idx').on(t.intervalStart),
  index('contact_interval_stats_queue_idx').on(t.queueId, t.intervalStart),
  index('contact_interval_stats_agent_idx').on(t.agentId, t.intervalStart),
  index('contact_interval_stats_org_idx').on(t.orgUnitId, t.intervalStart),
]);

/** A CSV source (a switch's export) and its saved column mapping. */
export const contactImportSources = pgTable('contact_import_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** CsvMapping (src/shared/contacts.ts): field → column header, time zone, date format, delimiter. */
  mapping: jsonb('mapping').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('contact_import_sources_code_uq').on(t.code)]);

/** One run of a CSV file through a source's mapping: progress per committed batch, so it can resume. */
export const contactImportJobs = pgTable('contact_import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  sourceId: uuid('source_id').notNull().references(() => contactImportSources.id),
  orgUnitId: uuid('org_unit_id').notNull(),
  createdBy: uuid('created_by'),
  fileName: text('file_name').notNull(),
  /** Where the uploaded file is kept until the job completes (under the data directory). */
  filePath: text('file_path').notNull(),
  fileBytes: bigint('file_bytes', { mode: 'number' }).notNull(),
  fileSha256: text('file_sha256').notNull(),
  status: text('status').notNull().default('pending'), // pending | running | paused | completed | failed
  /** Data lines (after the header) committed so far; resume skips them. */
  linesDone: integer('lines_done').notNull().default(0),
  bytesDone: bigint('bytes_done', { mode: 'number' }).notNull().default(0),
  goodCount: integer('good_count').notNull().default(0),
  badCount: integer('bad_count').notNull().default(0),
  duplicateCount: integer('duplicate_count').notNull().default(0),
  error: text('error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
}, (t) => [index('contact_import_jobs_source_idx').on(t.sourceId, t.createdAt)]);

/** A row the import refused: its line number in the file and why (a reason key, translated on display). */
export const contactImportErrors = pgTable('contact_import_errors', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  jobId: uuid('job_id').notNull().references(() => contactImportJobs.id, { onDelete: 'cascade' }),
  line: integer('line').notNull(),
  reason: text('reason').notNull(),
  params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
  raw: text('raw'),
}, (t) => [uniqueIndex('contact_import_errors_job_line_uq').on(t.jobId, t.line)]);

/** A call in progress, from CTI events; becomes a contact record when it ends. */
export const contactLiveCalls = pgTable('contact_live_calls', {
  callId: text('call_id').primaryKey(),
  orgUnitId: uuid('org_unit_id').notNull(),
  queueId: uuid('queue_id').notNull(),
  agentId: uuid('agent_id'),
  callerNumber: text('caller_number'),
  offeredAt: ts('offered_at').notNull(),
  ringingAt: ts('ringing_at'),
  answeredAt: ts('answered_at'),
  holdSeconds: integer('hold_seconds').notNull().default(0),
}, (t) => [index('contact_live_calls_queue_idx').on(t.queueId)]);

/** Agent states from CTI: ready, not_ready (with a reason), on_call, acw, logged_out. */
export const agentStateEvents = pgTable('agent_state_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  agentId: uuid('agent_id').notNull(),
  userId: uuid('user_id'),
  orgUnitId: uuid('org_unit_id').notNull(),
  state: text('state').notNull(),
  reason: text('reason'),
  at: ts('at').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  index('agent_state_events_agent_idx').on(t.agentId, t.at),
  index('agent_state_events_user_idx').on(t.userId, t.at),
  index('agent_state_events_org_idx').on(t.orgUnitId, t.at),
]);

/** The 15-minute rollup without the agent: intervals, queues and teams read it (far fewer rows). Derived from contact_interval_stats. */
export const contactQueueStats = pgTable('contact_queue_stats', {
  intervalStart: ts('interval_start').notNull(),
  queueId: uuid('queue_id').notNull(),
  orgUnitId: uuid('org_unit_id').notNull(),
  ...statColumns(),
}, (t) => [
  index('contact_queue_stats_start_idx').on(t.intervalStart),
  index('contact_queue_stats_queue_idx').on(t.queueId, t.intervalStart),
]);

/** Per agent and Asia/Shanghai day: agent reports over whole days read it. Derived from contact_interval_stats. */
export const contactAgentDayStats = pgTable('contact_agent_day_stats', {
  day: ts('day').notNull(),
  queueId: uuid('queue_id').notNull(),
  orgUnitId: uuid('org_unit_id').notNull(),
  agentId: uuid('agent_id').notNull(),
  ...statColumns(),
}, (t) => [
  index('contact_agent_day_stats_day_idx').on(t.day),
  index('contact_agent_day_stats_agent_idx').on(t.agentId, t.day),
]);

/**
 * Seconds per agent in each state group, per 15-minute bin ('15m') and per Asia/Shanghai day ('1d'):
 * what occupancy reads. Rebuilt from agent_state_events for the agents and span an event batch touches.
 */
export const agentStateStats = pgTable('agent_state_stats', {
  grain: text('grain').notNull(),
  binStart: ts('bin_start').notNull(),
  agentId: uuid('agent_id').notNull(),
  orgUnitId: uuid('org_unit_id').notNull(),
  readySeconds: doublePrecision('ready_seconds').notNull().default(0),
  busySeconds: doublePrecision('busy_seconds').notNull().default(0),
  notReadySeconds: doublePrecision('not_ready_seconds').notNull().default(0),
}, (t) => [
  index('agent_state_stats_bin_idx').on(t.grain, t.binStart),
  index('agent_state_stats_agent_idx').on(t.agentId, t.grain, t.binStart),
]);
