import { eq } from 'drizzle-orm';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from '@hono/zod-openapi';
import { LocaleInput, LoginInput, MeOutput, PasswordChangeInput, TokenOutput } from '../../../shared/auth';
import { permissionsOf } from '../../../shared/roles';
import { orgUnits, users } from '../../db/schema';
import { actorOf, json, jsonBody, route, router } from '../../platform/http';
import { audit } from '../../platform/audit';
import * as auth from './auth.service';

export const SESSION_COOKIE = 'manyi_session';
const Ok = z.object({ ok: z.literal(true) });

export const authRoutes = router()
  .openapi(
    route({ method: 'post', path: '/auth/login', tags: ['auth'], summary: 'Log in; sets the session cookie', permission: 'public',
      request: jsonBody(LoginInput), responses: { 200: json(z.object({ userId: z.string(), expiresAt: z.string() })) } }),
    async (c) => {
      const { db } = c.get('deps').database;
      const input = c.req.valid('json');
      const s = await auth.login(db, { ...input, ip: c.req.header('x-forwarded-for') ?? undefined, replaceToken: getCookie(c, SESSION_COOKIE) });
      setCookie(c, SESSION_COOKIE, s.token, {
        httpOnly: true, sameSite: 'Lax', path: '/', secure: c.get('deps').config.secureCookies, maxAge: auth.SESSION_TTL_MS / 1000,
      });
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
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/auth/tokens', tags: ['auth'], summary: 'Issue a bearer token for an integration', permission: 'public',
      request: jsonBody(LoginInput.extend({ name: z.string().max(100).optional() })), responses: { 201: json(TokenOutput) } }),
    async (c) => {
      const { db } = c.get('deps').database;
      const input = c.req.valid('json');
      const u = await auth.authenticate(db, input.username, input.password);
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
