import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from '@hono/zod-openapi';
import { LocaleInput, LoginInput, MeOutput, PasswordChangeInput, TokenOutput } from '../../../shared/auth';
import { permissionsOf } from '../../../shared/roles';
import { orgUnits, users } from '../../db/schema';
import { loadSecurityConfig, type AppConfig, type SecurityConfig } from '../../config';
import { systemActor } from '../../platform/actor';
import { actorOf, json, jsonBody, route, router, type AppEnv } from '../../platform/http';
import { audit } from '../../platform/audit';
import { CSRF_COOKIE, csrfTokenFor } from '../../platform/csrf';
import { AppError } from '../../platform/errors';
import { Throttle, minutesToWait } from '../../platform/throttle';
import * as auth from './auth.service';

export const SESSION_COOKIE = 'manyi_session';
const Ok = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------- request security helpers

const defaultSecurity = loadSecurityConfig({});
/** The security settings in force (defaults when the config predates them). */
export const securityOf = (config: AppConfig): SecurityConfig => config.security ?? defaultSecurity;

export const sessionLimits = (config: AppConfig): auth.SessionLimits => {
  const s = securityOf(config);
  return { idleMs: s.sessionIdleMinutes * 60_000, maxMs: s.sessionMaxHours * 3_600_000 };
};

/** The caller's address: the socket's, or the first X-Forwarded-For hop when the proxy is trusted. */
export function clientIp(c: Context<AppEnv>): string {
  if (securityOf(c.get('deps').config).trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // called without a Node socket (app.request in tests)
  }
}

/** Set the session cookie and its CSRF companion (readable by our own JavaScript, see platform/csrf.ts). */
export function setSessionCookies(c: Context<AppEnv>, token: string): void {
  const { config } = c.get('deps');
  const maxAge = Math.floor(sessionLimits(config).maxMs / 1000);
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: config.secureCookies, maxAge });
  setCsrfCookie(c, token);
}

export function setCsrfCookie(c: Context<AppEnv>, sessionToken: string): void {
  const { config } = c.get('deps');
  setCookie(c, CSRF_COOKIE, csrfTokenFor(sessionToken), {
    httpOnly: false, sameSite: 'Lax', path: '/', secure: config.secureCookies, maxAge: Math.floor(sessionLimits(config).maxMs / 1000),
  });
}

/** One pair of throttles (per username, per address) for each running app. */
const throttles = new WeakMap<AppConfig, { user: Throttle; ip: Throttle }>();
function throttlesOf(config: AppConfig) {
  let t = throttles.get(config);
  if (!t) {
    const s = securityOf(config);
    const windowMs = s.loginLockMinutes * 60_000;
    t = {
      user: new Throttle({ maxFailures: s.loginMaxFailures, windowMs, lockMs: windowMs }),
      ip: new Throttle({ maxFailures: s.loginIpMaxFailures, windowMs, lockMs: windowMs }),
    };
    throttles.set(config, t);
  }
  return t;
}

/**
 * Check a password with throttling: a locked-out username or address gets 429 with the wait,
 * without the password even being checked; each failure counts against both; the failure that
 * starts a lock-out is audited (the username and address, never the password).
 */
async function throttledAuthenticate<T>(c: Context<AppEnv>, username: string, check: () => Promise<T>): Promise<T> {
  const { config, database } = c.get('deps');
  const t = throttlesOf(config);
  const ip = clientIp(c);
  const userKey = username.trim().toLowerCase();
  const now = Date.now();
  const wait = Math.max(t.user.lockedFor(userKey, now), t.ip.lockedFor(ip, now));
  if (wait > 0) throw new AppError('too_many_attempts', { minutes: minutesToWait(wait) });
  try {
    const out = await check();
    t.user.succeed(userKey);
    return out;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'invalid_credentials') throw err;
    const userLock = t.user.fail(userKey, now);
    const ipLock = t.ip.fail(ip, now);
    const lock = Math.max(userLock, ipLock);
    if (lock > 0) {
      await audit(database.db, { ...systemActor(), ip }, {
        action: 'auth.lockout', entityType: 'user',
        after: { username: userKey.slice(0, 100), ip, by: userLock > 0 ? 'username' : 'ip', minutes: minutesToWait(lock) },
      });
      throw new AppError('too_many_attempts', { minutes: minutesToWait(lock) });
    }
    throw err;
  }
}

