import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens, orgUnits, sessions, userRoles, users } from '../../db/schema';
import type { Actor } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { assertPasswordPolicy } from '../../platform/password';
import type { Locale } from '../../platform/i18n';
import type { Grant } from '../../platform/permissions';
import type { Role } from '../../../shared/roles';

/** A session's absolute lifetime by default (MANYI_SESSION_MAX_HOURS). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A session's idle timeout by default (MANYI_SESSION_IDLE_MINUTES). */
export const SESSION_IDLE_MS = 60 * 60 * 1000;

/** How long sessions live: `idleMs` without a request, `maxMs` after login whatever happens. */
export interface SessionLimits { idleMs: number; maxMs: number }
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: SESSION_IDLE_MS, maxMs: SESSION_TTL_MS };
export const TOKEN_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** argon2id with OWASP's second recommended setting (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const newSecret = (prefix: string) => prefix + crypto.randomBytes(32).toString('base64url');

/** Load a user with the grants of every role they hold, as the Actor of their requests (one query). */
export async function loadActor(db: Db, userId: string, ip?: string): Promise<Actor | null> {
  const { rows } = await db.execute<{ id: string; username: string; name: string; org_unit_id: string; locale: string; active: boolean; grants: Grant[] | null }>(sql`
    SELECT u.id, u.username, u.name, u.org_unit_id, u.locale, u.active,
      (SELECT json_agg(json_build_object('role', r.role, 'scopeOrgUnitId', r.scope_org_unit_id, 'scopePath', o.path))
         FROM ${userRoles} r JOIN ${orgUnits} o ON o.id = r.scope_org_unit_id WHERE r.user_id = u.id) AS grants
    FROM ${users} u WHERE u.id = ${userId}`);
  const u = rows[0];
  if (!u || !u.active) return null;
  return { id: u.id, username: u.username, name: u.name, orgUnitId: u.org_unit_id, locale: u.locale as Locale, grants: u.grants ?? [], ip };
}

/** Check a username and password; the same answer whether the user is unknown or the password wrong. */
export async function authenticate(db: Db, username: string, password: string): Promise<typeof users.$inferSelect> {
  const [u] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which.
  const ok = u ? await verifyPassword(u.passwordHash, password) : (await verifyPassword(await dummyHash(), password), false);
  if (!u || !ok) throw new AppError('invalid_credentials');
  if (!u.active) throw new AppError('account_disabled');
  return u;
}
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(crypto.randomBytes(16).toString('hex')));

/** Log in: a new session (a fresh id each time, so a fixated cookie is worthless). */
export async function login(db: Db, input: { username: string; password: string; ip?: string; replaceToken?: string }, limits: SessionLimits = DEFAULT_SESSION_LIMITS) {
  const u = await authenticate(db, input.username, input.password);
  const token = newSecret('');
  const expiresAt = new Date(Date.now() + Math.min(limits.idleMs, limits.maxMs));
  await db.transaction(async (tx) => {
    if (input.replaceToken) await tx.delete(sessions).where(eq(sessions.tokenHash, sha256(input.replaceToken)));
    await tx.insert(sessions).values({ tokenHash: sha256(token), userId: u.id, expiresAt });
    const actor = { id: u.id, username: u.username, name: u.name, orgUnitId: u.orgUnitId, locale: u.locale as Locale, grants: [], ip: input.ip };
    await audit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: u.id, orgUnitId: u.orgUnitId });
  });
  return { token, expiresAt, userId: u.id, username: u.username };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

/** How stale `last_seen_at` / `last_used_at` may get before a request writes it again. */
const TOUCH_AFTER_MS = 60_000;

/** A valid credential's user and its deadlines (milliseconds), for the per-node auth cache. */
export interface Credential {
  userId: string;
  expiresAt: number;
  absoluteEnd: number;
  lastSeenAt: number;
}

/**
 * The user behind a session cookie. `expires_at` is the idle deadline, slid forward (written at most
 * once a minute, not on every request) but never past `created_at` + the absolute lifetime.
 */
export async function sessionCredential(db: Db, token: string, limits: SessionLimits = DEFAULT_SESSION_LIMITS): Promise<Credential | null> {
  const now = new Date();
  const [row] = await db.select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now)));
  if (!row) return null;
  const absoluteEnd = row.createdAt.getTime() + limits.maxMs;
  if (absoluteEnd <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
    return null;
  }
  if (needsTouch(row.lastSeenAt.getTime(), now.getTime())) {
    const expiresAt = new Date(Math.min(now.getTime() + limits.idleMs, absoluteEnd));
    await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.tokenHash, sha256(token)));
    return { userId: row.userId, expiresAt: expiresAt.getTime(), absoluteEnd, lastSeenAt: now.getTime() };
  }
  return { userId: row.userId, expiresAt: row.expiresAt.getTime(), absoluteEnd, lastSeenAt: row.lastSeenAt.getTime() };
}

/** Whether a credential last touched at `lastSeenAt` is due to be written again. */
export function needsTouch(lastSeenAt: number | null, now: number): boolean {
  return lastSeenAt === null || now - lastSeenAt > TOUCH_AFTER_MS;
}

/** Issue a bearer token for an integration (API or `manyi token create`). */
export async function createApiToken(db: Db, userId: string, name = '', ttlMs = TOKEN_TTL_MS) {
  const token = newSecret('mny_');
  const expiresAt = new Date(Date.now() + ttlMs);
  const [row] = await db.insert(apiTokens).values({ userId, tokenHash: sha256(token), name, expiresAt }).returning({ id: apiTokens.id });
  return { id: row.id, token, expiresAt };
}

/** The user behind a bearer token (last use written at most once a minute). */
export async function tokenCredential(db: Db, token: string): Promise<Credential | null> {
  const now = new Date();
  const [row] = await db.select({ userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt }).from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), gt(apiTokens.expiresAt, now), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  let lastSeenAt = row.lastUsedAt?.getTime() ?? null;
  if (needsTouch(lastSeenAt, now.getTime())) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.tokenHash, sha256(token)));
    lastSeenAt = now.getTime();
  }
  return { userId: row.userId, expiresAt: row.expiresAt.getTime(), absoluteEnd: row.expiresAt.getTime(), lastSeenAt: lastSeenAt! };
}

/** Change one's own password; every other session of the user ends. */
export async function changePassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string }, keepToken?: string) {
  const [u] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!u || !(await verifyPassword(u.passwordHash, input.currentPassword))) throw new AppError('invalid_credentials');
  assertPasswordPolicy(input.newPassword, u.username);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, actor.id));
    const keep = keepToken ? sha256(keepToken) : '';
    await tx.delete(sessions).where(and(eq(sessions.userId, actor.id), sql`${sessions.tokenHash} <> ${keep}`));
    await audit(tx, actor, { action: 'user.password_change', entityType: 'user', entityId: actor.id, orgUnitId: actor.orgUnitId });
  });
}
