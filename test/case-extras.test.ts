import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseEvents, cases, customers } from '../src/server/db/schema';
import { makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Work orders, remediation, attachments and categories through real HTTP. The database is shared
// with other test files, so every org unit, code and case here is unique to this run.

let t: TestContext;
let cityA: { id: string };
let hallA: { id: string };
let teamA: { id: string; name: string };
let cityB: { id: string };
let teamB: { id: string };
type U = Awaited<ReturnType<typeof makeUser>>;
let agentA: U;
let supervisorA: U;
let supervisorA2: U;
let techA: U;
let techB: U;

const uniq = () => crypto.randomBytes(4).toString('hex');

beforeAll(async () => {
  t = await startTestServer();
  cityA = await makeOrgUnit(t, { kind: 'city', name: `深圳分公司${uniq()}` });
  hallA = await makeOrgUnit(t, { kind: 'hall', parentId: cityA.id, name: `福田营业厅${uniq()}` });
  teamA = await makeOrgUnit(t, { kind: 'team', parentId: cityA.id, isResolverGroup: true, name: `宽带装维班${uniq()}` });
  cityB = await makeOrgUnit(t, { kind: 'city', name: `广州分公司${uniq()}` });
  teamB = await makeOrgUnit(t, { kind: 'team', parentId: cityB.id, isResolverGroup: true, name: `装维班${uniq()}` });
  agentA = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '李娜' });
  supervisorA = await makeUser(t, { roles: ['supervisor'], orgUnitId: hallA.id, name: '王强' });
  supervisorA2 = await makeUser(t, { roles: ['supervisor'], orgUnitId: hallA.id, name: '赵敏' });
  techA = await makeUser(t, { roles: ['technician'], orgUnitId: teamA.id, name: '张师傅' });
  techB = await makeUser(t, { roles: ['technician'], orgUnitId: teamB.id, name: '陈师傅' });
});

afterAll(async () => {
  // The approval limit is organisation-wide: leave the default for whoever runs next.
  if (t) await t.admin.put('/api/v1/settings/remediation', { approvalLimitCents: 5000 });
});

/** Factory: a complaint at hall A received by agent A. Direct DB write: test set-up only, until POST /cases lands. */
async function makeCase(status = 'new') {
  const [cust] = await t.db.insert(customers).values({ orgUnitId: hallA.id, name: `客户${uniq()}`, phones: ['13800138000'] }).returning();
  const [row] = await t.db.insert(cases).values({
    number: `TS-T${uniq()}`, type: 'complaint', channel: 'counter', status, subject: '家里宽带无法上网', description: '光猫红灯闪烁',
    customerId: cust.id, siteId: hallA.id, firstResponderId: agentA.user.id, ownerId: agentA.user.id,
  }).returning();
  return row;
}

const events = async (caseId: string) =>
  t.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.id));

const shanghaiDate = (d = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d).replaceAll('-', '');

