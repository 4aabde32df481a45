import crypto from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { CategoryInput, type CategoryOutput } from '../../../shared/cases';
import type { Db, DbOrTx } from '../../db/client';
import { caseCategories } from '../../db/schema';
import { type Actor, requirePermission } from '../../platform/actor';
import { audit, diff } from '../../platform/audit';
import { AppError } from '../../platform/errors';

// The case category tree (网络质量 → 宽带 → 无法上网), edited by administrators. Categories are
// never deleted (cases point at them): they are deactivated, with their whole subtree.

export type Category = z.infer<typeof CategoryOutput>;
export type CategoryNode = Category & { children: CategoryNode[] };
type CategoryRow = typeof caseCategories.$inferSelect;

/** PATCH body: any field of a category, plus the version last read. No defaults, unlike CategoryInput. */
export const CategoryUpdateInput = CategoryInput.omit({ sort: true, active: true }).partial().extend({
  sort: z.number().int().optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
});

/** Deeper trees stop being usable in a cascader at the counter. */
export const MAX_CATEGORY_DEPTH = 5;

/** Serialises changes to the tree's shape, so two concurrent moves cannot make a cycle. */
const TREE_LOCK = 727_101;

const present = (r: CategoryRow): Category => ({
  id: r.id, parentId: r.parentId, code: r.code, nameZhCn: r.nameZhCn, nameZhTw: r.nameZhTw, nameEn: r.nameEn,
  sort: r.sort, active: r.active, version: r.version,
});

const depthOf = (path: string) => path.split('/').filter(Boolean).length;
const invalid = (p: string, code: string, message: string) => new AppError('validation_failed', {}, [{ path: p, code, message }]);
const duplicateCode = () => new AppError('duplicate', { field: 'category_code' }, [{ path: 'code', code: 'duplicate', message: 'code already exists' }]);

