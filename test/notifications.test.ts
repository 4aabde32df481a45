import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationOutbox, notifications, users } from '../src/server/db/schema';
import { deliverOutbox, notify, retryDelayMs } from '../src/server/platform/notifications';
import { makeUser, startTestServer, type ApiClient, type TestContext } from './harness';

// In-app notifications over real HTTP, live arrival over SSE, and email
// through a real SMTP server listening in this process. Jobs are off in this
// file: the test drains the outbox itself, at instants it chooses.

interface Received { to: string[]; raw: string }
const received: Received[] = [];
let rejectNext = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    let raw = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => { raw += chunk; });
    stream.on('end', () => {
      if (rejectNext > 0) {
        rejectNext -= 1;
        const err = Object.assign(new Error('mailbox busy'), { responseCode: 451 });
        return callback(err);
      }
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});

let t: TestContext;
const title = { 'zh-CN': '工单已重开', 'zh-TW': '工單已重開', en: 'Case reopened' };
const body = { 'zh-CN': '客户回访表示问题未解决。', 'zh-TW': '客戶回訪表示問題未解決。', en: 'The customer says the problem is not solved.' };

beforeAll(async () => {
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as { port: number }).port;
  process.env.MANYI_JOBS = '0';
  process.env.MANYI_SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MANYI_MAIL_FROM = 'Manyi <noreply@manyi.test>';
  process.env.MANYI_SMS_ADAPTER = 'log';
  t = await startTestServer();
});
afterAll(async () => { await new Promise<void>((r) => smtp.close(() => r())); });

/** A real SSE connection whose messages are collected in the background. */
async function liveStream(client: ApiClient) {
  const ctrl = new AbortController();
  const res = await fetch(`${t.baseUrl}/api/v1/live`, { headers: { cookie: client.cookie }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const messages: { topic: string; payload: any }[] = [];
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const data = buf.slice(0, i).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          buf = buf.slice(i + 2);
          if (data) messages.push(JSON.parse(data));
        }
      }
    } catch { /* closed */ }
  })();
  /** The first message of `topic`. */
  const next = async (topic: string): Promise<any> => {
    await expect.poll(() => messages.some((m) => m.topic === topic), { timeout: 10_000 }).toBe(true);
    return messages.find((m) => m.topic === topic)!.payload;
  };
  return { next, messages, close: () => ctrl.abort() };
}

