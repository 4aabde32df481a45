import { eq, sql } from 'drizzle-orm';
import type { Permission } from '../../../shared/roles';
import type { DbOrTx } from '../../db/client';
import { caseEvents, cases, orgUnits } from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, isSystem } from '../../platform/actor';
import { AppError } from '../../platform/errors';

// Shared by every case use case: load a case the actor may see, lock it, and write timeline events.

export type CaseRow = typeof cases.$inferSelect;

/**
 * The case with id `id` as the actor may see it (404 otherwise), row-locked
 * FOR UPDATE when `lock` (inside a transaction), and 403 when the actor may
 * see it but lacks `permission` over its site.
 */
export async function loadCase(db: DbOrTx, actor: Actor, id: string, permission: Permission = 'case:read', opts: { lock?: boolean } = {}): Promise<CaseRow & { sitePath: string }> {
  const query = db
    .select({ c: cases, sitePath: orgUnits.path })
    .from(cases)
    .innerJoin(orgUnits, eq(orgUnits.id, cases.siteId))
    .where(eq(cases.id, id))
    .$dynamic();
  const rows = await (opts.lock ? query.for('update', { of: cases }) : query);
  const row = rows[0];
  if (!row) throw new AppError('not_found', { entity: 'case' });
  if (!isSystem(actor)) {
    assertVisible(actor, 'case:read', row.sitePath, 'case');
    if (permission !== 'case:read') assertAllowed(actor, permission, row.sitePath);
  }
  return { ...row.c, sitePath: row.sitePath };
}

/** Optimistic concurrency: refuse a write based on an outdated read. */
export function assertVersion(row: { version: number }, version: number | undefined): void {
  if (version !== undefined && row.version !== version) throw new AppError('stale_write');
}

/** Append one event to the case's timeline (in the caller's transaction). */
export async function recordEvent(db: DbOrTx, actor: Actor, caseId: string, kind: string, data: Record<string, unknown> = {}): Promise<void> {
  await db.insert(caseEvents).values({ caseId, actorId: isSystem(actor) ? null : actor.id, kind, data });
}

/** Bump version and updatedAt with whatever else changes. */
export async function touchCase(db: DbOrTx, id: string, set: Partial<typeof cases.$inferInsert>): Promise<CaseRow> {
  const [row] = await db
    .update(cases)
    .set({ ...set, updatedAt: new Date(), version: sql`${cases.version} + 1` })
    .where(eq(cases.id, id))
    .returning();
  return row;
}