async function dispatch(caseId: string, body: Record<string, unknown> = {}) {
  const r = await agentA.client.post(`/api/v1/cases/${caseId}/dispatch`, { groupId: teamA.id, instructions: '上门检查光猫和入户线', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe('work orders', () => {
  it('dispatches to a resolver group and works through accepted → on site → done, all on the timeline', async () => {
    const kase = await makeCase('new');
    const before = shanghaiDate();
    const wo = await dispatch(kase.id);
    const after = shanghaiDate();
    expect(wo).toMatchObject({
      caseId: kase.id, caseNumber: kase.number, groupId: teamA.id, groupName: teamA.name, status: 'dispatched',
      assigneeId: null, instructions: '上门检查光猫和入户线', completedAt: null, version: 1,
    });
    expect(wo.number).toMatch(/^PG\d{8}\d{6}$/);
    expect([before, after]).toContain(wo.number.slice(2, 10));
    expect(wo.steps).toEqual([expect.objectContaining({ step: 'dispatched', actorId: agentA.user.id, actorName: '李娜' })]);

    const [moved] = await t.db.select().from(cases).where(eq(cases.id, kase.id));
    expect(moved.status).toBe('in_progress');
    expect(moved.version).toBe(2);

    // The technician's queue shows it; a technician of another city never sees it.
    const queueA = await techA.client.get(`/api/v1/work-orders?status=dispatched&groupId=${teamA.id}`);
    expect(queueA.status).toBe(200);
    expect(queueA.body.items.map((x: { id: string }) => x.id)).toContain(wo.id);
    const queueB = await techB.client.get('/api/v1/work-orders');
    expect(queueB.status).toBe(200);
    expect(queueB.body.items.map((x: { id: string }) => x.id)).not.toContain(wo.id);

    const accepted = await techA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'accepted', note: '已联系客户，下午两点上门' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', assigneeId: techA.user.id, version: 2 });
    const onSite = await techA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'on_site' });
    expect(onSite.body.status).toBe('on_site');
    const note = await techA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'note', note: '入户线老化，需更换' });
    expect(note.body.status).toBe('on_site');
    const done = await techA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'done', note: '已更换入户线，测速 300M 正常' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(Date.parse(done.body.completedAt)).toBeGreaterThan(0);
    expect(done.body.steps.map((s: { step: string }) => s.step)).toEqual(['dispatched', 'accepted', 'on_site', 'note', 'done']);

    const list = await agentA.client.get(`/api/v1/cases/${kase.id}/work-orders`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: wo.id, status: 'done' });
    expect(list.body.items[0].steps[4]).toMatchObject({ step: 'done', actorId: techA.user.id, actorName: '张师傅', note: '已更换入户线，测速 300M 正常' });

    const timeline = await events(kase.id);
    expect(timeline.map((e) => e.kind)).toEqual(['dispatched', 'status_changed', 'work_order_step', 'work_order_step', 'work_order_step', 'work_order_step']);
    expect(timeline[0].data).toMatchObject({ workOrderId: wo.id, number: wo.number, groupId: teamA.id });
    expect(timeline[1].data).toMatchObject({ from: 'new', to: 'in_progress' });
    expect(timeline.slice(2).map((e) => (e.data as { step: string }).step)).toEqual(['accepted', 'on_site', 'note', 'done']);
    expect(timeline[2].actorId).toBe(techA.user.id);

    const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, wo.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['work_order.dispatch', 'work_order.step', 'work_order.step', 'work_order.step', 'work_order.step']);
  });

  it('leaves an in-progress case as it is and can dispatch straight to a member of the group', async () => {
    const kase = await makeCase('in_progress');
    const wo = await dispatch(kase.id, { assigneeId: techA.user.id });
    expect(wo.assigneeId).toBe(techA.user.id);
    expect((await events(kase.id)).map((e) => e.kind)).toEqual(['dispatched']);
    // Someone outside the group cannot be the assignee.
    const r = await agentA.client.post(`/api/v1/cases/${kase.id}/dispatch`, { groupId: teamA.id, assigneeId: techB.user.id });
    expect(r.status).toBe(422);
  });

  it('refuses steps out of order with 409', async () => {
    const wo = await dispatch((await makeCase()).id);
    const step = (s: string) => techA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: s });
    for (const s of ['on_site', 'done']) {
      const r = await step(s);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('conflict');
      expect(r.body.error.message).toContain('已接单');
    }
    expect((await step('accepted')).status).toBe(200);
    expect((await step('accepted')).status).toBe(409);
    expect((await step('done')).status).toBe(409);
    expect((await step('on_site')).status).toBe(200);
    expect((await step('done')).status).toBe(200);
    expect((await step('done')).status).toBe(409);
  });

  it('hides a work order from a technician of another city (404) and refuses the agent who may only see it (403)', async () => {
    const wo = await dispatch((await makeCase()).id);
    const other = await techB.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'accepted' });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    const agent = await agentA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'accepted' });
    expect(agent.status).toBe(403);
    expect((await agentA.client.get('/api/v1/work-orders')).status).toBe(403);
    // A supervisor of the case's site may record steps on its work orders.
    expect((await supervisorA.client.post(`/api/v1/work-orders/${wo.id}/steps`, { step: 'note', note: '已催办' })).status).toBe(200);
    expect((await techB.client.post(`/api/v1/work-orders/${crypto.randomUUID()}/steps`, { step: 'accepted' })).status).toBe(404);
  });

  it('dispatches only to active resolver groups and only open cases', async () => {
    const kase = await makeCase();
    const notGroup = await agentA.client.post(`/api/v1/cases/${kase.id}/dispatch`, { groupId: hallA.id, instructions: '' });
    expect(notGroup.status).toBe(422);
    expect(notGroup.body.error.details[0]).toMatchObject({ path: 'groupId' });
    const closed = await makeCase('closed');
    const r = await agentA.client.post(`/api/v1/cases/${closed.id}/dispatch`, { groupId: teamA.id });
    expect(r.status).toBe(409);
    // A technician cannot dispatch: refused for the permission before the case is even looked up (no existence hint).
    expect((await techA.client.post(`/api/v1/cases/${kase.id}/dispatch`, { groupId: teamA.id })).status).toBe(403);
  });
});

