import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { callbackTasks, caseCategories } from '../src/server/db/schema';
import { isSampled } from '../src/server/modules/callbacks/callback-rules';
import { seedDemoCallbacks } from '../src/server/modules/callbacks/callbacks.seed';
import { makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Callbacks (回访) through real HTTP: a resolution creates a task by rule,
// agents work the queue of their subtree, attempts move the task on, and
// "not resolved" reopens the case and notifies its owner and first responder.

let t: TestContext;
type User = Awaited<ReturnType<typeof makeUser>>;
let hallA: { id: string };
let hallB: { id: string };
let agentA: User;
let agentA2: User;
let callerA: User;
let agentB: User;
let supervisorA: User;
let categoryRoot: string;
let categoryLeaf: string;

const mobile = () => `139${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`;

async function makeCategory(parent: { id: string; path: string } | null, zh: string) {
  const id = crypto.randomUUID();
  const code = `cb-${crypto.randomBytes(4).toString('hex')}`;
  const path = `${parent?.path ?? '/'}${id}/`;
  await t.db.insert(caseCategories).values({ id, parentId: parent?.id ?? null, code, nameZhCn: zh, nameZhTw: zh, nameEn: code, path });
  return { id, path };
}

beforeAll(async () => {
  t = await startTestServer();
  hallA = await makeOrgUnit(t, { name: '福田营业厅' });
  hallB = await makeOrgUnit(t, { name: '南山营业厅' });
  agentA = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '首问人' });
  agentA2 = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '处理人' });
  callerA = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '回访员' });
  agentB = await makeUser(t, { roles: ['agent'], orgUnitId: hallB.id });
  supervisorA = await makeUser(t, { roles: ['supervisor'], orgUnitId: hallA.id });
  const root = await makeCategory(null, '回访测试');
  const leaf = await makeCategory(root, '回访测试-宽带');
  categoryRoot = root.id;
  categoryLeaf = leaf.id;
});

