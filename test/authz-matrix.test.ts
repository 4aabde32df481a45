import { beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../src/server/platform/csrf';
import { PERMISSIONS, ROLES, permissionsOf, type Permission, type Role } from '../src/shared/roles';
import { buildSubtreeA, type SubtreeFixtures } from './fuzz/fixtures';
import { Rng, invalidRequest, isSingletonWrite, operationsOf, send as sendRequest, validRequest, type GeneratedRequest, type OpenApiDoc, type Operation } from './fuzz/openapi';
import { ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// The authorisation matrix (issue 5, item 4), generated from the OpenAPI document's x-permission
// declarations: every route (present and future — nothing is listed by hand) × every role, plus a
// user holding every permission in another org subtree. Requests carry generated valid bodies and
// path parameters filled from a small world in subtree A.

let t: TestContext;
let doc: OpenApiDoc;
let ops: Operation[];
let a: SubtreeFixtures;
const clients = new Map<Role, ApiClient>();
let outsider: ApiClient;

beforeAll(async () => {
  t = await startTestServer();
  doc = (await new ApiClient(t.baseUrl).get('/api/openapi.json')).body;
  ops = operationsOf(doc).filter((o) => o.permission !== 'public');
  a = await buildSubtreeA(t);
  // Each role held over subtree A's city; the outsider is an administrator of another city.
  for (const role of ROLES) clients.set(role, (await makeUser(t, { roles: [role], orgUnitId: a.city.id })).client);
  const cityB = await makeOrgUnit(t, { kind: 'city' });
  outsider = (await makeUser(t, { roles: ['admin'], orgUnitId: cityB.id })).client;
}, 120_000);

const authOf = (c: ApiClient) => ({ cookie: c.cookie, csrf: csrfTokenFor(c.cookie.slice('manyi_session='.length)) });
const send = (client: ApiClient, r: GeneratedRequest) => sendRequest(t.baseUrl, authOf(client), r);

/** Run `fn` over `items`, `n` at a time. */
async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

const holds = (role: Role, permission: string) =>
  permission === 'authenticated' || (PERMISSIONS as readonly string[]).includes(permission) && permissionsOf(role).includes(permission as Permission);

const where = (o: Operation) => `${o.method} ${o.path}`;
/** Valid requests, except to organisation-wide settings (see isSingletonWrite). */
const requestFor = (o: Operation, seed: number) => {
  const ctx = { doc, rng: new Rng(seed), ids: a.ids };
  return isSingletonWrite(o) ? invalidRequest(ctx, o) : validRequest(ctx, o);
};
const seedOf = (o: Operation, role: string) => [...`${where(o)} ${role}`].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 7);

describe('authorisation matrix', () => {
  it('every route declares a permission that is public, authenticated or a known permission', () => {
    const unknown = operationsOf(doc).filter((o) => !['public', 'authenticated', ...PERMISSIONS].includes(o.permission)).map(where);
    expect(unknown).toEqual([]);
    expect(ops.length).toBeGreaterThan(50);
  });

  it('refuses every role on every route whose permission it lacks: 403, no data', { timeout: 120_000 }, async () => {
    const cases = ROLES.flatMap((role) => ops.filter((o) => !holds(role, o.permission)).map((o) => ({ role, o })));
    expect(cases.length).toBeGreaterThan(100);
    const results = await pool(cases, 8, async ({ role, o }) => {
      const r = await send(clients.get(role)!, requestFor(o, seedOf(o, role)));
      const keys = r.body && typeof r.body === 'object' ? Object.keys(r.body) : [];
      const leaked = a.markers.filter((m) => JSON.stringify(r.body ?? '').includes(m));
      return { route: where(o), role, status: r.status, code: r.body?.error?.code, dataKeys: keys.filter((k) => k !== 'error'), leaked };
    });
    const bad = results.filter((x) => ![403, 404].includes(x.status) || x.dataKeys.length > 0 || x.leaked.length > 0);
    expect(bad).toEqual([]);
  });

  it('does not refuse a role for lack of permission on the routes it holds (in its own subtree)', { timeout: 120_000 }, async () => {
    const cases = ROLES.flatMap((role) => ops.filter((o) => holds(role, o.permission)).map((o) => ({ role, o })));
    const results = await pool(cases, 8, async ({ role, o }) => {
      const r = await send(clients.get(role)!, requestFor(o, seedOf(o, role)));
      return { route: where(o), role, status: r.status, code: r.body?.error?.code as string | undefined, timedOut: r.timedOut };
    });
    // 401 only as a wrong current password (POST /auth/password); 403 never, not even csrf_failed.
    const refused = results.filter((x) => x.timedOut || x.status === 403 || (x.status === 401 && x.code !== 'invalid_credentials') || x.status >= 500);
    expect(refused).toEqual([]);
  });

  it('hides subtree A from an administrator of another subtree: 403/404 on its records, none of its data in any answer', { timeout: 120_000 }, async () => {
    const results = await pool(ops, 8, async (o) => {
      const r = await send(outsider, requestFor(o, seedOf(o, 'outsider')));
      const text = JSON.stringify(r.body ?? '');
      return { route: where(o), status: r.status, code: r.body?.error?.code, byRecord: /\{[^}]+\}/.test(o.path), timedOut: r.timedOut, leaked: a.markers.filter((m) => text.includes(m)) };
    });
    const leaks = results.filter((x) => x.leaked.length > 0);
    expect(leaks).toEqual([]);
    // A route addressing one of A's records: refused, or (for a write with a body the schema allows
    // but the domain refuses) a validation error — never a success.
    const opened = results.filter((x) => x.byRecord && x.status < 400);
    expect(opened).toEqual([]);
    expect(results.filter((x) => x.status >= 500 || x.timedOut)).toEqual([]);
  });
});
