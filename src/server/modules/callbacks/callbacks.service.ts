import { and, asc, desc, eq, gt, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  CALLBACK_TOPIC, type CallbackAttemptInput, type CallbackDetail, type CallbackPage, type CallbackRule, type CallbackRuleInput,
  type CallbackTask,
} from '../../../shared/callbacks';
import type { CaseType } from '../../../shared/cases';
import type { Db, DbOrTx } from '../../db/client';
import { callbackAttempts, callbackRules, callbackTasks, caseCategories, orgUnits, users } from '../../db/schema';
import { type Actor, requirePermission, scopeCondition, systemActor } from '../../platform/actor';
import { audit, diff } from '../../platform/audit';
import { decodeCursor, page } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import { publish } from '../../platform/live';
import { notify } from '../../platform/notifications';
import { loadCase, recordEvent } from '../cases/case-access';
import { onCaseEvent, type CaseEventContext } from '../cases/case-hooks';
import { getCase, reopenCase } from '../cases/cases.service';
import { getCustomer } from '../customers/customers.service';
import { loadBusinessCalendar } from '../sla/calendars.service';
import { getCaseSla } from '../sla/sla.service';
import type { BusinessCalendar } from '../sla/business-calendar';
import { applyAttempt, callbackDueAt, isSampled, pickRule } from './callback-rules';

// Callbacks (回访): a resolution creates a task by rule; agents work the queue
// of their org subtree, record attempts, and a "not resolved" reopens the case.

/** A claim that has not led to an attempt for this long no longer holds other agents off. */
export const CLAIM_TTL_MS = 30 * 60_000;

type TaskRow = typeof callbackTasks.$inferSelect;
type RuleRow = typeof callbackRules.$inferSelect;

const conflict = (reason: string) => new AppError('conflict', { reason });
const claimer = alias(users, 'claimer');

// ------------------------------------------------------------------ creation

/** Case hook: on 'resolved', create a callback task when a rule covers the case and its sample draws it. */
export async function createTaskOnResolution(db: DbOrTx, event: CaseEventContext): Promise<void> {
  if (event.kind !== 'resolved') return;
  const c = await loadCase(db, systemActor(), event.caseId);
  const rules = await db.select().from(callbackRules).where(eq(callbackRules.active, true));
  if (rules.length === 0) return;
  let categoryPath: string | null = null;
  if (c.categoryId) {
    // Read-only look-up of the category's place in the tree (its path of ancestor ids).
    const [cat] = await db.select({ path: caseCategories.path }).from(caseCategories).where(eq(caseCategories.id, c.categoryId));
    categoryPath = cat?.path ?? null;
  }
  const rule = pickRule(rules, { id: c.id, type: c.type, categoryPath });
  if (!rule || !isSampled(c.id, rule.samplePercent)) return;
  const [open] = await db.select({ id: callbackTasks.id }).from(callbackTasks)
    .where(and(eq(callbackTasks.caseId, c.id), eq(callbackTasks.status, 'pending')));
  if (open) return;
  const resolvedAt = c.resolvedAt ?? new Date();
  let calendar: BusinessCalendar | null = null;
  if (rule.dueUnit === 'business_minutes' && rule.calendarId) {
    // A calendar deleted since the rule was written must not block the resolution: plain minutes then.
    calendar = await loadBusinessCalendar(db, rule.calendarId).catch(() => null);
  }
  const ruleDue = callbackDueAt(calendar ? rule : { ...rule, dueUnit: 'minutes' }, resolvedAt, calendar);
  // The published commitment's callback target, when the case has one, is a promise: never due later than it.
  const promised = await commitmentCallbackDue(db, c.id, resolvedAt);
  const dueAt = promised && promised.getTime() < ruleDue.getTime() ? promised : ruleDue;
  const [task] = await db.insert(callbackTasks).values({
    caseId: c.id, ruleId: rule.id, siteId: c.siteId, customerId: c.customerId,
    caseNumber: c.number, caseType: c.type, caseSubject: c.subject,
    dueAt, maxAttempts: rule.maxAttempts, retryAfterMinutes: rule.retryAfterMinutes,
  }).returning();
  await recordEvent(db, event.actor, c.id, 'callback_created', { taskId: task.id, ruleId: rule.id, dueAt: dueAt.toISOString() });
  await audit(db, event.actor, {
    action: 'callback.create', entityType: 'callback_task', entityId: task.id, orgUnitId: c.siteId,
    after: { caseId: c.id, ruleId: rule.id, dueAt: dueAt.toISOString() },
  });
  await publish(db, { topic: CALLBACK_TOPIC, payload: { taskId: task.id } });
}