export const authRoutes = router()
  .openapi(
    route({ method: 'post', path: '/auth/login', tags: ['auth'], summary: 'Log in; sets the session cookie', permission: 'public',
      request: jsonBody(LoginInput), responses: { 200: json(z.object({ userId: z.string(), expiresAt: z.string() })) } }),
    async (c) => {
      const { db } = c.get('deps').database;
      const input = c.req.valid('json');
      // A new session id on every login (the old cookie's session is ended), so a fixated cookie is worthless.
      const s = await throttledAuthenticate(c, input.username, () => auth.login(db, {
        ...input, ip: clientIp(c), replaceToken: getCookie(c, SESSION_COOKIE),
      }, sessionLimits(c.get('deps').config)));
      setSessionCookies(c, s.token);
      return c.json({ userId: s.userId, expiresAt: s.expiresAt.toISOString() }, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/auth/logout', tags: ['auth'], summary: 'End the session', permission: 'public',
      responses: { 200: json(Ok) } }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await auth.logout(c.get('deps').database.db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      deleteCookie(c, CSRF_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/auth/tokens', tags: ['auth'], summary: 'Issue a bearer token for an integration', permission: 'public',
      request: jsonBody(LoginInput.extend({ name: z.string().max(100).optional() })), responses: { 201: json(TokenOutput) } }),
    async (c) => {
      const { db } = c.get('deps').database;
      const input = c.req.valid('json');
      const u = await throttledAuthenticate(c, input.username, () => auth.authenticate(db, input.username, input.password));
      const t = await auth.createApiToken(db, u.id, input.name ?? 'api');
      return c.json({ token: t.token, expiresAt: t.expiresAt.toISOString() }, 201);
    },
  )
  .openapi(
    route({ method: 'post', path: '/auth/password', tags: ['auth'], summary: 'Change my password', permission: 'authenticated',
      request: jsonBody(PasswordChangeInput), responses: { 200: json(Ok) } }),
    async (c) => {
      await auth.changePassword(c.get('deps').database.db, actorOf(c), c.req.valid('json'), c.get('sessionToken'));
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    route({ method: 'get', path: '/me', tags: ['auth'], summary: 'Who I am, my roles and permissions', permission: 'authenticated',
      responses: { 200: json(MeOutput) } }),
    async (c) => {
      const actor = actorOf(c);
      const { db } = c.get('deps').database;
      const [row] = await db.select({ u: users, orgName: orgUnits.name }).from(users)
        .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(eq(users.id, actor.id));
      const permissions = [...new Set(actor.grants.flatMap((g) => permissionsOf(g.role)))].sort();
      return c.json({
        id: actor.id, username: actor.username, name: actor.name, orgUnitId: actor.orgUnitId, orgUnitName: row.orgName,
        locale: actor.locale, roles: actor.grants.map((g) => ({ role: g.role, scopeOrgUnitId: g.scopeOrgUnitId })),
        permissions, mustChangePassword: row.u.mustChangePassword,
      }, 200);
    },
  )
  .openapi(
    route({ method: 'patch', path: '/me', tags: ['auth'], summary: 'Choose my UI language', permission: 'authenticated',
      request: jsonBody(LocaleInput), responses: { 200: json(Ok) } }),
    async (c) => {
      const actor = actorOf(c);
      const { db } = c.get('deps').database;
      const { locale } = c.req.valid('json');
      await db.transaction(async (tx) => {
        await tx.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, actor.id));
        await audit(tx, actor, { action: 'user.locale', entityType: 'user', entityId: actor.id, before: { locale: actor.locale }, after: { locale } });
      });
      return c.json({ ok: true as const }, 200);
    },
  );
