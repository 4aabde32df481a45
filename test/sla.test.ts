import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseSla, slaAlerts } from '../src/server/db/schema';
import { runSlaScan } from '../src/server/modules/sla/sla.service';
import { ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Service commitments and SLA clocks through real HTTP against PostgreSQL;
// the escalation scan driven by hand at frozen instants, on two app nodes.
// Every commitment here is limited to this file's own sites: the database is
// shared with the other test files, whose cases must not be touched.

let t: TestContext;
let t2: TestContext;
let site: { id: string };
let ruralSite: { id: string };
let manager: ApiClient;
let agent: ApiClient;
let agentId: string;
let supervisorId: string;
let supervisor: ApiClient;
let calendarId: string;

const uniq = () => Math.random().toString(36).slice(2, 8);
const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const allDay = [['00:00', '24:00']];
const MIN = 60_000;

beforeAll(async () => {
  t = await startTestServer();
  t2 = await startTestServer(); // a second app node on the same database
  const city = await makeOrgUnit(t, { kind: 'city' });
  site = await makeOrgUnit(t, { parentId: city.id });
  ruralSite = await makeOrgUnit(t, { parentId: city.id });
  await t.db.execute(sql`UPDATE org_units SET rural = true WHERE id = ${ruralSite.id}`);
  manager = (await makeUser(t, { roles: ['quality_manager'], orgUnitId: city.id })).client;
  const a = await makeUser(t, { roles: ['agent'], orgUnitId: city.id });
  agent = a.client;
  agentId = a.user.id;
  const sup = await makeUser(t, { roles: ['supervisor'], orgUnitId: site.id });
  supervisorId = sup.user.id;
  supervisor = sup.client;
  // Round the clock, every day: due instants are creation + minutes, whatever the hour the test runs.
  const cal = await t.admin.post('/api/v1/calendars', {
    name: `24x7-${uniq()}`, timezone: 'Asia/Shanghai',
    hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  expect(cal.status, JSON.stringify(cal.body)).toBe(201);
  calendarId = cal.body.id;
});

const commitment = (over: Record<string, unknown> = {}) => ({
  code: `c-${uniq()}`, title: text('投诉 24 小时内答复'), text: text('投诉 24 小时内答复，5 个工作日内办结'),
  conditions: { siteId: site.id, caseTypes: ['complaint'] },
  targets: { firstResponse: { minutes: 1440, clock: 'business' }, resolution: { minutes: 7200, clock: 'business' } },
  calendarId, ...over,
});

async function newCase(client: ApiClient, over: Record<string, unknown> = {}) {
  const r = await client.post('/api/v1/cases', {
    type: 'complaint', channel: 'counter', subject: '宽带断网三天', customer: { name: '张三', phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    siteId: site.id, ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; createdAt: string; number: string };
}

const target = (body: { targets: { target: string }[] }, name: string) => body.targets.find((x) => x.target === name) as Record<string, any>;

describe('commitments API', () => {
  it('publishes, reads (also anonymously), edits with versions, deletes — audited; agents read only', async () => {
    const created = await manager.post('/api/v1/commitments', commitment());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ version: 1, active: true, pauseStatuses: ['waiting_customer'], warnAtPercent: 80, calendarName: expect.stringMatching(/^24x7-/) });

    expect((await agent.get(`/api/v1/commitments/${id}`)).body.code).toBe(created.body.code);
    expect((await agent.post('/api/v1/commitments', commitment())).status).toBe(403);
    const anonymous = new ApiClient(t.baseUrl);
    const pub = await anonymous.get('/api/v1/public/commitments');
    expect(pub.status).toBe(200);
    expect(pub.body.items.find((c: { code: string }) => c.code === created.body.code)).toMatchObject({ text: text('投诉 24 小时内答复，5 个工作日内办结') });
    expect(pub.body.items[0].calendarId).toBeUndefined();
    expect((await anonymous.get('/api/v1/commitments')).status).toBe(401);

    const edited = await manager.put(`/api/v1/commitments/${id}`, { ...commitment({ code: created.body.code, warnAtPercent: 90 }), version: 1 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, warnAtPercent: 90 });
    expect((await manager.put(`/api/v1/commitments/${id}`, { ...commitment(), version: 1 })).body.error.code).toBe('stale_write');

    const audit = await t.admin.get(`/api/v1/audit?entityId=${id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['commitment.create', 'commitment.update']);
    expect((await manager.delete(`/api/v1/commitments/${id}`)).status).toBe(200);
    const gone = await manager.get(`/api/v1/commitments/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe('未找到服务承诺');
  });

  it('refuses bad input clearly', async () => {
    const noTargets = await manager.post('/api/v1/commitments', commitment({ targets: {} }));
    expect(noTargets.status).toBe(422);
    expect(noTargets.body.error.details).toEqual([expect.objectContaining({ path: 'targets', code: 'no_targets' })]);

    const unknownCal = await manager.post('/api/v1/commitments', commitment({ calendarId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknownCal.status).toBe(422);
    expect(unknownCal.body.error.details).toEqual([expect.objectContaining({ path: 'calendarId', code: 'not_found' })]);

    const noCal = await manager.post('/api/v1/commitments', commitment({ calendarId: null }));
    expect(noCal.body.error.details).toEqual([expect.objectContaining({ path: 'calendarId', code: 'calendar_required' })]);

    const negative = await manager.post('/api/v1/commitments', commitment({ targets: { resolution: { minutes: -5, clock: 'calendar' } } }));
    expect(negative.status).toBe(422);
    expect(negative.body.error.details[0].path).toBe('targets.resolution.minutes');

    const badPause = await manager.post('/api/v1/commitments', commitment({ pauseStatuses: ['closed'] }));
    expect(badPause.status).toBe(422);

    const code = `dup-${uniq()}`;
    expect((await manager.post('/api/v1/commitments', commitment({ code, active: false }))).status).toBe(201);
    const dup = await manager.post('/api/v1/commitments', commitment({ code }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('承诺编码已存在');
    manager.locale = 'en';
    expect((await manager.post('/api/v1/commitments', commitment({ code }))).body.error.message).toMatch(/Commitment code/);
    manager.locale = undefined;
  });
});

describe('clocks on cases', () => {
  it('the most specific commitment wins, the case shows why, pauses while waiting on the customer, and edits recompute', async () => {
    const general = await manager.post('/api/v1/commitments', commitment({ code: `general-${uniq()}`, conditions: { siteId: site.id } }));
    const complaints = await manager.post('/api/v1/commitments', commitment({ code: `complaints-${uniq()}` }));
    expect(complaints.status).toBe(201);

    const kase = await newCase(agent);
    const before = Date.now();
    const s1 = await agent.get(`/api/v1/cases/${kase.id}/sla`);
    expect(s1.status, JSON.stringify(s1.body)).toBe(200);
    expect(s1.body.commitment.code).toBe(complaints.body.code);
    expect(s1.body.reason).toMatchObject({ score: 2, alsoMatched: [general.body.code] });
    expect(s1.body.reason.matched).toEqual(expect.arrayContaining([{ condition: 'caseType', value: 'complaint' }, { condition: 'site', value: expect.stringMatching(/^测试营业厅/) }]));
    const res = target(s1.body, 'resolution');
    expect(res.state).toBe('running');
    expect(Date.parse(res.dueAt)).toBe(Date.parse(kase.createdAt) + 7200 * MIN);
    expect(res.leftMinutes).toBeGreaterThan(7199);
    expect(res.leftMinutes).toBeLessThanOrEqual(7200);
    expect(Date.now() - before).toBeLessThan(60_000);

    // Stored by the case-event hook, in the case's own transaction.
    const [row] = await t.db.select().from(caseSla).where(eq(caseSla.caseId, kase.id));
    expect(row.commitmentId).toBe(complaints.body.id);
    expect(row.nextEscalationAt?.getTime()).toBe(Date.parse(kase.createdAt) + 1440 * 0.8 * MIN); // first-response warning

    const accepted = await agent.patch(`/api/v1/cases/${kase.id}`, { version: kase.version, status: 'accepted' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const waiting = await agent.patch(`/api/v1/cases/${kase.id}`, { version: accepted.body.version, status: 'waiting_customer' });
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(200);
    const s2 = (await agent.get(`/api/v1/cases/${kase.id}/sla`)).body;
    expect(s2.paused).toBe(true);
    expect(target(s2, 'resolution')).toMatchObject({ state: 'paused', dueAt: null });
    expect(target(s2, 'firstResponse').state).toBe('met'); // asking the customer is an answer

    // A commitment edit recomputes open cases in the same transaction.
    const list = (await manager.get('/api/v1/commitments')).body.items as { id: string; version: number; code: string }[];
    const c = list.find((x) => x.id === complaints.body.id)!;
    const edit = await manager.put(`/api/v1/commitments/${c.id}`, { ...commitment({ code: c.code, pauseStatuses: [] }), version: c.version });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const [after] = await t.db.select().from(caseSla).where(eq(caseSla.caseId, kase.id));
    expect(after.paused).toBe(false);
    expect(after.commitmentVersion).toBe(2);

    // So does a calendar edit: a 09:00–18:00 weekday calendar moves the due instant.
    const cal = (await t.admin.get(`/api/v1/calendars/${calendarId}`)).body;
    const office = [['09:00', '18:00']];
    const calEdit = await t.admin.put(`/api/v1/calendars/${calendarId}`, { ...cal.definition, hours: { ...cal.definition.hours, sat: [], sun: [], mon: office, tue: office, wed: office, thu: office, fri: office }, version: cal.version });
    expect(calEdit.status, JSON.stringify(calEdit.body)).toBe(200);
    const [moved] = await t.db.select().from(caseSla).where(eq(caseSla.caseId, kase.id));
    const resDue = moved.targets.find((x) => x.target === 'resolution')!.dueAt!;
    expect(Date.parse(resDue)).toBeGreaterThan(Date.parse(kase.createdAt) + 7200 * MIN);
    // Put the calendar back for the other tests.
    const cal2 = (await t.admin.get(`/api/v1/calendars/${calendarId}`)).body;
    expect((await t.admin.put(`/api/v1/calendars/${calendarId}`, { ...cal.definition, version: cal2.version })).status).toBe(200);

    // A calendar in use by a commitment cannot be deleted.
    const del = await t.admin.delete(`/api/v1/calendars/${calendarId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toMatch(/服务承诺/);

    for (const x of [general.body.id, complaints.body.id]) expect((await manager.delete(`/api/v1/commitments/${x}`)).status).toBe(200);
    const none = (await agent.get(`/api/v1/cases/${kase.id}/sla`)).body;
    expect(none.commitment).toBeNull();
    expect(none.targets).toEqual([]);
  });

  it('urban and rural sites get their own commitment; a regulator deadline overrides the resolution target', async () => {
    const city = await manager.post('/api/v1/commitments', commitment({
      code: `bb-city-${uniq()}`, conditions: { siteId: site.id, caseTypes: ['fault'], area: 'urban' }, targets: { resolution: { minutes: 1440, clock: 'calendar' } }, calendarId: null,
    }));
    expect(city.status, JSON.stringify(city.body)).toBe(201);
    const parentId = (await t.db.execute<{ parent_id: string }>(sql`SELECT parent_id FROM org_units WHERE id = ${site.id}`)).rows[0].parent_id;
    const country = await manager.post('/api/v1/commitments', commitment({
      code: `bb-country-${uniq()}`, conditions: { siteId: parentId, caseTypes: ['fault'], area: 'rural' }, targets: { resolution: { minutes: 2880, clock: 'calendar' } }, calendarId: null,
    }));
    const urban = await newCase(agent, { type: 'fault' });
    const rural = await newCase(agent, { type: 'fault', siteId: ruralSite.id });
    expect((await agent.get(`/api/v1/cases/${urban.id}/sla`)).body.commitment.code).toBe(city.body.code);
    const r = (await agent.get(`/api/v1/cases/${rural.id}/sla`)).body;
    expect(r.commitment.code).toBe(country.body.code);
    expect(Date.parse(target(r, 'resolution').dueAt)).toBe(Date.parse(rural.createdAt) + 2880 * MIN);

    // A priority change re-matches: an urgent-fault commitment for the city sites is more specific.
    const urgent = await manager.post('/api/v1/commitments', commitment({
      code: `bb-urgent-${uniq()}`, conditions: { siteId: site.id, caseTypes: ['fault'], area: 'urban', priorities: ['urgent'] }, targets: { resolution: { minutes: 240, clock: 'calendar' } }, calendarId: null,
    }));
    expect(urgent.status, JSON.stringify(urgent.body)).toBe(201);
    const raised = await agent.patch(`/api/v1/cases/${urban.id}`, { version: urban.version, priority: 'urgent' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    const [row] = await t.db.select().from(caseSla).where(eq(caseSla.caseId, urban.id));
    expect(row.commitmentId).toBe(urgent.body.id);
    expect(row.reason?.alsoMatched).toEqual([city.body.code]);
    await manager.delete(`/api/v1/commitments/${urgent.body.id}`);

    const notRegulator = await agent.put(`/api/v1/cases/${urban.id}/sla/regulator-deadline`, { deadline: new Date(Date.now() + 86_400_000).toISOString() });
    expect(notRegulator.status).toBe(422);
    expect(notRegulator.body.error.details[0].code).toBe('not_regulator_case');

    const referral = await newCase(agent, { type: 'fault', channel: 'regulator', externalRef: 'GXB-2026-001' });
    const deadline = new Date(Date.parse(referral.createdAt) + 3 * 86_400_000).toISOString();
    const set = await agent.put(`/api/v1/cases/${referral.id}/sla/regulator-deadline`, { deadline });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.regulatorDeadline).toBe(deadline);
    expect(target(set.body, 'resolution')).toMatchObject({ regulatorDeadline: true, dueAt: deadline });
    const timeline = (await agent.get(`/api/v1/cases/${referral.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(timeline).toContain('regulator_deadline_set');
    const early = await agent.put(`/api/v1/cases/${referral.id}/sla/regulator-deadline`, { deadline: new Date(Date.parse(referral.createdAt) - MIN).toISOString() });
    expect(early.body.error.details[0].code).toBe('before_creation');

    // Outside the caller's subtree the case does not exist.
    const stranger = (await makeUser(t, { roles: ['agent'], orgUnitId: (await makeOrgUnit(t)).id })).client;
    expect((await stranger.get(`/api/v1/cases/${urban.id}/sla`)).status).toBe(404);
    for (const x of [city.body.id, country.body.id]) await manager.delete(`/api/v1/commitments/${x}`);
  });
});

describe('warnings and escalation', () => {
  it('each warning and breach fires exactly once with two app nodes scanning together; the breach escalates', async () => {
    const c = await manager.post('/api/v1/commitments', commitment({
      code: `escalate-${uniq()}`, conditions: { siteId: site.id, caseTypes: ['inquiry'] },
      targets: { acknowledgement: { minutes: 60, clock: 'calendar' }, resolution: { minutes: 600, clock: 'calendar' } }, calendarId: null, escalateOnBreach: true,
    }));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const cases = await Promise.all([1, 2, 3].map(() => newCase(agent, { type: 'inquiry' })));
    const created = Date.parse(cases[2].createdAt);

    // 50 minutes in: past the 80 % warning (48 min) of the acknowledgement.
    const at50 = new Date(created + 50 * MIN);
    const [a, b] = await Promise.all([runSlaScan(t.db, at50, { node: 'node-a' }), runSlaScan(t2.db, at50, { node: 'node-b' })]);
    expect(a.warnings + b.warnings).toBe(3);
    expect(a.breaches + b.breaches).toBe(0);

    // 70 minutes in: the acknowledgement is breached; both nodes again, then a third sweep.
    const at70 = new Date(created + 70 * MIN);
    const [c1, c2] = await Promise.all([runSlaScan(t.db, at70, { node: 'node-a' }), runSlaScan(t2.db, at70, { node: 'node-b' })]);
    expect(c1.breaches + c2.breaches).toBe(3);
    expect(c1.escalated + c2.escalated).toBe(3);
    const again = await runSlaScan(t2.db, at70);
    expect(again.breaches + again.warnings).toBe(0);

    for (const k of cases) {
      const alerts = await t.db.select().from(slaAlerts).where(eq(slaAlerts.caseId, k.id));
      expect(alerts.map((x) => `${x.target}:${x.kind}`).sort()).toEqual(['acknowledgement:breach', 'acknowledgement:warning']);
      expect(new Set(alerts[0].recipientIds)).toEqual(new Set([agentId, supervisorId]));
      expect(alerts.find((x) => x.kind === 'breach')?.escalatedTo).toBe(1);
    }
    const k = cases[0];
    const viaApi = await agent.get(`/api/v1/cases/${k.id}/sla/alerts`);
    expect(viaApi.body.items).toHaveLength(2);
    const kase = (await agent.get(`/api/v1/cases/${k.id}`)).body;
    expect(kase.escalationLevel).toBe(1);
    const escalated = (await agent.get(`/api/v1/cases/${k.id}/timeline`)).body.items.find((e: { kind: string }) => e.kind === 'escalated');
    expect(escalated).toMatchObject({ actorId: null, data: { fromLevel: 0, toLevel: 1 } });

    // The supervisor of the site got the notification (in-app).
    const notes = await t.db.execute<{ kind: string }>(sql`SELECT kind FROM notifications WHERE recipient_id = ${supervisorId} AND case_id = ${k.id} ORDER BY kind`);
    expect(notes.rows.map((r) => r.kind)).toEqual(['sla_breach', 'sla_warning']);

    // Next: the resolution warning at 480 minutes.
    const [row] = await t.db.select().from(caseSla).where(eq(caseSla.caseId, k.id));
    expect(row.nextEscalationAt?.getTime()).toBe(Date.parse(k.createdAt) + 480 * MIN);

    // The supervisor's watch list: these open cases, most urgent clock first (live, at the real now).
    const watch = await supervisor.get('/api/v1/sla/watch?withinHours=24');
    expect(watch.status, JSON.stringify(watch.body)).toBe(200);
    const mine = watch.body.items.filter((x: { caseId: string }) => cases.some((k) => k.id === x.caseId));
    expect(mine).toHaveLength(3);
    expect(mine[0]).toMatchObject({ target: 'acknowledgement', state: 'running', commitmentCode: c.body.code });
    const stranger = (await makeUser(t, { roles: ['supervisor'], orgUnitId: (await makeOrgUnit(t)).id })).client;
    expect((await stranger.get('/api/v1/sla/watch')).body.items.some((x: { caseId: string }) => x.caseId === k.id)).toBe(false);
    await manager.delete(`/api/v1/commitments/${c.body.id}`);
  });
});