/**
 * When the service commitment covering the case wants the callback done, or
 * null. Read in a savepoint: a failure there must never block the resolution.
 */
async function commitmentCallbackDue(db: DbOrTx, caseId: string, at: Date): Promise<Date | null> {
  try {
    return await db.transaction(async (sp) => {
      const sla = await getCaseSla(sp as unknown as Db, systemActor(), caseId, at);
      const target = sla.targets.find((x) => x.target === 'callback' && x.dueAt);
      return target?.dueAt ? new Date(target.dueAt) : null;
    });
  } catch {
    return null;
  }
}

onCaseEvent('callbacks', createTaskOnResolution);

// ------------------------------------------------------------------ reading

function selectTasks(db: DbOrTx) {
  return db
    .select({ t: callbackTasks, siteName: orgUnits.name, ruleName: callbackRules.name, claimedByName: claimer.name })
    .from(callbackTasks)
    .innerJoin(orgUnits, eq(orgUnits.id, callbackTasks.siteId))
    .leftJoin(callbackRules, eq(callbackRules.id, callbackTasks.ruleId))
    .leftJoin(claimer, eq(claimer.id, callbackTasks.claimedBy))
    .$dynamic();
}

type Joined = { t: TaskRow; siteName: string | null; ruleName: string | null; claimedByName: string | null };

function claimHolds(t: TaskRow, now: Date): boolean {
  return t.claimedBy !== null && t.claimedAt !== null && now.getTime() - t.claimedAt.getTime() < CLAIM_TTL_MS;
}

function present(row: Joined, now: Date): CallbackTask {
  const t = row.t;
  const holds = claimHolds(t, now);
  return {
    id: t.id, caseId: t.caseId, caseNumber: t.caseNumber, caseType: t.caseType as CaseType, caseSubject: t.caseSubject,
    siteId: t.siteId, siteName: row.siteName, ruleId: t.ruleId, ruleName: row.ruleName,
    status: t.status, dueAt: t.dueAt.toISOString(), overdue: t.status === 'pending' && t.dueAt.getTime() < now.getTime(),
    nextAttemptAt: t.nextAttemptAt && t.nextAttemptAt.getTime() > now.getTime() ? t.nextAttemptAt.toISOString() : null,
    attempts: t.attempts, maxAttempts: t.maxAttempts,
    claimedBy: holds ? t.claimedBy : null, claimedByName: holds ? row.claimedByName : null,
    resolved: t.resolved, satisfaction: t.satisfaction, comment: t.comment,
    completedAt: t.completedAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(), version: t.version,
  };
}

const visible = (actor: Actor): SQL => scopeCondition(actor, 'callback:work', callbackTasks.siteId);