async function resolvedCase(body: Record<string, unknown> = {}, by: User = agentA) {
  const created = await by.client.post('/api/v1/cases', {
    type: 'complaint', channel: 'counter', subject: '宽带晚上断网', description: '客户反映宽带每晚掉线',
    customer: { name: '周晓明', phone: mobile() }, ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const resolved = await by.client.post(`/api/v1/cases/${created.body.id}/resolve`, { summary: '更换光猫后恢复正常', resolutionCode: 'solved' });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  return resolved.body;
}

async function taskOf(caseId: string, client = callerA.client) {
  const r = await client.get(`/api/v1/callbacks?caseId=${caseId}&state=open`);
  expect(r.status).toBe(200);
  return r.body.items[0];
}

describe('creating callback tasks on resolution', () => {
  it('creates one for every complaint, due 48 hours after resolution, on the case timeline', async () => {
    const c = await resolvedCase();
    const task = await taskOf(c.id);
    expect(task).toMatchObject({ caseId: c.id, caseNumber: c.number, caseType: 'complaint', status: 'pending', attempts: 0, maxAttempts: 3, siteId: hallA.id, ruleName: '全部投诉回访' });
    expect(new Date(task.dueAt).getTime() - new Date(c.resolvedAt).getTime()).toBe(48 * 3_600_000);
    const timeline = await agentA.client.get(`/api/v1/cases/${c.id}/timeline`);
    const created = timeline.body.items.find((e: any) => e.kind === 'callback_created');
    expect(created?.data).toMatchObject({ taskId: task.id });
  });

  it('samples 10 % of other cases by case id, and re-resolution does not re-roll', async () => {
    const outcomes: { id: string; sampled: boolean; has: boolean }[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await resolvedCase({ type: 'inquiry', subject: `咨询套餐 ${i}` });
      const has = (await t.db.select().from(callbackTasks).where(eq(callbackTasks.caseId, c.id))).length > 0;
      outcomes.push({ id: c.id, sampled: isSampled(c.id, 10), has });
    }
    for (const o of outcomes) expect(o.has).toBe(o.sampled);
    // Reopen and resolve again: the same draw, and never a second pending task.
    for (const o of outcomes.slice(0, 4)) {
      expect((await agentA.client.post(`/api/v1/cases/${o.id}/reopen`, { reason: '客户再次来电' })).status).toBe(200);
      expect((await agentA.client.post(`/api/v1/cases/${o.id}/resolve`, { summary: '再次处理完毕', resolutionCode: 'explained' })).status).toBe(200);
      const tasks = await t.db.select().from(callbackTasks).where(eq(callbackTasks.caseId, o.id));
      expect(tasks.length).toBe(o.sampled ? 1 : 0);
    }
  });

  it('uses the most specific rule: a category subtree rule for inquiries beats the default', async () => {
    expect((await agentA.client.get('/api/v1/callback-rules')).status).toBe(403);
    const bad = await supervisorA.client.post('/api/v1/callback-rules', { name: '坏规则', samplePercent: 100, dueMinutes: 60, dueUnit: 'business_minutes' });
    expect(bad.status).toBe(422);
    const badCategory = await supervisorA.client.post('/api/v1/callback-rules', { name: '坏规则', samplePercent: 100, dueMinutes: 60, categoryId: crypto.randomUUID() });
    expect(badCategory.status).toBe(422);
    const rule = await supervisorA.client.post('/api/v1/callback-rules', {
      name: '宽带咨询全回访', caseTypes: ['inquiry'], categoryId: categoryRoot, samplePercent: 100, dueMinutes: 240, maxAttempts: 2, retryAfterMinutes: 0,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body).toMatchObject({ categoryName: '回访测试', maxAttempts: 2, version: 1 });
    const c = await resolvedCase({ type: 'inquiry', categoryId: categoryLeaf });
    const task = await taskOf(c.id);
    expect(task).toMatchObject({ ruleId: rule.body.id, maxAttempts: 2 });
    expect(new Date(task.dueAt).getTime() - new Date(c.resolvedAt).getTime()).toBe(240 * 60_000);

    const list = await supervisorA.client.get('/api/v1/callback-rules');
    expect(list.body.items.map((r: any) => r.name)).toEqual(expect.arrayContaining(['全部投诉回访', '其他工单抽样回访 10%', '宽带咨询全回访']));
    const stale = await supervisorA.client.patch(`/api/v1/callback-rules/${rule.body.id}`, { version: 99, samplePercent: 50 });
    expect(stale.status).toBe(409);
    const off = await supervisorA.client.patch(`/api/v1/callback-rules/${rule.body.id}`, { version: 1, active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, version: 2 });
  });
});

describe('the service commitment', () => {
  it('makes the task due by the commitment\'s callback target when that comes first', async () => {
    const hallC = await makeOrgUnit(t, { name: '承诺测试营业厅' });
    const clerk = await makeUser(t, { roles: ['agent'], orgUnitId: hallC.id });
    const allDay = [['00:00', '24:00']];
    const cal = await t.admin.post('/api/v1/calendars', {
      name: `cb-24x7-${crypto.randomBytes(3).toString('hex')}`, timezone: 'Asia/Shanghai',
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    });
    expect(cal.status, JSON.stringify(cal.body)).toBe(201);
    const text = (x: string) => ({ 'zh-CN': x, 'zh-TW': x, en: x });
    const commitment = await t.admin.post('/api/v1/commitments', {
      code: `cb-${crypto.randomBytes(3).toString('hex')}`, title: text('投诉 4 小时内回访'), text: text('投诉办结后 4 小时内回访'),
      conditions: { siteId: hallC.id, caseTypes: ['complaint'] },
      targets: { callback: { minutes: 240, clock: 'calendar' } }, calendarId: cal.body.id,
    });
    expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
    const c = await resolvedCase({}, clerk);
    const task = await taskOf(c.id, clerk.client);
    // The commitment's clock starts at the resolution event (same transaction, a few ms from resolvedAt).
    expect(Math.abs(new Date(task.dueAt).getTime() - new Date(c.resolvedAt).getTime() - 240 * 60_000)).toBeLessThan(1000);
    const sla = await clerk.client.get(`/api/v1/cases/${c.id}/sla`);
    expect(sla.body.targets.find((x: any) => x.target === 'callback')?.dueAt).toBe(task.dueAt);
  });
});

describe('working the queue', () => {
  it('claims, refuses a second agent, counts unanswered attempts and closes as unreachable after the maximum', async () => {
    const c = await resolvedCase();
    const task = await taskOf(c.id);
    const claimed = await callerA.client.post(`/api/v1/callbacks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ claimedBy: callerA.user.id, claimedByName: '回访员' });
    const other = await agentA2.client.post(`/api/v1/callbacks/${task.id}/claim`);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain('其他坐席');
    const stale = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: claimed.body.version - 1, outcome: 'no_answer' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_write');

    let version = claimed.body.version;
    const first = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version, outcome: 'no_answer' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null });
    expect(first.body.nextAttemptAt).not.toBeNull();
    version = first.body.version;
    // Released after an unanswered call: another agent may take it.
    const second = await agentA2.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version, outcome: 'wrong_number', comment: '号码已停机' });
    expect(second.body).toMatchObject({ status: 'pending', attempts: 2 });
    const third = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: second.body.version, outcome: 'no_answer' });
    expect(third.body).toMatchObject({ status: 'unreachable', attempts: 3 });
    expect(third.body.completedAt).not.toBeNull();
    const after = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: third.body.version, outcome: 'reached', resolved: true, satisfaction: 5 });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('conflict');

    const detail = await callerA.client.get(`/api/v1/callbacks/${task.id}`);
    expect(detail.body.attemptsLog.map((a: any) => a.outcome)).toEqual(['no_answer', 'wrong_number', 'no_answer']);
    expect(detail.body.customer.phones[0]).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(detail.body.case).toMatchObject({ number: c.number, resolutionSummary: '更换光猫后恢复正常' });
    const timeline = await agentA.client.get(`/api/v1/cases/${c.id}/timeline`);
    const kinds = timeline.body.items.map((e: any) => e.kind);
    expect(kinds.filter((k: string) => k === 'callback_attempt')).toHaveLength(3);
    expect(timeline.body.items.find((e: any) => e.kind === 'callback_completed')?.data).toMatchObject({ status: 'unreachable' });
  });

  it('hands out the most urgent task with next, and two agents asking at once get different tasks', async () => {
    const a = await resolvedCase();
    const b = await resolvedCase();
    const [n1, n2] = await Promise.all([agentA2.client.post('/api/v1/callbacks/next'), supervisorA.client.post('/api/v1/callbacks/next')]);
    expect(n1.status).toBe(200);
    expect(n1.body.task).not.toBeNull();
    expect(n2.body.task).not.toBeNull();
    expect(n1.body.task.id).not.toBe(n2.body.task.id);
    // Asking again returns the task I hold.
    expect((await agentA2.client.post('/api/v1/callbacks/next')).body.task.id).toBe(n1.body.task.id);
    const released = await agentA2.client.post(`/api/v1/callbacks/${n1.body.task.id}/release`);
    expect(released.body.claimedBy).toBeNull();
    await supervisorA.client.post(`/api/v1/callbacks/${n2.body.task.id}/release`);
    const summary = await callerA.client.get('/api/v1/callbacks/summary');
    expect(summary.body.open).toBeGreaterThanOrEqual(2);
    void a; void b;
  });

  it('completes on reached and resolved, with satisfaction; reached needs both answers', async () => {
    const c = await resolvedCase();
    const task = await taskOf(c.id);
    const missing = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: task.version, outcome: 'reached', resolved: true });
    expect(missing.status).toBe(422);
    const extra = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: task.version, outcome: 'no_answer', satisfaction: 3 });
    expect(extra.status).toBe(422);
    const done = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: task.version, outcome: 'reached', resolved: true, satisfaction: 5, comment: '客户表示满意' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', resolved: true, satisfaction: 5, comment: '客户表示满意' });
    const kase = await agentA.client.get(`/api/v1/cases/${c.id}`);
    expect(kase.body.status).toBe('resolved');
    const finished = await callerA.client.get('/api/v1/callbacks?state=done');
    expect(finished.body.items.some((x: any) => x.id === task.id)).toBe(true);
  });

  it('reopens the case on "not resolved" and notifies its owner and first responder', async () => {
    const created = await agentA.client.post('/api/v1/cases', {
      type: 'complaint', channel: 'hotline', subject: '话费多扣', description: '客户称本月话费多扣 30 元', customer: { name: '吴芳', phone: mobile() },
    });
    const id = created.body.id;
    expect((await agentA.client.post(`/api/v1/cases/${id}/transfer`, { toUserId: agentA2.user.id, reason: '转账务专员处理' })).status).toBe(200);
    expect((await agentA2.client.post(`/api/v1/cases/${id}/resolve`, { summary: '已退还多扣话费', resolutionCode: 'compensated' })).status).toBe(200);
    const task = await taskOf(id);
    const before1 = (await agentA.client.get('/api/v1/notifications/unread-count')).body.count;
    const before2 = (await agentA2.client.get('/api/v1/notifications/unread-count')).body.count;
    const r = await callerA.client.post(`/api/v1/callbacks/${task.id}/attempts`, { version: task.version, outcome: 'reached', resolved: false, satisfaction: 2, comment: '退款未到账' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'completed', resolved: false, satisfaction: 2 });
    const kase = await agentA2.client.get(`/api/v1/cases/${id}`);
    expect(kase.body).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    const timeline = await agentA.client.get(`/api/v1/cases/${id}/timeline`);
    const reopened = timeline.body.items.find((e: any) => e.kind === 'reopened');
    expect(reopened.data).toMatchObject({ cause: 'callback_unresolved' });
    expect(reopened.data.reason).toContain('退款未到账');
    expect(timeline.body.items.find((e: any) => e.kind === 'callback_completed')?.data).toMatchObject({ resolved: false, satisfaction: 2 });
    for (const [who, before] of [[agentA, before1], [agentA2, before2]] as const) {
      expect((await who.client.get('/api/v1/notifications/unread-count')).body.count).toBe(before + 1);
      const list = await who.client.get('/api/v1/notifications?limit=1');
      expect(list.body.items[0]).toMatchObject({ kind: 'callback_unresolved', caseId: id });
      expect(list.body.items[0].title).toContain(kase.body.number);
    }
    expect((await callerA.client.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
  });
});

describe('demo data', () => {
  it('gives recently resolved demo cases the tasks the rules would have made, and never a second one', async () => {
    const fresh = await resolvedCase();
    const old = await resolvedCase();
    // As if written by the bulk demo seed, which runs no case hooks: no task yet; one resolved three days ago.
    await t.db.delete(callbackTasks).where(eq(callbackTasks.caseId, fresh.id));
    await t.db.delete(callbackTasks).where(eq(callbackTasks.caseId, old.id));
    const now = Date.now();
    const { cases } = await import('../src/server/db/schema');
    await t.db.update(cases).set({ resolvedAt: new Date(now - 3 * 86_400_000) }).where(eq(cases.id, old.id));
    const first = await seedDemoCallbacks(t.db, { nowMs: now, seed: 3 });
    expect(first.tasks).toBeGreaterThanOrEqual(2);
    const freshTask = await taskOf(fresh.id);
    expect(freshTask).toMatchObject({ status: 'pending', ruleName: '全部投诉回访' });
    const [oldTask] = await t.db.select().from(callbackTasks).where(eq(callbackTasks.caseId, old.id));
    expect(['completed', 'unreachable']).toContain(oldTask.status);
    const timeline = await agentA.client.get(`/api/v1/cases/${old.id}/timeline`);
    expect(timeline.body.items.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['callback_created', 'callback_attempt', 'callback_completed']));
    expect((await seedDemoCallbacks(t.db, { nowMs: now, seed: 3 })).tasks).toBe(0);
  });
});

describe('scoping', () => {
  it('shows a hall its own callbacks only; another hall gets 404', async () => {
    const c = await resolvedCase();
    const task = await taskOf(c.id);
    expect((await agentB.client.get(`/api/v1/callbacks/${task.id}`)).status).toBe(404);
    expect((await agentB.client.post(`/api/v1/callbacks/${task.id}/claim`)).status).toBe(404);
    const theirs = await agentB.client.get('/api/v1/callbacks?limit=200');
    expect(theirs.body.items.every((x: any) => x.siteId !== hallA.id)).toBe(true);
    const tech = await makeUser(t, { roles: ['technician'], orgUnitId: hallA.id });
    expect((await tech.client.get('/api/v1/callbacks')).status).toBe(403);
  });
});
