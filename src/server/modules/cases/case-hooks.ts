import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { RowInsert } from '../../db/group-commit';
import type { Actor } from '../../platform/actor';

// Other modules react to what happens to a case (SLA clocks are recomputed, a
// resolution creates a callback task) without the cases module knowing them:
// they register a handler here at import time, and every timeline event runs
// the handlers inside the transaction that recorded it — so a handler that
// fails rolls the whole use case back, and nothing is half written.

export interface CaseEventContext {
  caseId: string;
  /** The timeline event kind: 'created', 'status_changed', 'resolved', 'reopened', 'transferred', … */
  kind: string;
  data: Record<string, unknown>;
  actor: Actor;
}

export type CaseEventHandler = (db: DbOrTx, event: CaseEventContext) => Promise<void>;

const handlers: { name: string; handle: CaseEventHandler }[] = [];

/** Register a handler (once per name; a second registration under the same name replaces the first). */
export function onCaseEvent(name: string, handle: CaseEventHandler): void {
  const i = handlers.findIndex((h) => h.name === name);
  if (i >= 0) handlers[i] = { name, handle };
  else handlers.push({ name, handle });
}

/**
 * Run every handler for an event, in registration order, in the caller's transaction. The
 * 'created' event (and a 'repeat_flagged' written with it) is not announced here: intake writes
 * a case in one statement, and modules take part through `onCaseCreate` below.
 */
export async function runCaseEventHandlers(db: DbOrTx, event: CaseEventContext): Promise<void> {
  for (const h of handlers) await h.handle(db, event);
}

// ---------------------------------------------------------------- intake

/** What is known of a case at intake, before it is written (the 'created' event's facts). */
export interface NewCaseFacts {
  id: string;
  number: string;
  type: string;
  channel: string;
  priority: string;
  status: string;
  createdAt: Date;
  siteId: string;
  sitePath: string;
  rural: boolean;
  /** The category's materialised path of ids, or null. */
  categoryPath: string | null;
  valueTier: string;
  ownerId: string;
  firstResponderId: string;
  /** The 'created' event's data. */
  created: Record<string, unknown>;
}

/**
 * A module's part in writing a new case. Intake is the hottest write there is, so a new case is
 * one INSERT statement with data-modifying CTEs — the case, its first events, its audit row and
 * whatever the planners add (SLA clocks) — instead of a transaction of round trips. So a module
 * that reacts to new cases registers a planner here instead of a 'created' event handler:
 * `lookup` adds columns to intake's one read (e.g. a version to compare a cache against), and
 * `plan` answers the rows to insert with the case, from what intake knows.
 */
export interface CaseCreatePlanner {
  lookup?: () => Record<string, SQL>;
  plan(db: DbOrTx, facts: NewCaseFacts, looked: Record<string, unknown>, actor: Actor): Promise<RowInsert[]>;
}

const planners: { name: string; planner: CaseCreatePlanner }[] = [];

/** Register a planner (once per name; a second registration under the same name replaces the first). */
export function onCaseCreate(name: string, planner: CaseCreatePlanner): void {
  const i = planners.findIndex((p) => p.name === name);
  if (i >= 0) planners[i] = { name, planner };
  else planners.push({ name, planner });
}

/** A planner's look-up columns are aliased `<prefix><column>` so two modules cannot clash. */
const aliasPrefix = (name: string) => `${name.replace(/[^a-z0-9_]/gi, '_')}__`;

/** The planners' look-up columns with their aliases. */
export function createLookups(): { alias: string; expr: SQL }[] {
  return planners.flatMap(({ name, planner }) =>
    Object.entries(planner.lookup?.() ?? {}).map(([column, expr]) => ({ alias: aliasPrefix(name) + column, expr })));
}

/** Every planner's rows for a new case, in registration order. */
export async function planCaseCreate(db: DbOrTx, facts: NewCaseFacts, row: Record<string, unknown>, actor: Actor): Promise<RowInsert[]> {
  const out: RowInsert[] = [];
  for (const { name, planner } of planners) {
    const prefix = aliasPrefix(name);
    const looked = Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    out.push(...await planner.plan(db, facts, looked, actor));
  }
  return out;
}
