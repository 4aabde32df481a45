import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { UserCreateInput, UserListQuery, UserOutput, UserUpdateInput } from '../../../shared/platform';
import { ROLES, permissionsOf, type Role } from '../../../shared/roles';
import type { Db, DbOrTx } from '../../db/client';
import { apiTokens, orgUnits, sessions, userRoles, users } from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, isSystem, requirePermission, scopeCondition } from '../../platform/actor';
import { audit, diff } from '../../platform/audit';
import { decodeCursor } from '../../platform/cursor';
import { assertPasswordPolicy } from '../../platform/password';
import { AppError } from '../../platform/errors';
import { inScope } from '../../platform/permissions';
import { hashPassword } from './auth.service';
import { loadOrgUnit } from './org-units.service';

// Users and the roles they hold. Roles are granted over the user's own unit; reads and writes are
// scoped by the unit the user belongs to. Password hashes never leave this file.

export type UserDto = z.infer<typeof UserOutput>;
type UserRow = typeof users.$inferSelect;

/** The fields an administrator sees and the audit log records: never the password hash. */
function snapshot(u: UserRow, roles: Role[]) {
  return {
    username: u.username, name: u.name, orgUnitId: u.orgUnitId, roles: [...roles].sort(), locale: u.locale,
    phone: u.phone, email: u.email, active: u.active, mustChangePassword: u.mustChangePassword,
  };
}

export function presentUser(u: UserRow, roles: Role[], orgUnitName?: string): UserDto {
  return {
    id: u.id, username: u.username, name: u.name, orgUnitId: u.orgUnitId, ...(orgUnitName !== undefined ? { orgUnitName } : {}),
    roles: [...new Set(roles)].sort(), locale: u.locale as UserDto['locale'], active: u.active, version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}

async function rolesOf(db: DbOrTx, userIds: string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db.selectDistinct({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, userIds));
  for (const r of rows) map.get(r.userId)?.push(r.role as Role);
  return map;
}

/** Only an administrator over the unit may hand out (or take away) the administrator role. */
function assertMayGrant(actor: Actor, roles: readonly Role[], unitPath: string): void {
  if (isSystem(actor) || !roles.includes('admin')) return;
  const adminPaths = actor.grants.filter((g) => g.role === 'admin').map((g) => g.scopePath);
  if (!inScope({ paths: adminPaths }, unitPath)) throw new AppError('forbidden');
}

const duplicateUsername = () =>
  new AppError('duplicate', { field: 'username' }, [{ path: 'username', code: 'duplicate', message: 'username already exists' }]);

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: unknown };
  return e?.code === '23505' || (e?.cause ? isUniqueViolation(e.cause) : false);
};

/** A user the actor may see (404 otherwise), with their unit's path; locked when `lock`. */
async function loadUser(db: DbOrTx, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  const q = db.select({ u: users, path: orgUnits.path, orgUnitName: orgUnits.name }).from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(eq(users.id, id)).$dynamic();
  const [row] = await (opts.lock ? q.for('update', { of: users }) : q);
  if (!row) throw new AppError('not_found', { entity: 'user' });
  if (!isSystem(actor)) assertVisible(actor, 'user:read', row.path, 'user');
  return row;
}

/** One user as an administrator sees them. */
export async function getUser(db: Db, actor: Actor, id: string): Promise<UserDto> {
  requirePermission(actor, 'user:read');
  const row = await loadUser(db, actor, id);
  return presentUser(row.u, (await rolesOf(db, [id])).get(id) ?? [], row.orgUnitName);
}

// Keyset on (created_at desc, id desc). The cursor carries the timestamp to the microsecond, as
// PostgreSQL stores it, so rows created within the same millisecond are neither skipped nor repeated.
const microsUtc = (col: SQL | typeof users.createdAt) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
export const encodeKeyset = (at: string, id: string | number) => Buffer.from(JSON.stringify([at, String(id)])).toString('base64url');

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** Users in the actor's user:read scope: search by username or name, filter by unit subtree, role, activity. */
export async function listUsers(db: Db, actor: Actor, query: z.infer<typeof UserListQuery> & { active?: boolean; directOnly?: boolean }) {
  requirePermission(actor, 'user:read');
  const conds: SQL[] = [isSystem(actor) ? sql`true` : scopeCondition(actor, 'user:read', users.orgUnitId)];
  if (query.q) {
    const p = likePattern(query.q);
    conds.push(sql`(${users.username} ilike ${p} or ${users.name} ilike ${p})`);
  }
  if (query.orgUnitId) {
    const unit = await loadOrgUnit(db, actor, query.orgUnitId, 'user:read');
    conds.push(query.directOnly
      ? eq(users.orgUnitId, unit.id)
      : sql`${users.orgUnitId} in (select id from org_units where path like ${`${unit.path}%`})`);
  }
  if (query.role) conds.push(sql`exists (select 1 from user_roles r where r.user_id = ${users.id} and r.role = ${query.role})`);
  if (query.active !== undefined) conds.push(eq(users.active, query.active));
  const cursor = decodeCursor(query.cursor);
  if (cursor) conds.push(sql`(${users.createdAt}, ${users.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db.select({ u: users, orgUnitName: orgUnits.name, at: microsUtc(users.createdAt) }).from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(...conds)).orderBy(desc(users.createdAt), desc(users.id)).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const roles = await rolesOf(db, page.map((r) => r.u.id));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentUser(r.u, roles.get(r.u.id) ?? [], r.orgUnitName)),
    nextCursor: rows.length > query.limit && last ? encodeKeyset(last.at, last.u.id) : null,
  };
}

/** The people who belong to one unit (the unit page of the admin UI). */
export async function listMembers(db: Db, actor: Actor, orgUnitId: string, query: { cursor?: string; limit: number; subtree?: boolean }) {
  return listUsers(db, actor, { orgUnitId, cursor: query.cursor, limit: query.limit, directOnly: !query.subtree });
}

/** Create a login for a member of staff, with roles over their unit. */
export async function createUser(db: Db, actor: Actor, input: z.infer<typeof UserCreateInput>): Promise<UserDto> {
  requirePermission(actor, 'user:manage');
  assertPasswordPolicy(input.password, input.username);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const unit = await loadOrgUnit(tx, actor, input.orgUnitId, 'user:read');
      if (!isSystem(actor)) assertAllowed(actor, 'user:manage', unit.path);
      assertMayGrant(actor, input.roles, unit.path);
      if (!unit.active) throw new AppError('conflict', { reason: 'org_unit_inactive' });
      const [clash] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${input.username})`);
      if (clash) throw duplicateUsername();
      const [u] = await tx.insert(users).values({
        username: input.username, name: input.name, passwordHash, orgUnitId: unit.id, locale: input.locale,
        phone: input.phone ?? null, email: input.email ?? null,
      }).returning();
      const roles = [...new Set(input.roles)];
      await tx.insert(userRoles).values(roles.map((role) => ({ userId: u.id, role, scopeOrgUnitId: unit.id })));
      await audit(tx, actor, { action: 'user.create', entityType: 'user', entityId: u.id, orgUnitId: unit.id, after: snapshot(u, roles) });
      return presentUser(u, roles, unit.name);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateUsername();
    throw err;
  }
}

