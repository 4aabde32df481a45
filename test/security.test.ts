import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { loadConfig, loadSecurityConfig } from '../src/server/config';
import { startServer, type RunningServer } from '../src/server/main';
import { csrfTokenFor } from '../src/server/platform/csrf';
import { ADMIN_PASSWORD, ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Web security (issue 5, item 5) through real HTTP: headers, CSRF, session rotation and expiry,
// login throttling, password policy, upload checks, masked logs. A second server with its own
// settings (trusted proxy, low limits, debug log) covers what depends on configuration.

let t: TestContext;
let strict: RunningServer;
let strictDir: string;
const uniq = () => crypto.randomBytes(4).toString('hex');

beforeAll(async () => {
  t = await startTestServer();
  strictDir = fs.mkdtempSync(path.join(os.tmpdir(), 'manyi-sec-'));
  strict = await startServer({
    ...loadConfig({}), port: 0, host: '127.0.0.1', dataDir: strictDir, databaseUrl: inject('databaseUrl'), adminPassword: ADMIN_PASSWORD,
    demo: false, logLevel: 'debug',
    security: { ...loadSecurityConfig({}), trustProxy: true, loginMaxFailures: 3, loginIpMaxFailures: 4, loginLockMinutes: 10 },
  }, { quiet: true });
});
afterAll(async () => {
  await strict?.stop();
  fs.rmSync(strictDir, { recursive: true, force: true });
});

const raw = (url: string, init: RequestInit = {}) => fetch(t.baseUrl + url, init);
const sessionOf = (c: ApiClient) => c.cookie.slice('manyi_session='.length);

describe('security headers', () => {
  it('sends CSP, frame, referrer, content-type and permissions headers on API and page answers; no HSTS over plain http', async () => {
    for (const url of ['/api/v1/me', '/', '/api/openapi.json']) {
      const r = await raw(url);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(r.headers.get('x-frame-options'), url).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), url).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('permissions-policy'), url).toContain('camera=()');
      expect(r.headers.get('strict-transport-security'), url).toBeNull();
    }
  });

  it('sends HSTS when served over https behind a trusted proxy', async () => {
    const r = await fetch(`${strict.url}/api/v1/me`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });
});