/** The queue (open tasks, most urgent first) or the finished tasks (newest first), in the actor's subtree. */
export async function listTasks(db: Db, actor: Actor, q: { cursor?: string; limit: number; state: 'open' | 'done'; mine?: 'true' | 'false'; overdue?: 'true' | 'false'; caseId?: string }, now: Date): Promise<CallbackPage> {
  requirePermission(actor, 'callback:work');
  const cursor = decodeCursor(q.cursor);
  const open = q.state === 'open';
  const key = open ? callbackTasks.dueAt : callbackTasks.updatedAt;
  const after = cursor
    ? open
      ? or(gt(key, new Date(cursor.at)), and(eq(key, new Date(cursor.at)), gt(callbackTasks.id, cursor.id)))
      : or(lt(key, new Date(cursor.at)), and(eq(key, new Date(cursor.at)), lt(callbackTasks.id, cursor.id)))
    : undefined;
  const rows = await selectTasks(db).where(and(
    visible(actor),
    open ? eq(callbackTasks.status, 'pending') : sql`${callbackTasks.status} <> 'pending'`,
    q.mine === 'true' ? and(eq(callbackTasks.claimedBy, actor.id), gt(callbackTasks.claimedAt, new Date(now.getTime() - CLAIM_TTL_MS))) : undefined,
    q.overdue === 'true' ? lt(callbackTasks.dueAt, now) : undefined,
    q.caseId ? eq(callbackTasks.caseId, q.caseId) : undefined,
    after,
  )).orderBy(open ? asc(key) : desc(key), open ? asc(callbackTasks.id) : desc(callbackTasks.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => [open ? r.t.dueAt : r.t.updatedAt, r.t.id]);
  return { items: p.items.map((r) => present(r, now)), nextCursor: p.nextCursor };
}

/** Counts for the queue header: open, overdue, due before the end of today (Asia/Shanghai), claimed by me. */
export async function summary(db: Db, actor: Actor, now: Date): Promise<{ open: number; overdue: number; dueToday: number; mine: number }> {
  requirePermission(actor, 'callback:work');
  // End of the business day in Asia/Shanghai (UTC+8, no DST).
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  const endOfDay = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + 1) - 8 * 3_600_000);
  const [row] = await db.select({
    open: sql<number>`count(*)::int`,
    overdue: sql<number>`count(*) filter (where ${callbackTasks.dueAt} < ${now})::int`,
    dueToday: sql<number>`count(*) filter (where ${callbackTasks.dueAt} < ${endOfDay})::int`,
    mine: sql<number>`count(*) filter (where ${callbackTasks.claimedBy} = ${actor.id} and ${callbackTasks.claimedAt} > ${new Date(now.getTime() - CLAIM_TTL_MS)})::int`,
  }).from(callbackTasks).where(and(visible(actor), eq(callbackTasks.status, 'pending')));
  return row;
}