/**
 * Edit a user: name, language, unit, roles (replacing all, over the user's unit), activity, or a
 * password reset (they must change it at next login). Deactivating or resetting ends their sessions.
 */
export async function updateUser(db: Db, actor: Actor, id: string, input: z.infer<typeof UserUpdateInput>): Promise<UserDto> {
  requirePermission(actor, 'user:manage');
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.transaction(async (tx) => {
    const row = await loadUser(tx, actor, id, { lock: true });
    if (!isSystem(actor)) assertAllowed(actor, 'user:manage', row.path);
    if (input.password) assertPasswordPolicy(input.password, row.u.username);
    if (row.u.version !== input.version) throw new AppError('stale_write');
    const currentRoles = (await rolesOf(tx, [id])).get(id) ?? [];

    let unit = { id: row.u.orgUnitId, path: row.path, name: row.orgUnitName, active: true };
    const moving = input.orgUnitId !== undefined && input.orgUnitId !== row.u.orgUnitId;
    if (moving) {
      const target = await loadOrgUnit(tx, actor, input.orgUnitId!, 'user:read');
      if (!isSystem(actor)) assertAllowed(actor, 'user:manage', target.path);
      if (!target.active) throw new AppError('conflict', { reason: 'org_unit_inactive' });
      unit = target;
    }
    const nextRoles = input.roles ? [...new Set(input.roles)] : currentRoles;
    const rolesChanged = JSON.stringify([...nextRoles].sort()) !== JSON.stringify([...currentRoles].sort());
    // Handing out, keeping across a move, or taking away `admin` needs admin over both units.
    if ((rolesChanged || moving) && (nextRoles.includes('admin') || currentRoles.includes('admin'))) {
      assertMayGrant(actor, ['admin'], row.path);
      assertMayGrant(actor, ['admin'], unit.path);
    }
    if (id === actor.id && (input.active === false || (currentRoles.includes('admin') && !nextRoles.includes('admin')))) {
      throw new AppError('conflict', { reason: 'own_account_lockout' });
    }

    const set: Partial<typeof users.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.locale !== undefined) set.locale = input.locale;
    if (input.active !== undefined) set.active = input.active;
    if (moving) set.orgUnitId = unit.id;
    if (passwordHash) { set.passwordHash = passwordHash; set.mustChangePassword = true; }

    const before = snapshot(row.u, currentRoles);
    const afterUser = { ...row.u, ...set } as UserRow;
    const d = diff(before, snapshot(afterUser, nextRoles));
    if (Object.keys(d.after).length === 0 && !passwordHash) return presentUser(row.u, currentRoles, row.orgUnitName);

    const [updated] = await tx.update(users).set({ ...set, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, id)).returning();
    if (rolesChanged || moving) {
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      await tx.insert(userRoles).values(nextRoles.map((role) => ({ userId: id, role, scopeOrgUnitId: unit.id })));
    }
    const endAccess = input.active === false || passwordHash !== undefined;
    if (endAccess) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
      if (input.active === false) {
        await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)));
      }
    }
    const action = input.active === false && row.u.active ? 'user.deactivate' : input.active === true && !row.u.active ? 'user.activate' : 'user.update';
    await audit(tx, actor, {
      action, entityType: 'user', entityId: id, orgUnitId: unit.id,
      before: d.before, after: passwordHash ? { ...d.after, passwordReset: true } : d.after,
    });
    return presentUser(updated, nextRoles, unit.name);
  });
}

/** Every role with the permissions it grants, for the admin UI's role picker. */
export function listRoles() {
  return ROLES.map((role) => ({ role, permissions: [...permissionsOf(role)] }));
}
