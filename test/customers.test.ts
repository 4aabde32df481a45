import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/server/db/schema';
import { makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Customer files through real HTTP: search, masking, reveal, org scope, validation, concurrency, paging.
// The database is shared with other test files, so every number and name here is unique to this run.

let t: TestContext;
let hallA: { id: string };
let hallB: { id: string };
let agentA: Awaited<ReturnType<typeof makeUser>>;
let supervisorA: Awaited<ReturnType<typeof makeUser>>;
let agentB: Awaited<ReturnType<typeof makeUser>>;
let supervisorB: Awaited<ReturnType<typeof makeUser>>;

/** A unique synthetic mobile number: 139 + 8 random digits. */
const mobile = () => `139${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`;
/** A synthetic 18-character resident ID ending in X. */
const idNumber = () => `110101${crypto.randomInt(1950, 2005)}0307${crypto.randomInt(100, 999)}X`;
const HAN = '赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳';
const hanName = (len = 3) => Array.from({ length: len }, () => HAN[crypto.randomInt(0, HAN.length)]).join('');

beforeAll(async () => {
  t = await startTestServer();
  hallA = await makeOrgUnit(t, { name: '福田营业厅' });
  hallB = await makeOrgUnit(t, { name: '南山营业厅' });
  agentA = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id });
  supervisorA = await makeUser(t, { roles: ['supervisor'], orgUnitId: hallA.id });
  agentB = await makeUser(t, { roles: ['agent'], orgUnitId: hallB.id });
  supervisorB = await makeUser(t, { roles: ['supervisor'], orgUnitId: hallB.id });
});