async function loadTask(db: DbOrTx, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<TaskRow> {
  requirePermission(actor, 'callback:work');
  const q = db.select().from(callbackTasks).where(and(eq(callbackTasks.id, id), visible(actor))).$dynamic();
  const [row] = await (opts.lock ? q.for('update') : q);
  if (!row) throw new AppError('not_found', { entity: 'callback_task' });
  return row;
}

async function presentById(db: DbOrTx, id: string, now: Date): Promise<CallbackTask> {
  const [row] = await selectTasks(db).where(eq(callbackTasks.id, id));
  return present(row, now);
}

/** The call screen: task, attempts, the case in short, the customer with masked numbers. */
export async function getTask(db: Db, actor: Actor, id: string, now: Date): Promise<CallbackDetail> {
  const task = await loadTask(db, actor, id);
  const base = await presentById(db, id, now);
  const attempts = await db
    .select({ a: callbackAttempts, agentName: users.name })
    .from(callbackAttempts).leftJoin(users, eq(users.id, callbackAttempts.agentId))
    .where(eq(callbackAttempts.taskId, id)).orderBy(asc(callbackAttempts.at));
  // The case and customer as this agent may see them; a task is still workable without them.
  const hidden = (err: unknown) => {
    if (err instanceof AppError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  };
  const c = await getCase(db, actor, task.caseId).catch(hidden);
  const customer = await getCustomer(db, actor, task.customerId).catch(hidden);
  return {
    ...base,
    attemptsLog: attempts.map(({ a, agentName }) => ({ id: a.id, agentId: a.agentId, agentName, outcome: a.outcome, note: a.note, at: a.at.toISOString() })),
    case: c && {
      id: c.id, number: c.number, subject: c.subject, description: c.description, status: c.status,
      resolutionSummary: c.resolutionSummary, resolvedAt: c.resolvedAt, ownerName: c.owner?.name ?? null, firstResponderName: c.firstResponder?.name ?? null,
    },
    customer: customer && { id: customer.id, name: customer.name, phones: customer.phones },
  };
}

// ------------------------------------------------------------------ working the queue

function assertWorkable(t: TaskRow, actor: Actor, now: Date): void {
  if (t.status !== 'pending') throw conflict('callback_closed');
  if (claimHolds(t, now) && t.claimedBy !== actor.id) throw conflict('callback_claimed_by_other');
}

/** Take a task so no one else calls the same customer meanwhile (a claim lapses after 30 minutes without an attempt). */
export async function claimTask(db: Db, actor: Actor, id: string, now: Date): Promise<CallbackTask> {
  return db.transaction(async (tx) => {
    const t = await loadTask(tx, actor, id, { lock: true });
    assertWorkable(t, actor, now);
    await tx.update(callbackTasks).set({ claimedBy: actor.id, claimedAt: now, version: t.version + 1, updatedAt: now }).where(eq(callbackTasks.id, id));
    await audit(tx, actor, { action: 'callback.claim', entityType: 'callback_task', entityId: id, orgUnitId: t.siteId });
    await publish(tx, { topic: CALLBACK_TOPIC, payload: { taskId: id } });
    return presentById(tx, id, now);
  });
}

/** Give a claimed task back to the queue. */
export async function releaseTask(db: Db, actor: Actor, id: string, now: Date): Promise<CallbackTask> {
  return db.transaction(async (tx) => {
    const t = await loadTask(tx, actor, id, { lock: true });
    assertWorkable(t, actor, now);
    await tx.update(callbackTasks).set({ claimedBy: null, claimedAt: null, version: t.version + 1, updatedAt: now }).where(eq(callbackTasks.id, id));
    await audit(tx, actor, { action: 'callback.release', entityType: 'callback_task', entityId: id, orgUnitId: t.siteId });
    await publish(tx, { topic: CALLBACK_TOPIC, payload: { taskId: id } });
    return presentById(tx, id, now);
  });
}

/**
 * The next call to make: my own claimed task if I hold one, else the most
 * urgent unclaimed task that may be called now, claimed for me. Two agents
 * asking at once get different tasks (SKIP LOCKED). null: nothing to call.
 */
export async function nextTask(db: Db, actor: Actor, now: Date): Promise<CallbackTask | null> {
  requirePermission(actor, 'callback:work');
  return db.transaction(async (tx) => {
    const stale = new Date(now.getTime() - CLAIM_TTL_MS);
    const callable = or(isNull(callbackTasks.nextAttemptAt), lte(callbackTasks.nextAttemptAt, now));
    const [mine] = await tx.select({ id: callbackTasks.id }).from(callbackTasks).where(and(
      visible(actor), eq(callbackTasks.status, 'pending'), eq(callbackTasks.claimedBy, actor.id), gt(callbackTasks.claimedAt, stale),
    )).orderBy(asc(callbackTasks.dueAt)).limit(1);
    if (mine) return presentById(tx, mine.id, now);
    const [free] = await tx.select().from(callbackTasks).where(and(
      visible(actor), eq(callbackTasks.status, 'pending'), callable,
      or(isNull(callbackTasks.claimedBy), lte(callbackTasks.claimedAt, stale)),
    )).orderBy(asc(callbackTasks.dueAt), asc(callbackTasks.id)).limit(1).for('update', { skipLocked: true });
    if (!free) return null;
    await tx.update(callbackTasks).set({ claimedBy: actor.id, claimedAt: now, version: free.version + 1, updatedAt: now }).where(eq(callbackTasks.id, free.id));
    await audit(tx, actor, { action: 'callback.claim', entityType: 'callback_task', entityId: free.id, orgUnitId: free.siteId });
    await publish(tx, { topic: CALLBACK_TOPIC, payload: { taskId: free.id } });
    return presentById(tx, free.id, now);
  });
}

const reopenReason = (comment: string | undefined) => `回访：客户表示问题未解决${comment ? `（${comment}）` : ''}`.slice(0, 500);

/**
 * Record one call: its outcome moves the task on (applyAttempt); reaching the
 * customer records resolved yes/no, satisfaction and a comment, and "not
 * resolved" reopens the case and tells its owner and first responder — all in
 * one transaction.
 */
export async function recordAttempt(db: Db, actor: Actor, id: string, input: CallbackAttemptInput, now: Date): Promise<CallbackTask> {
  return db.transaction(async (tx) => {
    const t = await loadTask(tx, actor, id, { lock: true });
    if (t.version !== input.version) throw new AppError('stale_write');
    assertWorkable(t, actor, now);
    const result = applyAttempt(t, input.outcome, now, t.retryAfterMinutes);
    const reached = input.outcome === 'reached';
    await tx.insert(callbackAttempts).values({ taskId: id, agentId: actor.id, outcome: input.outcome, note: input.comment ?? null, at: now });
    await tx.update(callbackTasks).set({
      status: result.status, attempts: result.attempts, nextAttemptAt: result.nextAttemptAt,
      // An unanswered call gives the task back to the queue for whoever calls next.
      claimedBy: result.closed ? t.claimedBy ?? actor.id : null, claimedAt: result.closed ? t.claimedAt ?? now : null,
      ...(reached ? { resolved: input.resolved!, satisfaction: input.satisfaction!, comment: input.comment ?? null } : {}),
      ...(result.closed ? { completedAt: now, completedBy: actor.id } : {}),
      version: t.version + 1, updatedAt: now,
    }).where(eq(callbackTasks.id, id));
    await recordEvent(tx, actor, t.caseId, 'callback_attempt', { taskId: id, attempt: result.attempts, outcome: input.outcome });
    if (result.closed) {
      await recordEvent(tx, actor, t.caseId, 'callback_completed', {
        taskId: id, status: result.status,
        resolved: reached ? input.resolved! : null, satisfaction: reached ? input.satisfaction! : null,
        comment: reached ? input.comment ?? null : null,
      });
    }
    await audit(tx, actor, {
      action: 'callback.attempt', entityType: 'callback_task', entityId: id, orgUnitId: t.siteId,
      before: { status: t.status, attempts: t.attempts },
      after: { status: result.status, attempts: result.attempts, outcome: input.outcome, ...(reached ? { resolved: input.resolved, satisfaction: input.satisfaction } : {}) },
    });
    if (reached && input.resolved === false) {
      const c = await loadCase(tx, systemActor(), t.caseId);
      if ((c.status === 'resolved' || c.status === 'closed') && !c.mergedIntoId) {
        // reopenCase opens a savepoint inside this transaction: the reopen and the callback result commit together.
        await reopenCase(tx as unknown as Db, actor, t.caseId, { reason: reopenReason(input.comment) }, { cause: 'callback_unresolved' });
      }
      await notify(tx, {
        recipientIds: [c.ownerId, c.firstResponderId].filter((x): x is string => !!x),
        kind: 'callback_unresolved',
        caseId: c.id,
        title: {
          'zh-CN': `回访未解决，工单 ${c.number} 已重开`,
          'zh-TW': `回訪未解決，工單 ${c.number} 已重開`,
          en: `Callback: not solved — case ${c.number} reopened`,
        },
        body: {
          'zh-CN': `客户在回访中表示问题仍未解决（满意度 ${input.satisfaction}/5）。${input.comment ? `回访记录：${input.comment}` : ''}`,
          'zh-TW': `客戶在回訪中表示問題仍未解決（滿意度 ${input.satisfaction}/5）。${input.comment ? `回訪紀錄：${input.comment}` : ''}`,
          en: `The customer says the problem is not solved (satisfaction ${input.satisfaction}/5).${input.comment ? ` Note: ${input.comment}` : ''}`,
        },
      });
    }
    await publish(tx, { topic: CALLBACK_TOPIC, payload: { taskId: id } });
    return presentById(tx, id, now);
  });
}

// ------------------------------------------------------------------ rules

function presentRule(r: RuleRow, categoryName: string | null): CallbackRule {
  return {
    id: r.id, name: r.name, caseTypes: r.caseTypes as CaseType[], categoryId: r.categoryId, categoryName,
    samplePercent: r.samplePercent, dueMinutes: r.dueMinutes, dueUnit: r.dueUnit, calendarId: r.calendarId,
    maxAttempts: r.maxAttempts, retryAfterMinutes: r.retryAfterMinutes, active: r.active, version: r.version,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

const categoryName = sql<string | null>`(SELECT name_zh_cn FROM case_categories c WHERE c.id = ${callbackRules.categoryId})`;

/** Every rule, active first, oldest first. */
export async function listRules(db: Db, actor: Actor): Promise<{ items: CallbackRule[] }> {
  requirePermission(actor, 'callback:manage');
  const rows = await db.select({ r: callbackRules, categoryName }).from(callbackRules).orderBy(desc(callbackRules.active), asc(callbackRules.createdAt), asc(callbackRules.id));
  return { items: rows.map((x) => presentRule(x.r, x.categoryName)) };
}

async function checkReferences(db: DbOrTx, input: { categoryId?: string | null; calendarId?: string | null; dueUnit?: string }): Promise<void> {
  if (input.categoryId) {
    const [cat] = await db.select({ id: caseCategories.id }).from(caseCategories).where(eq(caseCategories.id, input.categoryId));
    if (!cat) throw new AppError('validation_failed', {}, [{ path: 'categoryId', code: 'not_found', message: 'no such category' }]);
  }
  if (input.calendarId) {
    await loadBusinessCalendar(db, input.calendarId).catch(() => {
      throw new AppError('validation_failed', {}, [{ path: 'calendarId', code: 'not_found', message: 'no such calendar' }]);
    });
  }
}

async function ruleById(db: DbOrTx, id: string): Promise<CallbackRule> {
  const [x] = await db.select({ r: callbackRules, categoryName }).from(callbackRules).where(eq(callbackRules.id, id));
  if (!x) throw new AppError('not_found', { entity: 'callback_rule' });
  return presentRule(x.r, x.categoryName);
}

/** Add a rule. */
export async function createRule(db: Db, actor: Actor, input: CallbackRuleInput): Promise<CallbackRule> {
  requirePermission(actor, 'callback:manage');
  return db.transaction(async (tx) => {
    await checkReferences(tx, input);
    const [row] = await tx.insert(callbackRules).values({ ...input }).returning();
    await audit(tx, actor, { action: 'callback_rule.create', entityType: 'callback_rule', entityId: row.id, after: input });
    return ruleById(tx, row.id);
  });
}

/** Change a rule (optimistic: `version` must be the one read). Tasks already created keep their due time. */
export async function updateRule(db: Db, actor: Actor, id: string, input: { version: number } & Partial<CallbackRuleInput>): Promise<CallbackRule> {
  requirePermission(actor, 'callback:manage');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(callbackRules).where(eq(callbackRules.id, id)).for('update');
    if (!row) throw new AppError('not_found', { entity: 'callback_rule' });
    if (row.version !== input.version) throw new AppError('stale_write');
    const { version: _v, ...changes } = input;
    const next = { ...row, ...changes };
    if (next.dueUnit === 'business_minutes' && !next.calendarId) {
      throw new AppError('validation_failed', {}, [{ path: 'calendarId', code: 'custom', message: 'business minutes need a calendar' }]);
    }
    await checkReferences(tx, changes);
    await tx.update(callbackRules).set({ ...changes, version: row.version + 1, updatedAt: new Date() }).where(eq(callbackRules.id, id));
    const d = diff(row as unknown as Record<string, unknown>, changes as Record<string, unknown>);
    await audit(tx, actor, { action: 'callback_rule.update', entityType: 'callback_rule', entityId: id, before: d.before, after: d.after });
    return ruleById(tx, id);
  });
}

/** Delete a rule; its tasks stay (they lose the link). */
export async function deleteRule(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'callback:manage');
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(callbackRules).where(eq(callbackRules.id, id)).returning();
    if (!row) throw new AppError('not_found', { entity: 'callback_rule' });
    await audit(tx, actor, { action: 'callback_rule.delete', entityType: 'callback_rule', entityId: id, before: presentRule(row, null) });
  });
}
