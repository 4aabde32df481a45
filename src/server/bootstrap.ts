import crypto from 'node:crypto';
import { isNull, sql } from 'drizzle-orm';
import type { Db } from './db/client';
import { orgUnits, userRoles, users } from './db/schema';
import { hashPassword } from './modules/platform/auth.service';

/**
 * First start: the root of the org tree and the `admin` user. Returns the
 * password when it was generated here, so it can be printed once.
 */
export async function ensureAdmin(db: Db, password: string | undefined): Promise<{ created: boolean; password?: string; generated: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`); // two nodes starting together create one admin
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = 'admin'`);
    if (existing) return { created: false, generated: false };
    let [root] = await tx.select().from(orgUnits).where(isNull(orgUnits.parentId)).limit(1);
    if (!root) {
      const id = crypto.randomUUID();
      [root] = await tx.insert(orgUnits).values({ id, kind: 'province', code: 'ROOT', name: '省公司', path: `/${id}/` }).returning();
    }
    const generated = !password;
    const pw = password ?? crypto.randomBytes(9).toString('base64url');
    const [admin] = await tx.insert(users).values({
      username: 'admin', name: '系统管理员', passwordHash: await hashPassword(pw), orgUnitId: root.id, mustChangePassword: generated,
    }).returning();
    await tx.insert(userRoles).values({ userId: admin.id, role: 'admin', scopeOrgUnitId: root.id });
    return { created: true, password: pw, generated };
  });
}

export async function rootOrgUnit(db: Db) {
  const [root] = await db.select().from(orgUnits).where(isNull(orgUnits.parentId)).limit(1);
  return root;
}

export async function userCount(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return r.n;
}

