import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  type CaseStatus, type DispatchInput, WORK_ORDER_STATUSES, type WorkOrderOutput, type WorkOrderStepInput,
} from '../../../shared/cases';
import type { Db, DbOrTx } from '../../db/client';
import { cases, orgUnits, users, workOrderSteps, workOrders } from '../../db/schema';
import { type Actor, isSystem, requirePermission, scopeCondition } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { decodeCursor, page } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import { inScope, scopeFor } from '../../platform/permissions';
import { loadCase, recordEvent, touchCase } from './case-access';
import { shanghaiDay } from './case-number';
import { isOpen, nextStatus } from './case-status';

// 派工单: a case's field work, dispatched to a resolver group (technicians), worked through
// accepted → on site → done. Every step lands on the work order and on the case's timeline.

export type WorkOrder = z.infer<typeof WorkOrderOutput>;
type WorkOrderRow = typeof workOrders.$inferSelect;
type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** The status a work order must be in before each step. */
const PREVIOUS: Record<'accepted' | 'on_site' | 'done', WorkOrderStatus> = { accepted: 'dispatched', on_site: 'accepted', done: 'on_site' };

const invalid = (path: string, code: string, message: string) => new AppError('validation_failed', {}, [{ path, code, message }]);

/** PG + the day in Asia/Shanghai + a 6-digit sequence (wider beyond 999999), like case numbers: PG20261122000123. Pure. */
export function workOrderNumber(now: Date, seq: number): string {
  return `PG${shanghaiDay(now)}${String(seq).padStart(6, '0')}`;
}

// ---------------------------------------------------------------- presentation

/** The orders with their steps, group names and case numbers, in the given order. */
async function present(db: DbOrTx, rows: WorkOrderRow[]): Promise<WorkOrder[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const steps = await db
    .select({ s: workOrderSteps, actorName: users.name })
    .from(workOrderSteps)
    .leftJoin(users, eq(users.id, workOrderSteps.actorId))
    .where(inArray(workOrderSteps.workOrderId, ids))
    .orderBy(asc(workOrderSteps.at), asc(workOrderSteps.id));
  const groups = await db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits)
    .where(inArray(orgUnits.id, [...new Set(rows.map((r) => r.groupId))]));
  const caseNumbers = await db.select({ id: cases.id, number: cases.number }).from(cases)
    .where(inArray(cases.id, [...new Set(rows.map((r) => r.caseId))]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const caseNumber = new Map(caseNumbers.map((c) => [c.id, c.number]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    caseId: r.caseId,
    caseNumber: caseNumber.get(r.caseId),
    groupId: r.groupId,
    groupName: groupName.get(r.groupId),
    assigneeId: r.assigneeId,
    status: r.status as WorkOrderStatus,
    instructions: r.instructions,
    steps: steps.filter((s) => s.s.workOrderId === r.id).map((s) => ({
      step: s.s.step, note: s.s.note, actorId: s.s.actorId, ...(s.actorName ? { actorName: s.actorName } : {}), at: s.s.at.toISOString(),
    })),
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt ? r.completedAt.toISOString() : null,
    version: r.version,
  }));
}

// ---------------------------------------------------------------- use cases

/** Send a case's field work to a resolver group; the case moves on to "in progress". */
export async function dispatchCase(db: Db, actor: Actor, caseId: string, input: z.infer<typeof DispatchInput>): Promise<WorkOrder> {
  return db.transaction(async (tx) => {
    const kase = await loadCase(tx, actor, caseId, 'case:dispatch', { lock: true });
    // A case takes work orders until it is resolved, closed or cancelled.
    if (!isOpen(kase.status as CaseStatus)) throw new AppError('conflict', { reason: 'case_not_open' });

    const [group] = await tx.select().from(orgUnits).where(eq(orgUnits.id, input.groupId));
    if (!group || !group.isResolverGroup || !group.active) throw invalid('groupId', 'not_resolver_group', 'groupId is not an active resolver group');
    if (input.assigneeId) {
      const [member] = await tx.select({ id: users.id }).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
        .where(and(eq(users.id, input.assigneeId), eq(users.active, true), sql`${orgUnits.path} LIKE ${`${group.path}%`}`));
      if (!member) throw invalid('assigneeId', 'not_group_member', 'assigneeId is not an active member of the group');
    }

    const seq = await tx.execute<{ n: number }>(sql`select nextval('work_order_number_seq') as n`);
    const now = new Date();
    const [row] = await tx.insert(workOrders).values({
      number: workOrderNumber(now, Number(seq.rows[0].n)), caseId, groupId: group.id, assigneeId: input.assigneeId ?? null,
      status: 'dispatched', instructions: input.instructions, createdBy: actor.id, createdAt: now, updatedAt: now,
    }).returning();
    await tx.insert(workOrderSteps).values({ workOrderId: row.id, step: 'dispatched', note: input.instructions, actorId: actor.id, at: now });

    await recordEvent(tx, actor, caseId, 'dispatched', {
      workOrderId: row.id, number: row.number, groupId: group.id, groupName: group.name, assigneeId: row.assigneeId, instructions: row.instructions,
    });
    // Field work has started: a new or accepted case is now in progress (a case waiting on the customer stays so).
    const started = kase.status === 'new' || kase.status === 'accepted' ? nextStatus(kase.status, 'start') : undefined;
    if (started) {
      await touchCase(tx, caseId, { status: started });
      await recordEvent(tx, actor, caseId, 'status_changed', { from: kase.status, to: started, reason: 'dispatched' });
    }
    await audit(tx, actor, {
      action: 'work_order.dispatch', entityType: 'work_order', entityId: row.id, orgUnitId: kase.siteId,
      after: { number: row.number, caseId, groupId: group.id, assigneeId: row.assigneeId, instructions: row.instructions },
    });
    return (await present(tx, [row]))[0];
  });
}

