import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticHistory } from '../src/server/modules/workforce/planning-synthetic';
import { ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Workforce planning through real HTTP: forecast (posted history) → requirements → shift templates →
// generated roster → hand edits with violations flagged, versions and audit → publish → coverage → adherence;
// and each refusal with its code and translated message.

let t: TestContext;
let planner: ApiClient;
let centreId: string;
const agentIds: string[] = [];

const WEEK = '2026-03-30'; // a Monday
const history = syntheticHistory({ from: '2026-03-02', days: 28, intervalMinutes: 60, perDay: 500, trendPerDay: 2, seed: 3 });
const BREAK = { lengthMinutes: 60, paid: false, earliestMinute: 180, latestMinute: 300 };
const ALL = [0, 1, 2, 3, 4, 5, 6];

beforeAll(async () => {
  t = await startTestServer();
  const centre = await makeOrgUnit(t, { kind: 'call_centre', name: '客服热线中心' });
  centreId = centre.id;
  planner = (await makeUser(t, { roles: ['workforce_planner'], orgUnitId: centreId })).client;
  for (let i = 0; i < 24; i++) agentIds.push((await makeUser(t, { roles: ['agent'], orgUnitId: centreId, name: `坐席${String(i).padStart(2, '0')}` })).user.id);
});

async function forecast(body: Record<string, unknown> = {}) {
  return planner.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, history, intervalMinutes: 60, from: WEEK, days: 7, ...body });
}

