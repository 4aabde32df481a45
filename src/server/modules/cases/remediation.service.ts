import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { RemediationDecisionInput, RemediationInput, RemediationOutput } from '../../../shared/cases';
import type { Db, DbOrTx } from '../../db/client';
import { caseRemediations, cases, orgUnits, settings } from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, isSystem, requirePermission, scopeCondition } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { decodeCursor, page } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import { loadCase, recordEvent } from './case-access';

// 补救: apologies, bill credits, gifts and goodwill for a case. Small amounts are granted on the
// spot; above the configured limit a supervisor (not the requester) must approve.

export type Remediation = z.infer<typeof RemediationOutput> & { caseNumber?: string };
type RemediationRow = typeof caseRemediations.$inferSelect;
type RemediationStatus = Remediation['status'];

export const APPROVAL_LIMIT_KEY = 'remediation.approvalLimitCents';
/** ¥50.00 in fen when nobody has configured a limit. */
export const DEFAULT_APPROVAL_LIMIT_CENTS = 5000;

/** Whether a remediation of this amount needs a second pair of eyes. Pure. */
export function needsApproval(amountCents: number, limitCents: number): boolean {
  return amountCents > limitCents;
}

function present(r: RemediationRow, caseNumber?: string): Remediation {
  return {
    id: r.id, caseId: r.caseId, kind: r.kind as Remediation['kind'], amountCents: r.amountCents, note: r.note,
    status: r.status as RemediationStatus, requestedBy: r.requestedBy, decidedBy: r.decidedBy,
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null, createdAt: r.createdAt.toISOString(),
    ...(caseNumber !== undefined ? { caseNumber } : {}),
  };
}

// ---------------------------------------------------------------- settings

/** The approval limit in fen from settings (the default when unset or unreadable). */
export async function approvalLimitCents(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, APPROVAL_LIMIT_KEY));
  const v = row?.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : DEFAULT_APPROVAL_LIMIT_CENTS;
}

export async function getRemediationSettings(db: Db, actor: Actor): Promise<{ approvalLimitCents: number }> {
  requirePermission(actor, 'settings:manage');
  return { approvalLimitCents: await approvalLimitCents(db) };
}

/** Change the amount above which remediation waits for a supervisor. */
export async function setRemediationSettings(db: Db, actor: Actor, input: { approvalLimitCents: number }): Promise<{ approvalLimitCents: number }> {
  requirePermission(actor, 'settings:manage');
  return db.transaction(async (tx) => {
    const before = await approvalLimitCents(tx);
    await tx.insert(settings).values({ key: APPROVAL_LIMIT_KEY, value: input.approvalLimitCents, updatedAt: new Date() })
      .onConflictDoUpdate({ target: settings.key, set: { value: input.approvalLimitCents, updatedAt: new Date() } });
    await audit(tx, actor, {
      action: 'settings.update', entityType: 'settings', entityId: APPROVAL_LIMIT_KEY,
      before: { approvalLimitCents: before }, after: { approvalLimitCents: input.approvalLimitCents },
    });
    return { approvalLimitCents: input.approvalLimitCents };
  });
}

// ---------------------------------------------------------------- use cases

/** Offer the customer a remediation; granted at once up to the limit, otherwise pending approval. */
export async function requestRemediation(db: Db, actor: Actor, caseId: string, input: z.infer<typeof RemediationInput>): Promise<Remediation> {
  return db.transaction(async (tx) => {
    const kase = await loadCase(tx, actor, caseId, 'remediation:request', { lock: true });
    if (kase.status === 'cancelled' || kase.mergedIntoId) throw new AppError('conflict', { reason: 'case_not_open' });
    const limit = await approvalLimitCents(tx);
    const status: RemediationStatus = needsApproval(input.amountCents, limit) ? 'pending' : 'approved';
    const [row] = await tx.insert(caseRemediations).values({
      caseId, kind: input.kind, amountCents: input.amountCents, note: input.note, status, requestedBy: actor.id,
    }).returning();
    await recordEvent(tx, actor, caseId, 'remediation_requested', {
      remediationId: row.id, kind: row.kind, amountCents: row.amountCents, note: row.note, status, approvalLimitCents: limit,
    });
    await audit(tx, actor, {
      action: 'remediation.request', entityType: 'remediation', entityId: row.id, orgUnitId: kase.siteId,
      after: { caseId, kind: row.kind, amountCents: row.amountCents, note: row.note, status },
    });
    return present(row, kase.number);
  });
}

