import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, customType, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.table';
import { orgUnits, users } from '../platform/platform.table';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Feeds the human-readable case number (TS20261122000123). */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });
export const workOrderNumberSeq = pgSequence('work_order_number_seq', { startWith: 1 });

/** Category tree, e.g. 网络质量 → 宽带 → 无法上网. */
export const caseCategories = pgTable('case_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id'),
  code: text('code').notNull(),
  nameZhCn: text('name_zh_cn').notNull(),
  nameZhTw: text('name_zh_tw').notNull(),
  nameEn: text('name_en').notNull(),
  path: text('path').notNull(),
  sort: integer('sort').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('case_categories_code_uq').on(t.code), index('case_categories_parent_idx').on(t.parentId)]);

export const cases = pgTable('cases', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  type: text('type').notNull(),
  channel: text('channel').notNull(),
  status: text('status').notNull().default('new'),
  priority: text('priority').notNull().default('normal'), // low | normal | high | urgent
  subject: text('subject').notNull(),
  description: text('description').notNull().default(''),
  categoryId: uuid('category_id').references(() => caseCategories.id),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  /** Where the case was received (hall, call centre): scopes visibility. */
  siteId: uuid('site_id').notNull().references(() => orgUnits.id),
  /** 首问负责人: set at creation, never changed. */
  firstResponderId: uuid('first_responder_id').notNull().references(() => users.id),
  ownerId: uuid('owner_id').references(() => users.id),
  groupId: uuid('group_id').references(() => orgUnits.id),
  escalationLevel: integer('escalation_level').notNull().default(0),
  isRepeat: boolean('is_repeat').notNull().default(false),
  repeatOfId: uuid('repeat_of_id'),
  mergedIntoId: uuid('merged_into_id'),
  /** Reference given by a regulator or other referrer. */
  externalRef: text('external_ref'),
  resolutionCode: text('resolution_code'),
  resolutionSummary: text('resolution_summary'),
  resolvedAt: ts('resolved_at'),
  confirmedAt: ts('confirmed_at'),
  /** Customer's answer on confirmation: satisfied | unsatisfied. */
  confirmation: text('confirmation'),
  closedAt: ts('closed_at'),
  reopenCount: integer('reopen_count').notNull().default(0),
  transferCount: integer('transfer_count').notNull().default(0),
  searchTokens: text('search_tokens').notNull().default(''),
  /** The tokens as a stored tsvector: matching a row never re-parses its text (ADR 0003). */
  searchVector: tsvector('search_vector').generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, search_tokens)`),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cases_number_uq').on(t.number),
  index('cases_site_created_idx').on(t.siteId, t.createdAt, t.id),
  index('cases_created_idx').on(t.createdAt, t.id),
  index('cases_owner_status_idx').on(t.ownerId, t.status),
  index('cases_group_status_idx').on(t.groupId, t.status),
  index('cases_first_responder_idx').on(t.firstResponderId, t.createdAt),
  index('cases_customer_idx').on(t.customerId, t.createdAt),
  index('cases_repeat_lookup_idx').on(t.customerId, t.categoryId, t.type, t.createdAt),
  // Search (ADR 0003): keyed by the case's UTC day, its site and its words (btree_gin), so a search of
  // the last few days, or of a hall's cases, reads only that part of each word's posting list.
  index('cases_day_site_search_idx').using('gin', sql`((${t.createdAt} AT TIME ZONE 'UTC')::date)`, t.siteId, t.searchVector),
]);

/** The timeline: every event on a case. */
export const caseEvents = pgTable('case_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  at: ts('at').notNull().defaultNow(),
  actorId: uuid('actor_id'),
  kind: text('kind').notNull(),
  data: jsonb('data').notNull().default({}),
}, (t) => [index('case_events_case_idx').on(t.caseId, t.at)]);

/** Every hand-over of a case; `isBounce` marks a return to an earlier holder (推诿). */
export const caseTransfers = pgTable('case_transfers', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  at: ts('at').notNull().defaultNow(),
  actorId: uuid('actor_id').notNull(),
  fromUserId: uuid('from_user_id'),
  fromGroupId: uuid('from_group_id'),
  toUserId: uuid('to_user_id'),
  toGroupId: uuid('to_group_id'),
  reason: text('reason').notNull(),
  isBounce: boolean('is_bounce').notNull().default(false),
}, (t) => [index('case_transfers_case_idx').on(t.caseId, t.at)]);

export const caseComments = pgTable('case_comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  authorId: uuid('author_id').notNull(),
  body: text('body').notNull(),
  public: boolean('public').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('case_comments_case_idx').on(t.caseId, t.createdAt)]);

/** Files live on disk under <data dir>/attachments; this row is their index. */
export const caseAttachments = pgTable('case_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  storageKey: text('storage_key').notNull(),
  sha256: text('sha256').notNull(),
  uploadedBy: uuid('uploaded_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('case_attachments_case_idx').on(t.caseId)]);

/** Related cases; stored once per pair with the smaller id first. */
export const caseLinks = pgTable('case_links', {
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  relatedCaseId: uuid('related_case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.caseId, t.relatedCaseId] }), index('case_links_related_idx').on(t.relatedCaseId)]);

/** 派工单: work dispatched to a resolver group (field technicians). */
export const workOrders = pgTable('work_orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: text('number').notNull(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  groupId: uuid('group_id').notNull().references(() => orgUnits.id),
  assigneeId: uuid('assignee_id').references(() => users.id),
  status: text('status').notNull().default('dispatched'), // dispatched | accepted | on_site | done | cancelled
  instructions: text('instructions').notNull().default(''),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  completedAt: ts('completed_at'),
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('work_orders_number_uq').on(t.number),
  index('work_orders_case_idx').on(t.caseId),
  index('work_orders_group_status_idx').on(t.groupId, t.status),
]);

export const workOrderSteps = pgTable('work_order_steps', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  workOrderId: uuid('work_order_id').notNull().references(() => workOrders.id, { onDelete: 'cascade' }),
  step: text('step').notNull(), // dispatched | accepted | on_site | done | note | cancelled
  note: text('note').notNull().default(''),
  actorId: uuid('actor_id').notNull(),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('work_order_steps_wo_idx').on(t.workOrderId, t.at)]);

/** 补救: apology, credit, gift, goodwill; amounts above the limit wait for a supervisor. */
export const caseRemediations = pgTable('case_remediations', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(), // apology | credit | gift | goodwill
  amountCents: bigint('amount_cents', { mode: 'number' }).notNull().default(0),
  note: text('note').notNull().default(''),
  status: text('status').notNull(), // approved | pending | rejected
  requestedBy: uuid('requested_by').notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: ts('decided_at'),
  decisionNote: text('decision_note'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('case_remediations_case_idx').on(t.caseId), index('case_remediations_status_idx').on(t.status)]);

export type CaseEventData = Record<string, unknown>;