describe('CSRF', () => {
  it('sets a readable per-session token cookie beside the httpOnly session cookie', async () => {
    const r = await raw('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const cookies = r.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('manyi_session='))!;
    const csrf = cookies.find((c) => c.startsWith('manyi_csrf='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf.split(';')[0].slice('manyi_csrf='.length)).toBe(csrfTokenFor(session.split(';')[0].slice('manyi_session='.length)));
  });

  it('refuses a cookie write without the token, with a wrong one, or from another site; bearer requests are exempt', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    const body = JSON.stringify({ locale: 'en' });
    const base = { 'content-type': 'application/json', cookie: u.client.cookie };
    const token = csrfTokenFor(sessionOf(u.client));

    const none = await raw('/api/v1/me', { method: 'PATCH', headers: base, body });
    expect(none.status).toBe(403);
    expect((await none.json()).error).toMatchObject({ code: 'csrf_failed', message: '请求来源校验未通过，请刷新页面后重试' });
    // …and the refusal hands the page a fresh token cookie to retry with.
    expect(none.headers.getSetCookie().some((c) => c.startsWith(`manyi_csrf=${token}`))).toBe(true);

    expect((await raw('/api/v1/me', { method: 'PATCH', headers: { ...base, 'x-csrf-token': csrfTokenFor('another-session') }, body })).status).toBe(403);
    // A cross-site form or fetch: refused even with the right token (which another site cannot know anyway).
    expect((await raw('/api/v1/me', { method: 'PATCH', headers: { ...base, 'x-csrf-token': token, origin: 'https://evil.example' }, body })).status).toBe(403);
    expect((await raw('/api/v1/me', { method: 'PATCH', headers: { ...base, 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' }, body })).status).toBe(403);
    // Logging in from another site is refused too (login CSRF).
    const evilLogin = await raw('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ username: u.username, password: u.password }) });
    expect(evilLogin.status).toBe(403);

    // Nothing was changed by the refused requests.
    expect((await u.client.get('/api/v1/me')).body.locale).toBe('zh-CN');
    // Our own page: same origin and the token → done.
    const ok = await raw('/api/v1/me', { method: 'PATCH', headers: { ...base, 'x-csrf-token': token, origin: t.baseUrl, 'sec-fetch-site': 'same-origin' }, body });
    expect(ok.status).toBe(200);
    // Reads need no token.
    expect((await raw('/api/v1/me', { headers: { cookie: u.client.cookie } })).status).toBe(200);

    const tk = await new ApiClient(t.baseUrl).post('/api/v1/auth/tokens', { username: u.username, password: u.password, name: 'csrf-test' });
    expect(tk.status).toBe(201);
    const bearer = await raw('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${tk.body.token}` }, body: JSON.stringify({ locale: 'zh-TW' }) });
    expect(bearer.status).toBe(200);
  });
});

describe('sessions', () => {
  it('rotates the session id on login: the old cookie stops working', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    const before = u.client.cookie;
    await u.client.login(u.username, u.password);
    expect(u.client.cookie).not.toBe(before);
    expect((await u.client.get('/api/v1/me')).status).toBe(200);
    const stale = new ApiClient(t.baseUrl);
    stale.cookie = before;
    expect((await stale.get('/api/v1/me')).status).toBe(401);
  });

  it('ends a session after the idle timeout, and after the absolute lifetime even when in use', async () => {
    const idle = await makeUser(t, { roles: ['agent'] });
    const hash = (c: ApiClient) => crypto.createHash('sha256').update(sessionOf(c)).digest('hex');
    await t.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() - interval '61 minutes' WHERE token_hash = ${hash(idle.client)}`);
    expect((await idle.client.get('/api/v1/me')).status).toBe(401);

    const old = await makeUser(t, { roles: ['agent'] });
    // Active a minute ago (so the idle deadline is in the future) but logged in 13 hours ago.
    await t.db.execute(sql`UPDATE sessions SET created_at = now() - interval '13 hours', last_seen_at = now() - interval '1 minute', expires_at = now() + interval '59 minutes' WHERE token_hash = ${hash(old.client)}`);
    expect((await old.client.get('/api/v1/me')).status).toBe(401);
    const [{ n }] = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int n FROM sessions WHERE token_hash = ${hash(old.client)}`)).rows;
    expect(n).toBe(0);
  });

  it('a fresh session slides its idle deadline but never past the absolute end', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    const hash = crypto.createHash('sha256').update(sessionOf(u.client)).digest('hex');
    await t.db.execute(sql`UPDATE sessions SET created_at = now() - interval '11 hours 50 minutes', last_seen_at = now() - interval '2 minutes' WHERE token_hash = ${hash}`);
    expect((await u.client.get('/api/v1/me')).status).toBe(200);
    const [row] = (await t.db.execute<{ left: number }>(sql`SELECT extract(epoch FROM expires_at - now())::int AS left FROM sessions WHERE token_hash = ${hash}`)).rows;
    expect(row.left).toBeLessThanOrEqual(600);
    expect(row.left).toBeGreaterThan(500);
  });
});

describe('login throttling', () => {
  const login = (base: string, username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) })
      .then(async (r) => ({ status: r.status, body: await r.json() }));

  it('locks a username out after repeated failures, with the wait in the message, audited; other users unaffected', async () => {
    const db = strict.database.db;
    const victim = await makeUser({ ...t, db } as TestContext, { roles: ['agent'] });
    const ip = { 'x-forwarded-for': `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    expect((await login(strict.url, victim.username, 'wrong-1', ip)).status).toBe(401);
    expect((await login(strict.url, victim.username, 'wrong-2', { 'x-forwarded-for': '10.200.0.1' })).status).toBe(401);
    const third = await login(strict.url, victim.username.toUpperCase(), 'wrong-3', ip);
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'too_many_attempts', message: '登录失败次数过多，请 10 分钟后再试' });
    // Even the right password is refused while locked, in the caller's language.
    const right = await login(strict.url, victim.username, victim.password, { ...ip, 'accept-language': 'en' });
    expect(right.status).toBe(429);
    expect(right.body.error.message).toBe('Too many failed logins; try again in 10 minutes');
    // Someone else logs in fine from the same address.
    const other = await makeUser({ ...t, db } as TestContext, { roles: ['agent'] });
    expect((await login(strict.url, other.username, other.password, ip)).status).toBe(200);
    // Audited: who was locked and from where; never the password.
    const audit = await t.admin.get(`/api/v1/audit?action=auth.lockout&limit=50`);
    const entry = audit.body.items.find((e: { after: { username: string } }) => e.after?.username === victim.username.toLowerCase());
    expect(entry).toMatchObject({ action: 'auth.lockout', after: { by: 'username', minutes: 10 } });
    expect(JSON.stringify(audit.body)).not.toMatch(/wrong-\d/);
  });

  it('locks an address out after failures across many usernames; bearer-token issuing counts too', async () => {
    const ip = { 'x-forwarded-for': `172.16.${Math.floor(Math.random() * 250)}.9` };
    for (let i = 0; i < 3; i++) expect((await login(strict.url, `nobody_${uniq()}`, 'x', ip)).status).toBe(401);
    const tokens = await fetch(`${strict.url}/api/v1/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip }, body: JSON.stringify({ username: `nobody_${uniq()}`, password: 'x' }) });
    expect(tokens.status).toBe(429);
    const u = await makeUser({ ...t, db: strict.database.db } as TestContext, { roles: ['agent'] });
    expect((await login(strict.url, u.username, u.password, ip)).status).toBe(429);
    expect((await login(strict.url, u.username, u.password, { 'x-forwarded-for': '172.31.0.1' })).status).toBe(200);
  });
});

