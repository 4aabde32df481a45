import type { CaseStatus } from '../../../shared/cases';

// The case lifecycle as a table: pure, so every rule is visible in one place and tested without a database.
//   new → accepted → in_progress ⇄ waiting_customer → resolved → closed
//   reopen: resolved | closed → in_progress;  cancel: any open state → cancelled.

/** States in which someone still has to work on the case. */
export const OPEN_STATUSES = ['new', 'accepted', 'in_progress', 'waiting_customer'] as const satisfies readonly CaseStatus[];

/** Where each status may go next. A case can be resolved on the spot (an inquiry answered at the counter). */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['accepted', 'in_progress', 'resolved', 'cancelled'],
  accepted: ['in_progress', 'waiting_customer', 'resolved', 'cancelled'],
  in_progress: ['waiting_customer', 'resolved', 'cancelled'],
  waiting_customer: ['in_progress', 'resolved', 'cancelled'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
  cancelled: [],
};

export function isOpen(status: CaseStatus): boolean {
  return (OPEN_STATUSES as readonly CaseStatus[]).includes(status);
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

/** The actions that move a case, and the status each leads to from `from` (undefined: not allowed). */
export type CaseAction = 'accept' | 'start' | 'wait' | 'resolve' | 'confirm' | 'reject' | 'reopen' | 'cancel' | 'merge';

const ACTION_TARGET: Record<Exclude<CaseAction, 'merge'>, { to: CaseStatus; from?: readonly CaseStatus[] }> = {
  accept: { to: 'accepted' },
  start: { to: 'in_progress', from: ['new', 'accepted', 'waiting_customer'] },
  wait: { to: 'waiting_customer' },
  resolve: { to: 'resolved' },
  /** The customer is satisfied. */
  confirm: { to: 'closed', from: ['resolved'] },
  /** The customer is not satisfied: back to work. */
  reject: { to: 'in_progress', from: ['resolved'] },
  reopen: { to: 'in_progress', from: ['resolved', 'closed'] },
  cancel: { to: 'cancelled', from: OPEN_STATUSES },
};

/**
 * The status after `action`, or undefined when the table refuses it. A
 * duplicate may be merged away (→ closed) while open or resolved.
 */
export function nextStatus(from: CaseStatus, action: CaseAction): CaseStatus | undefined {
  if (action === 'merge') return isOpen(from) || from === 'resolved' ? 'closed' : undefined;
  const rule = ACTION_TARGET[action];
  if (rule.from && !rule.from.includes(from)) return undefined;
  return canTransition(from, rule.to) ? rule.to : undefined;
}
