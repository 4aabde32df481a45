import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ADMIN_PASSWORD, makeUser, startTestServer, type TestContext } from './harness';

let t: TestContext;
beforeAll(async () => { t = await startTestServer(); });

describe('auth', () => {
  it('answers healthz', async () => {
    const r = await new ApiClient(t.baseUrl).get('/healthz');
    expect(r.status).toBe(200);
    expect(r.body.database).toBe('up');
  });

  it('refuses anonymous callers with a translated 401', async () => {
    const anon = new ApiClient(t.baseUrl);
    const zh = await anon.get('/api/v1/me');
    expect(zh.status).toBe(401);
    expect(zh.body.error).toEqual({ code: 'unauthenticated', message: '请先登录' });
    anon.locale = 'en-US,en;q=0.9';
    expect((await anon.get('/api/v1/me')).body.error.message).toBe('Please log in first');
    anon.locale = 'zh-TW';
    expect((await anon.get('/api/v1/me')).body.error.message).toBe('請先登入');
  });

  it('logs in with a session cookie, rotates it, and logs out', async () => {
    const c = new ApiClient(t.baseUrl);
    const bad = await c.post('/api/v1/auth/login', { username: 'admin', password: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_credentials');
    await c.login('admin', ADMIN_PASSWORD);
    const first = c.cookie;
    const me = await c.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');
    expect(me.body.permissions).toContain('user:manage');
    await c.login('admin', ADMIN_PASSWORD);
    expect(c.cookie).not.toBe(first);
    const stale = new ApiClient(t.baseUrl);
    stale.cookie = first;
    expect((await stale.get('/api/v1/me')).status).toBe(401);
    await c.post('/api/v1/auth/logout');
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('issues bearer tokens that authenticate API calls', async () => {
    const c = new ApiClient(t.baseUrl);
    const r = await c.post('/api/v1/auth/tokens', { username: 'admin', password: ADMIN_PASSWORD });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^mny_/);
    expect(new Date(r.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    c.bearer = r.body.token;
    expect((await c.get('/api/v1/me')).body.username).toBe('admin');
    c.bearer = 'mny_forged';
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('validates input with 422 and field details', async () => {
    const r = await new ApiClient(t.baseUrl).post('/api/v1/auth/login', { username: '' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('changes a password and ends other sessions', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    const other = new ApiClient(t.baseUrl);
    await other.login(u.username, u.password);
    const r = await u.client.post('/api/v1/auth/password', { currentPassword: u.password, newPassword: 'New-passw0rd-1' });
    expect(r.status).toBe(200);
    expect((await u.client.get('/api/v1/me')).status).toBe(200);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    await expect(new ApiClient(t.baseUrl).login(u.username, u.password)).rejects.toThrow();
  });
});
