import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { authRoutes, clientIp, securityOf, sessionLimits, setCsrfCookie, SESSION_COOKIE } from './modules/platform/auth.routes';
import { loadActor, needsTouch, sessionCredential, tokenCredential, type Credential } from './modules/platform/auth.service';
import { AUTH_CHANNEL, AuthCache } from './platform/auth-cache';
import { liveHubOf } from './platform/live';
import type { Actor } from './platform/actor';
import { CSRF_COOKIE, CSRF_HEADER, SAFE_METHODS, csrfTokenFor, csrfTokenMatches, isCrossSite } from './platform/csrf';
import { AppError } from './platform/errors';
import { hasPermission } from './platform/permissions';
import type { Permission } from '../shared/roles';
import { createLogger } from './platform/log';
import { type AppDeps, type AppEnv } from './platform/http';
import type { AppConfig } from './config';
import { negotiateLocale, translator } from './platform/i18n';
import { apiModules } from './modules';
import { apiDocs } from './platform/api-docs';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300', '57014']);

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown };
  if (e?.code && DB_DOWN_CODES.has(e.code)) return true;
  if (typeof e?.message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(e.message)) return true;
  return e?.cause ? isDatabaseDown(e.cause) : false;
}

function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: unknown };
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return e?.cause ? pgCode(e.cause) : undefined;
}

/** Map anything thrown to our error shape; nothing internal leaks out. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('payload_too_large', { limit: '1 MB' });
    if (err.status === 415) return new AppError('unsupported_media_type');
    if (err.status === 401) return new AppError('unauthenticated');
    return new AppError('bad_request');
  }
  if (isDatabaseDown(err)) return new AppError('database_unavailable');
  const code = pgCode(err);
  if (code === '23505') return new AppError('duplicate', { field: '' });
  // 22021/22P05: a character PostgreSQL cannot store (NUL, a lone surrogate in some paths): bad input, not a crash.
  if (code === '23503' || code === '22P02' || code === '22001' || code === '22003' || code === '22007' || code === '22008' || code === '22021' || code === '22P05') {
    return new AppError('validation_failed');
  }
  if (code === '40001' || code === '40P01') return new AppError('conflict', { reason: 'concurrent_update' });
  return new AppError('internal');
}

/** The origins this server answers as: its Host (either scheme), the forwarded host behind a trusted proxy, MANYI_PUBLIC_URL. */
function selfOrigins(c: Context<AppEnv>): string[] {
  const sec = securityOf(c.get('deps').config);
  const hosts = [c.req.header('host')];
  if (sec.trustProxy) hosts.push(c.req.header('x-forwarded-host')?.split(',')[0]?.trim());
  const out = hosts.filter((h): h is string => !!h).flatMap((h) => [`http://${h}`, `https://${h}`]);
  if (sec.publicUrl) out.push(sec.publicUrl);
  return out;
}

interface PermissionRoute { method: string; pattern: RegExp; literals: number; permission: string }

/** The declared permission of every operation in the OpenAPI document, as matchers. */
function permissionRoutes(doc: { paths?: object }): PermissionRoute[] {
  const out: PermissionRoute[] = [];
  for (const [p, ops] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    const pattern = new RegExp(`^${p.split(/\{[^}]+\}/).map((x) => x.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`);
    const literals = p.split('/').filter((seg) => seg && !seg.startsWith('{')).length;
    for (const [method, op] of Object.entries(ops)) {
      const permission = (op as { 'x-permission'?: string })?.['x-permission'];
      if (permission) out.push({ method: method.toUpperCase(), pattern, literals, permission });
    }
  }
  // The most literal template wins (/calendars/china-statutory before /calendars/{id}).
  return out.sort((a, b) => b.literals - a.literals);
}

function declaredPermission(table: PermissionRoute[], method: string, path: string): string | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return table.find((r) => r.method === m && r.pattern.test(path))?.permission;
}

