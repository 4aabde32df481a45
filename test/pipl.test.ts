import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Personal data (issue 5, item 6): masked by default in lists, search, files, timelines and the audit
// log; reveal needs a reason and is audited; a customer's data can be exported (audited) and erased
// by anonymisation that keeps the cases and their statistics.

let t: TestContext;
let hall: { id: string };
type U = Awaited<ReturnType<typeof makeUser>>;
let agent: U;
let manager: U;
const uniq = () => crypto.randomBytes(4).toString('hex');
const mobile = () => `13${7 + crypto.randomInt(3)}${String(crypto.randomInt(1e8)).padStart(8, '0')}`;
const ID = '11010119900307123X';

beforeAll(async () => {
  t = await startTestServer();
  hall = await makeOrgUnit(t, { kind: 'hall', name: `隐私营业厅${uniq()}` });
  agent = await makeUser(t, { roles: ['agent'], orgUnitId: hall.id });
  manager = await makeUser(t, { roles: ['quality_manager'], orgUnitId: hall.id });
});

async function customerWithCase() {
  const phone = mobile();
  const name = `隐私客户${uniq()}`;
  const c = await agent.client.post('/api/v1/customers', {
    name, phones: [phone], idNumber: ID, address: `上海市浦东新区世纪大道${uniq()}号`, email: `p${uniq()}@example.cn`, orgUnitId: hall.id,
    services: [{ kind: 'mobile', identifier: phone }, { kind: 'broadband', identifier: `BB${uniq()}` }],
  });
  expect(c.status).toBe(201);
  const k = await agent.client.post('/api/v1/cases', {
    type: 'complaint', channel: 'counter', subject: `${name}反映宽带断网`, description: `客户${name}（电话 ${phone}，证件 ${ID}）称家中宽带每晚断网`, customerId: c.body.id,
  });
  expect(k.status).toBe(201);
  const comment = await agent.client.post(`/api/v1/cases/${k.body.id}/comments`, { body: `已回拨 ${phone}，客户${name}确认` });
  expect(comment.status).toBe(201);
  return { customer: c.body, kase: k.body, phone, name };
}

describe('masking by default', () => {
  it('lists, search results and the customer file show phones, ID numbers and service numbers masked', async () => {
    const { customer, phone } = await customerWithCase();
    expect(customer.masked).toBe(true);
    const bodies = [
      customer,
      (await agent.client.get(`/api/v1/customers/${customer.id}`)).body,
      (await agent.client.get(`/api/v1/customers?q=${phone.slice(-4)}`)).body,
      (await agent.client.get(`/api/v1/customers?q=${ID}`)).body,
      (await agent.client.get(`/api/v1/customers?orgUnitId=${hall.id}`)).body,
    ];
    for (const b of bodies) {
      const text = JSON.stringify(b);
      expect(text).not.toContain(phone);
      expect(text).not.toContain(ID);
    }
    expect(JSON.stringify(bodies[2])).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  });

  it('the audit log and the timeline do not hold the unmasked phone or ID of the customer file', async () => {
    const { customer, kase, phone } = await customerWithCase();
    const inAudit = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int n FROM audit_log WHERE entity_id = ${customer.id} AND (before::text LIKE ${`%${phone}%`} OR after::text LIKE ${`%${phone}%`} OR after::text LIKE ${`%${ID}%`})`);
    expect(inAudit.rows[0].n).toBe(0);
    const timeline = await agent.client.get(`/api/v1/cases/${kase.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(JSON.stringify(timeline.body)).not.toContain(ID);
  });
});

describe('reveal', () => {
  it('needs a reason, which goes into the audit log with the fields shown but not their values', async () => {
    const { customer, phone } = await customerWithCase();
    expect((await agent.client.post(`/api/v1/customers/${customer.id}/reveal`, { reason: '核实身份' })).status).toBe(403);
    const noReason = await manager.client.post(`/api/v1/customers/${customer.id}/reveal`, {});
    expect(noReason.status).toBe(422);
    const blank = await manager.client.post(`/api/v1/customers/${customer.id}/reveal`, { reason: '  ' });
    expect(blank.status).toBe(422);
    const r = await manager.client.post(`/api/v1/customers/${customer.id}/reveal`, { reason: '客户来电核实身份' });
    expect(r.status).toBe(200);
    expect(r.body.phones).toEqual([phone]);
    const audit = await t.admin.get(`/api/v1/audit?entityId=${customer.id}&action=customer.reveal`);
    expect(audit.body.items[0]).toMatchObject({ actorId: manager.user.id, after: { reason: '客户来电核实身份', fields: expect.arrayContaining(['phones', 'idNumber']) } });
    expect(JSON.stringify(audit.body)).not.toContain(phone);
  });
});

describe('export', () => {
  it("returns all of a customer's data, unmasked, to customer:export holders only, and audits it", async () => {
    const { customer, kase, phone, name } = await customerWithCase();
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])]), '投诉信.pdf');
    expect((await agent.client.request('POST', `/api/v1/cases/${kase.id}/attachments`, fd)).status).toBe(201);

    expect((await agent.client.get(`/api/v1/customers/${customer.id}/export`)).status).toBe(403);
    const r = await manager.client.get(`/api/v1/customers/${customer.id}/export`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="customer-/);
    expect(r.body.customer).toMatchObject({ id: customer.id, name, phones: [phone], idNumber: ID });
    expect(r.body.customer.address).toMatch(/^上海市浦东新区世纪大道/);
    expect(r.body.services.map((s: { identifier: string }) => s.identifier)).toContain(phone);
    expect(r.body.cases).toHaveLength(1);
    expect(r.body.cases[0]).toMatchObject({ id: kase.id, number: kase.number, type: 'complaint', status: 'new' });
    expect(r.body.cases[0].comments[0].body).toContain(phone);
    expect(r.body.cases[0].attachments).toEqual([expect.objectContaining({ filename: '投诉信.pdf', contentType: 'application/pdf' })]);
    expect(r.body.cases[0].timeline.map((e: { kind: string }) => e.kind)).toContain('created');

    const audit = await t.admin.get(`/api/v1/audit?entityId=${customer.id}&action=customer.export`);
    expect(audit.body.items[0]).toMatchObject({ actorId: manager.user.id, after: { cases: 1, comments: 1, attachments: 1, services: 2 } });
    expect(JSON.stringify(audit.body.items[0])).not.toContain(phone);
  });

  it('is 404 outside the holder’s subtree', async () => {
    const { customer } = await customerWithCase();
    const other = await makeUser(t, { roles: ['quality_manager'], orgUnitId: (await makeOrgUnit(t, { kind: 'city' })).id });
    expect((await other.client.get(`/api/v1/customers/${customer.id}/export`)).status).toBe(404);
    expect((await other.client.post(`/api/v1/customers/${customer.id}/anonymise`, { reason: '客户申请删除' })).status).toBe(404);
  });
});

