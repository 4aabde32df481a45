import type { DbOrTx } from '../../db/client';
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

/** Run every handler for an event, in registration order, in the caller's transaction. */
export async function runCaseEventHandlers(db: DbOrTx, event: CaseEventContext): Promise<void> {
  for (const h of handlers) await h.handle(db, event);
}
