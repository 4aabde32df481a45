import crypto from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseCategories, caseTransfers, cases } from '../src/server/db/schema';
import { caseVisibility, WORK_ORDER_CASES_LISTED } from '../src/server/modules/cases/case-access';
import { loadActor } from '../src/server/modules/platform/auth.service';
import { readTokenStats } from '../src/server/platform/search';
import { makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// The case lifecycle through real HTTP: the counter-complaint journey with first-responder duty,
// transitions, optimistic concurrency, repeat complaints, merge, links, comments, search and org scope.
// The database is shared with other test files, so names and words here are unique to this run.

let t: TestContext;
type User = Awaited<ReturnType<typeof makeUser>>;
let hallA: { id: string };
let hallB: { id: string };
let broadband: { id: string; name: string };
let agentA: User;
let supervisorA: User;
let agentB: User;
let teamMember: User;
let categoryId: string;
let otherCategoryId: string;

const mobile = () => `138${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`;
const HAN = '赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏';
const hanName = () => Array.from({ length: 3 }, () => HAN[crypto.randomInt(0, HAN.length)]).join('');

async function makeCategory(parentId: string | null, zh: string): Promise<string> {
  const id = crypto.randomUUID();
  const code = `t-${crypto.randomBytes(4).toString('hex')}`;
  await t.db.insert(caseCategories).values({ id, parentId, code, nameZhCn: zh, nameZhTw: zh, nameEn: code, path: `/${id}/` });
  return id;
}

beforeAll(async () => {
  t = await startTestServer();
  hallA = await makeOrgUnit(t, { name: '罗湖营业厅' });
  hallB = await makeOrgUnit(t, { name: '宝安营业厅' });
  broadband = await makeOrgUnit(t, { name: '宽带支撑班组', kind: 'team', isResolverGroup: true });
  agentA = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '王小红' });
  supervisorA = await makeUser(t, { roles: ['supervisor'], orgUnitId: hallA.id, name: '李主管' });
  agentB = await makeUser(t, { roles: ['agent'], orgUnitId: hallB.id });
  teamMember = await makeUser(t, { roles: ['agent'], orgUnitId: broadband.id, name: '宽带张工' });
  const root = await makeCategory(null, '网络质量');
  const mid = await makeCategory(root, '宽带');
  categoryId = await makeCategory(mid, '无法上网');
  otherCategoryId = await makeCategory(root, '信号差');
});

