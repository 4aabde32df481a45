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

/**
 * What an actor may see of the cases, resolved: everything, or the cases of some org units plus their own.
 * `workOrderCases`: the cases their units' work orders are on, when there are at most WORK_ORDER_CASES_LISTED
 * (absent: more, as for a field team over a year).
 */
export type ScopedVisibility = { all: false; unitIds: string[]; actorId: string; workOrderCases?: string[] };
export type CaseVisibility = { all: true } | ScopedVisibility;

/** Up to this many, the cases of a scope's work orders are listed in its visibility (an index can serve them as a list). */
export const WORK_ORDER_CASES_LISTED = 1_000;

/** The actor's visibility, with their org units and their work orders' cases read (one small query) when their roles are scoped. */
export async function caseVisibility(db: DbOrTx, actor: Actor, permission: Permission = 'case:read'): Promise<CaseVisibility> {
  if (isSystem(actor)) return { all: true };
  const { paths } = scopeFor(actor.grants, permission);
  if (paths.includes('/')) return { all: true };
  if (paths.length === 0) return { all: false, unitIds: [], actorId: actor.id, workOrderCases: [] };
  const patterns = paths.map((p) => `${p}%`);
  // The work orders (none read for a province-wide role) unit by unit, in the order of their (group, status)
  // index: with a bare LIMIT, PostgreSQL would rather read the table until it has enough, i.e. all of it for
  // a unit that has none.
  const { rows: [r] } = await db.execute<{ ids: string[]; total: number; wo: string[] }>(sql`WITH "units" AS (
      SELECT id FROM ${orgUnits} WHERE path LIKE ANY(${sql.param(patterns)}::text[]))
    SELECT "n".ids, "n".total, CASE WHEN cardinality("n".ids) = "n".total THEN '{}' ELSE
      (SELECT coalesce(array_agg(case_id), '{}') FROM (SELECT "w".case_id FROM "units",
        LATERAL (SELECT ${workOrders.caseId} FROM ${workOrders} WHERE ${workOrders.groupId} = "units".id
          ORDER BY ${workOrders.status} LIMIT ${WORK_ORDER_CASES_LISTED + 1}) AS "w"
        LIMIT ${WORK_ORDER_CASES_LISTED + 1}) AS "listed") END AS wo
    FROM (SELECT (SELECT coalesce(array_agg(id), '{}') FROM "units") AS ids, (SELECT count(*)::int FROM ${orgUnits}) AS total) AS "n"`);
  if (r.ids.length > 0 && r.ids.length === r.total) return { all: true }; // the whole organisation (a province-wide role)
  // One entry per work order (a case with two has two): more than listed means the list was cut short.
  return { all: false, unitIds: r.ids, actorId: actor.id, ...(r.wo.length <= WORK_ORDER_CASES_LISTED ? { workOrderCases: r.wo } : {}) };
}

/**
 * The cases a visibility allows, beyond their sites: held by its units' groups or work orders, owned, first
 * responded. Work orders' cases listed in the visibility are matched as a list (an index arm of a bitmap OR, or a
 * hashed test on a row); too many to list, they are looked up case by case (EXISTS on work_orders' case index) —
 * never an array built in the query, which PostgreSQL scans element by element on every row it checks.
 */
export function visibleBeyondSites(v: ScopedVisibility): SQL {
  const own = sql`${cases.ownerId} = ${v.actorId} OR ${cases.firstResponderId} = ${v.actorId}`;
  if (v.unitIds.length === 0) return sql`(${own})`;
  const ids = sql`${sql.param(v.unitIds)}::uuid[]`;
  const byWorkOrder = v.workOrderCases
    ? (v.workOrderCases.length ? sql` OR ${cases.id} = ANY(${sql.param(v.workOrderCases)}::uuid[])` : sql``)
    // OFFSET 0 keeps PostgreSQL from hashing every one of the scope's work orders first (it would, expecting many
    // rows to check, where a page usually needs a few probes of the work orders' case index).
    : sql` OR EXISTS (SELECT 1 FROM ${workOrders} WHERE ${workOrders.caseId} = ${cases.id} AND ${workOrders.groupId} = ANY(${ids}) OFFSET 0)`;
  return sql`(${cases.groupId} = ANY(${ids}) OR ${own}${byWorkOrder})`;
}

/**
 * The condition for a visibility. Every branch can use an index (the work orders' cases, when listed, as an
 * array against the primary key), so PostgreSQL can OR their bitmaps and AND them with the search index's.
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
