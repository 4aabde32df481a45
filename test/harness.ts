import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Role } from '../src/shared/roles';
import { ensureAdmin, rootOrgUnit } from '../src/server/bootstrap';
import { loadConfig } from '../src/server/config';
import { orgUnits, userRoles, users } from '../src/server/db/schema';
import type { Db } from '../src/server/db/client';
import { hashPassword } from '../src/server/modules/platform/auth.service';
import { startServer, type RunningServer } from '../src/server/main';
import { csrfTokenFor } from '../src/server/platform/csrf';

export const ADMIN_PASSWORD = 'admin-Passw0rd!';

export interface TestContext {
  server: RunningServer;
  db: Db;
  baseUrl: string;
  dataDir: string;
  /** A client logged in as admin. */
  admin: ApiClient;
  rootId: string;
}

/**
 * Start a real Manyi HTTP server on a random port against the run's test
 * database; stopped after the file's tests. Use one per test file.
 */
export async function startTestServer(opts: { /** A database of the file's own (default: the run's shared one). */ databaseUrl?: string } = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-data-'));
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir, databaseUrl: opts.databaseUrl ?? inject('databaseUrl'), adminPassword: ADMIN_PASSWORD, demo: false };
  const server = await startServer(config, { quiet: true });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const db = server.database.db;
  await ensureAdmin(db, ADMIN_PASSWORD);
  const root = await rootOrgUnit(db);
  const admin = new ApiClient(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  return { server, db, baseUrl: server.url, dataDir, admin, rootId: root.id };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Real HTTP with a cookie jar, like a browser. */
export class ApiClient {
  cookie = '';
  bearer = '';
  constructor(readonly baseUrl: string, public locale?: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !(body instanceof FormData) && !h['content-type']) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    // Writes carry the session's CSRF token, as the web client does (derived from the cookie, so a copied cookie works too).
    if (this.cookie.startsWith('manyi_session=') && !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) && !Object.keys(h).some((k) => k.toLowerCase() === 'x-csrf-token')) {
      h['x-csrf-token'] = csrfTokenFor(this.cookie.slice('manyi_session='.length));
    }
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.locale) h['accept-language'] = this.locale;
    const res = await fetch(this.baseUrl + url, {
      method,
      headers: h,
      body: body === undefined ? undefined : body instanceof FormData || typeof body === 'string' ? (body as BodyInit) : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair.startsWith('manyi_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(url: string) { return this.request<T>('GET', url); }
  post<T = any>(url: string, body?: unknown) { return this.request<T>('POST', url, body ?? {}); }
  patch<T = any>(url: string, body: unknown, headers?: Record<string, string>) { return this.request<T>('PATCH', url, body, headers); }
  put<T = any>(url: string, body: unknown) { return this.request<T>('PUT', url, body); }
  delete<T = any>(url: string) { return this.request<T>('DELETE', url); }

  async login(username: string, password: string): Promise<void> {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

const uniq = () => crypto.randomBytes(4).toString('hex');

/** Factory: an org unit under `parentId` (the root when omitted). Direct DB write: test set-up only. */
export async function makeOrgUnit(t: TestContext, input: { name?: string; kind?: string; parentId?: string; isResolverGroup?: boolean } = {}) {
  const parentId = input.parentId ?? t.rootId;
  const [parent] = await t.db.select().from(orgUnits).where(sql`${orgUnits.id} = ${parentId}`);
  const id = crypto.randomUUID();
  const [row] = await t.db.insert(orgUnits).values({
    id, parentId, kind: input.kind ?? 'hall', code: `T-${uniq()}`, name: input.name ?? `测试营业厅${uniq()}`,
    path: `${parent.path}${id}/`, isResolverGroup: input.isResolverGroup ?? input.kind === 'team',
  }).returning();
  return row;
}

/** Factory: a user with roles over their own unit, and a client logged in as them. */
export async function makeUser(t: TestContext, input: { roles: Role[]; orgUnitId?: string; name?: string; locale?: string }) {
  const username = `u_${uniq()}`;
  const password = `Pw-${uniq()}-${uniq()}`;
  const orgUnitId = input.orgUnitId ?? t.rootId;
  const [u] = await t.db.insert(users).values({
    username, name: input.name ?? `员工${uniq()}`, passwordHash: await hashPassword(password), orgUnitId, locale: input.locale ?? 'zh-CN',
  }).returning();
  for (const role of input.roles) await t.db.insert(userRoles).values({ userId: u.id, role, scopeOrgUnitId: orgUnitId });
  const client = new ApiClient(t.baseUrl);
  await client.login(username, password);
  return { user: u, username, password, client };
}
