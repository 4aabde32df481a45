import crypto from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { OrgUnitInput, OrgUnitOutput, OrgUnitUpdateInput } from '../../../shared/platform';
import type { Permission } from '../../../shared/roles';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnits, users } from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, isSystem, requirePermission, scopeCondition } from '../../platform/actor';
import { audit, diff } from '../../platform/audit';
import { AppError } from '../../platform/errors';

// Org hierarchy: province → city → hall / call centre → team, scoped by materialised path.

export type OrgUnitRow = typeof orgUnits.$inferSelect;
export type OrgUnitDto = z.infer<typeof OrgUnitOutput>;
export type OrgUnitNode = OrgUnitDto & { children: OrgUnitNode[] };

/** Depth in the hierarchy of each kind; a child must sit below its parent (teams may nest). */
const KIND_RANK: Record<OrgUnitDto['kind'], number> = { province: 0, city: 1, hall: 2, call_centre: 2, team: 3 };

export function kindFits(parentKind: string, childKind: string): boolean {
  const p = KIND_RANK[parentKind as OrgUnitDto['kind']] ?? 0;
  const c = KIND_RANK[childKind as OrgUnitDto['kind']] ?? 3;
  return c > p || (c === 3 && p === 3);
}

export function presentOrgUnit(u: OrgUnitRow): OrgUnitDto {
  return {
    id: u.id, parentId: u.parentId, kind: u.kind as OrgUnitDto['kind'], code: u.code, name: u.name,
    isResolverGroup: u.isResolverGroup, rural: u.rural, active: u.active, version: u.version,
  };
}

