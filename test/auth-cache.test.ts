import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, startTestServer, type TestContext } from './harness';

// The per-node auth cache (platform/auth-cache.ts, ADR 0009): a user's
// request after a change to their credential, account or roles sees the
// change — at once on the node that made it, and within a moment (the
// NOTIFY sent at commit) when the change came from elsewhere.

let t: TestContext;
beforeAll(async () => {
  t = await startTestServer();
});

/** Repeat `probe` until it answers `want`, for at most two seconds; the last answer. */
async function settle<T>(probe: () => Promise<T>, want: T): Promise<T> {
  const t0 = Date.now();
  let got = await probe();
  while (got !== want && Date.now() - t0 < 2_000) {
    await new Promise((r) => setTimeout(r, 20));
    got = await probe();
  }
  return got;
}

describe('auth cache', () => {
  it('a user deactivated through the API is refused on the very next request', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    expect((await u.client.get('/api/v1/me')).status).toBe(200);
    expect((await u.client.get('/api/v1/me')).status).toBe(200); // now cached
    const [row] = (await t.db.execute<{ version: number }>(sql`SELECT version FROM users WHERE id = ${u.user.id}`)).rows;
    const off = await t.admin.patch(`/api/v1/users/${u.user.id}`, { version: row.version, active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect((await u.client.get('/api/v1/me')).status).toBe(401);
  });

  it('a role taken away behind the app’s back (plain SQL) takes effect within a moment', async () => {
    const u = await makeUser(t, { roles: ['agent', 'supervisor'] });
    const roles = async () => ((await u.client.get('/api/v1/me')).body.roles as { role: string }[] | undefined)?.map((r) => r.role).sort().join(',');
    expect(await roles()).toBe('agent,supervisor');
    expect(await roles()).toBe('agent,supervisor');
    await t.db.execute(sql`DELETE FROM user_roles WHERE user_id = ${u.user.id} AND role = 'supervisor'`);
    expect(await settle(roles, 'agent')).toBe('agent');
  });

  it('a session deleted behind the app’s back stops working within a moment', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    expect((await u.client.get('/api/v1/me')).status).toBe(200);
    await t.db.execute(sql`DELETE FROM sessions WHERE user_id = ${u.user.id}`);
    expect(await settle(async () => (await u.client.get('/api/v1/me')).status, 401)).toBe(401);
  });

  it('a revoked bearer token stops working within a moment', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    const issued = await fetch(`${t.baseUrl}/api/v1/auth/tokens`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: u.password }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const me = () => fetch(`${t.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${issued.token}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    expect(await me()).toBe(200);
    await t.db.execute(sql`UPDATE api_tokens SET revoked_at = now() WHERE user_id = ${u.user.id}`);
    expect(await settle(me, 401)).toBe(401);
  });

  it('a language change shows on the next request', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    expect((await u.client.get('/api/v1/me')).body.locale).toBe('zh-CN');
    const changed = await u.client.patch('/api/v1/me', { locale: 'en' });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    expect((await u.client.get('/api/v1/me')).body.locale).toBe('en');
  });
});