describe('remediation', () => {
  it('approves at once up to the limit and waits for a supervisor above it', async () => {
    const kase = await makeCase();
    const small = await agentA.client.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'credit', amountCents: 5000, note: '赠送话费 50 元' });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    expect(small.body).toMatchObject({ caseId: kase.id, kind: 'credit', amountCents: 5000, status: 'approved', requestedBy: agentA.user.id, decidedBy: null });
    const big = await agentA.client.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'credit', amountCents: 20000, note: '减免一个月宽带费' });
    expect(big.status).toBe(201);
    expect(big.body.status).toBe('pending');

    // The agent cannot approve; the supervisor sees it in the pending list and approves.
    expect((await agentA.client.post(`/api/v1/remediations/${big.body.id}/decision`, { approve: true })).status).toBe(403);
    const pending = await supervisorA.client.get('/api/v1/remediations?status=pending');
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((x: { id: string }) => x.id)).toContain(big.body.id);
    expect(pending.body.items.find((x: { id: string }) => x.id === big.body.id).caseNumber).toBe(kase.number);
    const ok = await supervisorA.client.post(`/api/v1/remediations/${big.body.id}/decision`, { approve: true, note: '同意' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedBy: supervisorA.user.id });
    expect(Date.parse(ok.body.decidedAt)).toBeGreaterThan(0);
    const again = await supervisorA2.client.post(`/api/v1/remediations/${big.body.id}/decision`, { approve: false });
    expect(again.status).toBe(409);

    const list = await agentA.client.get(`/api/v1/cases/${kase.id}/remediations`);
    expect(list.body.items.map((x: { status: string }) => x.status)).toEqual(['approved', 'approved']);
    const kinds = (await events(kase.id)).map((e) => e.kind);
    expect(kinds).toEqual(['remediation_requested', 'remediation_requested', 'remediation_decided']);
  });

  it('refuses a decision by the requester, and lets another supervisor reject', async () => {
    const kase = await makeCase();
    const r = await supervisorA.client.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'gift', amountCents: 9900, note: '赠送路由器' });
    expect(r.body.status).toBe('pending');
    const self = await supervisorA.client.post(`/api/v1/remediations/${r.body.id}/decision`, { approve: true });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('自己');
    const rejected = await supervisorA2.client.post(`/api/v1/remediations/${r.body.id}/decision`, { approve: false, note: '超出权限' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    // Without the permission: 403; a supervisor of another city does not learn it exists: 404.
    expect((await techB.client.post(`/api/v1/remediations/${r.body.id}/decision`, { approve: true })).status).toBe(403);
    const supervisorB = await makeUser(t, { roles: ['supervisor'], orgUnitId: cityB.id });
    expect((await supervisorB.client.post(`/api/v1/remediations/${r.body.id}/decision`, { approve: true })).status).toBe(404);
    expect((await supervisorB.client.get('/api/v1/remediations')).body.items.map((x: { id: string }) => x.id)).not.toContain(r.body.id);
  });

  it('takes the limit from settings', async () => {
    expect((await agentA.client.get('/api/v1/settings/remediation')).status).toBe(403);
    expect((await t.admin.get('/api/v1/settings/remediation')).body).toEqual({ approvalLimitCents: 5000 });
    const put = await t.admin.put('/api/v1/settings/remediation', { approvalLimitCents: 10000 });
    expect(put.status).toBe(200);
    const kase = await makeCase();
    const r = await agentA.client.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'credit', amountCents: 8000 });
    expect(r.body.status).toBe('approved');
    const over = await agentA.client.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'credit', amountCents: 10001 });
    expect(over.body.status).toBe('pending');
    await t.admin.put('/api/v1/settings/remediation', { approvalLimitCents: 5000 });
    const apology = await agentA.client.post(`/api/v1/cases/${kase.id}/remediations`, { kind: 'apology', note: '当面致歉' });
    expect(apology.body).toMatchObject({ status: 'approved', amountCents: 0 });
    expect((await t.admin.put('/api/v1/settings/remediation', { approvalLimitCents: -1 })).status).toBe(422);
  });
});

