import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_NUMBER_PREFIX } from '../src/shared/cases';
import { ROLES } from '../src/shared/roles';
import { DEMO_PASSWORD, seedDemo, type SeedDemoResult } from '../src/server/seed/demo.seed';
import { isValidIdNumber, LANDLINE_RE, MOBILE_RE } from '../src/server/seed/identity';
import { ApiClient, startTestServer, type TestContext } from './harness';

let t: TestContext;
let seeded: SeedDemoResult;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => (await t.db.execute(q)).rows as T[];

beforeAll(async () => {
  t = await startTestServer();
  // The database is shared with other test files: leave the root's name alone, publish no organisation-wide
  // commitments (test/seed-commitments.test.ts checks those on a database of its own).
  seeded = await seedDemo(t.db, { dataDir: t.dataDir, quiet: true, customers: 200, cases: 300, seed: 20261122, renameRoot: false, commitments: false });
  console.log(`demo staff password: ${DEMO_PASSWORD}`);
}, 120_000);

/** Ids of the demo sites and teams (codes JN-…). */
const demoUnits = () => sql`(select id from org_units where code like 'JN-%')`;

describe('demo data', () => {
  it('lets the well-known demo staff log in with the shared password', async () => {
    for (const username of ['agent', 'supervisor', 'tech', 'quality']) {
      const c = new ApiClient(t.baseUrl);
      await c.login(username, DEMO_PASSWORD);
      const me = await c.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(username);
      if (username === 'agent') {
        expect(me.body.orgUnitName).toBe('临江人民路营业厅');
        expect(me.body.roles.map((r: { role: string }) => r.role)).toEqual(['agent']);
      }
      if (username === 'tech') expect(me.body.orgUnitName).toContain('宽带装维班');
      if (username === 'quality') expect(me.body.roles.map((r: { role: string }) => r.role)).toContain('quality_manager');
    }
    const wrong = await new ApiClient(t.baseUrl).post('/api/v1/auth/login', { username: 'agent', password: 'nope' });
    expect(wrong.status).toBe(401);
  });

  it('builds a province with cities, halls, a call centre, resolver teams and staff in every role', async () => {
    const units = await rows<{ kind: string; name: string; is_resolver_group: boolean }>(
      sql`select kind, name, is_resolver_group from org_units where code like 'JN-%'`,
    );
    expect(units.filter((u) => u.kind === 'city').map((u) => u.name).sort()).toEqual(['临江市分公司', '青山市分公司']);
    expect(units.filter((u) => u.kind === 'hall')).toHaveLength(3);
    expect(units.filter((u) => u.kind === 'call_centre').map((u) => u.name)).toEqual(['10000号客服中心']);
    const resolvers = units.filter((u) => u.is_resolver_group).map((u) => u.name);
    expect(resolvers).toEqual(expect.arrayContaining(['临江宽带装维班', '青山宽带装维班', '投诉处理班', '网络优化组']));

    const staff = await rows<{ username: string; role: string; name: string }>(sql`
      select u.username, r.role, u.name from users u join user_roles r on r.user_id = u.id where u.org_unit_id in ${demoUnits()}
        or u.username in ('quality', 'qianxiaoyan01')`);
    expect(staff.length).toBeGreaterThanOrEqual(30);
    for (const role of ROLES) expect(staff.some((s) => s.role === role), role).toBe(true);
    for (const s of staff) {
      expect(s.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(s.username).toMatch(/^([a-z]+\d{2}|agent|supervisor|tech|quality)$/);
    }
    // One shared hash: every demo login has the same password.
    const hashes = await rows<{ n: number }>(sql`select count(distinct password_hash)::int n from users where org_unit_id in ${demoUnits()}`);
    expect(hashes[0].n).toBe(1);
  });

  it('creates customers with Chinese names, valid-format phones, ID numbers with a valid check digit, and services', async () => {
    const cs = await rows<{ name: string; phones: string[]; phone_digits: string; id_number: string | null; type: string; address: string; search_tokens: string; n_services: number }>(sql`
      select c.name, c.phones, c.phone_digits, c.id_number, c.type, c.address, c.search_tokens,
        (select count(*)::int from customer_services s where s.customer_id = c.id) n_services
      from customers c where c.org_unit_id in ${demoUnits()}`);
    expect(cs).toHaveLength(200);
    for (const c of cs) {
      expect(c.name).toMatch(/^[\u4e00-\u9fa5]{2,}$/);
      expect(c.phones.length).toBeGreaterThan(0);
      for (const p of c.phones) expect(MOBILE_RE.test(p) || LANDLINE_RE.test(p), p).toBe(true);
      expect(c.phone_digits).toBe(c.phones.join(' '));
      if (c.type !== 'business') expect(isValidIdNumber(c.id_number!), c.id_number!).toBe(true);
      expect(c.address).toMatch(/^江南省(临江市|青山市)/);
      expect(c.search_tokens.length).toBeGreaterThan(0);
    }
    expect(cs.some((c) => c.phones.some((p) => LANDLINE_RE.test(p)))).toBe(true);
    expect(cs.filter((c) => c.n_services > 0).length).toBeGreaterThan(150);
    const kinds = await rows<{ kind: string }>(sql`
      select distinct s.kind from customer_services s join customers c on c.id = s.customer_id where c.org_unit_id in ${demoUnits()}`);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['mobile', 'broadband', 'package']));
  });

  it('creates cases with valid numbers, first responders of the receiving site, and a realistic mix', async () => {
    const cases = await rows<{
      number: string; type: string; channel: string; status: string; ymd: string; ok_fr: boolean; age_days: number; search_tokens: string;
      closed_at: string | null; resolved_at: string | null; transfer_count: number; n_transfers: number; n_created: number;
    }>(sql`
      select c.number, c.type, c.channel, c.status, to_char(c.created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') ymd,
        fu.path like s.path || '%' ok_fr, (extract(epoch from now() - c.created_at) / 86400)::float8 age_days, c.search_tokens,
        c.closed_at, c.resolved_at, c.transfer_count,
        (select count(*)::int from case_transfers x where x.case_id = c.id) n_transfers,
        (select count(*)::int from case_events e where e.case_id = c.id and e.kind = 'created') n_created
      from cases c
      join org_units s on s.id = c.site_id
      join users u on u.id = c.first_responder_id
      join org_units fu on fu.id = u.org_unit_id
      where c.site_id in ${demoUnits()}`);
    expect(cases).toHaveLength(300);
    expect(new Set(cases.map((c) => c.number)).size).toBe(300);
    for (const c of cases) {
      const prefix = CASE_NUMBER_PREFIX[c.type as keyof typeof CASE_NUMBER_PREFIX];
      expect(c.number).toMatch(new RegExp(`^${prefix}${c.ymd}\\d{6,}$`));
      expect(c.ok_fr, `first responder of ${c.number} is not in its site`).toBe(true);
      expect(c.age_days).toBeGreaterThanOrEqual(0);
      expect(c.age_days).toBeLessThan(91);
      expect(c.transfer_count).toBe(c.n_transfers);
      expect(c.n_created).toBe(1);
      expect(c.search_tokens).not.toBe('');
      if (c.status === 'closed') expect(c.closed_at).not.toBeNull();
      if (c.status === 'resolved') expect(c.resolved_at).not.toBeNull();
    }
    const count = (f: (c: (typeof cases)[number]) => boolean) => cases.filter(f).length;
    // Hotline and counter carry most contacts; old cases are mostly closed.
    expect(count((c) => c.channel === 'hotline' || c.channel === 'counter')).toBeGreaterThan(180);
    expect(count((c) => c.age_days > 14 && c.status === 'closed') / count((c) => c.age_days > 14)).toBeGreaterThan(0.8);
    expect(new Set(cases.map((c) => c.type)).size).toBe(6);
    // With the category tree seeded, every case files under a category.
    const [cat] = await rows<{ categories: number; uncategorised: number }>(sql`
      select (select count(*)::int from case_categories) categories,
        (select count(*)::int from cases where category_id is null and site_id in ${demoUnits()}) uncategorised`);
    if (cat.categories > 0) expect(cat.uncategorised).toBe(0);
    expect(count((c) => c.transfer_count > 0)).toBeGreaterThan(20);

    const [extra] = await rows<{ bounces: number; work_orders: number; steps: number; escalated: number; repeats: number; comments: number; closed_events: number }>(sql`
      select
        (select count(*)::int from case_transfers x join cases c on c.id = x.case_id where x.is_bounce and c.site_id in ${demoUnits()}) bounces,
        (select count(*)::int from work_orders w join cases c on c.id = w.case_id where c.site_id in ${demoUnits()}) work_orders,
        (select count(*)::int from work_order_steps s join work_orders w on w.id = s.work_order_id join cases c on c.id = w.case_id where c.site_id in ${demoUnits()}) steps,
        (select count(*)::int from cases c where c.escalation_level > 0 and c.site_id in ${demoUnits()}) escalated,
        (select count(*)::int from cases c where c.is_repeat and c.repeat_of_id is not null and c.site_id in ${demoUnits()}) repeats,
        (select count(*)::int from case_comments m join cases c on c.id = m.case_id where c.site_id in ${demoUnits()}) comments,
        (select count(*)::int from case_events e join cases c on c.id = e.case_id where e.kind in ('resolved', 'confirmed') and c.site_id in ${demoUnits()}) closed_events`);
    expect(extra.bounces).toBeGreaterThan(0);
    expect(extra.work_orders).toBeGreaterThan(10);
    expect(extra.steps).toBeGreaterThan(extra.work_orders);
    expect(extra.escalated).toBeGreaterThan(0);
    expect(extra.repeats).toBeGreaterThan(0);
    expect(extra.comments).toBeGreaterThan(10);
    expect(extra.closed_events).toBeGreaterThan(200);
    // Timeline events about a work order name its number.
    const [wo] = await rows<{ bad: number; n: number }>(sql`
      select count(*) filter (where w.number is distinct from e.data->>'number')::int bad, count(*)::int n
      from case_events e join cases c on c.id = e.case_id left join work_orders w on w.id = (e.data->>'workOrderId')::uuid
      where e.kind in ('dispatched', 'work_order_step') and c.site_id in ${demoUnits()}`);
    expect(wo.n).toBeGreaterThan(0);
    expect(wo.bad).toBe(0);
    const [ev] = await rows<{ bad_created: number; bad_repeat: number }>(sql`
      select
        (select count(*)::int from case_events e join cases c on c.id = e.case_id
          where e.kind = 'created' and c.site_id in ${demoUnits()} and e.data->>'number' is distinct from c.number) bad_created,
        (select count(*)::int from case_events e join cases c on c.id = e.case_id left join cases p on p.id = c.repeat_of_id
          where e.kind = 'repeat_flagged' and c.site_id in ${demoUnits()} and e.data->>'repeatOfNumber' is distinct from p.number) bad_repeat`);
    expect(ev).toEqual({ bad_created: 0, bad_repeat: 0 });
  });

  it('serves the demo cases through the API: a queue, search, a case and its timeline', async () => {
    const agent = new ApiClient(t.baseUrl);
    await agent.login('agent', DEMO_PASSWORD);
    const list = await agent.get('/api/v1/cases?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);

    const quality = new ApiClient(t.baseUrl);
    await quality.login('quality', DEMO_PASSWORD);
    const found = await quality.get(`/api/v1/cases?q=${encodeURIComponent('宽带')}&limit=10`);
    expect(found.status).toBe(200);
    expect(found.body.items.length).toBeGreaterThan(0);
    for (const c of found.body.items) expect(`${c.subject}${c.description}`).toContain('宽带');

    const [transferred] = await rows<{ id: string; number: string; first_responder_id: string; n: number }>(sql`
      select c.id, c.number, c.first_responder_id, (select count(*)::int from case_events e where e.case_id = c.id) n
      from cases c where c.transfer_count > 0 and c.site_id in ${demoUnits()} order by c.created_at limit 1`);
    const one = await quality.get(`/api/v1/cases/${transferred.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ number: transferred.number, firstResponderId: transferred.first_responder_id });
    const timeline = await quality.get(`/api/v1/cases/${transferred.id}/timeline`);
    if (timeline.status !== 404) {
      expect(timeline.status).toBe(200);
      expect(timeline.body.items).toHaveLength(transferred.n);
      expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['created', 'transferred']));
    }
  });

  it('adds to the existing demo province when seeded again', async () => {
    const before = await rows<{ units: number; users: number; cases: number; customers: number }>(sql`
      select (select count(*)::int from org_units where code like 'JN-%') units,
        (select count(*)::int from users where org_unit_id in ${demoUnits()}) users,
        (select count(*)::int from cases where site_id in ${demoUnits()}) cases,
        (select count(*)::int from customers where org_unit_id in ${demoUnits()}) customers`);
    const again = await seedDemo(t.db, { dataDir: t.dataDir, quiet: true, customers: 10, cases: 20, renameRoot: false, commitments: false });
    expect(again.org.created).toBe(false);
    const after = await rows<typeof before[number]>(sql`
      select (select count(*)::int from org_units where code like 'JN-%') units,
        (select count(*)::int from users where org_unit_id in ${demoUnits()}) users,
        (select count(*)::int from cases where site_id in ${demoUnits()}) cases,
        (select count(*)::int from customers where org_unit_id in ${demoUnits()}) customers`);
    expect(after[0]).toEqual({ ...before[0], cases: before[0].cases + 20, customers: before[0].customers + 10 });
    expect(seeded.org.rootId).toBe(again.org.rootId);
  });
});