/** Nest a flat list by parentId; units whose parent is not in the list become roots. Siblings by name. */
export function buildTree(units: readonly OrgUnitDto[]): OrgUnitNode[] {
  const nodes = new Map<string, OrgUnitNode>(units.map((u) => [u.id, { ...u, children: [] }]));
  const roots: OrgUnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const sort = (list: OrgUnitNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.code.localeCompare(b.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

const flatten = (nodes: OrgUnitNode[]): OrgUnitDto[] =>
  nodes.flatMap(({ children, ...u }) => [u, ...flatten(children)]);

/**
 * A unit the actor may see under `permission` (404 otherwise, with no hint
 * of units in other subtrees). Locks the row when `lock`.
 */
export async function loadOrgUnit(db: DbOrTx, actor: Actor, id: string, permission: Permission = 'org:read', opts: { lock?: boolean } = {}): Promise<OrgUnitRow> {
  const q = db.select().from(orgUnits).where(eq(orgUnits.id, id)).$dynamic();
  const [row] = await (opts.lock ? q.for('update') : q);
  if (!row) throw new AppError('not_found', { entity: 'org_unit' });
  if (!isSystem(actor)) assertVisible(actor, permission, row.path, 'org_unit');
  return row;
}

/** The units the actor may read, depth-first with siblings by name; `tree` nests them. */
export async function listOrgUnits(db: Db, actor: Actor, input: { tree?: boolean; resolverGroupsOnly?: boolean; activeOnly?: boolean } = {}) {
  requirePermission(actor, 'org:read');
  const conds = [scopeCondition(actor, 'org:read', orgUnits.id)];
  if (input.resolverGroupsOnly) conds.push(eq(orgUnits.isResolverGroup, true));
  if (input.activeOnly) conds.push(eq(orgUnits.active, true));
  const rows = await db.select().from(orgUnits).where(and(...conds)).orderBy(asc(orgUnits.path));
  const tree = buildTree(rows.map(presentOrgUnit));
  return input.tree ? { tree, items: [] as OrgUnitDto[] } : { tree: [] as OrgUnitNode[], items: flatten(tree) };
}

/**
 * Resolver groups (teams that take transfers and work orders) anyone may hand a
 * case to: every active one in the organisation, not only in the actor's own
 * subtree — a hall clerk transfers to the city's broadband team.
 */
export async function listResolverGroups(db: Db, actor: Actor) {
  requirePermission(actor, 'org:read');
  const rows = await db.select().from(orgUnits)
    .where(and(eq(orgUnits.isResolverGroup, true), eq(orgUnits.active, true)))
    .orderBy(asc(orgUnits.path));
  return flatten(buildTree(rows.map(presentOrgUnit)));
}

export async function getOrgUnit(db: Db, actor: Actor, id: string): Promise<OrgUnitDto> {
  return presentOrgUnit(await loadOrgUnit(db, actor, id));
}

function duplicateCode(): AppError {
  return new AppError('duplicate', { field: 'code' }, [{ path: 'code', code: 'duplicate', message: 'code already exists' }]);
}

const isUniqueViolation = (err: unknown, constraint: string): boolean => {
  const e = err as { code?: string; constraint?: string; cause?: unknown };
  if (e?.code === '23505' && (!e.constraint || e.constraint === constraint)) return true;
  return e?.cause ? isUniqueViolation(e.cause, constraint) : false;
};

/** Add a unit under a parent the actor manages; its path extends the parent's. */
export async function createOrgUnit(db: Db, actor: Actor, input: z.infer<typeof OrgUnitInput>): Promise<OrgUnitDto> {
  requirePermission(actor, 'org:manage');
  try {
    return await db.transaction(async (tx) => {
      const parent = await loadOrgUnit(tx, actor, input.parentId, 'org:read', { lock: true });
      if (!isSystem(actor)) assertAllowed(actor, 'org:manage', parent.path);
      if (!parent.active) throw new AppError('conflict', { reason: 'parent_inactive' });
      if (!kindFits(parent.kind, input.kind)) {
        throw new AppError('validation_failed', {}, [{ path: 'kind', code: 'kind_not_allowed', message: `a ${input.kind} cannot sit under a ${parent.kind}` }]);
      }
      const [clash] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(sql`lower(${orgUnits.code}) = lower(${input.code})`);
      if (clash) throw duplicateCode();
      const id = crypto.randomUUID();
      const [row] = await tx.insert(orgUnits).values({
        id, parentId: parent.id, kind: input.kind, code: input.code, name: input.name, path: `${parent.path}${id}/`,
        isResolverGroup: input.isResolverGroup, rural: input.rural,
      }).returning();
      const out = presentOrgUnit(row);
      await audit(tx, actor, { action: 'org_unit.create', entityType: 'org_unit', entityId: id, orgUnitId: id, after: out });
      return out;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'org_units_code_uq')) throw duplicateCode();
    throw err;
  }
}

/** Rename, re-kind, flag as resolver group or rural, (de)activate — with optimistic concurrency. */
export async function updateOrgUnit(db: Db, actor: Actor, id: string, input: z.infer<typeof OrgUnitUpdateInput>): Promise<OrgUnitDto> {
  requirePermission(actor, 'org:manage');
  return db.transaction(async (tx) => {
    const row = await loadOrgUnit(tx, actor, id, 'org:read', { lock: true });
    if (!isSystem(actor)) assertAllowed(actor, 'org:manage', row.path);
    if (row.version !== input.version) throw new AppError('stale_write');
    const { version: _v, ...changes } = input;
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<OrgUnitDto>;

    if (set.kind !== undefined && set.kind !== row.kind) {
      const [parent] = row.parentId ? await tx.select().from(orgUnits).where(eq(orgUnits.id, row.parentId)) : [];
      const children = await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.parentId, row.id));
      if ((parent && !kindFits(parent.kind, set.kind)) || children.some((c) => !kindFits(set.kind!, c.kind))) {
        throw new AppError('validation_failed', {}, [{ path: 'kind', code: 'kind_not_allowed', message: `kind ${set.kind} does not fit its parent or children` }]);
      }
    }
    if (set.active === false && row.active) {
      if (!row.parentId) throw new AppError('conflict', { reason: 'root_org_unit' });
      const [busy] = await tx.select({ n: sql<number>`count(*)::int` }).from(orgUnits)
        .where(and(eq(orgUnits.parentId, row.id), eq(orgUnits.active, true)));
      const [staff] = await tx.select({ n: sql<number>`count(*)::int` }).from(users)
        .where(and(eq(users.orgUnitId, row.id), eq(users.active, true)));
      if (busy.n > 0 || staff.n > 0) throw new AppError('conflict', { reason: 'org_unit_not_empty' });
    }
    if (set.active === true && !row.active && row.parentId) {
      const [parent] = await tx.select({ active: orgUnits.active }).from(orgUnits).where(eq(orgUnits.id, row.parentId));
      if (parent && !parent.active) throw new AppError('conflict', { reason: 'parent_inactive' });
    }

    const before = presentOrgUnit(row);
    const d = diff(before, set);
    if (Object.keys(d.after).length === 0) return before;
    const [updated] = await tx.update(orgUnits)
      .set({ ...set, updatedAt: new Date(), version: sql`${orgUnits.version} + 1` })
      .where(eq(orgUnits.id, id)).returning();
    await audit(tx, actor, { action: 'org_unit.update', entityType: 'org_unit', entityId: id, orgUnitId: id, before: d.before, after: d.after });
    return presentOrgUnit(updated);
  });
}