async function createCase(client = agentA.client, body: Record<string, unknown> = {}) {
  const r = await client.post('/api/v1/cases', {
    type: 'complaint', channel: 'counter', subject: '宽带经常断网', description: '客户反映家中宽带晚上经常掉线', priority: 'high',
    customer: { name: hanName(), phone: mobile() }, ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Every page of a search, `limit` at a time through the keyset cursor: the ids in the order served. */
/** `n` copies of a case (its text, customer, site, people), created from `at` on, 1 ms apart; owned by `ownerId` when given. */
async function copies(templateId: string, n: number, at: Date, ownerId?: string): Promise<void> {
  await t.db.execute(sql`INSERT INTO cases (id, number, type, channel, status, priority, subject, description, customer_id, site_id,
      first_responder_id, owner_id, search_tokens, created_at, updated_at)
    SELECT gen_random_uuid(), c.number || '-' || g, c.type, c.channel, c.status, c.priority, c.subject, c.description, c.customer_id,
      c.site_id, c.first_responder_id, COALESCE(${ownerId ?? null}::uuid, c.owner_id), c.search_tokens,
      ${at}::timestamptz + g * interval '1 ms', now()
    FROM cases c, generate_series(1, ${n}) g WHERE c.id = ${templateId}`);
}

async function searchAllPages(client: User['client'], q: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
      await client.get(`/api/v1/cases?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    seen.push(...r.body.items.map((x) => x.id));
    cursor = r.body.nextCursor;
  } while (cursor);
  return seen;
}

describe('the counter-complaint journey', () => {
  it('keeps the first responder through transfers, counts a bounce, and closes on confirmation', async () => {
    const created = await createCase(agentA.client, {
      subject: '光猫反复重启投诉', description: '客户称光猫每晚反复重启，影响孩子上网课', categoryId,
      customer: { name: '陈建国', phone: '138-0013-8000' },
    });
    expect(created.number).toMatch(/^TS\d{8}\d{6}$/);
    expect(created).toMatchObject({
      type: 'complaint', channel: 'counter', status: 'new', priority: 'high', siteId: hallA.id, siteName: '罗湖营业厅',
      firstResponderId: agentA.user.id, ownerId: agentA.user.id, groupId: null, customerName: '陈建国',
      firstResponder: { id: agentA.user.id, name: '王小红' }, owner: { id: agentA.user.id, name: '王小红' },
      categoryPath: ['网络质量', '宽带', '无法上网'], transferCount: 0, isRepeat: false, version: 1,
    });
    const id = created.id;

    // The inline customer exists, masked, at the receiving hall.
    const customer = await agentA.client.get(`/api/v1/customers/${created.customerId}`);
    expect(customer.status).toBe(200);
    expect(customer.body).toMatchObject({ name: '陈建国', orgUnitId: hallA.id, phones: ['138****8000'] });

    const accepted = await agentA.client.patch(`/api/v1/cases/${id}`, { version: 1, status: 'accepted' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 2 });

    // To the broadband team: owner and group change, the first responder does not.
    const toTeam = await agentA.client.post(`/api/v1/cases/${id}/transfer`, { toGroupId: broadband.id, reason: '属宽带线路问题，转宽带班组' });
    expect(toTeam.status, JSON.stringify(toTeam.body)).toBe(200);
    expect(toTeam.body).toMatchObject({
      firstResponderId: agentA.user.id, ownerId: null, groupId: broadband.id, group: { id: broadband.id, name: '宽带支撑班组' }, transferCount: 1,
    });

    // The team sees it in its queue and the first responder still sees it.
    const teamQueue = await teamMember.client.get('/api/v1/cases?queue=team&limit=200');
    expect(teamQueue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await agentA.client.get(`/api/v1/cases?queue=first_responder&limit=200`)).body.items.map((c: { id: string }) => c.id)).toContain(id);

    // The team sends it straight back to the counter: a bounce (推诿).
    const back = await teamMember.client.post(`/api/v1/cases/${id}/transfer`, { toUserId: agentA.user.id, reason: '不是我们的问题' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ firstResponderId: agentA.user.id, ownerId: agentA.user.id, groupId: null, transferCount: 2 });
    const transfers = await t.db.select().from(caseTransfers).where(eq(caseTransfers.caseId, id)).orderBy(asc(caseTransfers.id));
    expect(transfers.map((x) => [x.toUserId, x.toGroupId, x.isBounce])).toEqual([[null, broadband.id, false], [agentA.user.id, null, true]]);

    // Same holder again: refused.
    const same = await agentA.client.post(`/api/v1/cases/${id}/transfer`, { toUserId: agentA.user.id, reason: '再转一次' });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('conflict');

    const escalated = await agentA.client.post(`/api/v1/cases/${id}/escalate`, { level: 1, reason: '客户情绪激动，要求主管处理' });
    expect(escalated.status).toBe(200);
    expect(escalated.body.escalationLevel).toBe(1);
    expect((await agentA.client.post(`/api/v1/cases/${id}/escalate`, { level: 1, reason: '再次升级' })).status).toBe(409);

    const comment = await agentA.client.post(`/api/v1/cases/${id}/comments`, { body: '已联系装维上门更换光猫电源适配器', public: true });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
    expect(comment.body).toMatchObject({ caseId: id, authorId: agentA.user.id, public: true });

    const resolved = await agentA.client.post(`/api/v1/cases/${id}/resolve`, { summary: '更换光猫电源后恢复正常', resolutionCode: 'solved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionCode: 'solved', resolutionSummary: '更换光猫电源后恢复正常' });
    expect(resolved.body.resolvedAt).toBeTruthy();

    const confirmed = await agentA.client.post(`/api/v1/cases/${id}/confirm`, { satisfied: true, comment: '客户表示满意' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'closed', confirmation: 'satisfied', firstResponderId: agentA.user.id });
    expect(confirmed.body.closedAt).toBeTruthy();

    const timeline = await agentA.client.get(`/api/v1/cases/${id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual([
      // callback_created: the default callback rule calls back every complaint once it is resolved.
      'created', 'status_changed', 'transferred', 'transferred', 'escalated', 'commented', 'resolved', 'callback_created', 'confirmed',
    ]);
    expect(timeline.body.items[0]).toMatchObject({ actorId: agentA.user.id, actorName: '王小红', data: { number: created.number } });
    expect(timeline.body.items[3]).toMatchObject({ actorName: '宽带张工', data: { isBounce: true, reason: '不是我们的问题' } });

    // Every write is audited.
    const audits = await t.db.select({ action: auditLog.action }).from(auditLog)
      .where(and(eq(auditLog.entityType, 'case'), eq(auditLog.entityId, id))).orderBy(asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual([
      'case.create', 'case.update', 'case.transfer', 'case.transfer', 'case.escalate', 'case.comment', 'case.resolve', 'case.confirm',
    ]);

    // Reopen a closed case, then an unsatisfied customer sends a resolution back to work.
    const reopened = await agentA.client.post(`/api/v1/cases/${id}/reopen`, { reason: '客户来电称又断网' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', reopenCount: 1, closedAt: null, confirmation: null });
    await agentA.client.post(`/api/v1/cases/${id}/resolve`, { summary: '重新熔接光纤', resolutionCode: 'solved' });
    const unhappy = await agentA.client.post(`/api/v1/cases/${id}/confirm`, { satisfied: false, comment: '还是不稳定' });
    expect(unhappy.body).toMatchObject({ status: 'in_progress', confirmation: 'unsatisfied', reopenCount: 2 });

    // The customer's page lists the case.
    const mine = await agentA.client.get(`/api/v1/customers/${created.customerId}/cases`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
  });
});

describe('lifecycle rules', () => {
  it('refuses an illegal transition with 409 and a translated message', async () => {
    const c = await createCase();
    const zh = await agentA.client.patch(`/api/v1/cases/${c.id}`, { version: c.version, status: 'waiting_customer' });
    expect(zh.status).toBe(409);
    expect(zh.body.error).toEqual({ code: 'illegal_transition', message: '工单状态不允许从“新建”变为“等待客户”' });
    const en = await agentA.client.patch(`/api/v1/cases/${c.id}`, { version: c.version, status: 'waiting_customer' }, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('A case cannot go from "new" to "waiting on customer"');

    const confirm = await agentA.client.post(`/api/v1/cases/${c.id}/confirm`, { satisfied: true });
    expect(confirm.status).toBe(409);
    expect(confirm.body.error.code).toBe('illegal_transition');
    expect((await agentA.client.post(`/api/v1/cases/${c.id}/reopen`, { reason: '误操作测试' })).status).toBe(409);

    // Cancel needs a supervisor; a cancelled case goes nowhere.
    expect((await agentA.client.post(`/api/v1/cases/${c.id}/cancel`, { reason: '客户撤回' })).status).toBe(403);
    const cancelled = await supervisorA.client.post(`/api/v1/cases/${c.id}/cancel`, { reason: '客户撤回' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await agentA.client.post(`/api/v1/cases/${c.id}/resolve`, { summary: '已解决', resolutionCode: 'solved' })).status).toBe(409);
    const edit = await agentA.client.patch(`/api/v1/cases/${c.id}`, { version: cancelled.body.version, subject: '改标题' });
    expect(edit.status).toBe(409);
  });

  it('refuses a stale PATCH with 409 stale_write', async () => {
    const c = await createCase();
    const first = await agentA.client.patch(`/api/v1/cases/${c.id}`, { version: c.version, subject: '宽带断网（已核实）' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(c.version + 1);
    const second = await agentA.client.patch(`/api/v1/cases/${c.id}`, { version: c.version, priority: 'urgent' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('stale_write');
    expect((await agentA.client.get(`/api/v1/cases/${c.id}`)).body).toMatchObject({ subject: '宽带断网（已核实）', priority: 'high' });
    expect((await agentA.client.patch(`/api/v1/cases/${c.id}`, { subject: 'x' })).status).toBe(422);
  });

  it('flags a repeat complaint from the same customer in the same category', async () => {
    const first = await createCase(agentA.client, { categoryId });
    const again = await createCase(agentA.client, { categoryId, customer: undefined, customerId: first.customerId, channel: 'hotline' });
    expect(again).toMatchObject({ isRepeat: true, repeatOfId: first.id });
    const timeline = await agentA.client.get(`/api/v1/cases/${again.id}/timeline`);
    expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(['created', 'repeat_flagged']);
    expect(timeline.body.items[1].data).toMatchObject({ repeatOfId: first.id, repeatOfNumber: first.number, windowDays: 30 });

    const otherCategory = await createCase(agentA.client, { categoryId: otherCategoryId, customer: undefined, customerId: first.customerId });
    expect(otherCategory.isRepeat).toBe(false);
    const inquiry = await createCase(agentA.client, { type: 'inquiry', categoryId, customer: undefined, customerId: first.customerId });
    expect(inquiry.isRepeat).toBe(false);
    expect(inquiry.number).toMatch(/^ZX/);

    const repeats = await agentA.client.get(`/api/v1/cases?customerId=${first.customerId}&isRepeat=true`);
    expect(repeats.body.items.map((c: { id: string }) => c.id)).toEqual([again.id]);
  });

  it('merges a duplicate into a surviving case', async () => {
    const survivor = await createCase();
    const dup = await createCase(agentA.client, { customer: undefined, customerId: survivor.customerId });
    expect((await agentA.client.post(`/api/v1/cases/${dup.id}/merge`, { intoCaseId: survivor.id })).status).toBe(403);
    const self = await supervisorA.client.post(`/api/v1/cases/${dup.id}/merge`, { intoCaseId: dup.id });
    expect(self.status).toBe(409);

    const merged = await supervisorA.client.post(`/api/v1/cases/${dup.id}/merge`, { intoCaseId: survivor.id, reason: '同一客户重复来电' });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ status: 'closed', mergedIntoId: survivor.id, resolutionCode: 'duplicate' });
    const dupTimeline = (await agentA.client.get(`/api/v1/cases/${dup.id}/timeline`)).body.items;
    expect(dupTimeline.at(-1)).toMatchObject({ kind: 'merged', data: { intoCaseId: survivor.id, intoNumber: survivor.number } });
    const survivorTimeline = (await agentA.client.get(`/api/v1/cases/${survivor.id}/timeline`)).body.items;
    expect(survivorTimeline.at(-1)).toMatchObject({ kind: 'merged_from', data: { caseId: dup.id, number: dup.number } });

    // Nothing merges into a merged case, nor is a merged case merged or reopened again.
    const third = await createCase();
    const intoMerged = await supervisorA.client.post(`/api/v1/cases/${third.id}/merge`, { intoCaseId: dup.id });
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.body.error.message).toBe('操作与当前状态冲突：不能合并到已合并或已取消的工单');
    expect((await supervisorA.client.post(`/api/v1/cases/${dup.id}/merge`, { intoCaseId: third.id })).status).toBe(409);
    expect((await supervisorA.client.post(`/api/v1/cases/${dup.id}/reopen`, { reason: '想重开' })).status).toBe(409);
  });

  it('links related cases and keeps comments', async () => {
    const a = await createCase();
    const b = await createCase();
    const linked = await agentA.client.post(`/api/v1/cases/${a.id}/links`, { caseId: b.id });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.items.map((c: { id: string }) => c.id)).toEqual([b.id]);
    expect((await agentA.client.post(`/api/v1/cases/${a.id}/links`, { caseId: b.id })).body.items).toHaveLength(1);
    expect((await agentA.client.get(`/api/v1/cases/${b.id}/links`)).body.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await agentA.client.post(`/api/v1/cases/${a.id}/links`, { caseId: a.id })).status).toBe(409);

    await agentA.client.post(`/api/v1/cases/${a.id}/comments`, { body: '内部备注：客户为集团客户' });
    await agentA.client.post(`/api/v1/cases/${a.id}/comments`, { body: '已回电告知处理进度', public: true });
    const comments = await agentA.client.get(`/api/v1/cases/${a.id}/comments`);
    expect(comments.body.items.map((c: { body: string; public: boolean; authorName: string }) => [c.body, c.public, c.authorName])).toEqual([
      ['内部备注：客户为集团客户', false, '王小红'], ['已回电告知处理进度', true, '王小红'],
    ]);
    // A comment does not make an open edit form stale.
    expect((await agentA.client.get(`/api/v1/cases/${a.id}`)).body.version).toBe(a.version);
  });
});

describe('search, filters and scope', () => {
  it('finds a case by a Chinese word of its description, of a comment, or its customer name', async () => {
    const word = `鸿${crypto.randomBytes(2).toString('hex')}`;
    const c = await createCase(agentA.client, { subject: '手机信号问题', description: `小区地下车库完全没有信号，编号${word}` });
    const ids = async (q: string) => (await agentA.client.get(`/api/v1/cases?q=${encodeURIComponent(q)}&limit=200`)).body.items.map((x: { id: string }) => x.id);
    expect(await ids('地下车库')).toContain(c.id);
    expect(await ids('车库 信号')).toContain(c.id);
    expect(await ids(c.customerName)).toContain(c.id);
    expect(await ids(`${c.customerName.slice(1)} 车库`)).toContain(c.id);
    expect(await ids(c.number)).toEqual([c.id]);
    expect(await ids('菠萝蜜饯')).not.toContain(c.id);

    await agentA.client.post(`/api/v1/cases/${c.id}/comments`, { body: '已派工程师测量驻波比' });
    expect(await ids('驻波比')).toContain(c.id);
  });

  it('filters and pages newest first with a keyset cursor', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createCase(agentA.client, { type: 'fault', channel: 'wechat' }));
    const p1 = await agentA.client.get(`/api/v1/cases?type=fault&channel=wechat&siteId=${hallA.id}&limit=2`);
    expect(p1.status).toBe(200);
    expect(p1.body.items.map((c: { id: string }) => c.id)).toEqual([made[2].id, made[1].id]);
    expect(p1.body.nextCursor).toBeTruthy();
    const p2 = await agentA.client.get(`/api/v1/cases?type=fault&channel=wechat&siteId=${hallA.id}&limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((c: { id: string }) => c.id)).toEqual([made[0].id]);
    expect(p2.body.nextCursor).toBeNull();

    const multi = await agentA.client.get(`/api/v1/cases?status=new&status=accepted&type=fault&channel=wechat&limit=200`);
    expect(multi.status).toBe(200);
    expect(multi.body.items).toHaveLength(3);
    const mine = await agentA.client.get(`/api/v1/cases?queue=me&type=fault&channel=wechat&limit=200`);
    expect(mine.body.items).toHaveLength(3);
    expect((await agentA.client.get('/api/v1/cases?status=bogus')).status).toBe(422);
  });

  it('pages search matches newest first across the search windows (days, weeks, older), none lost or repeated', async () => {
    const word = `鹊${crypto.randomBytes(2).toString('hex')}`;
    const daysAgo = [0, 1, 2, 5, 20, 40, 200, 200];
    const made: { id: string; days: number }[] = [];
    for (const days of daysAgo) {
      const c = await createCase(agentA.client, { description: `窗口测试${word}` });
      // Backdate, as a case recorded that many days ago (ms apart so the order is fixed).
      await t.db.update(cases).set({ createdAt: new Date(Date.now() - days * 86_400_000 - made.length) }).where(eq(cases.id, c.id));
      made.push({ id: c.id, days });
    }
    const expected = [...made].reverse().sort((a, b) => a.days - b.days).map((m) => m.id);
    for (const limit of [1, 2, 3, 5]) {
      const seen = await searchAllPages(agentA.client, word, limit);
      expect(seen).toEqual(expected);
    }
    // A date filter narrower than a window: one query, same answer.
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const recent = await agentA.client.get(`/api/v1/cases?q=${encodeURIComponent(word)}&createdFrom=${from}&limit=50`);
    expect(recent.body.items.map((x: { id: string }) => x.id)).toEqual(expected.slice(0, 3));
  });

  it('searches a hall user\'s own newest cases first and stays exact past them: none lost, none out of order', async () => {
    // The walk for a scoped reader takes each unit's newest 2,000 cases and the few other cases they
    // see; a page from it is kept only when it is newer than every stream's oldest walked case.
    const word = `鹭${crypto.randomBytes(2).toString('hex')}`;
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const older = await createCase(agentA.client, { description: `走查测试${word}` });
    await t.db.update(cases).set({ createdAt: at(120) }).where(eq(cases.id, older.id));
    // 2,050 newer cases of the hall without the word: the match above lies past the hall's newest 2,000.
    await copies((await createCase(agentA.client, { description: '填充工单' })).id, 2050, at(60));
    // Another hall's case the supervisor owns (seen through the owner stream), between the two.
    const owned = await createCase(agentB.client, { description: `别厅转来${word}` });
    await t.db.update(cases).set({ createdAt: at(30), ownerId: supervisorA.user.id }).where(eq(cases.id, owned.id));
    const newest = await createCase(agentA.client, { description: `最新${word}` });
    const expected = [newest.id, owned.id, older.id];
    for (const limit of [1, 2, 5]) {
      const seen = await searchAllPages(supervisorA.client, word, limit);
      expect({ limit, seen }).toEqual({ limit, seen: expected });
    }
    // The other hall's agent sees only their own hall's case, even though it is owned elsewhere now.
    const b = await agentB.client.get(`/api/v1/cases?q=${encodeURIComponent(word)}&limit=5`);
    expect(b.body.items.map((x: { id: string }) => x.id)).toEqual([owned.id]);
  });

  it('stays exact for a hall user whose hall holds thousands of older matches, or who sees thousands of cases beyond it', async () => {
    // Past the walk, a scoped reader's hall matches are gathered through the index's site key when they
    // are few (3,000 at most) and the cases they see beyond the hall were walked whole (2,000 at most);
    // otherwise the day windows answer. Both fall-backs, each past a walk that found too few.
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const ids = async (q: string, limit: number, cursor?: string) => {
      const r = await supervisorA.client.get(`/api/v1/cases?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      return { ids: r.body.items.map((x: { id: string }) => x.id) as string[], next: r.body.nextCursor as string | null };
    };
    const newestFirst = async (where: ReturnType<typeof sql>) => (await t.db.execute<{ id: string }>(
      sql`SELECT id FROM cases WHERE ${where} ORDER BY created_at DESC, id DESC`)).rows.map((r) => r.id);

    // 3,001 older matches in the hall, behind 2,050 newer cases without the word.
    const many = `鸥${crypto.randomBytes(2).toString('hex')}`;
    const old = await createCase(agentA.client, { description: `旧案${many}` });
    await t.db.update(cases).set({ createdAt: at(300) }).where(eq(cases.id, old.id));
    await copies(old.id, 3000, at(240));
    const manyNewest = await createCase(agentA.client, { description: `最新${many}` });
    await copies((await createCase(agentA.client, { description: '填充工单' })).id, 2050, at(120));
    const all = await newestFirst(sql`description LIKE ${`%${many}`}`);
    expect(all).toHaveLength(3002);
    expect(all[0]).toBe(manyNewest.id);
    const first = await ids(many, 5);
    expect(first.ids).toEqual(all.slice(0, 5));
    expect((await ids(many, 5, first.next!)).ids).toEqual(all.slice(5, 10));

    // 2,001 cases of another hall the supervisor owns (all seen beyond the hall), one of them with the word.
    const beyond = `鹬${crypto.randomBytes(2).toString('hex')}`;
    const hallMatch = await createCase(agentA.client, { description: `本厅${beyond}` });
    await t.db.update(cases).set({ createdAt: at(200) }).where(eq(cases.id, hallMatch.id));
    const ownedMatch = await createCase(agentB.client, { description: `别厅${beyond}` });
    await t.db.update(cases).set({ createdAt: at(180), ownerId: supervisorA.user.id }).where(eq(cases.id, ownedMatch.id));
    await copies((await createCase(agentB.client, { description: '别厅填充' })).id, 2001, at(90), supervisorA.user.id);
    for (const limit of [1, 5]) expect(await searchAllPages(supervisorA.client, beyond, limit)).toEqual([ownedMatch.id, hallMatch.id]);
    // A word only an older one of those cases holds: nothing in the hall, nothing among the newest 2,000 beyond it.
    const onlyBeyond = `鹈${crypto.randomBytes(2).toString('hex')}`;
    const olderOwned = await createCase(agentB.client, { description: `别厅旧案${onlyBeyond}` });
    await t.db.update(cases).set({ createdAt: at(170), ownerId: supervisorA.user.id }).where(eq(cases.id, olderOwned.id));
    expect(await searchAllPages(supervisorA.client, onlyBeyond, 5)).toEqual([olderOwned.id]);
  });

  it('lets a field team with more work orders than a list holds see, list and search the cases it works on, and no others', async () => {
    // Past WORK_ORDER_CASES_LISTED work orders, the team's visibility looks them up case by case (EXISTS) and its
    // searches take the province's walk; a short list is matched as a list. Both must say the same.
    const word = `鹳${crypto.randomBytes(2).toString('hex')}`;
    const worked = await createCase(agentA.client, { description: `已派单，${word}` });
    const notWorked = await createCase(agentA.client, { description: `未派单，${word}` });
    const workOrder = async (caseId: string, n = 1) => t.db.execute(sql`INSERT INTO work_orders (number, case_id, group_id, created_by)
      SELECT ${`WO-${crypto.randomBytes(4).toString('hex')}-`} || g, ${caseId}, ${broadband.id}, ${agentA.user.id} FROM generate_series(1, ${n}) g`);
    await workOrder(worked.id);
    const seen = async () => ({
      search: (await teamMember.client.get(`/api/v1/cases?q=${encodeURIComponent(word)}&limit=5`)).body.items.map((x: { id: string }) => x.id),
      list: (await teamMember.client.get(`/api/v1/cases?siteId=${hallA.id}&limit=200`)).body.items.map((x: { id: string }) => x.id),
      worked: (await teamMember.client.get(`/api/v1/cases/${worked.id}`)).status,
      notWorked: (await teamMember.client.get(`/api/v1/cases/${notWorked.id}`)).status,
    });
    const actor = (await loadActor(t.db, teamMember.user.id))!;
    const few = await caseVisibility(t.db, actor);
    expect(!few.all && few.workOrderCases).toContain(worked.id);
    const asList = await seen();
    expect(asList).toMatchObject({ search: [worked.id], worked: 200, notWorked: 404 });
    expect(asList.list).toContain(worked.id);
    expect(asList.list).not.toContain(notWorked.id);

    // A year of work orders: more than the list holds.
    await workOrder((await createCase(agentB.client, { description: '别厅派单填充' })).id, WORK_ORDER_CASES_LISTED);
    const many = await caseVisibility(t.db, actor);
    expect(!many.all && many.workOrderCases).toBeUndefined();
    expect(await seen()).toEqual(asList);
  });

  it('reads the search column\'s statistics once analysed: each listed word\'s share, the floor of the unlisted, the rows', async () => {
    await t.db.execute(sql`ANALYZE cases`);
    const stats = await readTokenStats(t.db, 'cases', 'search_vector');
    const [{ n, filler }] = (await t.db.execute<{ n: number; filler: number }>(sql`SELECT count(*)::int AS n,
      count(*) FILTER (WHERE search_vector @@ to_tsquery('simple', '填充'))::int AS filler FROM cases`)).rows;
    expect(stats).toBeDefined();
    // ANALYZE read every row of a table this small (other test files may be adding a few cases meanwhile).
    expect(Math.abs(stats!.rows - n)).toBeLessThan(n * 0.05);
    expect(Math.abs(stats!.freq('填充')! - filler / n)).toBeLessThan(0.03); // the thousands of filler cases above
    expect(stats!.freq('填充未见词')).toBeUndefined();
    expect(stats!.floor).toBeGreaterThan(0);
    expect(stats!.floor).toBeLessThanOrEqual(stats!.freq('填充')!);
  });

  it('hides cases of another hall: 404 and absent from lists', async () => {
    const c = await createCase(agentA.client, { description: '宝安看不到的罗湖工单' });
    const get = await agentB.client.get(`/api/v1/cases/${c.id}`);
    expect(get.status).toBe(404);
    expect(get.body.error).toEqual({ code: 'not_found', message: '未找到工单' });
    expect((await agentB.client.get(`/api/v1/cases/${c.id}/timeline`)).status).toBe(404);
    expect((await agentB.client.post(`/api/v1/cases/${c.id}/comments`, { body: '偷看' })).status).toBe(404);
    expect((await agentB.client.post(`/api/v1/cases/${c.id}/transfer`, { toGroupId: broadband.id, reason: '抢单测试' })).status).toBe(404);
    const list = await agentB.client.get(`/api/v1/cases?q=${encodeURIComponent('罗湖工单')}&limit=200`);
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const all = await agentB.client.get('/api/v1/cases?limit=200');
    expect(all.body.items.every((x: { siteId: string }) => x.siteId === hallB.id)).toBe(true);
    // Nor can B record a case at A's hall.
    const foreign = await agentB.client.post('/api/v1/cases', {
      type: 'inquiry', channel: 'counter', subject: '咨询', customer: { name: hanName(), phone: mobile() }, siteId: hallA.id,
    });
    expect(foreign.status).toBe(422);
  });

  it('answers 422 on bad input', async () => {
    const none = await agentA.client.post('/api/v1/cases', { type: 'complaint', channel: 'counter', subject: '没有客户' });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('validation_failed');
    expect(none.body.error.message).toBe('输入有误，请检查标出的字段');
    expect(none.body.error.details.map((d: { path: string }) => d.path)).toContain('customerId');

    const bad = await agentA.client.post('/api/v1/cases', { type: 'rant', channel: 'pigeon', subject: '', customer: { name: '李四', phone: 'abc' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['type', 'channel', 'subject', 'customer.phone']));

    const noReason = await agentA.client.post(`/api/v1/cases/${crypto.randomUUID()}/transfer`, { toGroupId: broadband.id });
    expect(noReason.status).toBe(422);
    const phone = mobile();
    const unknownCategory = await agentA.client.post('/api/v1/cases', {
      type: 'inquiry', channel: 'counter', subject: '咨询套餐', categoryId: crypto.randomUUID(), customer: { name: hanName(), phone },
    });
    expect(unknownCategory.status).toBe(422);
    expect(unknownCategory.body.error.details.map((d: { path: string }) => d.path)).toEqual(['categoryId']);
    // The refused case left no customer behind.
    const found = await agentA.client.get(`/api/v1/customers?q=${phone}`);
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([]);
  });
});