describe('anonymisation', () => {
  it('erases the personal data irreversibly, keeps the cases and their statistics, and audits without the erased data', async () => {
    const { customer, kase, phone, name } = await customerWithCase();
    const before = (await manager.client.get(`/api/v1/cases/${kase.id}`)).body;

    expect((await agent.client.post(`/api/v1/customers/${customer.id}/anonymise`, { reason: '客户申请删除' })).status).toBe(403);
    expect((await manager.client.post(`/api/v1/customers/${customer.id}/anonymise`, {})).status).toBe(422);
    const r = await manager.client.post(`/api/v1/customers/${customer.id}/anonymise`, { reason: `客户${name}来电申请删除个人信息` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: customer.id, cases: 1 });
    expect(r.body.name).toMatch(/^已匿名客户-[0-9a-f]{8}$/);

    // The file: nothing personal left, even for someone who may reveal.
    const revealed = (await manager.client.post(`/api/v1/customers/${customer.id}/reveal`, { reason: '核对匿名化结果' })).body;
    expect(revealed).toMatchObject({ name: r.body.name, phones: [], idNumber: null, address: null, email: null, notes: null });
    expect(revealed.services.map((s: { identifier: string }) => s.identifier)).toEqual(['***', '***']);
    expect(revealed.services.map((s: { kind: string }) => s.kind).sort()).toEqual(['broadband', 'mobile']);

    // The case: still there with its type, channel, status, site and dates; its free text lost the identifiers.
    const after = (await manager.client.get(`/api/v1/cases/${kase.id}`)).body;
    for (const k of ['id', 'number', 'type', 'channel', 'status', 'priority', 'siteId', 'categoryId', 'createdAt', 'firstResponderId']) expect(after[k], k).toEqual(before[k]);
    const dump = JSON.stringify([after, (await manager.client.get(`/api/v1/cases/${kase.id}/comments`)).body, (await manager.client.get(`/api/v1/cases/${kase.id}/timeline`)).body]);
    expect(dump).not.toContain(name);
    expect(dump).not.toContain(phone);
    expect(dump).not.toContain(ID);
    expect(after.subject).toBe('***反映宽带断网');

    // Nothing in the database still holds them, audit rows included.
    for (const secret of [name, phone, ID]) {
      const hits = await t.db.execute<{ n: number }>(sql`SELECT
        (SELECT count(*) FROM customers WHERE id = ${customer.id} AND (name = ${secret} OR ${secret} = ANY(phones) OR id_number = ${secret}))
      + (SELECT count(*) FROM cases WHERE customer_id = ${customer.id} AND (subject || description || search_tokens) LIKE ${`%${secret}%`})
      + (SELECT count(*) FROM case_comments m JOIN cases k ON k.id = m.case_id WHERE k.customer_id = ${customer.id} AND m.body LIKE ${`%${secret}%`})
      + (SELECT count(*) FROM case_events e JOIN cases k ON k.id = e.case_id WHERE k.customer_id = ${customer.id} AND e.data::text LIKE ${`%${secret}%`})
      + (SELECT count(*) FROM customer_services WHERE customer_id = ${customer.id} AND identifier = ${secret})
      + (SELECT count(*) FROM audit_log WHERE entity_id IN (${customer.id}, ${kase.id}) AND (coalesce(before::text, '') || coalesce(after::text, '')) LIKE ${`%${secret}%`})
      AS n`);
      expect(Number(hits.rows[0].n), secret).toBe(0);
    }
    // Search by the old name or phone finds nothing.
    expect((await manager.client.get(`/api/v1/customers?q=${encodeURIComponent(name)}`)).body.items).toEqual([]);
    expect((await manager.client.get(`/api/v1/customers?q=${phone}`)).body.items).toEqual([]);

    const audit = await t.admin.get(`/api/v1/audit?entityId=${customer.id}&action=customer.anonymise`);
    expect(audit.body.items[0]).toMatchObject({ actorId: manager.user.id, after: { cases: 1, reason: '客户***来电申请删除个人信息' } });
  });
});