describe('attachments', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(4096)]);
  const upload = (client: U['client'], caseId: string, bytes: Buffer, name: string, type = 'application/octet-stream') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return client.request('POST', `/api/v1/cases/${caseId}/attachments`, form);
  };

  it('stores a file on disk with its checksum and gives it back as a download', async () => {
    const kase = await makeCase();
    const r = await upload(agentA.client, kase.id, PNG, '故障照片.png', 'image/png');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ caseId: kase.id, filename: '故障照片.png', contentType: 'image/png', size: PNG.length, uploadedBy: agentA.user.id });

    const dir = path.join(t.dataDir, 'attachments', kase.id);
    expect(fs.readdirSync(dir)).toEqual([r.body.id]);
    expect(fs.readFileSync(path.join(dir, r.body.id)).equals(PNG)).toBe(true);

    const list = await agentA.client.get(`/api/v1/cases/${kase.id}/attachments`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([r.body.id]);

    const res = await fetch(`${t.baseUrl}/api/v1/attachments/${r.body.id}/download`, { headers: { cookie: supervisorA.client.cookie } });
    expect(res.status).toBe(200);
    const got = Buffer.from(await res.arrayBuffer());
    const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    expect(sha(got)).toBe(sha(PNG));
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*\.png"; filename\*=UTF-8''%E6%95%85/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    const kinds = (await events(kase.id)).map((e) => e.kind);
    expect(kinds).toEqual(['attachment_added']);
    expect((await events(kase.id))[0].data).toMatchObject({ sha256: sha(PNG) });

    // Outside the case's subtree the file does not exist.
    expect((await techB.client.get(`/api/v1/attachments/${r.body.id}/download`)).status).toBe(404);
    expect((await techB.client.get(`/api/v1/cases/${kase.id}/attachments`)).status).toBe(404);
  });

  it('takes documents, text and recordings', async () => {
    const kase = await makeCase();
    const pdf = await upload(agentA.client, kase.id, Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), '投诉信.pdf');
    expect(pdf.body.contentType).toBe('application/pdf');
    const txt = await upload(agentA.client, kase.id, Buffer.from('客户来电记录：\n宽带三天无法使用。\n'), 'notes.txt', 'text/html');
    expect(txt.body.contentType).toBe('text/plain');
    const mp3 = await upload(agentA.client, kase.id, Buffer.concat([Buffer.from('ID3'), crypto.randomBytes(512)]), '通话录音.mp3');
    expect(mp3.body.contentType).toBe('audio/mpeg');
    const docx = await upload(agentA.client, kase.id, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), crypto.randomBytes(256)]), '处理报告.docx');
    expect(docx.status).toBe(201);
  });

  it('refuses executables, HTML and disguised files with 415, and files over 20 MB with 413', async () => {
    const kase = await makeCase();
    const exe = await upload(agentA.client, kase.id, Buffer.concat([Buffer.from('MZ'), crypto.randomBytes(1024)]), 'setup.exe');
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('unsupported_media_type');
    const html = await upload(agentA.client, kase.id, Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 'text/html');
    expect(html.status).toBe(415);
    const svg = await upload(agentA.client, kase.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg', 'image/svg+xml');
    expect(svg.status).toBe(415);
    const disguised = await upload(agentA.client, kase.id, Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png', 'image/png');
    expect(disguised.status).toBe(415);
    const big = await upload(agentA.client, kase.id, Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]), 'big.png', 'image/png');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const missing = await agentA.client.request('POST', `/api/v1/cases/${kase.id}/attachments`, new FormData());
    expect(missing.status).toBe(422);
    // Nothing was kept: no rows, no files, no temporary files.
    expect((await agentA.client.get(`/api/v1/cases/${kase.id}/attachments`)).body.items).toEqual([]);
    const dir = path.join(t.dataDir, 'attachments', kase.id);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });
});

