import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Planning on the contact centre's own data: the forecast reads the queue's interval history from the
// contact records (POST /contacts/ingest), and adherence reads the agents' states from the CTI events
// (POST /cti/events) — both through real HTTP and the contact centre's services.

let t: TestContext;
let planner: ApiClient;
let centreId: string;
let queueId: string;
let agentUserId: string;
const ZONE = 'Asia/Shanghai';
const FIRST = DateTime.fromISO('2026-03-02', { zone: ZONE }); // Monday
const WEEKDAY = [1.2, 1.1, 1.0, 1.0, 1.05, 0.7, 0.6];

beforeAll(async () => {
  t = await startTestServer();
  centreId = (await makeOrgUnit(t, { kind: 'call_centre', name: '热线中心' })).id;
  planner = (await makeUser(t, { roles: ['workforce_planner'], orgUnitId: centreId })).client;
  const agent = await makeUser(t, { roles: ['agent'], orgUnitId: centreId, name: '孙坐席' });
  agentUserId = agent.user.id;
  const q = await planner.post('/api/v1/contacts/queues', { orgUnitId: centreId, code: 'HOT', name: '10000 热线' });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  queueId = q.body.id;
  const a = await planner.put('/api/v1/contacts/agents', { orgUnitId: centreId, loginId: '8001', userId: agentUserId, name: '孙坐席' });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  // 21 days of calls, 09:00–17:00, a weekday pattern, answered with 180 s of talk
  const records: Record<string, unknown>[] = [];
  for (let d = 0; d < 21; d++) {
    const day = FIRST.plus({ days: d });
    for (let h = 9; h < 17; h++) {
      const n = Math.round(6 * WEEKDAY[d % 7] * (h === 10 || h === 14 ? 1.5 : 1));
      for (let i = 0; i < n; i++) {
        const at = day.set({ hour: h, minute: Math.floor((i * 60) / n) });
        records.push({
          callId: `c-${d}-${h}-${i}`, queue: 'HOT', agent: '8001', offeredAt: at.toUTC().toISO(), answeredAt: at.plus({ seconds: 5 }).toUTC().toISO(),
          endedAt: at.plus({ seconds: 185 }).toUTC().toISO(), talkSeconds: 180, holdSeconds: 0, acwSeconds: 0,
        });
      }
    }
  }
  for (let i = 0; i < records.length; i += 2000) {
    const r = await planner.post('/api/v1/contacts/ingest', { source: 'acd', orgUnitId: centreId, records: records.slice(i, i + 2000) });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.rejected).toEqual([]);
  }
});

describe('planning from the contact records', () => {
  it('forecasts a queue from its interval history', async () => {
    const r = await planner.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, queueId, intervalMinutes: 60, from: '2026-03-23', days: 7, historyDays: 21 });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
    expect(r.body.source).toBe('contacts');
    expect(r.body.historyDays).toBe(21);
    expect(r.body.backtest.wape).toBeLessThan(0.05); // the same pattern every week
    const monday10 = r.body.intervals.find((p: { start: string }) => p.start === '2026-03-23T02:00:00.000Z'); // 10:00 Shanghai
    expect(monday10.offered).toBeCloseTo(Math.round(6 * 1.2 * 1.5), 0);
    expect(monday10.ahtSeconds).toBeCloseTo(180, 0);
    expect(r.body.history.length).toBeGreaterThan(0);

    // a queue of another centre is not this centre's history
    const other = await makeOrgUnit(t, { kind: 'call_centre', name: '别的中心' });
    const otherQueue = await t.admin.post('/api/v1/contacts/queues', { orgUnitId: other.id, code: 'OTH', name: '别的队列' });
    const wrong = await planner.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, queueId: otherQueue.body.id, intervalMinutes: 60, from: '2026-03-23', days: 7, historyDays: 21 });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].path).toBe('queueId');

    const short = await planner.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, queueId, intervalMinutes: 60, from: '2026-03-16', days: 7, historyDays: 14 });
    expect(short.status).toBe(409);
    expect(short.body.error.details[0]).toMatchObject({ needed: 21, got: 14 });
  });

  it('measures adherence from the agent states the switch sent', async () => {
    const f = await planner.post('/api/v1/workforce/forecasts', { orgUnitId: centreId, queueId, intervalMinutes: 60, from: '2026-03-23', days: 7, historyDays: 21 });
    const req = await planner.post('/api/v1/workforce/requirements', { forecastId: f.body.id, targetSeconds: 20, serviceLevel: 0.8 });
    expect(req.status).toBe(201);
    await planner.post('/api/v1/workforce/shift-templates', { orgUnitId: centreId, name: '日班', start: '09:00', lengthMinutes: 480, days: [0, 1, 2, 3, 4, 5, 6] });
    const roster = await planner.post('/api/v1/workforce/rosters', {
      requirementId: req.body.id, agents: [{ userId: agentUserId }], allowGaps: true, rules: { minRestHours: 11, maxConsecutiveDays: 7, maxWeeklyHours: 60, minDaysOff: 0 },
    });
    expect(roster.status, JSON.stringify(roster.body).slice(0, 300)).toBe(201);
    const monday = roster.body.shifts.find((s: { agentId: string; day: number }) => s.agentId === agentUserId && s.day === 0);
    expect(monday.start).toBe('2026-03-23T01:00:00.000Z');
    // ready 15 minutes late, on a call, wrap-up, then logged out on time
    const at = (min: number) => new Date(Date.parse(monday.start) + min * 60_000).toISOString();
    const cti = await t.admin.post('/api/v1/cti/events', { // the switch's integration account
      orgUnitId: centreId, source: 'switch', events: [
        { type: 'agent_state', agent: '8001', state: 'ready', at: at(15) },
        { type: 'agent_state', agent: '8001', state: 'on_call', at: at(60) },
        { type: 'agent_state', agent: '8001', state: 'acw', at: at(70) },
        { type: 'agent_state', agent: '8001', state: 'not_ready', reason: '午餐', at: at(240) },
        { type: 'agent_state', agent: '8001', state: 'ready', at: at(270) },
        { type: 'agent_state', agent: '8001', state: 'logged_out', at: at(480) },
      ],
    });
    expect(cti.status, JSON.stringify(cti.body)).toBe(200);
    const r = await planner.post(`/api/v1/workforce/rosters/${roster.body.id}/adherence`, {});
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('contacts');
    const row = r.body.rows.find((x: { day: number }) => x.day === 0);
    expect(row).toMatchObject({ name: '孙坐席', date: '2026-03-23', scheduledMinutes: 480, inAdherenceMinutes: 480 - 15 - 30 });
  });
});