function isHttps(c: Context<AppEnv>): boolean {
  const { config } = c.get('deps');
  if (c.req.url.startsWith('https:') || config.secureCookies) return true;
  return securityOf(config).trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Writes that may change who a credential is or what it may do; the node drops its auth cache after them. */
const AUTH_WRITE_PATHS = /^\/api\/v1\/(auth|me|users|org-units|roles|pipl|admin)(\/|$)/;

/** MANYI_AUTH_CACHE_MS: how long a node may reuse the user behind a credential (default 5 s; 0: off). */
function authCacheMs(config: AppConfig): number {
  return config.authCacheMs ?? 5_000;
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const log = createLogger(deps.config.logLevel);
  const accessLog = deps.config.logLevel === 'debug';

  // Security headers on every answer (docs/adr/0008-web-security.md). A route may set a stricter
  // CSP of its own (attachment downloads do): `overwrite: false` keeps it.
  app.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'], connectSrc: ["'self'"], fontSrc: ["'self'", 'data:'], frameAncestors: ["'none'"],
      objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"],
    },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
    overwrite: false,
  }));
  // HSTS only where it means something: over https (directly, behind a trusted proxy, or MANYI_SECURE_COOKIES=1).
  app.use('*', async (c, next) => {
    await next();
    if (isHttps(c)) c.res.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('locale', negotiateLocale(c.req.header('accept-language')));
    c.set('actor', undefined);
    if (!accessLog) return next();
    const t0 = performance.now();
    await next();
    // Access log at MANYI_LOG_LEVEL=debug; the logger masks phones, ID numbers and tokens in the URL.
    log.debug(`${c.req.method} ${c.req.path}${new URL(c.req.url).search} ${c.res.status} ${Math.round(performance.now() - t0)}ms`);
  });

  app.onError((err, c) => {
    const e = toAppError(err);
    if (e.code === 'internal') log.error(`[http] unhandled error on ${c.req.method} ${c.req.path}`, { err });
    const actor = c.get('actor');
    // An explicit Accept-Language wins; otherwise the user's chosen language.
    const locale = c.req.header('accept-language') ? c.get('locale') : actor?.locale ?? c.get('locale') ?? 'zh-CN';
    const t = translator(locale);
    const params: Record<string, string | number> = { ...e.params };
    if (typeof params.entity === 'string') params.entity = t(`entity.${params.entity}`, { defaultValue: params.entity });
    if (typeof params.reason === 'string') params.reason = t(`reasons.${params.reason}`, { defaultValue: params.reason });
    for (const k of ['from', 'to'] as const) if (typeof params[k] === 'string') params[k] = t(`status.${params[k]}`, { defaultValue: params[k] as string });
    if (e.status === 503) c.header('Retry-After', '5');
    return c.json({ error: { code: e.code, message: t(`errors.${e.code}`, params), ...(e.details ? { details: e.details } : {}) } }, e.status);
  });

  app.get('/healthz', async (c) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      // Bounded: a load balancer's probe gets an answer within 3 s even if the server hangs.
      await Promise.race([
        deps.database.db.execute(sql`select 1`),
        new Promise((_, reject) => { timer = setTimeout(() => reject(Object.assign(new Error('health check timed out after 3 s'), { code: 'ETIMEDOUT' })), 3_000); }),
      ]);
      return c.json({ status: 'ok', database: 'up' }, 200);
    } catch (err) {
      const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
      const code = e?.code ?? e?.cause?.code;
      const message = String(e?.cause?.message ?? e?.message ?? '').split('\n')[0].slice(0, 200);
      c.header('Retry-After', '5');
      return c.json({ status: 'unavailable', database: 'down', reason: code ? `${code}: ${message}` : message || 'unknown' }, 503);
    } finally {
      clearTimeout(timer);
    }
  });

  // Authentication: a bearer token, or the session cookie.
  // CSRF (platform/csrf.ts): a state-changing request by cookie must come from our own site and
  // carry the session's token in x-csrf-token; bearer-token requests are exempt.
  // The user behind a credential is cached on this node for a few seconds (platform/auth-cache.ts):
  // triggers NOTIFY every node when sessions, tokens, users, roles or units change.
  const authCache = new AuthCache({ ttlMs: authCacheMs(deps.config) });
  const hub = liveHubOf(deps.database);
  if (hub) {
    void hub.watch(AUTH_CHANNEL, { notify: () => authCache.clear(), connected: (up) => authCache.setTrusted(up) })
      .catch(() => authCache.setTrusted(false));
  }
  const credentialActor = async (key: string, lookup: () => Promise<Credential | null>, ip: string | undefined): Promise<Actor | null> => {
    const hit = authCache.get(key);
    if (hit && !needsTouch(hit.lastSeenAt, Date.now())) return { ...hit.actor, ip };
    const generation = authCache.mark();
    const cred = await lookup();
    if (!cred) {
      authCache.delete(key);
      return null;
    }
    const actor = await loadActor(deps.database.db, cred.userId, ip);
    if (actor) {
      const { ip: _ip, ...bare } = actor;
      authCache.set(key, { userId: cred.userId, actor: bare, expiresAt: cred.expiresAt, absoluteEnd: cred.absoluteEnd, lastSeenAt: cred.lastSeenAt }, generation);
    }
    return actor;
  };

  app.use('/api/v1/*', async (c, next) => {
    const { db } = deps.database;
    const header = c.req.header('authorization');
    const unsafe = !SAFE_METHODS.has(c.req.method);
    let actor: Actor | null = null;
    if (header?.toLowerCase().startsWith('bearer ')) {
      const token = header.slice(7).trim();
      actor = await credentialActor(`t:${token}`, () => tokenCredential(db, token), clientIp(c));
      if (!actor) throw new AppError('unauthenticated');
    } else {
      if (unsafe && isCrossSite({ origin: c.req.header('origin'), secFetchSite: c.req.header('sec-fetch-site') }, selfOrigins(c))) {
        throw new AppError('csrf_failed');
      }
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        actor = await credentialActor(`s:${token}`, () => sessionCredential(db, token, sessionLimits(deps.config)), clientIp(c));
        if (actor) {
          c.set('sessionToken', token);
          if (unsafe && !csrfTokenMatches(token, c.req.header(CSRF_HEADER))) {
            setCsrfCookie(c, token); // so a page opened before the upgrade recovers on its next try
            throw new AppError('csrf_failed');
          }
          if (getCookie(c, CSRF_COOKIE) !== csrfTokenFor(token)) setCsrfCookie(c, token);
        }
      }
    }
    if (actor) {
      c.set('actor', actor);
      if (!c.req.header('accept-language')) c.set('locale', actor.locale);
    }
    try {
      await next();
    } finally {
      // This node sees its own changes at once (the NOTIFY follows a moment later, for every node).
      if (unsafe && AUTH_WRITE_PATHS.test(c.req.path)) authCache.clear();
    }
  });
  // Request bodies: 1 MB, 20 MB for attachment uploads. A declared Content-Length is checked as it
  // stands (Node's parser delivers exactly that many bytes); only a chunked body is counted as it
  // streams, by Hono's bodyLimit. Hono's middleware is not used for every request because asking for
  // `raw.body` turns the node adapter's light request into a full WHATWG Request (an AbortController
  // and a ReadableStream per request, ~10 % of a create's CPU) — even for a GET.
  app.use('/api/v1/*', async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const isUpload = method === 'POST' && c.req.path.endsWith('/attachments');
    const limit = isUpload ? 20 * 1024 * 1024 : 1024 * 1024;
    const tooLarge = () => { throw new AppError('payload_too_large', { limit: isUpload ? '20 MB' : '1 MB' }); };
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > limit ? tooLarge() : next();
    }
    return bodyLimit({ maxSize: limit, onError: tooLarge })(c, next);
  });
  // Routes that need a login refuse anonymous callers before validating anything.
  app.use('/api/v1/*', async (c, next) => {
    const open = c.req.path === '/api/v1/auth/login' || c.req.path === '/api/v1/auth/logout' || c.req.path === '/api/v1/auth/tokens'
      || c.req.path.startsWith('/api/v1/public/');
    if (!open && !c.get('actor')) throw new AppError('unauthenticated');
    await next();
  });
  // Each route's declared permission (route({ permission }) → x-permission) is checked here, before
  // the request is validated: a caller without it anywhere gets 403 and learns nothing, whatever
  // they send. Handlers still check the org subtree of the record (404 outside it).
  let permissionTable: PermissionRoute[] = [];
  app.use('/api/v1/*', async (c, next) => {
    const actor = c.get('actor');
    if (actor) {
      const needed = declaredPermission(permissionTable, c.req.method, c.req.path);
      if (needed && needed !== 'public' && needed !== 'authenticated' && !hasPermission(actor.grants, needed as Permission)) {
        throw new AppError('forbidden');
      }
    }
    await next();
  });

  app.route('/api/v1', authRoutes);
  for (const mod of apiModules) app.route('/api/v1', mod);

  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Manyi (满意) API', version: '1', description: 'Customer-service quality platform. Errors: `{ "error": { "code", "message" } }`, messages in the Accept-Language of the request (zh-CN by default).' },
    servers: [{ url: '/' }],
  });
  app.route('/api/docs', apiDocs());
  permissionTable = permissionRoutes(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Manyi', version: '1' } }));
  app.all('/api/*', () => { throw new AppError('not_found', { entity: 'route' }); });

  if (fs.existsSync(webRoot)) {
    app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), webRoot) }));
    app.use('*', serveStatic({ root: path.relative(process.cwd(), webRoot), rewriteRequestPath: (p) => (p.includes('.') ? p : '/index.html') }));
  } else {
    app.get('*', (c) => c.text('The web UI is not built yet: run `npm run build`.', 503));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