/** A supervisor approves or rejects a pending remediation; nobody decides their own request. */
export async function decideRemediation(db: Db, actor: Actor, id: string, input: z.infer<typeof RemediationDecisionInput>): Promise<Remediation> {
  requirePermission(actor, 'remediation:approve');
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ r: caseRemediations, sitePath: orgUnits.path, siteId: cases.siteId, caseNumber: cases.number })
      .from(caseRemediations)
      .innerJoin(cases, eq(cases.id, caseRemediations.caseId))
      .innerJoin(orgUnits, eq(orgUnits.id, cases.siteId))
      .where(eq(caseRemediations.id, id))
      .for('update', { of: caseRemediations });
    if (!found) throw new AppError('not_found', { entity: 'remediation' });
    if (!isSystem(actor)) {
      assertVisible(actor, 'case:read', found.sitePath, 'remediation');
      assertAllowed(actor, 'remediation:approve', found.sitePath);
    }
    const r = found.r;
    if (r.status !== 'pending') throw new AppError('conflict', { reason: 'remediation_decided' });
    if (r.requestedBy === actor.id) throw new AppError('conflict', { reason: 'remediation_self_approval' });
    const status: RemediationStatus = input.approve ? 'approved' : 'rejected';
    const [row] = await tx.update(caseRemediations).set({
      status, decidedBy: actor.id, decidedAt: new Date(), decisionNote: input.note ?? null,
    }).where(eq(caseRemediations.id, id)).returning();
    await recordEvent(tx, actor, r.caseId, 'remediation_decided', {
      remediationId: r.id, kind: r.kind, amountCents: r.amountCents, status, note: input.note ?? '',
    });
    await audit(tx, actor, {
      action: 'remediation.decide', entityType: 'remediation', entityId: r.id, orgUnitId: found.siteId,
      before: { status: r.status }, after: { status, note: input.note ?? null },
    });
    return present(row, found.caseNumber);
  });
}

/** A case's remediations, oldest first. */
export async function listCaseRemediations(db: Db, actor: Actor, caseId: string): Promise<Remediation[]> {
  const kase = await loadCase(db, actor, caseId, 'case:read');
  const rows = await db.select().from(caseRemediations).where(eq(caseRemediations.caseId, caseId))
    .orderBy(caseRemediations.createdAt, caseRemediations.id);
  return rows.map((r) => present(r, kase.number));
}

/** The approver's list: remediations of cases at sites the actor may approve for, newest first. */
export async function listRemediations(
  db: Db, actor: Actor, q: { status?: RemediationStatus; cursor?: string; limit: number },
): Promise<{ items: Remediation[]; nextCursor: string | null }> {
  requirePermission(actor, 'remediation:approve');
  const where: SQL[] = [scopeCondition(actor, 'remediation:approve', cases.siteId)];
  if (q.status) where.push(eq(caseRemediations.status, q.status));
  const cursor = decodeCursor(q.cursor);
  if (cursor) {
    const at = new Date(cursor.at);
    where.push(or(lt(caseRemediations.createdAt, at), and(eq(caseRemediations.createdAt, at), lt(caseRemediations.id, cursor.id)))!);
  }
  const rows = await db.select({ r: caseRemediations, caseNumber: cases.number }).from(caseRemediations)
    .innerJoin(cases, eq(cases.id, caseRemediations.caseId))
    .where(and(...where))
    .orderBy(desc(caseRemediations.createdAt), desc(caseRemediations.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (x) => [x.r.createdAt, x.r.id]);
  return { items: p.items.map((x) => present(x.r, x.caseNumber)), nextCursor: p.nextCursor };
}
