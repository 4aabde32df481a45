import crypto from 'node:crypto';
import type { CallbackOutcome, CallbackStatus } from '../../../shared/callbacks';
import { addBusinessMinutes, type BusinessCalendar } from '../sla/business-calendar';

// Callback rules and attempts (回访规则与拨打结果). Pure: the world (now, the
// calendar, the rules) comes in as arguments.

export interface RuleLike {
  id: string;
  active: boolean;
  caseTypes: readonly string[];
  categoryId: string | null;
  samplePercent: number;
  dueMinutes: number;
  dueUnit: 'minutes' | 'business_minutes';
  calendarId: string | null;
  createdAt: Date;
}

export interface ResolvedCase {
  id: string;
  type: string;
  /** '/<root id>/…/<category id>/' or null. */
  categoryPath: string | null;
}

/** Depth of `categoryId` on `path` (1 = a root category), 0 when the path does not pass through it. */
function depthOn(path: string | null, categoryId: string): number {
  if (!path) return 0;
  const i = path.split('/').filter(Boolean).indexOf(categoryId);
  return i < 0 ? 0 : i + 1;
}

/**
 * The rule that applies to a case, or null. A rule applies when its case
 * types (if any) include the case's type and its category (if any) is the
 * case's category or an ancestor of it. The most specific applicable rule
 * wins: a deeper category first, then one that names case types, then the
 * oldest rule (then the smallest id), so the same case always gets the same rule.
 */
export function pickRule<R extends RuleLike>(rules: readonly R[], c: ResolvedCase): R | null {
  let best: { rule: R; depth: number; typed: number } | null = null;
  for (const rule of rules) {
    if (!rule.active) continue;
    if (rule.caseTypes.length > 0 && !rule.caseTypes.includes(c.type)) continue;
    const depth = rule.categoryId ? depthOn(c.categoryPath, rule.categoryId) : 0;
    if (rule.categoryId && depth === 0) continue;
    const typed = rule.caseTypes.length > 0 ? 1 : 0;
    const better = !best
      || depth > best.depth
      || (depth === best.depth && typed > best.typed)
      || (depth === best.depth && typed === best.typed && (rule.createdAt.getTime() < best.rule.createdAt.getTime()
        || (rule.createdAt.getTime() === best.rule.createdAt.getTime() && rule.id < best.rule.id)));
    if (better) best = { rule, depth, typed };
  }
  return best?.rule ?? null;
}

/**
 * The case's place in [0, 100) for sampling: derived from its id only, so a
 * case resolved again (after a reopen) draws the same number and a sampling
 * decision is never re-rolled.
 */
export function sampleScore(caseId: string): number {
  const digest = crypto.createHash('sha256').update(`callback-sample:${caseId.toLowerCase()}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/** Whether a case with this id falls in a `percent` % sample. */
export function isSampled(caseId: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return sampleScore(caseId) < percent;
}

/** When the callback is due: `dueMinutes` after resolution, plain or in the calendar's business minutes. */
export function callbackDueAt(rule: Pick<RuleLike, 'dueMinutes' | 'dueUnit'>, resolvedAt: Date, calendar: BusinessCalendar | null): Date {
  if (rule.dueUnit === 'business_minutes') {
    if (!calendar) throw new Error('business minutes need a calendar');
    return addBusinessMinutes(calendar, resolvedAt, rule.dueMinutes);
  }
  return new Date(resolvedAt.getTime() + rule.dueMinutes * 60_000);
}

export interface AttemptState {
  status: CallbackStatus;
  attempts: number;
  maxAttempts: number;
}

export interface AttemptResult {
  status: CallbackStatus;
  attempts: number;
  /** When the task may be offered again (unanswered attempts below the maximum); null otherwise. */
  nextAttemptAt: Date | null;
  /** The task is finished. */
  closed: boolean;
}

/**
 * What an attempt does to a task: reached completes it; refused closes it;
 * no answer and wrong number count towards the maximum, after which the task
 * closes as unreachable, and before which it comes back after `retryAfterMinutes`.
 */
export function applyAttempt(state: AttemptState, outcome: CallbackOutcome, now: Date, retryAfterMinutes: number): AttemptResult {
  if (state.status !== 'pending') throw new Error(`task is ${state.status}`);
  const attempts = state.attempts + 1;
  if (outcome === 'reached') return { status: 'completed', attempts, nextAttemptAt: null, closed: true };
  if (outcome === 'refused') return { status: 'refused', attempts, nextAttemptAt: null, closed: true };
  if (attempts >= state.maxAttempts) return { status: 'unreachable', attempts, nextAttemptAt: null, closed: true };
  return { status: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + retryAfterMinutes * 60_000), closed: false };
}