/** Every work order of a case the actor may see, oldest first. */
export async function listCaseWorkOrders(db: Db, actor: Actor, caseId: string): Promise<WorkOrder[]> {
  await loadCase(db, actor, caseId, 'case:read');
  const rows = await db.select().from(workOrders).where(eq(workOrders.caseId, caseId)).orderBy(asc(workOrders.createdAt), asc(workOrders.id));
  return present(db, rows);
}

export interface WorkOrderQuery {
  groupId?: string;
  status?: WorkOrderStatus | WorkOrderStatus[];
  cursor?: string;
  limit: number;
}

/** The technicians' queue: orders of the resolver groups in the actor's scope, oldest first. */
export async function listWorkOrders(db: Db, actor: Actor, q: WorkOrderQuery): Promise<{ items: WorkOrder[]; nextCursor: string | null }> {
  requirePermission(actor, 'workorder:update');
  const where: SQL[] = [scopeCondition(actor, 'workorder:update', workOrders.groupId)];
  if (q.groupId) where.push(eq(workOrders.groupId, q.groupId));
  const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
  if (statuses.length) where.push(inArray(workOrders.status, statuses));
  const cursor = decodeCursor(q.cursor);
  if (cursor) {
    where.push(or(gt(workOrders.createdAt, new Date(cursor.at)), and(eq(workOrders.createdAt, new Date(cursor.at)), gt(workOrders.id, cursor.id)))!);
  }
  const rows = await db.select().from(workOrders).where(and(...where))
    .orderBy(asc(workOrders.createdAt), asc(workOrders.id)).limit(q.limit + 1);
  const p = page(rows, q.limit, (r) => [r.createdAt, r.id]);
  return { items: await present(db, p.items), nextCursor: p.nextCursor };
}

const siteUnits = alias(orgUnits, 'site_units');

/**
 * Record a step of the field work (accepted → on_site → done, or a note at any time).
 * Technicians of the group and supervisors of the case's site may; others get 404 (or 403 when they can see the case).
 */
export async function addWorkOrderStep(db: Db, actor: Actor, workOrderId: string, input: z.infer<typeof WorkOrderStepInput>): Promise<WorkOrder> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ wo: workOrders, groupPath: orgUnits.path, sitePath: siteUnits.path, siteId: cases.siteId })
      .from(workOrders)
      .innerJoin(orgUnits, eq(orgUnits.id, workOrders.groupId))
      .innerJoin(cases, eq(cases.id, workOrders.caseId))
      .innerJoin(siteUnits, eq(siteUnits.id, cases.siteId))
      .where(eq(workOrders.id, workOrderId))
      .for('update', { of: workOrders });
    if (!found) throw new AppError('not_found', { entity: 'work_order' });
    if (!isSystem(actor)) {
      const scope = scopeFor(actor.grants, 'workorder:update');
      if (!inScope(scope, found.groupPath) && !inScope(scope, found.sitePath)) {
        if (inScope(scopeFor(actor.grants, 'case:read'), found.sitePath)) throw new AppError('forbidden');
        throw new AppError('not_found', { entity: 'work_order' });
      }
    }
    const wo = found.wo;
    if (wo.status === 'cancelled') throw new AppError('conflict', { reason: 'work_order_cancelled' });

    const now = new Date();
    let updated = wo;
    if (input.step !== 'note') {
      if (wo.status !== PREVIOUS[input.step]) throw new AppError('conflict', { reason: 'work_order_step_order' });
      const assigneeId = input.step === 'accepted' && !wo.assigneeId && !isSystem(actor) ? actor.id : wo.assigneeId;
      [updated] = await tx.update(workOrders).set({
        status: input.step, assigneeId, updatedAt: now, version: sql`${workOrders.version} + 1`,
        ...(input.step === 'done' ? { completedAt: now } : {}),
      }).where(eq(workOrders.id, wo.id)).returning();
    } else {
      [updated] = await tx.update(workOrders).set({ updatedAt: now, version: sql`${workOrders.version} + 1` })
        .where(eq(workOrders.id, wo.id)).returning();
    }
    await tx.insert(workOrderSteps).values({ workOrderId: wo.id, step: input.step, note: input.note, actorId: actor.id, at: now });
    await recordEvent(tx, actor, wo.caseId, 'work_order_step', {
      workOrderId: wo.id, number: wo.number, step: input.step, note: input.note, status: updated.status,
    });
    await audit(tx, actor, {
      action: 'work_order.step', entityType: 'work_order', entityId: wo.id, orgUnitId: found.siteId,
      before: { status: wo.status, assigneeId: wo.assigneeId }, after: { status: updated.status, assigneeId: updated.assigneeId, step: input.step, note: input.note },
    });
    return (await present(tx, [updated]))[0];
  });
}
