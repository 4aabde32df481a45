import crypto from 'node:crypto';
import { and, eq, gte, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { callbackAttempts, callbackRules, callbackTasks, caseCategories, caseEvents, cases } from '../../db/schema';
import { createRng } from '../../seed/rng';
import { callbackDueAt, isSampled, pickRule } from './callback-rules';

// Demo callbacks (回访): the cases the demo resolved in the last days get the
// tasks the rules would have created; the older ones were already called —
// mostly reached and solved, some unreachable — and the recent ones wait in
// the queue, a few overdue. The demo writes its cases in bulk (no case hooks),
// so this mirrors createTaskOnResolution afterwards, with the same sampling.

const DAY = 86_400_000;

export async function seedDemoCallbacks(db: Db, opts: { nowMs: number; seed?: number; days?: number }): Promise<{ tasks: number }> {
  const rng = createRng(opts.seed ?? 11);
  const rules = await db.select().from(callbackRules).where(eq(callbackRules.active, true));
  if (rules.length === 0) return { tasks: 0 };
  const since = new Date(opts.nowMs - (opts.days ?? 7) * DAY);
  const resolved = await db
    .select({
      id: cases.id, number: cases.number, type: cases.type, subject: cases.subject, siteId: cases.siteId, customerId: cases.customerId,
      firstResponderId: cases.firstResponderId, resolvedAt: cases.resolvedAt, categoryPath: caseCategories.path,
    })
    .from(cases)
    .leftJoin(caseCategories, eq(caseCategories.id, cases.categoryId))
    .where(and(isNotNull(cases.resolvedAt), gte(cases.resolvedAt, since)));
  const already = new Set((await db.select({ caseId: callbackTasks.caseId }).from(callbackTasks).where(gte(callbackTasks.createdAt, since))).map((r) => r.caseId));
  const tasks: (typeof callbackTasks.$inferInsert)[] = [];
  const attempts: (typeof callbackAttempts.$inferInsert)[] = [];
  const events: (typeof caseEvents.$inferInsert)[] = [];
  for (const c of resolved) {
    if (already.has(c.id)) continue;
    const rule = pickRule(rules, { id: c.id, type: c.type, categoryPath: c.categoryPath });
    if (!rule || !isSampled(c.id, rule.samplePercent)) continue;
    const resolvedAt = c.resolvedAt!;
    const dueAt = callbackDueAt({ ...rule, dueUnit: 'minutes' }, resolvedAt, null);
    const id = crypto.randomUUID();
    const ageMs = opts.nowMs - resolvedAt.getTime();
    const task: typeof callbackTasks.$inferInsert = {
      id, caseId: c.id, ruleId: rule.id, siteId: c.siteId, customerId: c.customerId, caseNumber: c.number, caseType: c.type, caseSubject: c.subject,
      dueAt, maxAttempts: rule.maxAttempts, retryAfterMinutes: rule.retryAfterMinutes, createdAt: resolvedAt, updatedAt: resolvedAt,
    };
    events.push({ caseId: c.id, at: resolvedAt, actorId: c.firstResponderId, kind: 'callback_created', data: { taskId: id, ruleId: rule.id, dueAt: dueAt.toISOString() } });
    // Called already: most tasks older than a day and a half (and a few of the younger ones).
    if (ageMs > 1.5 * DAY || (ageMs > 4 * 3_600_000 && rng.chance(0.3))) {
      const reachable = rng.chance(0.85);
      const calls = reachable ? rng.weighted([[1, 8], [2, 2]] as const) : rule.maxAttempts;
      let at = resolvedAt.getTime() + rng.int(2, 20) * 3_600_000;
      for (let n = 1; n <= calls; n++) {
        const outcome = reachable && n === calls ? 'reached' : rng.chance(0.85) ? 'no_answer' : 'wrong_number';
        at = Math.min(at, opts.nowMs - 60_000);
        attempts.push({ taskId: id, agentId: c.firstResponderId, outcome, at: new Date(at) });
        events.push({ caseId: c.id, at: new Date(at), actorId: c.firstResponderId, kind: 'callback_attempt', data: { taskId: id, attempt: n, outcome } });
        if (n < calls) at += rng.int(1, 4) * 3_600_000;
      }
      const satisfaction = reachable ? rng.weighted([[5, 6], [4, 3], [3, 1]] as const) : null;
      const comment = reachable ? rng.pick(['客户表示已恢复正常', '客户对处理结果满意', '客户表示问题已解决，感谢回访', null]) : null;
      Object.assign(task, {
        status: reachable ? 'completed' : 'unreachable', attempts: calls, resolved: reachable ? true : null, satisfaction, comment,
        completedAt: new Date(at), completedBy: c.firstResponderId, claimedBy: c.firstResponderId, claimedAt: new Date(at), updatedAt: new Date(at),
      });
      events.push({
        caseId: c.id, at: new Date(at), actorId: c.firstResponderId, kind: 'callback_completed',
        data: { taskId: id, status: reachable ? 'completed' : 'unreachable', resolved: reachable ? true : null, satisfaction, comment },
      });
    }
    tasks.push(task);
  }
  const chunk = <T>(rows: T[], n = 500) => Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, (i + 1) * n));
  await db.transaction(async (tx) => {
    for (const part of chunk(tasks)) await tx.insert(callbackTasks).values(part);
    for (const part of chunk(attempts)) await tx.insert(callbackAttempts).values(part);
    for (const part of chunk(events)) await tx.insert(caseEvents).values(part);
  });
  return { tasks: tasks.length };
}
