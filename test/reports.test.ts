import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents } from '../src/server/db/schema';
import { recomputeCases } from '../src/server/modules/sla/sla.service';
import { ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Compliance reports through real HTTP against PostgreSQL. Six cases of March
// 2026 (and one just after it) are made through the cases and callbacks APIs
// under a commitment limited to this file's own city, then backdated: their
// creation and timeline instants are set in the database and their clocks
// recomputed by the SLA module's own service. Every figure below is worked out
// by hand from those instants (Beijing time, UTC+8).

let t: TestContext;
let city: { id: string };
let hallA: { id: string };
let hallB: { id: string };
let hallC: { id: string };
let manager: ApiClient;
let supB: ApiClient;
let supC: ApiClient;
let agent1: { client: ApiClient; user: { id: string } };
let agent2: { client: ApiClient; user: { id: string } };
let agentB: { client: ApiClient; user: { id: string } };
let commitmentId: string;
const ids: Record<string, string> = {};

const uniq = () => Math.random().toString(36).slice(2, 8);
const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
/** An instant given as Beijing wall time. */
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const week = [['09:00', '18:00']];
const Q = '/api/v1/reports/sla-compliance?from=2026-03-01&to=2026-03-31';

interface Plan {
  created: string;
  accepted?: string;
  answered?: string;
  resolved?: string;
  /** The callback: its attempt, completion and (when not resolved) the reopening. */
  callback?: { at: string; outcome: 'reached' | 'refused'; resolved?: boolean; satisfaction?: number };
}

async function makeCase(by: { client: ApiClient }, site: { id: string }, plan: Plan, subject: string): Promise<string> {
  const c = by.client;
  const created = await c.post('/api/v1/cases', {
    type: 'complaint', channel: 'counter', subject, customer: { name: '李四', phone: `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` }, siteId: site.id,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  let version = created.body.version as number;
  if (plan.accepted) {
    const r = await c.patch(`/api/v1/cases/${id}`, { version, status: 'accepted' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    version = r.body.version;
  }
  if (plan.answered) expect((await c.post(`/api/v1/cases/${id}/comments`, { body: '已联系客户，正在处理', public: true })).status).toBe(201);
  if (plan.resolved) expect((await c.post(`/api/v1/cases/${id}/resolve`, { summary: '已修复', resolutionCode: 'solved' })).status).toBe(200);
  if (plan.callback) {
    const task = (await c.get(`/api/v1/callbacks?caseId=${id}&state=open`)).body.items[0];
    expect(task, 'a callback task from the complaint rule').toBeTruthy();
    const cb = plan.callback;
    const r = await c.post(`/api/v1/callbacks/${task.id}/attempts`, { version: task.version, outcome: cb.outcome, resolved: cb.resolved, satisfaction: cb.satisfaction });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  // Backdate: the case and every event of its timeline to the plan's instants.
  await t.db.execute(sql`UPDATE cases SET created_at = ${bj(plan.created).toISOString()}::timestamptz WHERE id = ${id}`);
  const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, id));
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    let at = plan.created;
    if (e.kind === 'status_changed' && d.to === 'accepted') at = plan.accepted!;
    else if (e.kind === 'commented') at = plan.answered!;
    else if (e.kind === 'resolved' || e.kind === 'callback_created') at = plan.resolved!;
    else if (e.kind.startsWith('callback_') || e.kind === 'reopened') at = plan.callback!.at;
    await t.db.update(caseEvents).set({ at: bj(at) }).where(eq(caseEvents.id, e.id));
  }
  return id;
}

beforeAll(async () => {
  t = await startTestServer();
  city = await makeOrgUnit(t, { kind: 'city', name: `报表市-${uniq()}` });
  hallA = await makeOrgUnit(t, { parentId: city.id, name: `甲营业厅-${uniq()}` });
  hallB = await makeOrgUnit(t, { parentId: city.id, name: `乙营业厅-${uniq()}` });
  hallC = await makeOrgUnit(t, { parentId: city.id, name: `丙营业厅-${uniq()}` });
  manager = (await makeUser(t, { roles: ['quality_manager'], orgUnitId: city.id })).client;
  supB = (await makeUser(t, { roles: ['supervisor'], orgUnitId: hallB.id })).client;
  supC = (await makeUser(t, { roles: ['supervisor'], orgUnitId: hallC.id })).client;
  agent1 = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '王小明' });
  agent2 = await makeUser(t, { roles: ['agent'], orgUnitId: hallA.id, name: '赵小红' });
  agentB = await makeUser(t, { roles: ['agent'], orgUnitId: hallB.id, name: '钱小刚' });

  // Weekdays 09:00–18:00 for the first response; the other targets on plain minutes.
  const cal = await t.admin.post('/api/v1/calendars', {
    name: `weekdays-${uniq()}`, timezone: 'Asia/Shanghai', hours: { mon: week, tue: week, wed: week, thu: week, fri: week, sat: [], sun: [] },
  });
  expect(cal.status, JSON.stringify(cal.body)).toBe(201);
  const c = await manager.post('/api/v1/commitments', {
    code: `rpt-${uniq()}`, title: text('投诉处理承诺'), text: text('投诉 1 小时内受理，2 个工作小时内响应，24 小时内解决，48 小时内回访'),
    conditions: { siteId: city.id, caseTypes: ['complaint'] },
    targets: {
      acknowledgement: { minutes: 60, clock: 'calendar' }, firstResponse: { minutes: 120, clock: 'business' },
      resolution: { minutes: 1440, clock: 'calendar' }, callback: { minutes: 2880, clock: 'calendar' },
    },
    calendarId: cal.body.id, useSiteCalendar: false,
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  commitmentId = c.body.id;

  // 2026-03-02 is a Monday.
  ids.k1 = await makeCase(agent1, hallA, { created: '2026-03-02 09:00', accepted: '2026-03-02 09:30', answered: '2026-03-02 10:00', resolved: '2026-03-02 20:00',
    callback: { at: '2026-03-03 10:00', outcome: 'reached', resolved: true, satisfaction: 5 } }, '宽带断网 K1');
  ids.k2 = await makeCase(agent1, hallA, { created: '2026-03-02 17:00', accepted: '2026-03-02 18:30', answered: '2026-03-03 10:30', resolved: '2026-03-03 16:00',
    callback: { at: '2026-03-04 09:00', outcome: 'reached', resolved: false, satisfaction: 2 } }, '宽带断网 K2');
  ids.k3 = await makeCase(agent2, hallA, { created: '2026-03-04 10:00', accepted: '2026-03-04 10:20', answered: '2026-03-04 13:00', resolved: '2026-03-05 12:00',
    callback: { at: '2026-03-08 12:00', outcome: 'refused' } }, '话费争议 K3');
  ids.k4 = await makeCase(agent1, hallA, { created: '2026-03-05 09:00' }, '信号差 K4');
  ids.k5 = await makeCase(agentB, hallB, { created: '2026-03-02 11:00', accepted: '2026-03-02 11:10', answered: '2026-03-02 11:30', resolved: '2026-03-02 12:00',
    callback: { at: '2026-03-02 15:00', outcome: 'reached', resolved: true, satisfaction: 4 } }, '套餐变更 K5');
  // The last minutes of March in Beijing (still 31 March in UTC too) count; the first of April (31 March 16:30 UTC) does not.
  ids.k7 = await makeCase(agent1, hallA, { created: '2026-03-31 23:30' }, '月末工单 K7');
  ids.k6 = await makeCase(agent1, hallA, { created: '2026-04-01 00:30' }, '四月工单 K6');
  await recomputeCases(t.db, Object.values(ids), new Date());
});

const fig = (g: { targets: { target: string }[] }, target: string) => g.targets.find((x) => x.target === target) as Record<string, unknown>;

describe('GET /reports/sla-compliance', () => {
  it('counts, % met, median and 90th percentile per target, by hand', async () => {
    const r = await manager.get(Q);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { total } = r.body;
    expect(r.body).toMatchObject({ basis: 'cases_created', timezone: 'Asia/Shanghai', fromInstant: '2026-02-28T16:00:00.000Z', toInstant: '2026-03-31T16:00:00.000Z' });
    expect(total.cases).toBe(6);
    // Acknowledgement (60 min): K1 30, K3 20, K5 10 met; K2 90 late; K4 and K7 never acknowledged, overdue.
    expect(fig(total, 'acknowledgement')).toEqual({ target: 'acknowledgement', clock: 'calendar', met: 3, breached: 3, running: 0, percentMet: 50, medianMinutes: 25, p90Minutes: 72 });
    // First response (120 working minutes, weekdays 09–18): K1 60, K5 30 met; K2 60 + 90 = 150 and K3 180 late; K4, K7 overdue.
    expect(fig(total, 'firstResponse')).toEqual({ target: 'firstResponse', clock: 'business', met: 2, breached: 4, running: 0, percentMet: 33.3, medianMinutes: 105, p90Minutes: 171 });
    // Resolution (1440 min): K1 660, K5 60 met; K3 1560 late; K2 reopened by its callback and now overdue; K4, K7 overdue.
    expect(fig(total, 'resolution')).toEqual({ target: 'resolution', clock: 'calendar', met: 2, breached: 4, running: 0, percentMet: 33.3, medianMinutes: 660, p90Minutes: 1380 });
    // Callback (2880 min from resolution to the callback task's close): K1 840, K5 180 met; K3 closed (refused) after 4320, late;
    // K2 (reopened by its callback), K4, K7 not started.
    expect(fig(total, 'callback')).toEqual({ target: 'callback', clock: 'calendar', met: 2, breached: 1, running: 3, percentMet: 66.7, medianMinutes: 840, p90Minutes: 3624 });
    expect(total.breaches).toBe(3 + 4 + 4 + 1);
    // Callback results: K1 yes 5, K2 no 2, K5 yes 4 reached; K3 refused.
    expect(total.callbacks).toEqual({ closed: 4, reached: 3, reachRate: 75, resolvedYes: 2, resolvedRate: 66.7, meanSatisfaction: 3.67, satisfaction: [0, 1, 0, 1, 1] });
    expect(r.body.groups).toHaveLength(1);
    expect(r.body.groups[0]).toMatchObject({ key: commitmentId, name: expect.stringContaining('投诉处理承诺'), cases: 6 });
  });

  it('groups by site, first responder and person; the trend is per Beijing day', async () => {
    const bySite = (await manager.get(`${Q}&groupBy=site`)).body;
    const a = bySite.groups.find((g: { key: string }) => g.key === hallA.id);
    const b = bySite.groups.find((g: { key: string }) => g.key === hallB.id);
    expect(a.cases).toBe(5);
    expect(fig(a, 'acknowledgement')).toMatchObject({ met: 2, breached: 3, percentMet: 40 });
    expect(b).toMatchObject({ cases: 1, breaches: 0 });
    expect(fig(b, 'resolution')).toMatchObject({ met: 1, breached: 0, percentMet: 100, medianMinutes: 60 });
    expect(b.callbacks).toMatchObject({ closed: 1, reached: 1, meanSatisfaction: 4, satisfaction: [0, 0, 0, 1, 0] });

    const byFr = (await manager.get(`${Q}&groupBy=first_responder`)).body;
    expect(Object.fromEntries(byFr.groups.map((g: { name: string; cases: number }) => [g.name, g.cases]))).toEqual({ 王小明: 4, 赵小红: 1, 钱小刚: 1 });
    const byPerson = (await manager.get(`${Q}&groupBy=person`)).body;
    expect(byPerson.groups.find((g: { key: string }) => g.key === agent2.user.id)).toMatchObject({ cases: 1, breaches: 3 });

    const trend = bySite.trend;
    expect(trend.bucket).toBe('day');
    // 2 March: K1, K2, K5 acknowledged — K2 late.
    expect(trend.points.find((p: { start: string; target: string }) => p.start === '2026-03-02' && p.target === 'acknowledgement')).toMatchObject({ met: 2, breached: 1, percentMet: 66.7 });
    expect(trend.points.find((p: { start: string; target: string }) => p.start === '2026-03-31' && p.target === 'acknowledgement')).toMatchObject({ met: 0, breached: 1 });
  });

  it('filters by site and commitment; a hall supervisor sees only their hall, another hall none', async () => {
    expect((await manager.get(`${Q}&siteId=${hallB.id}`)).body.total.cases).toBe(1);
    expect((await manager.get(`${Q}&commitmentId=${commitmentId}`)).body.total.cases).toBe(6);
    const b = await supB.get(Q);
    expect(b.status).toBe(200);
    expect(b.body.total.cases).toBe(1);
    expect(fig(b.body.total, 'acknowledgement')).toMatchObject({ met: 1, breached: 0 });
    const c = await supC.get(Q);
    expect(c.body.total).toMatchObject({ cases: 0, breaches: 0, targets: [] });
    expect(c.body.groups).toEqual([]);
    expect((await supC.get(`${Q.replace('sla-compliance', 'sla-compliance/breaches')}`)).body.items).toEqual([]);
    // An agent has no report:read.
    expect((await agent1.client.get(Q)).status).toBe(403);
  });

  it('refuses bad periods and group keys with the field named', async () => {
    const reversed = await manager.get('/api/v1/reports/sla-compliance?from=2026-03-31&to=2026-03-01');
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.details).toEqual([expect.objectContaining({ path: 'to', code: 'period_reversed' })]);
    const bad = await manager.request('GET', '/api/v1/reports/sla-compliance?from=2026-02-30&to=2026-03-01', undefined, { 'accept-language': 'en' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toBe('Some fields are invalid; please check them');
    expect((await manager.get('/api/v1/reports/sla-compliance?from=2026-03-01&to=2026-03-31&groupBy=planet')).status).toBe(422);
    expect((await manager.get(`${Q.replace('sla-compliance', 'sla-compliance/breaches')}&group=x'--`)).status).toBe(422);
  });
});

describe('breach drill-down', () => {
  it('lists the late cases of a group and target, earliest due first, keyset-paged', async () => {
    const base = `/api/v1/reports/sla-compliance/breaches?from=2026-03-01&to=2026-03-31&groupBy=site&group=${hallA.id}&target=resolution&limit=2`;
    const p1 = await manager.get(base);
    expect(p1.status, JSON.stringify(p1.body)).toBe(200);
    // K2: 1380 min until resolved, reopened 4 March 09:00 → due 10:00; K3 due 5 March 10:00, resolved 12:00; K4 due 6 March 09:00; K7 due 1 April 23:30.
    expect(p1.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([ids.k2, ids.k3]);
    expect(p1.body.items[0]).toMatchObject({ target: 'resolution', dueAt: bj('2026-03-04 10:00').toISOString(), metAt: null, subject: '宽带断网 K2', groupKey: hallA.id });
    expect(p1.body.items[1]).toMatchObject({ dueAt: bj('2026-03-05 10:00').toISOString(), metAt: bj('2026-03-05 12:00').toISOString(), lateMinutes: 120 });
    expect(p1.body.items[0].number).toMatch(/^TS/);
    const p2 = await manager.get(`${base}&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([ids.k4, ids.k7]);
    expect(p2.body.items[0].dueAt).toBe(bj('2026-03-06 09:00').toISOString());
    expect(p2.body.items[0].lateMinutes).toBeGreaterThan(0);
    expect(p2.body.nextCursor).toBeNull();
    const all = await manager.get('/api/v1/reports/sla-compliance/breaches?from=2026-03-01&to=2026-03-31&limit=200');
    expect(all.body.items).toHaveLength(12);
  });
});

describe('exports', () => {
  it('CSV: UTF-8 with BOM, headers in the caller\'s language, one row per group and a total', async () => {
    const r = await fetch(`${t.baseUrl}${Q}&groupBy=site&format=csv`, { headers: { cookie: manager.cookie, 'accept-language': 'zh-CN' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toContain('sla-compliance-site-2026-03-01-2026-03-31.csv');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines[0].slice(0, 3)).toEqual(['营业厅/站点', '工单数', '超时次数']);
    expect(lines[0]).toContain('受理确认达成率(%)');
    expect(lines[0]).toContain('首次响应中位用时(分钟)');
    const col = (name: string) => lines[0].indexOf(name);
    const rowA = lines.find((l) => l[0].startsWith('甲营业厅'))!;
    expect(rowA[col('工单数')]).toBe('5');
    expect(rowA[col('受理确认达成率(%)')]).toBe('40');
    const totalRow = lines[lines.length - 1];
    expect(totalRow[0]).toBe('合计');
    expect(totalRow[col('解决时限90分位用时(分钟)')]).toBe('1380');
    expect(totalRow[col('接通率(%)')]).toBe('75');
    expect(lines).toHaveLength(1 + 2 + 1);
    expect(lines.join('\n')).not.toContain('李四');

    const en = await fetch(`${t.baseUrl}${Q}&format=csv`, { headers: { cookie: manager.cookie, 'accept-language': 'en' } });
    const enHeader = (await en.text()).replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(enHeader.startsWith('Commitment,Cases,Breaches,Acknowledgement met')).toBe(true);
  });

  it('XLSX parses back with the same table and an about sheet', async () => {
    const r = await fetch(`${t.baseUrl}${Q}&groupBy=first_responder&format=xlsx`, { headers: { cookie: manager.cookie, 'accept-language': 'zh-TW' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await r.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('服務承諾達成');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['首問負責人', '工單數', '逾時次數']);
    const rows = [] as unknown[][];
    sheet.eachRow((row, n) => { if (n > 1) rows.push((row.values as unknown[]).slice(1)); });
    expect(rows).toHaveLength(4);
    const wang = rows.find((x) => x[0] === '王小明')!;
    expect(wang[1]).toBe(4);
    expect(rows[3][0]).toBe('合計');
    expect(rows[3][header.indexOf('受理確認達成率(%)')]).toBe(50);
    expect(book.worksheets[1].getCell('A1').value).toBe('統計期間');
  });
});