/** Rows as a forest, siblings by `sort` then code. Pure. */
export function buildCategoryTree(rows: readonly Category[]): CategoryNode[] {
  const nodes = new Map(rows.map((r) => [r.id, { ...r, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  const order = (list: CategoryNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
    for (const n of list) order(n.children);
  };
  order(roots);
  return roots;
}

/** Depth-first, parents before their children. Pure. */
export function flattenCategoryTree(roots: readonly CategoryNode[]): Category[] {
  const out: Category[] = [];
  const walk = (list: readonly CategoryNode[]) => {
    for (const { children, ...c } of list) {
      out.push(c);
      walk(children);
    }
  };
  walk(roots);
  return out;
}

/** The tree for the intake form (active only) or for administration (everything). */
export async function listCategories(db: Db, opts: { tree: boolean; includeInactive: boolean }): Promise<Category[] | CategoryNode[]> {
  const rows = await db.select().from(caseCategories)
    .where(opts.includeInactive ? undefined : eq(caseCategories.active, true));
  const roots = buildCategoryTree(rows.map(present));
  return opts.tree ? roots : flattenCategoryTree(roots);
}

async function lockRow(tx: DbOrTx, id: string): Promise<CategoryRow> {
  const [row] = await tx.select().from(caseCategories).where(eq(caseCategories.id, id)).for('update');
  if (!row) throw new AppError('not_found', { entity: 'category' });
  return row;
}

async function assertCodeFree(tx: DbOrTx, code: string, exceptId?: string): Promise<void> {
  const [clash] = await tx.select({ id: caseCategories.id }).from(caseCategories)
    .where(and(sql`lower(${caseCategories.code}) = lower(${code})`, exceptId ? ne(caseCategories.id, exceptId) : undefined));
  if (clash) throw duplicateCode();
}

/** The parent a category may hang under: existing, active, not too deep. */
async function loadParent(tx: DbOrTx, parentId: string): Promise<CategoryRow> {
  const [parent] = await tx.select().from(caseCategories).where(eq(caseCategories.id, parentId)).for('update');
  if (!parent) throw invalid('parentId', 'not_found', 'parent category not found');
  if (!parent.active) throw new AppError('conflict', { reason: 'category_parent_inactive' });
  return parent;
}

/** Add a category (at the top, or under an active parent). */
export async function createCategory(db: Db, actor: Actor, input: z.infer<typeof CategoryInput>): Promise<Category> {
  requirePermission(actor, 'category:manage');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
    const parent = input.parentId ? await loadParent(tx, input.parentId) : undefined;
    if (parent && depthOf(parent.path) >= MAX_CATEGORY_DEPTH) throw invalid('parentId', 'too_deep', `at most ${MAX_CATEGORY_DEPTH} levels`);
    await assertCodeFree(tx, input.code);
    const id = crypto.randomUUID();
    const [row] = await tx.insert(caseCategories).values({
      id, parentId: parent?.id ?? null, code: input.code, nameZhCn: input.nameZhCn, nameZhTw: input.nameZhTw, nameEn: input.nameEn,
      path: `${parent?.path ?? '/'}${id}/`, sort: input.sort, active: input.active,
    }).returning();
    const out = present(row);
    await audit(tx, actor, { action: 'category.create', entityType: 'category', entityId: id, after: out });
    return out;
  });
}

/**
 * Rename, re-code, re-sort, move under another parent (never under itself or its own
 * descendants: 409), deactivate (with its subtree) or reactivate (under an active parent).
 */
export async function updateCategory(db: Db, actor: Actor, id: string, input: z.infer<typeof CategoryUpdateInput>): Promise<Category> {
  requirePermission(actor, 'category:manage');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
    const row = await lockRow(tx, id);
    if (row.version !== input.version) throw new AppError('stale_write');
    const { version: _v, ...changes } = input;
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Category>;
    const before = present(row);
    const d = diff(before, set);
    if (Object.keys(d.after).length === 0) return before;

    if (set.code !== undefined && set.code !== row.code) await assertCodeFree(tx, set.code, id);

    let path = row.path;
    const moving = set.parentId !== undefined && set.parentId !== row.parentId;
    const active = set.active ?? row.active;
    if (moving) {
      let parentPath = '/';
      if (set.parentId) {
        const [target] = await tx.select().from(caseCategories).where(eq(caseCategories.id, set.parentId));
        if (!target) throw invalid('parentId', 'not_found', 'parent category not found');
        if (target.path.startsWith(row.path)) throw new AppError('conflict', { reason: 'category_cycle' });
        if (active && !target.active) throw new AppError('conflict', { reason: 'category_parent_inactive' });
        parentPath = target.path;
      }
      path = `${parentPath}${id}/`;
      const [deepest] = await tx.select({ depth: sql<number>`max(array_length(string_to_array(trim(both '/' from ${caseCategories.path}), '/'), 1))::int` })
        .from(caseCategories).where(sql`${caseCategories.path} LIKE ${`${row.path}%`}`);
      if (depthOf(parentPath) + (deepest.depth - depthOf(row.path) + 1) > MAX_CATEGORY_DEPTH) {
        throw invalid('parentId', 'too_deep', `at most ${MAX_CATEGORY_DEPTH} levels`);
      }
    } else if (set.active === true && !row.active && row.parentId) {
      const [parent] = await tx.select({ active: caseCategories.active }).from(caseCategories).where(eq(caseCategories.id, row.parentId));
      if (parent && !parent.active) throw new AppError('conflict', { reason: 'category_parent_inactive' });
    }

    const [updated] = await tx.update(caseCategories)
      .set({ ...set, parentId: moving ? (set.parentId ?? null) : row.parentId, path, updatedAt: new Date(), version: sql`${caseCategories.version} + 1` })
      .where(eq(caseCategories.id, id)).returning();
    if (moving) {
      await tx.execute(sql`update case_categories set path = ${path} || substr(path, ${row.path.length + 1}), updated_at = now()
        where path like ${`${row.path}%`} and id <> ${id}`);
    }
    if (set.active === false && row.active) {
      await tx.update(caseCategories).set({ active: false, updatedAt: new Date(), version: sql`${caseCategories.version} + 1` })
        .where(and(sql`${caseCategories.path} LIKE ${`${path}%`}`, ne(caseCategories.id, id), eq(caseCategories.active, true)));
    }
    await audit(tx, actor, { action: 'category.update', entityType: 'category', entityId: id, before: d.before, after: d.after });
    return present(updated);
  });
}