describe('forecast → requirements → roster', () => {
  let forecastId: string;
  let requirementId: string;
  let rosterId: string;

  it('forecasts a week per hour with its back-tested error', async () => {
    const r = await forecast({ name: '下周话务' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    forecastId = r.body.id;
    expect(r.body.intervals).toHaveLength(7 * 24);
    expect(r.body.source).toBe('request');
    expect(r.body.historyDays).toBe(28);
    expect(r.body.backtest.holdoutDays).toBe(7);
    expect(r.body.backtest.wape).toBeGreaterThan(0);
    expect(r.body.backtest.wape).toBeLessThan(0.2);
    expect(r.body.backtestIntervals).toHaveLength(7 * 24);
    expect(r.body.history.length).toBeGreaterThan(0);
    expect(r.body.intervals[0].start).toBe('2026-03-29T16:00:00.000Z');
    // the forecast's week has the history's scale (≈ 500 a day + trend)
    expect(r.body.totalOffered / 7).toBeGreaterThan(500);
    expect(r.body.totalOffered / 7).toBeLessThan(650);
    const list = await planner.get('/api/v1/workforce/forecasts');
    expect(list.body.items.map((f: { id: string }) => f.id)).toContain(forecastId);
    const one = await planner.get(`/api/v1/workforce/forecasts/${forecastId}`);
    expect(one.body.intervals).toEqual(r.body.intervals);
  });

  it('turns the forecast into agents per interval for 80/20 with shrinkage', async () => {
    const r = await planner.post('/api/v1/workforce/requirements', { forecastId, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.2 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    requirementId = r.body.id;
    expect(r.body.model).toBe('erlang-c');
    expect(r.body.intervals).toHaveLength(7 * 24);
    const night = r.body.intervals[2];
    expect(night).toMatchObject({ agents: 0, scheduled: 0 });
    const busy = r.body.intervals.find((i: { offered: number }) => i.offered > 40);
    expect(busy.agents).toBeGreaterThan(2);
    expect(busy.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(busy.scheduled).toBe(Math.ceil(busy.agents / 0.8 - 1e-9));
    // the same figure as the Erlang calculator for the same interval
    const calc = await planner.post('/api/v1/workforce/erlang/staff', { calls: busy.offered, periodSeconds: 3600, ahtSeconds: busy.ahtSeconds, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.2 });
    expect(calc.body.agents).toBe(busy.agents);
    expect(r.body.peakScheduled).toBeGreaterThanOrEqual(busy.scheduled);
  });

  it('keeps shift templates', async () => {
    for (const tpl of [
      { name: '早班', start: '08:00', lengthMinutes: 540, breaks: [BREAK], days: ALL },
      { name: '中班', start: '11:00', lengthMinutes: 540, breaks: [BREAK], days: ALL },
      { name: '晚短班', start: '16:00', lengthMinutes: 240, breaks: [], days: ALL },
    ]) {
      const r = await planner.post('/api/v1/workforce/shift-templates', { orgUnitId: centreId, ...tpl });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.paidMinutes).toBe(tpl.lengthMinutes - (tpl.breaks.length ? 60 : 0));
    }
    const bad = await planner.post('/api/v1/workforce/shift-templates', { orgUnitId: centreId, name: '坏', start: '08:00', lengthMinutes: 240, breaks: [{ ...BREAK, latestMinute: 200 }], days: [0] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].message).toMatch(/before the shift does/);
    const list = await planner.get(`/api/v1/workforce/shift-templates?orgUnitId=${centreId}`);
    expect(list.body.items.map((x: { start: string }) => x.start)).toEqual(['08:00', '11:00', '16:00']);
  });

  it('generates a roster that covers the requirement under the rest rules', async () => {
    const r = await planner.post('/api/v1/workforce/rosters', { requirementId, name: '第14周', rules: { minRestHours: 11, maxConsecutiveDays: 5, maxWeeklyHours: 40, minDaysOff: 2 } });
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(201);
    rosterId = r.body.id;
    expect(r.body.status).toBe('draft');
    expect(r.body.version).toBe(1);
    expect(r.body.weekStart).toBe(WEEK);
    expect(r.body.agents).toHaveLength(24);
    expect(r.body.shortIntervals).toBe(0);
    expect(r.body.violations).toEqual([]);
    expect(r.body.coverage).toHaveLength(7 * 24);
    for (const c of r.body.coverage) expect(c.scheduled).toBeGreaterThanOrEqual(c.required);
    expect(r.body.paidHours).toBeGreaterThanOrEqual(r.body.requiredHours);
    for (const a of r.body.agents) expect(a.paidHours).toBeLessThanOrEqual(40);
    expect(r.body.shifts.every((s: { agentId: string | null }) => s.agentId)).toBe(true);
    const list = await planner.get('/api/v1/workforce/rosters');
    expect(list.body.items[0], JSON.stringify(list.body.items[0])).toMatchObject({ id: rosterId, shiftCount: r.body.shifts.length });
  });

  it('edits by hand: violations flagged, versions checked, every change audited; publishing freezes it', async () => {
    let roster = (await planner.get(`/api/v1/workforce/rosters/${rosterId}`)).body;
    // move another agent's Tuesday shift to Monday 10:00 and give it to the agent working Monday: it overlaps
    const monday = roster.shifts.find((s: { day: number; agentId: string }) => s.day === 0);
    const tuesday = roster.shifts.find((s: { day: number; agentId: string }) => s.day === 1 && s.agentId !== monday.agentId);
    const moved = await planner.patch(`/api/v1/workforce/rosters/${rosterId}/shifts/${tuesday.id}`, { version: roster.version, agentId: monday.agentId, start: '2026-03-30T02:00:00.000Z' });
    expect(moved.status, JSON.stringify(moved.body).slice(0, 300)).toBe(200);
    expect(moved.body.version).toBe(2);
    const rules = moved.body.violations.filter((v: { agentId: string }) => v.agentId === monday.agentId).map((v: { rule: string }) => v.rule);
    expect(rules).toContain('overlap');
    const shift = moved.body.shifts.find((s: { id: string }) => s.id === tuesday.id);
    expect(shift.start).toBe('2026-03-30T02:00:00.000Z');
    expect(shift.breaks.every((b: { start: string }) => b.start >= shift.start)).toBe(true);
    // the coverage changed with it
    expect(moved.body.coverage).not.toEqual(roster.coverage);

    const stale = await planner.patch(`/api/v1/workforce/rosters/${rosterId}/shifts/${tuesday.id}`, { version: 1, agentId: null });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_write');

    const outside = await planner.patch(`/api/v1/workforce/rosters/${rosterId}/shifts/${tuesday.id}`, { version: 2, start: '2026-04-20T00:00:00.000Z' });
    expect(outside.status).toBe(409);
    expect(outside.body.error.message).toContain('班次必须在排班周内开始');

    const tpl = (await planner.get(`/api/v1/workforce/shift-templates?orgUnitId=${centreId}`)).body.items[2];
    const added = await planner.post(`/api/v1/workforce/rosters/${rosterId}/shifts`, { version: 2, agentId: null, templateId: tpl.id, day: 6 });
    expect(added.status).toBe(201);
    expect(added.body.violations.some((v: { rule: string }) => v.rule === 'unassigned')).toBe(true);
    const open = added.body.shifts.find((s: { agentId: string | null }) => s.agentId === null);
    expect(open).toMatchObject({ day: 6, templateName: '晚短班' });
    const deleted = await planner.delete(`/api/v1/workforce/rosters/${rosterId}/shifts/${open.id}?version=3`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.shifts).toHaveLength(added.body.shifts.length - 1);
    roster = deleted.body;

    const pub = await planner.patch(`/api/v1/workforce/rosters/${rosterId}`, { status: 'published', version: roster.version });
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe('published');
    expect(pub.body.publishedAt).not.toBeNull();
    const frozen = await planner.delete(`/api/v1/workforce/rosters/${rosterId}/shifts/${roster.shifts[0].id}?version=${pub.body.version}`);
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.message).toContain('排班表已发布');

    const revs = await planner.get(`/api/v1/workforce/rosters/${rosterId}/revisions`);
    expect(revs.body.items.map((r: { action: string }) => r.action)).toEqual(['publish', 'shift.delete', 'shift.add', 'shift.update', 'generate']);
    const audit = await t.admin.get(`/api/v1/audit?entityType=roster&entityId=${rosterId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['roster.generate', 'roster.publish', 'roster.shift.add', 'roster.shift.delete', 'roster.shift.update']);
  });

  it('measures adherence from agent states', async () => {
    const roster = (await planner.get(`/api/v1/workforce/rosters/${rosterId}`)).body;
    const s = roster.shifts.find((x: { agentId: string | null; breaks: unknown[]; day: number }) => x.agentId && x.breaks.length === 1 && x.day === 3);
    const start = Date.parse(s.start);
    const at = (min: number) => new Date(start + min * 60_000).toISOString();
    const states = [
      { userId: s.agentId, state: 'ready', at: at(30) }, // 30 minutes late
      { userId: s.agentId, state: 'logged_out', at: s.end },
    ];
    const r = await planner.post(`/api/v1/workforce/rosters/${rosterId}/adherence`, { states });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.source).toBe('request');
    const row = r.body.rows.find((x: { agentId: string; day: number }) => x.agentId === s.agentId && x.day === s.day);
    // 9 h shift, 1 h unpaid break inside, 30 min late: 450 of 480 minutes (the break is not counted either way)
    expect(row.scheduledMinutes).toBe(480);
    expect(row.inAdherenceMinutes).toBe(450);
    expect(row.adherence).toBeCloseTo(450 / 480, 6);
    expect(row.date).toBe(new Date(Date.parse(WEEK) + s.day * 86_400_000).toISOString().slice(0, 10));
    // from the CTI events (none recorded): everyone scheduled is at 0 %
    const cti = await planner.post(`/api/v1/workforce/rosters/${rosterId}/adherence`, {});
    expect(cti.status).toBe(200);
    expect(cti.body.source).toBe('contacts');
    expect(cti.body.overall).toBe(0);
  });
});

describe('bad input and refusals', () => {
  it('history too short says how much is needed; nothing is stored', async () => {
    const before = (await planner.get('/api/v1/workforce/forecasts')).body.items.length;
    const tenDays = history.filter((h) => h.start < '2026-03-11T16:00:00Z');
    const r = await planner.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, history: tenDays, intervalMinutes: 60, from: '2026-03-12', days: 7 });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('历史数据不足');
    expect(r.body.error.details[0]).toMatchObject({ code: 'history_too_short', needed: 21, got: 10 });
    const en = new ApiClient(t.baseUrl, 'en');
    en.cookie = planner.cookie;
    const r2 = await en.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, history: tenDays, intervalMinutes: 60, from: '2026-03-12', days: 7 });
    expect(r2.body.error.message).toContain('not enough history');
    expect((await planner.get('/api/v1/workforce/forecasts')).body.items.length).toBe(before);
  });

  it('zero AHT, an unreachable target, a bad interval', async () => {
    const noAht = history.map((h) => ({ ...h, ahtSeconds: null }));
    const f = await forecast({ history: noAht });
    expect(f.status).toBe(201);
    const r0 = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8, defaultAhtSeconds: 0 });
    expect(r0.status).toBe(422);
    expect(r0.body.error.details[0].path).toBe('defaultAhtSeconds');
    const rNone = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8 });
    expect(rNone.status).toBe(422);
    expect(rNone.body.error.details[0].message).toMatch(/no AHT/);
    const ok = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8, defaultAhtSeconds: 200 });
    expect(ok.status).toBe(201);
    expect(ok.body.intervals[12].ahtSeconds).toBe(200);

    const unreachable = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 0, asaSeconds: 0, defaultAhtSeconds: 200 });
    expect(unreachable.status).toBe(409);
    expect(unreachable.body.error.message).toContain('达不到');
    const badInterval = await forecast({ intervalMinutes: 20 });
    expect(badInterval.status).toBe(422);
  });

  it('templates that cannot cover, agents too few, no templates: 409 with details; nothing written', async () => {
    const unit = await makeOrgUnit(t, { kind: 'call_centre', name: '小中心' });
    const p = (await makeUser(t, { roles: ['workforce_planner'], orgUnitId: unit.id })).client;
    const a1 = (await makeUser(t, { roles: ['agent'], orgUnitId: unit.id })).user.id;
    const f = await p.post('/api/v1/workforce/forecasts', { orgUnitId: unit.id, history, intervalMinutes: 60, from: WEEK, days: 7 });
    const req = await p.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8 });
    const none = await p.post('/api/v1/workforce/rosters', { requirementId: req.body.id });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('没有可用的班次模板');

    await p.post('/api/v1/workforce/shift-templates', { orgUnitId: unit.id, name: '日班', start: '09:00', lengthMinutes: 480, days: ALL });
    const gaps = await p.post('/api/v1/workforce/rosters', { requirementId: req.body.id });
    expect(gaps.status).toBe(409);
    expect(gaps.body.error.message).toContain('覆盖不了');
    expect(gaps.body.error.details[0]).toMatchObject({ code: 'uncovered_interval', start: '2026-03-30T00:00:00.000Z' }); // 08:00 Shanghai

    await p.post('/api/v1/workforce/shift-templates', { orgUnitId: unit.id, name: '早', start: '08:00', lengthMinutes: 480, days: ALL });
    await p.post('/api/v1/workforce/shift-templates', { orgUnitId: unit.id, name: '晚', start: '12:00', lengthMinutes: 480, days: ALL });
    const few = await p.post('/api/v1/workforce/rosters', { requirementId: req.body.id });
    expect(few.status).toBe(409);
    expect(few.body.error.message).toContain('坐席不足');
    expect(few.body.error.details[0]).toMatchObject({ code: 'agents_too_few', agents: 1 });
    expect(few.body.error.details[0].moreAgents).toBeGreaterThan(1);
    expect((await p.get(`/api/v1/workforce/rosters?orgUnitId=${unit.id}`)).body.items).toEqual([]);

    // allowGaps keeps the roster with open shifts flagged
    const kept = await p.post('/api/v1/workforce/rosters', { requirementId: req.body.id, allowGaps: true, agents: [{ userId: a1 }] });
    expect(kept.status).toBe(201);
    expect(kept.body.violations.some((v: { rule: string }) => v.rule === 'unassigned')).toBe(true);
    const stranger = await p.post('/api/v1/workforce/rosters', { requirementId: req.body.id, agents: [{ userId: agentIds[0] }] });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.details[0].path).toBe('agents.0.userId');
  });

  it('permissions: supervisors read, only planners write; other centres do not exist', async () => {
    const sup = (await makeUser(t, { roles: ['supervisor'], orgUnitId: centreId })).client;
    const list = await sup.get('/api/v1/workforce/rosters');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const w = await sup.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, history, intervalMinutes: 60, from: WEEK, days: 7 });
    expect(w.status).toBe(403);
    const agent = (await makeUser(t, { roles: ['agent'], orgUnitId: centreId })).client;
    expect((await agent.get('/api/v1/workforce/rosters')).status).toBe(403);
    const other = await makeOrgUnit(t, { kind: 'call_centre' });
    const outsider = (await makeUser(t, { roles: ['workforce_planner'], orgUnitId: other.id })).client;
    const roster = list.body.items[0];
    const r = await outsider.get(`/api/v1/workforce/rosters/${roster.id}`);
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe('未找到排班表');
  });
});

describe('targets, calendars and templates', () => {
  it('Erlang A with patience needs no more agents than Erlang C; a maximum occupancy adds some', async () => {
    const f = await forecast();
    const c = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8 });
    const a = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8, patienceSeconds: 60 });
    const o = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8, maxOccupancy: 0.5 });
    expect([c.status, a.status, o.status]).toEqual([201, 201, 201]);
    expect(a.body.model).toBe('erlang-a');
    expect(a.body.agentHours).toBeLessThanOrEqual(c.body.agentHours);
    expect(o.body.agentHours).toBeGreaterThan(c.body.agentHours);
    for (const iv of o.body.intervals) if (iv.occupancy !== null) expect(iv.occupancy).toBeLessThanOrEqual(0.5 + 1e-9);
    const list = await planner.get(`/api/v1/workforce/requirements?forecastId=${f.body.id}`);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items[0]).not.toHaveProperty('intervals');
  });

  it('a holiday in the site calendar is forecast like a Sunday, a make-up working day like a weekday', async () => {
    const hours = { mon: [['08:00', '20:00']], tue: [['08:00', '20:00']], wed: [['08:00', '20:00']], thu: [['08:00', '20:00']], fri: [['08:00', '20:00']], sat: [['09:00', '17:00']], sun: [['09:00', '17:00']] };
    const cal = await t.admin.post('/api/v1/calendars', { name: `热线日历-${Date.now()}`, timezone: 'Asia/Shanghai', hours, holidays: ['2026-04-01'], workdays: ['2026-04-05'] });
    expect(cal.status, JSON.stringify(cal.body)).toBe(201);
    const plain = await forecast();
    const withCal = await forecast({ calendarId: cal.body.id });
    expect(withCal.status).toBe(201);
    const day = (f: { intervals: { offered: number }[] }, d: number) => f.intervals.slice(d * 24, (d + 1) * 24).reduce((s, p) => s + p.offered, 0);
    const ratio = day(withCal.body, 2) / day(plain.body, 6); // Wednesday 1 April ≈ a Sunday (the trend of 4 days apart)
    expect(ratio).toBeGreaterThan(0.93);
    expect(ratio).toBeLessThan(1.01);
    expect(day(withCal.body, 2)).toBeLessThan(day(plain.body, 2) * 0.9);
    expect(day(withCal.body, 6)).toBeGreaterThan(day(plain.body, 6) * 1.1); // Sunday 5 April works like a weekday
    expect(withCal.body.calendarId).toBe(cal.body.id);
  });

  it('templates: a stale edit is refused, a deleted template leaves its shifts in rosters by name', async () => {
    const tpl = await planner.post('/api/v1/workforce/shift-templates', { orgUnitId: centreId, name: '临时班', start: '07:00', lengthMinutes: 300, days: [5, 6], active: false });
    expect(tpl.status).toBe(201);
    const upd = await planner.put(`/api/v1/workforce/shift-templates/${tpl.body.id}`, { name: '临时早班', start: '07:30', lengthMinutes: 300, days: [5, 6], breaks: [], active: false, version: 1 });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ name: '临时早班', start: '07:30', version: 2 });
    const stale = await planner.put(`/api/v1/workforce/shift-templates/${tpl.body.id}`, { name: 'x', start: '07:30', lengthMinutes: 300, days: [5], breaks: [], active: true, version: 1 });
    expect(stale.status).toBe(409);
    const rosters = (await planner.get('/api/v1/workforce/rosters')).body.items;
    const draft = rosters.find((r: { status: string; orgUnitId: string }) => r.status === 'draft' && r.orgUnitId === centreId)
      ?? (await planner.post('/api/v1/workforce/rosters', { requirementId: (await planner.get('/api/v1/workforce/requirements')).body.items.find((r: { orgUnitId: string }) => r.orgUnitId === centreId).id })).body;
    const added = await planner.post(`/api/v1/workforce/rosters/${draft.id}/shifts`, { version: draft.version, agentId: null, templateId: tpl.body.id, day: 5 });
    expect(added.status, JSON.stringify(added.body).slice(0, 200)).toBe(201);
    const del = await planner.delete(`/api/v1/workforce/shift-templates/${tpl.body.id}`);
    expect(del.status).toBe(200);
    const after = await planner.get(`/api/v1/workforce/rosters/${draft.id}`);
    expect(after.body.shifts.some((s: { templateName: string | null; day: number }) => s.templateName === '临时早班' && s.day === 5)).toBe(true);
    expect((await planner.get('/api/v1/workforce/shift-templates')).body.items.some((x: { id: string }) => x.id === tpl.body.id)).toBe(false);
  });
});

describe('week after week', () => {
  it('the next week starts from what the published week left: rest since the last shift, days in a row', async () => {
    const rosters = (await planner.get(`/api/v1/workforce/rosters?orgUnitId=${centreId}`)).body.items;
    const published = rosters.find((r: { status: string; weekStart: string }) => r.status === 'published' && r.weekStart === WEEK);
    expect(published).toBeDefined();
    const prev = (await planner.get(`/api/v1/workforce/rosters/${published.id}`)).body;
    const f = await forecast({ from: '2026-04-06' });
    expect(f.status).toBe(201);
    const req = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.2 });
    const next = await planner.post('/api/v1/workforce/rosters', { requirementId: req.body.id, allowGaps: true, rules: { minRestHours: 11, maxConsecutiveDays: 5, maxWeeklyHours: 40, minDaysOff: 2 } });
    expect(next.status, JSON.stringify(next.body).slice(0, 300)).toBe(201);
    const sunday = prev.shifts.filter((s: { day: number; agentId: string | null }) => s.day === 6 && s.agentId);
    expect(sunday.length).toBeGreaterThan(0);
    for (const s of sunday) {
      const a = next.body.agents.find((x: { userId: string }) => x.userId === s.agentId);
      const lastEnd = Math.max(...prev.shifts.filter((x: { agentId: string }) => x.agentId === s.agentId).map((x: { end: string }) => Date.parse(x.end)));
      expect(a.restFromMs).toBe(lastEnd);
      expect(a.daysWorkedBefore).toBeGreaterThanOrEqual(1);
      const monday = next.body.shifts.find((x: { agentId: string; day: number }) => x.agentId === s.agentId && x.day === 0);
      if (monday) expect(Date.parse(monday.start) - lastEnd).toBeGreaterThanOrEqual(11 * 3_600_000);
    }
    expect(next.body.violations.filter((v: { rule: string }) => v.rule === 'min_rest' || v.rule === 'max_consecutive_days')).toEqual([]);
  });
});
