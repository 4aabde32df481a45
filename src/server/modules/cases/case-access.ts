import { eq, sql, type SQL } from 'drizzle-orm';
import type { Permission } from '../../../shared/roles';
import type { DbOrTx } from '../../db/client';
import { caseEvents, cases, orgUnits, workOrders } from '../../db/schema';
import { type Actor, isSystem, scopeCondition } from '../../platform/actor';
import { AppError } from '../../platform/errors';
import { inScope, scopeFor } from '../../platform/permissions';
import { runCaseEventHandlers } from './case-hooks';

// Shared by every case use case: load a case the actor may see, lock it, and write timeline events.

export type CaseRow = typeof cases.$inferSelect;

/**
 * Who may see a case: people over its site, over the group that holds it or
 * has a work order on it, its owner and its first responder (首问负责: they
 * stay accountable, so they keep seeing it after a transfer).
 */
export function caseVisibleCondition(actor: Actor, permission: Permission = 'case:read'): SQL {
  if (isSystem(actor)) return sql`true`;
  const inSite = scopeCondition(actor, permission, cases.siteId);
  const inGroup = scopeCondition(actor, permission, cases.groupId);
  const woGroup = scopeCondition(actor, permission, workOrders.groupId);
  // Work orders are looked up by their group (indexed), not case by case.
  return sql`(${inSite} OR ${inGroup} OR ${cases.ownerId} = ${actor.id} OR ${cases.firstResponderId} = ${actor.id}
    OR ${cases.id} IN (SELECT ${workOrders.caseId} FROM ${workOrders} WHERE ${woGroup}))`;
}

/**
 * caseVisibleCondition for list queries: the actor's org units are read first (one small query), so the
 * condition names them (`site_id = ANY(…)`) and PostgreSQL plans with real values — it walks the hall's own
 * cases through the (site, created_at) index and looks work orders up by group through theirs, instead of
 * hashing every work order in the province for a subquery whose units it cannot know in advance.
 */
export async function caseVisibleConditionForList(db: DbOrTx, actor: Actor, permission: Permission = 'case:read'): Promise<SQL> {
  return visibleCondition(await caseVisibility(db, actor, permission));
}

/** What an actor may see of the cases, resolved: everything, or the cases of some org units plus their own. */
export type CaseVisibility = { all: true } | { all: false; unitIds: string[]; actorId: string };

/** The actor's visibility, with their org units read (one small query) when their roles are scoped. */
export async function caseVisibility(db: DbOrTx, actor: Actor, permission: Permission = 'case:read'): Promise<CaseVisibility> {
  if (isSystem(actor)) return { all: true };
  const { paths } = scopeFor(actor.grants, permission);
  if (paths.includes('/')) return { all: true };
  if (paths.length === 0) return { all: false, unitIds: [], actorId: actor.id };
  const patterns = paths.map((p) => `${p}%`);
  const { rows } = await db.execute<{ id: string; total: number }>(sql`SELECT id, (SELECT count(*)::int FROM ${orgUnits}) AS total
    FROM ${orgUnits} WHERE path LIKE ANY(${sql.param(patterns)}::text[])`);
  if (rows.length > 0 && rows.length === rows[0].total) return { all: true }; // the whole organisation (a province-wide role)
  return { all: false, unitIds: rows.map((r) => r.id), actorId: actor.id };
}

/** The cases a visibility allows, beyond their sites: held by its units' groups or work orders, owned, first responded. */
export function visibleBeyondSites(v: { unitIds: string[]; actorId: string }): SQL {
  const own = sql`${cases.ownerId} = ${v.actorId} OR ${cases.firstResponderId} = ${v.actorId}`;
  if (v.unitIds.length === 0) return sql`(${own})`;
  const ids = sql`${sql.param(v.unitIds)}::uuid[]`;
  return sql`(${cases.groupId} = ANY(${ids}) OR ${own}
    OR ${cases.id} = ANY(ARRAY(SELECT ${workOrders.caseId} FROM ${workOrders} WHERE ${workOrders.groupId} = ANY(${ids}))))`;
}

/**
 * The condition for a visibility. Every branch can use an index (the work orders' cases as an array
 * against the primary key), so PostgreSQL can OR their bitmaps and AND them with the search index's.
 */
export function visibleCondition(v: CaseVisibility): SQL {
  if (v.all) return sql`true`;
  if (v.unitIds.length === 0) return visibleBeyondSites(v);
  return sql`(${cases.siteId} = ANY(${sql.param(v.unitIds)}::uuid[]) OR ${visibleBeyondSites(v)})`;
}

/**
 * The case with id `id` as the actor may see it (404 otherwise), row-locked
 * FOR UPDATE when `lock` (inside a transaction), and 403 when the actor may
 * see it but lacks `permission` over its site or its holding group (or, for
 * the owner and first responder, lacks it anywhere).
 */
export async function loadCase(db: DbOrTx, actor: Actor, id: string, permission: Permission = 'case:read', opts: { lock?: boolean } = {}): Promise<CaseRow & { sitePath: string }> {
  const query = db
    .select({
      c: cases,
      sitePath: orgUnits.path,
      groupPath: sql<string | null>`(SELECT path FROM org_units g WHERE g.id = ${cases.groupId})`,
      woGroupPaths: sql<string[]>`ARRAY(SELECT g.path FROM work_orders w JOIN org_units g ON g.id = w.group_id WHERE w.case_id = ${cases.id})`,
    })
    .from(cases)
    .innerJoin(orgUnits, eq(orgUnits.id, cases.siteId))
    .where(eq(cases.id, id))
    .$dynamic();
  const rows = await (opts.lock ? query.for('update', { of: cases }) : query);
  const row = rows[0];
  if (!row) throw new AppError('not_found', { entity: 'case' });
  if (!isSystem(actor)) {
    const paths = [row.sitePath, row.groupPath, ...(row.woGroupPaths ?? [])].filter((p): p is string => Boolean(p));
    const personal = row.c.ownerId === actor.id || row.c.firstResponderId === actor.id;
    const allowed = (perm: Permission) => {
      const scope = scopeFor(actor.grants, perm);
      return paths.some((p) => inScope(scope, p)) || (personal && scope.paths.length > 0);
    };
    if (!allowed('case:read')) throw new AppError('not_found', { entity: 'case' });
    if (permission !== 'case:read' && !allowed(permission)) throw new AppError('forbidden');
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
  await runCaseEventHandlers(db, { caseId, kind, data, actor });
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