describe('categories', () => {
  type Node = { id: string; code: string; nameZhCn: string; nameZhTw: string; nameEn: string; parentId: string | null; version: number; active: boolean; children: Node[] };

  it('starts with a three-level telecom tree in three languages', async () => {
    const tree = await agentA.client.get('/api/v1/categories?tree=1');
    expect(tree.status).toBe(200);
    const roots: Node[] = tree.body.items;
    const net = roots.find((n) => n.code === 'NET')!;
    expect(net).toMatchObject({ nameZhCn: '网络质量', nameZhTw: '網路品質', nameEn: 'Network quality', parentId: null });
    const broadband = net.children.find((n) => n.nameZhCn === '宽带')!;
    expect(broadband.children.map((n) => n.nameZhCn)).toEqual(expect.arrayContaining(['无法上网', '网速慢']));
    expect(roots.map((n) => n.nameZhCn)).toEqual(expect.arrayContaining(['资费与账单', '业务办理', '服务态度', '装维服务', '营销宣传', '信息安全', '终端设备', '其他']));

    const flat = await agentA.client.get('/api/v1/categories');
    const items: Node[] = flat.body.items;
    const seeded = items.filter((c) => /^(NET|BILL|BIZ|ATT|FIELD|MKT|SEC|DEVICE|OTHER)(\.|$)/.test(c.code));
    expect(seeded.length).toBeGreaterThanOrEqual(40);
    expect(seeded.length).toBeLessThanOrEqual(60);
    // Flat: parents come before their children.
    const seen = new Set<string>();
    for (const c of items) {
      if (c.parentId) expect(seen.has(c.parentId)).toBe(true);
      seen.add(c.id);
    }
  });

  it('lets an administrator add, edit, move and deactivate, never under its own descendant', async () => {
    const code = `T${uniq()}`;
    const top = await t.admin.post('/api/v1/categories', { code, nameZhCn: '测试分类', nameZhTw: '測試分類', nameEn: 'Test' });
    expect(top.status, JSON.stringify(top.body)).toBe(201);
    expect(top.body).toMatchObject({ parentId: null, active: true, version: 1, sort: 0 });
    const child = await t.admin.post('/api/v1/categories', { parentId: top.body.id, code: `${code}.A`, nameZhCn: '子类', nameZhTw: '子類', nameEn: 'Child' });
    expect(child.status).toBe(201);
    const grandchild = await t.admin.post('/api/v1/categories', { parentId: child.body.id, code: `${code}.A.1`, nameZhCn: '孙类', nameZhTw: '孫類', nameEn: 'Grandchild' });
    expect(grandchild.status).toBe(201);

    const dup = await t.admin.post('/api/v1/categories', { code: code.toLowerCase(), nameZhCn: 'x', nameZhTw: 'x', nameEn: 'x' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate', message: '分类编码已存在' });

    const renamed = await t.admin.patch(`/api/v1/categories/${child.body.id}`, { version: 1, nameZhCn: '子类（改）', sort: 5 });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ nameZhCn: '子类（改）', sort: 5, version: 2, nameEn: 'Child' });
    expect((await t.admin.patch(`/api/v1/categories/${child.body.id}`, { version: 1, nameZhCn: '旧' })).status).toBe(409);

    for (const target of [grandchild.body.id, top.body.id]) {
      const cycle = await t.admin.patch(`/api/v1/categories/${top.body.id}`, { version: 1, parentId: target });
      expect(cycle.status).toBe(409);
      expect(cycle.body.error.message).toContain('下级');
    }

    // Move the child (and its grandchild) to the top, then back under the top category.
    const moved = await t.admin.patch(`/api/v1/categories/${child.body.id}`, { version: 2, parentId: null });
    expect(moved.body.parentId).toBeNull();
    const back = await t.admin.patch(`/api/v1/categories/${child.body.id}`, { version: 3, parentId: top.body.id });
    expect(back.body.parentId).toBe(top.body.id);
    const cycleAfterMove = await t.admin.patch(`/api/v1/categories/${top.body.id}`, { version: 1, parentId: grandchild.body.id });
    expect(cycleAfterMove.status).toBe(409);

    // Deactivating takes the subtree with it; the intake list no longer offers it.
    const off = await t.admin.patch(`/api/v1/categories/${top.body.id}`, { version: 1, active: false });
    expect(off.body.active).toBe(false);
    const active = (await agentA.client.get('/api/v1/categories')).body.items.map((c: Node) => c.id);
    expect(active).not.toContain(top.body.id);
    expect(active).not.toContain(grandchild.body.id);
    const all: Node[] = (await t.admin.get('/api/v1/categories?includeInactive=1')).body.items;
    expect(all.filter((c) => c.code.startsWith(code)).map((c) => [c.code, c.active])).toEqual([[code, false], [`${code}.A`, false], [`${code}.A.1`, false]]);
    const underInactive = await t.admin.post('/api/v1/categories', { parentId: top.body.id, code: `${code}.B`, nameZhCn: 'b', nameZhTw: 'b', nameEn: 'b' });
    expect(underInactive.status).toBe(409);
    const reviveChild = await t.admin.patch(`/api/v1/categories/${child.body.id}`, { version: 5, active: true });
    expect(reviveChild.status).toBe(409);

    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'category'), eq(auditLog.entityId, top.body.id)));
    expect(audits.map((a) => a.action)).toEqual(['category.create', 'category.update']);
  });

  it('refuses agents (403)', async () => {
    const r = await agentA.client.post('/api/v1/categories', { code: `X${uniq()}`, nameZhCn: 'x', nameZhTw: 'x', nameEn: 'x' });
    expect(r.status).toBe(403);
    const cats: Node[] = (await agentA.client.get('/api/v1/categories')).body.items;
    const p = await agentA.client.patch(`/api/v1/categories/${cats[0].id}`, { version: cats[0].version, nameEn: 'x' });
    expect(p.status).toBe(403);
  });
});
