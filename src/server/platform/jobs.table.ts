import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per registered background job: the schedule every app node shares.
 * A node runs a tick only after it has moved `next_run_at` forward in one
 * conditional UPDATE, so with several nodes on one database each tick runs once
 * (ADR 0007). `locked_until` keeps a slow run from overlapping the next tick and
 * expires on its own when the node that holds it dies.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  nextRunAt: ts('next_run_at').notNull(),
  lockedUntil: ts('locked_until'),
  lockedBy: text('locked_by'),
  lastStartedAt: ts('last_started_at'),
  lastFinishedAt: ts('last_finished_at'),
  /** A failure's class and code only: no message text, which may carry personal data. */
  lastError: text('last_error'),
  runs: integer('runs').notNull().default(0),
  failures: integer('failures').notNull().default(0),
});