async function createCustomer(client = agentA.client, body: Record<string, unknown> = {}) {
  const r = await client.post('/api/v1/customers', { name: hanName(), phones: [mobile()], ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const search = async (client: typeof agentA.client, q: string) => {
  const r = await client.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as { id: string }[];
};

describe('customers', () => {
  it('creates a customer at the agent’s own hall, masked in the answer', async () => {
    const phone = mobile();
    const r = await agentA.client.post('/api/v1/customers', {
      name: '王小明', phones: [`${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`, '0755-83651234'], idNumber: '110101199003071234',
      address: '广东省深圳市福田区深南大道1号', email: 'wangxm@example.com', type: 'individual', valueTier: 'key', lifecycle: 'loyal',
      services: [{ kind: 'mobile', identifier: phone, name: '5G畅享套餐' }, { kind: 'broadband', identifier: 'KD0755123456' }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: '王小明', orgUnitId: hallA.id, orgUnitName: '福田营业厅', masked: true, version: 1, valueTier: 'key', lifecycle: 'loyal',
      phones: [`${phone.slice(0, 3)}****${phone.slice(-4)}`, '0755****1234'],
      idNumber: '110***********1234', address: expect.stringMatching(/\*{4}$/), email: 'w***@example.com',
    });
    expect(r.body.services).toHaveLength(2);
    expect(r.body.services[0]).toMatchObject({ kind: 'mobile', identifier: `${phone.slice(0, 3)}****${phone.slice(-4)}`, status: 'active' });
    expect(r.body.services[1]).toMatchObject({ kind: 'broadband', identifier: 'KD0755123456' });
    expect(JSON.stringify(r.body)).not.toContain(phone);
    expect(JSON.stringify(r.body)).not.toContain('深南大道');
  });

  it('finds a customer by name, by a name fragment, by the last four digits and by ID number', async () => {
    const phone = mobile();
    const id = idNumber();
    const name = `${hanName(2)}${hanName(1)}`;
    const c = await createCustomer(agentA.client, { name, phones: [phone], idNumber: id.toLowerCase() });
    expect((await search(agentA.client, name)).map((x) => x.id)).toContain(c.id);
    expect((await search(agentA.client, name.slice(0, 2))).map((x) => x.id)).toContain(c.id);
    expect((await search(agentA.client, name.slice(1))).map((x) => x.id)).toContain(c.id);
    // The last four digits may be shared by other customers in the hall; the customer is among the hits.
    expect((await search(agentA.client, phone.slice(-4))).map((x) => x.id)).toContain(c.id);
    expect((await search(agentA.client, phone.slice(3, 9))).map((x) => x.id)).toEqual([c.id]);
    expect((await search(agentA.client, id)).map((x) => x.id)).toEqual([c.id]);
    expect(await search(agentA.client, `${id.slice(0, -1)}9`)).toEqual([]);
    expect(await search(agentA.client, '不存在的客户名')).toEqual([]);
  });

  it('filters by type, value tier, lifecycle and site', async () => {
    const name = hanName();
    const business = await createCustomer(agentA.client, { name, type: 'business', valueTier: 'key', lifecycle: 'at_risk' });
    const plain = await createCustomer(agentA.client, { name });
    const ids = async (qs: string) => ((await agentA.client.get(`/api/v1/customers?q=${encodeURIComponent(name)}&${qs}`)).body.items as { id: string }[]).map((x) => x.id);
    expect(await ids('type=business')).toEqual([business.id]);
    expect(await ids('valueTier=key&lifecycle=at_risk')).toEqual([business.id]);
    expect(await ids(`orgUnitId=${hallA.id}`)).toEqual([plain.id, business.id]);
    expect(await ids(`orgUnitId=${hallB.id}`)).toEqual([]);
    expect((await agentA.client.get('/api/v1/customers?type=alien')).status).toBe(422);
  });

  it('masks personal data in lists and on the customer page', async () => {
    const phone = mobile();
    const c = await createCustomer(agentA.client, { phones: [phone], idNumber: '440301198805051238', address: '广东省深圳市南山区科技园路2号' });
    const list = await agentA.client.get(`/api/v1/customers?q=${phone}`);
    expect(list.body.items).toHaveLength(1);
    const got = await agentA.client.get(`/api/v1/customers/${c.id}`);
    expect(got.status).toBe(200);
    for (const item of [list.body.items[0], got.body]) {
      expect(item.masked).toBe(true);
      expect(item.phones).toEqual([`${phone.slice(0, 3)}****${phone.slice(-4)}`]);
      expect(item.idNumber).toBe('440***********1238');
      expect(item.address).toBe('广东省深圳市南山区****');
      expect(JSON.stringify(item)).not.toContain(phone);
    }
  });

  it('reveals personal data only with the permission, and audits who, why and which fields', async () => {
    const phone = mobile();
    const c = await createCustomer(agentA.client, { phones: [phone], idNumber: '440301198805051238', email: 'li@example.com' });
    const denied = await agentA.client.post(`/api/v1/customers/${c.id}/reveal`, { reason: '核实身份' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const noReason = await supervisorA.client.post(`/api/v1/customers/${c.id}/reveal`, {});
    expect(noReason.status).toBe(422);

    const r = await supervisorA.client.post(`/api/v1/customers/${c.id}/reveal`, { reason: '客户来电核实身份' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: c.id, masked: false, phones: [phone], idNumber: '440301198805051238', email: 'li@example.com' });

    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'customer'), eq(auditLog.entityId, c.id)));
    const reveal = rows.filter((x) => x.action === 'customer.reveal');
    expect(reveal).toHaveLength(1);
    expect(reveal[0]).toMatchObject({ actorId: supervisorA.user.id, orgUnitId: hallA.id, after: { reason: '客户来电核实身份', fields: ['phones', 'idNumber', 'email'] } });
    expect(rows.map((x) => x.action)).toContain('customer.create');
    // The audit log never holds the personal data itself.
    for (const row of rows) {
      const text = JSON.stringify([row.before, row.after]);
      expect(text).not.toContain(phone);
      expect(text).not.toContain('440301198805051238');
      expect(text).not.toContain('li@example.com');
    }
  });

  it('keeps another hall’s customers out of sight: 404 and absent from lists', async () => {
    const phone = mobile();
    const c = await createCustomer(agentA.client, { phones: [phone] });
    for (const client of [agentB.client, supervisorB.client]) {
      const r = await client.get(`/api/v1/customers/${c.id}`);
      expect(r.status).toBe(404);
      expect(r.body.error).toEqual({ code: 'not_found', message: '未找到客户' });
      expect(await search(client, phone)).toEqual([]);
      expect(await search(client, c.name)).toEqual([]);
      expect((await client.patch(`/api/v1/customers/${c.id}`, { version: 1, notes: 'x' })).status).toBe(404);
    }
    expect((await supervisorB.client.post(`/api/v1/customers/${c.id}/reveal`, { reason: '核实身份' })).status).toBe(404);
    const mine = (await agentB.client.get('/api/v1/customers?limit=200')).body.items as { orgUnitId: string }[];
    expect(mine.every((x) => x.orgUnitId === hallB.id)).toBe(true);
    // A customer may not be filed at a site outside the creator's scope.
    const outside = await agentB.client.post('/api/v1/customers', { name: hanName(), phones: [mobile()], orgUnitId: hallA.id });
    expect(outside.status).toBe(403);
    // The administrator sees everything.
    expect((await t.admin.get(`/api/v1/customers/${c.id}`)).status).toBe(200);
    expect((await t.admin.get(`/api/v1/customers/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('refuses bad input with 422 and field details', async () => {
    const bad = await agentA.client.post('/api/v1/customers', { name: hanName(), phones: ['12ab'] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('phones.0');
    expect((await agentA.client.post('/api/v1/customers', { name: hanName(), phones: [] })).status).toBe(422);
    expect((await agentA.client.post('/api/v1/customers', { name: '', phones: [mobile()] })).status).toBe(422);
    expect((await agentA.client.post('/api/v1/customers', { name: hanName(), phones: [mobile()], email: 'not-an-email' })).status).toBe(422);
    expect((await agentA.client.post('/api/v1/customers', { name: hanName(), phones: [mobile()], orgUnitId: crypto.randomUUID() })).status).toBe(422);
    expect((await agentA.client.get('/api/v1/customers?cursor=garbage')).status).toBe(422);
    const en = await agentA.client.request('POST', '/api/v1/customers', { name: hanName(), phones: ['x'] }, { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Some fields are invalid; please check them');
  });

  it('edits with optimistic concurrency, replaces services, keeps search current and audits a masked diff', async () => {
    const oldPhone = mobile();
    const newPhone = mobile();
    const c = await createCustomer(agentA.client, { phones: [oldPhone], services: [{ kind: 'broadband', identifier: 'KD-OLD-1' }] });
    const name = hanName(4);
    const ok = await agentA.client.patch(`/api/v1/customers/${c.id}`, {
      version: 1, name, phones: [newPhone], lifecycle: 'loyal', services: [{ kind: 'iptv', identifier: 'IPTV-9' }, { kind: 'mobile', identifier: newPhone }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, name, lifecycle: 'loyal', phones: [`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`] });
    expect(ok.body.services.map((s: { kind: string }) => s.kind)).toEqual(['iptv', 'mobile']);

    const stale = await supervisorA.client.patch(`/api/v1/customers/${c.id}`, { version: 1, notes: '迟到的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_write');
    expect((await agentA.client.get(`/api/v1/customers/${c.id}`)).body.notes).toBeNull();
    expect((await agentA.client.patch(`/api/v1/customers/${c.id}`, { notes: 'x' })).status).toBe(422);

    expect((await search(agentA.client, newPhone.slice(-6))).map((x) => x.id)).toContain(c.id);
    expect((await search(agentA.client, oldPhone)).map((x) => x.id)).not.toContain(c.id);
    expect((await search(agentA.client, name)).map((x) => x.id)).toEqual([c.id]);

    const [row] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'customer.update'), eq(auditLog.entityId, c.id)));
    expect(row.before).toMatchObject({ version: 1, lifecycle: 'new', phones: [`${oldPhone.slice(0, 3)}****${oldPhone.slice(-4)}`] });
    expect(row.after).toMatchObject({ version: 2, lifecycle: 'loyal', name });
    expect(row.before).not.toHaveProperty('type');
    expect(JSON.stringify([row.before, row.after])).not.toContain(newPhone);
    expect(JSON.stringify([row.before, row.after])).not.toContain(oldPhone);
  });

  it('pages with a keyset cursor, newest first, without gaps or repeats', async () => {
    const hall = await makeOrgUnit(t, { name: '宝安营业厅' });
    const agent = await makeUser(t, { roles: ['agent'], orgUnitId: hall.id });
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await createCustomer(agent.client)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await agent.client.get(`/api/v1/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((x) => x.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });
});
