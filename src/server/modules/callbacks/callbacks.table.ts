import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CallbackOutcome, CallbackStatus } from '../../../shared/callbacks';
import { cases } from '../cases/cases.table';
import { orgUnits, users } from '../platform/platform.table';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Which resolved cases get a callback, how soon, and how many tries. */
export const callbackRules = pgTable('callback_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  caseTypes: text('case_types').array().notNull().default(sql`'{}'::text[]`),
  categoryId: uuid('category_id'),
  samplePercent: integer('sample_percent').notNull(),
  dueMinutes: integer('due_minutes').notNull(),
  dueUnit: text('due_unit').$type<'minutes' | 'business_minutes'>().notNull().default('minutes'),
  calendarId: uuid('calendar_id'),
  maxAttempts: integer('max_attempts').notNull().default(3),
  retryAfterMinutes: integer('retry_after_minutes').notNull().default(60),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One callback to make after a resolution. The case's number, type and
 * subject are copied at creation for the queue; `site_id` (the case's site)
 * scopes who works it. At most one pending task per case.
 */
export const callbackTasks = pgTable('callback_tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  caseId: uuid('case_id').notNull().references(() => cases.id, { onDelete: 'cascade' }),
  ruleId: uuid('rule_id').references(() => callbackRules.id, { onDelete: 'set null' }),
  siteId: uuid('site_id').notNull().references(() => orgUnits.id),
  customerId: uuid('customer_id').notNull(),
  caseNumber: text('case_number').notNull(),
  caseType: text('case_type').notNull(),
  caseSubject: text('case_subject').notNull(),
  status: text('status').$type<CallbackStatus>().notNull().default('pending'),
  dueAt: ts('due_at').notNull(),
  nextAttemptAt: ts('next_attempt_at'),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull(),
  retryAfterMinutes: integer('retry_after_minutes').notNull().default(60),
  claimedBy: uuid('claimed_by').references(() => users.id),
  claimedAt: ts('claimed_at'),
  resolved: boolean('resolved'),
  satisfaction: integer('satisfaction'),
  comment: text('comment'),
  completedAt: ts('completed_at'),
  completedBy: uuid('completed_by').references(() => users.id),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('callback_tasks_queue_idx').on(t.siteId, t.dueAt, t.id).where(sql`${t.status} = 'pending'`),
  index('callback_tasks_done_idx').on(t.siteId, t.completedAt),
  index('callback_tasks_case_idx').on(t.caseId),
  uniqueIndex('callback_tasks_one_pending_uq').on(t.caseId).where(sql`${t.status} = 'pending'`),
]);

/** Every call made for a task. */
export const callbackAttempts = pgTable('callback_attempts', {
  id: uuid('id').primaryKey().defaultRandom(),
  taskId: uuid('task_id').notNull().references(() => callbackTasks.id, { onDelete: 'cascade' }),
  agentId: uuid('agent_id').notNull().references(() => users.id),
  outcome: text('outcome').$type<CallbackOutcome>().notNull(),
  note: text('note'),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('callback_attempts_task_idx').on(t.taskId, t.at)]);