describe('password policy', () => {
  it('refuses short, username-bearing and common passwords on change, with clear messages', async () => {
    const u = await makeUser(t, { roles: ['agent'] });
    const change = (newPassword: string, lang?: string) => {
      const c = new ApiClient(t.baseUrl, lang);
      c.cookie = u.client.cookie;
      return c.post('/api/v1/auth/password', { currentPassword: u.password, newPassword });
    };
    const short = await change('Ab-12345');
    expect(short.status).toBe(422);
    expect(short.body.error).toMatchObject({ code: 'weak_password', message: '密码不符合要求：至少 10 个字符' });
    const named = await change(`${u.username.toUpperCase()}-2026!`, 'en');
    expect(named.body.error.message).toBe('The password is not acceptable: it must not contain the username');
    const common = await change('1qaz2wsx3edc', 'zh-TW');
    expect(common.body.error.message).toBe('密碼不符合要求：太常見，容易被猜中');
    expect((await change('Counter-desk-7391')).status).toBe(200);
  });

  it('applies to users created or reset by an administrator', async () => {
    const hall = await makeOrgUnit(t);
    const username = `pw_${uniq()}`;
    const weak = await t.admin.post('/api/v1/users', { username, name: '测试', password: 'password123', roles: ['agent'], orgUnitId: hall.id });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('weak_password');
    const ok = await t.admin.post('/api/v1/users', { username, name: '测试', password: 'Hall-desk-2026', roles: ['agent'], orgUnitId: hall.id });
    expect(ok.status).toBe(201);
    const reset = await t.admin.patch(`/api/v1/users/${ok.body.id}`, { version: ok.body.version, password: `${username}123456` });
    expect(reset.status).toBe(422);
    expect(reset.body.error.details[0]).toMatchObject({ path: 'password', code: 'password_has_username' });
  });
});