describe('in-app notifications', () => {
  it('lists mine in my language with keyset pages, counts unread, marks read; others cannot touch them', async () => {
    const me = await makeUser(t, { roles: ['agent'], locale: 'en' });
    const other = await makeUser(t, { roles: ['agent'] });
    for (let i = 0; i < 5; i++) {
      await notify(t.db, { recipientIds: [me.user.id], kind: 'test', title: { ...title, en: `Case reopened ${i}` }, body });
    }
    await notify(t.db, { recipientIds: [other.user.id], kind: 'test', title });

    expect((await me.client.get('/api/v1/notifications/unread-count')).body).toEqual({ count: 5 });
    const p1 = await me.client.get('/api/v1/notifications?limit=3');
    expect(p1.status).toBe(200);
    expect(p1.body.items.map((n: any) => n.title)).toEqual(['Case reopened 4', 'Case reopened 3', 'Case reopened 2']);
    expect(p1.body.items[0].body).toBe(body.en);
    const p2 = await me.client.get(`/api/v1/notifications?limit=3&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((n: any) => n.title)).toEqual(['Case reopened 1', 'Case reopened 0']);
    expect(p2.body.nextCursor).toBeNull();
    // Accept-Language wins over the account's language.
    me.client.locale = 'zh-TW';
    expect((await me.client.get('/api/v1/notifications?limit=1')).body.items[0].title).toBe('工單已重開');
    me.client.locale = undefined;

    const first = p1.body.items[0].id;
    expect((await other.client.post(`/api/v1/notifications/${first}/read`)).status).toBe(404);
    expect((await me.client.post(`/api/v1/notifications/${first}/read`)).status).toBe(200);
    expect((await me.client.post(`/api/v1/notifications/${first}/read`)).status).toBe(200);
    expect((await me.client.get('/api/v1/notifications/unread-count')).body).toEqual({ count: 4 });
    const unread = await me.client.get('/api/v1/notifications?unread=true');
    expect(unread.body.items).toHaveLength(4);
    expect((await me.client.post('/api/v1/notifications/read-all')).body).toEqual({ marked: 4 });
    expect((await me.client.get('/api/v1/notifications/unread-count')).body).toEqual({ count: 0 });
    expect((await other.client.get('/api/v1/notifications/unread-count')).body).toEqual({ count: 1 });
    expect((await me.client.get('/api/v1/notifications?cursor=garbage')).status).toBe(422);
  });

  it('arrives live over SSE to the recipient only, once the writing transaction commits', async () => {
    const me = await makeUser(t, { roles: ['agent'] });
    const bystander = await makeUser(t, { roles: ['agent'] });
    const mine = await liveStream(me.client);
    const theirs = await liveStream(bystander.client);
    await mine.next('live.ready');
    await theirs.next('live.ready');
    const caseId = crypto.randomUUID();
    await t.db.transaction(async (tx) => {
      await notify(tx, { recipientIds: [me.user.id], kind: 'callback_unresolved', caseId, title });
    });
    const payload = await mine.next('notification');
    expect(payload).toMatchObject({ kind: 'callback_unresolved', caseId });
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, payload.id));
    expect(row.recipientId).toBe(me.user.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(theirs.messages.map((m) => m.topic)).toEqual(['live.ready']);
    mine.close();
    theirs.close();
  });
});

describe('email and SMS', () => {
  it('emails through a real SMTP server, retries when it refuses, and respects preferences', async () => {
    const me = await makeUser(t, { roles: ['agent'] });
    await t.db.update(users).set({ email: 'wang.fang@hall.example', phone: '13812345678' }).where(eq(users.id, me.user.id));
    const prefs = await me.client.get('/api/v1/notifications/preferences');
    expect(prefs.body).toMatchObject({ email: true, sms: false, emailAvailable: true, smsAvailable: true, hasEmail: true, hasPhone: true });

    rejectNext = 1;
    await notify(t.db, { recipientIds: [me.user.id], kind: 'test', title, body });
    const now = new Date();
    expect(await deliverOutbox(t.db, now)).toEqual({ sent: 0, failed: 0, retried: 1 });
    const [pending] = await t.db.select().from(notificationOutbox).innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
      .where(eq(notifications.recipientId, me.user.id));
    expect(pending.notification_outbox).toMatchObject({ status: 'pending', attempts: 1, channel: 'email' });
    // Not yet due again.
    expect(await deliverOutbox(t.db, new Date(now.getTime() + 1000))).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(await deliverOutbox(t.db, new Date(now.getTime() + retryDelayMs(1) + 1000))).toEqual({ sent: 1, failed: 0, retried: 0 });
    const mail = received.find((m) => m.to.includes('wang.fang@hall.example'))!;
    expect(mail).toBeDefined();
    expect(mail.raw).toContain('From: Manyi <noreply@manyi.test>');
    expect(mail.raw).toMatch(/Subject: =\?UTF-8\?/);
    expect(Buffer.from(mail.raw).toString()).toContain('Content-Type: text/plain');

    // SMS chosen, email switched off: only an SMS is queued, and sent via the log adapter.
    const put = await me.client.put('/api/v1/notifications/preferences', { email: false, sms: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ email: false, sms: true });
    const before = received.length;
    await notify(t.db, { recipientIds: [me.user.id], kind: 'test', title });
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => { lines.push(line); };
    try {
      expect(await deliverOutbox(t.db, new Date(Date.now() + 1000))).toEqual({ sent: 1, failed: 0, retried: 0 });
    } finally {
      console.log = log;
    }
    expect(received.length).toBe(before);
    expect(lines).toEqual(['[sms] to 138****5678: 【满意】工单已重开']);
    expect((await me.client.put('/api/v1/notifications/preferences', { email: 'yes' })).status).toBe(422);
  });

  it('gives up after the maximum attempts without touching the notification', async () => {
    const me = await makeUser(t, { roles: ['agent'] });
    await t.db.update(users).set({ email: 'li.lei@hall.example' }).where(eq(users.id, me.user.id));
    rejectNext = 100;
    await notify(t.db, { recipientIds: [me.user.id], kind: 'test', title });
    let at = Date.now();
    const results = [];
    for (let i = 0; i < 6; i++) {
      at += 60 * 60_000;
      results.push(await deliverOutbox(t.db, new Date(at)));
    }
    rejectNext = 0;
    expect(results.map((r) => r.failed)).toEqual([0, 0, 0, 0, 1, 0]);
    const rows = await t.db.select().from(notificationOutbox).innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
      .where(eq(notifications.recipientId, me.user.id));
    expect(rows[0].notification_outbox).toMatchObject({ status: 'failed', attempts: 5 });
    expect(rows[0].notification_outbox.lastError).not.toContain('li.lei');
    expect((await me.client.get('/api/v1/notifications/unread-count')).body).toEqual({ count: 1 });
  });
});