describe('uploads', () => {
  let caseId: string;
  beforeAll(async () => {
    const r = await t.admin.post('/api/v1/cases', { type: 'complaint', channel: 'counter', subject: '附件检查', customer: { name: '附件客户', phone: '13900001234' } });
    expect(r.status).toBe(201);
    caseId = r.body.id;
  });
  const upload = (name: string, bytes: Uint8Array | string) => {
    const fd = new FormData();
    fd.append('file', new Blob([bytes as BlobPart]), name);
    return t.admin.request('POST', `/api/v1/cases/${caseId}/attachments`, fd);
  };
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

  it('takes only allowed types whose first bytes match, and refuses active content', async () => {
    expect((await upload('photo.png', PNG)).status).toBe(201);
    for (const [name, bytes] of [
      ['page.html', '<html><script>alert(1)</script></html>'],
      ['image.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['fake.png', '<script>alert(1)</script>'],
      ['setup.exe', 'MZ\x90\x00'],
      ['noext', 'hello'],
      ['binary.txt', new Uint8Array([0x4d, 0x5a, 0, 0, 0])],
    ] as const) {
      const r = await upload(name, bytes);
      expect({ name, status: r.status, code: r.body?.error?.code }).toEqual({ name, status: 415, code: 'unsupported_media_type' });
    }
  });

  it('limits JSON bodies to 1 MB whether their length is declared or they come in chunks', async () => {
    const send = (body: string, chunked: boolean) => new Promise<{ status: number; body: any }>((resolve, reject) => {
      const u = new URL(t.baseUrl);
      const headers: Record<string, string> = {
        'content-type': 'application/json', cookie: t.admin.cookie, 'x-csrf-token': csrfTokenFor(sessionOf(t.admin)),
        ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
      };
      const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/api/v1/customers', headers }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      // Chunked: written in pieces, so Node sends Transfer-Encoding: chunked and no length.
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
      req.end();
    });
    const huge = JSON.stringify({ name: '张三', phones: ['13800000000'], address: 'x'.repeat(1024 * 1024) });
    for (const chunked of [false, true]) {
      const r = await send(huge, chunked);
      expect({ chunked, status: r.status, code: r.body.error?.code }).toEqual({ chunked, status: 413, code: 'payload_too_large' });
      expect(r.body.error.message).toBe('内容过大（上限 1 MB）');
      const ok = await send(JSON.stringify({ name: `分块${uniq()}`, phones: ['13800000001'] }), chunked);
      expect({ chunked, status: ok.status }).toEqual({ chunked, status: 201 });
    }
  });

  it('refuses files over 20 MB with a translated 413', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1024);
    big.set(PNG);
    const r = await upload('big.png', big);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large', message: '内容过大（上限 20 MB）' });
  });

  it('serves files as downloads that can never run: attachment, nosniff, a sandboxing CSP', async () => {
    const up = await upload('notes.txt', '<script>alert(1)</script> 客户来电');
    expect(up.status).toBe(201);
    const r = await raw(`/api/v1/attachments/${up.body.id}/download`, { headers: { cookie: t.admin.cookie } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(r.headers.get('content-type')).toBe('text/plain');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });
});

describe('logs', () => {
  it('mask phone numbers, ID numbers and tokens in what the server writes', async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => { lines.push(String(chunk)); return true; };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
    try {
      const admin = new ApiClient(strict.url);
      const tk = await admin.post('/api/v1/auth/tokens', { username: 'admin', password: ADMIN_PASSWORD, name: 'log-test' });
      admin.bearer = tk.body.token;
      await admin.get('/api/v1/customers?q=13812345678');
      await admin.get('/api/v1/customers?q=110101199003071234');
      await admin.get(`/api/v1/customers?q=${encodeURIComponent('139 1234 5678')}&token=${tk.body.token}`);
      await admin.post('/api/v1/customers', { name: '日志客户', phones: ['13712345678'], idNumber: '11010119900307123X' });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const log = lines.join('');
    expect(log).toContain('/api/v1/customers?q=138****5678');
    expect(log).toContain('110***********1234');
    expect(log).not.toMatch(/13812345678|110101199003071234|1391234|13712345678|11010119900307123X/);
    expect(log).not.toMatch(/mny_[A-Za-z0-9_-]{10,}/);
  });
});
