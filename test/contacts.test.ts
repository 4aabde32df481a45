import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../src/server/platform/csrf';
import { runImportForTest, runningImports } from '../src/server/modules/workforce/contacts-import.service';
import { agentStateHistory, intervalHistory } from '../src/server/modules/workforce/contacts.service';
import { ApiClient, makeOrgUnit, makeUser, startTestServer, type TestContext } from './harness';

// Contact records through real HTTP against real PostgreSQL: CSV import (bad rows by line, resume
// after an interruption, idempotent re-import), JSON ingest, KPIs checked against hand-computed
// figures for every service-level variant, scoping across centres, and the CTI webhook → agent
// state events + screen pop delivered over the live SSE stream.

let t: TestContext;
let centre: { id: string };
let other: { id: string };
let planner: ApiClient;
let queueId: string;
beforeAll(async () => {
  t = await startTestServer();
  centre = await makeOrgUnit(t, { kind: 'call_centre', name: '测试呼叫中心' });
  other = await makeOrgUnit(t, { kind: 'call_centre', name: '另一中心' });
  planner = (await makeUser(t, { roles: ['workforce_planner'], orgUnitId: centre.id })).client;
  const q = await planner.post('/api/v1/contacts/queues', { orgUnitId: centre.id, code: '10000', name: '10000 综合队列' });
  expect(q.status).toBe(201);
  queueId = q.body.id;
  expect((await t.admin.post('/api/v1/contacts/queues', { orgUnitId: other.id, code: 'BB', name: '宽带' })).status).toBe(201);
});

async function ingest(client: ApiClient, source: string, records: unknown[]) {
  return client.post('/api/v1/contacts/ingest', { source, orgUnitId: centre.id, records });
}

const T0 = Date.parse('2026-11-02T02:00:00Z');
const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();

describe('JSON ingest and KPIs', () => {
  it('keeps good records, lists bad ones by position, skips duplicates', async () => {
    const records = [
      { callId: 'k1', queue: '10000', agent: 'A01', offeredAt: at(0), answeredAt: at(10), talkSeconds: 100, holdSeconds: 20, acwSeconds: 30, callerNumber: '13800000001' },
      { callId: 'k2', queue: '10000', agent: 'A02', offeredAt: at(60), answeredAt: at(90), talkSeconds: 200, acwSeconds: 40, callerNumber: '13800000002' },
      { callId: 'k3', queue: '10000', offeredAt: at(120), abandonedAt: at(123) },
      { callId: 'k4', queue: '10000', offeredAt: at(180), abandonedAt: at(220), callerNumber: '13800000003' },
      { callId: 'k5', queue: '10000', agent: 'A01', offeredAt: at(20 * 3600), answeredAt: at(20 * 3600 + 15), talkSeconds: 60, callerNumber: '13800000001' },
      { callId: 'bad1', queue: 'NOPE', offeredAt: at(0), abandonedAt: at(5) },
      { callId: 'bad2', queue: '10000', offeredAt: at(100), answeredAt: at(50) },
    ];
    const r = await ingest(planner, 'api-test', records);
    expect(r.status).toBe(200);
    expect(r.body.inserted).toBe(5);
    expect(r.body.rejected.map((x: { line: number; reason: string }) => [x.line, x.reason])).toEqual([[6, 'unknown_queue'], [7, 'time_order']]);
    expect(r.body.rejected[0].message).toContain('NOPE');
    const again = await ingest(planner, 'api-test', records.slice(0, 5));
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 5 });
  });

  it('computes every KPI as by hand, for each service-level definition', async () => {
    const base = `/api/v1/contacts/kpis?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(2 * 86400))}&queueId=${queueId}&groupBy=queue&slThresholdSeconds=20&shortAbandonSeconds=5`;
    const r = await planner.get(`${base}&slVariant=offered&fcrDays=1`);
    expect(r.status).toBe(200);
    const total = r.body.total;
    // offered 5, answered 3 (waits 10, 30, 15), abandoned 2 (waits 3 = short, 40)
    expect(total).toMatchObject({ offered: 5, answered: 3, abandoned: 2, shortAbandoned: 1, answeredWithinTarget: 2 });
    expect(total.serviceLevel).toBeCloseTo(2 / 5, 10);
    expect(total.abandonRate).toBeCloseTo(1 / 4, 10);
    expect(total.asaSeconds).toBeCloseTo(55 / 3, 10);
    expect(total.ahtSeconds).toBeCloseTo((150 + 240 + 60) / 3, 10);
    // k1's caller called again 20 h later: one repeat of three answered contacts
    expect(total.fcr).toBeCloseTo(2 / 3, 10);
    expect(r.body.definition.text).toContain('20 秒内接听 ÷ 进线量');
    const sl = async (v: string) => (await planner.get(`${base}&slVariant=${v}`)).body.total.serviceLevel;
    expect(await sl('offered_minus_short')).toBeCloseTo(2 / 4, 10);
    expect(await sl('answered')).toBeCloseTo(2 / 3, 10);
    expect(await sl('answered_plus_late_abandons')).toBeCloseTo(2 / (3 + 1), 10);
    const en = new ApiClient(t.baseUrl, 'en');
    en.cookie = planner.cookie;
    expect((await en.get(`${base}&slVariant=answered`)).body.definition.text).toContain('answered within 20 s ÷ answered');

    const byInterval = await planner.get(`${base.replace('groupBy=queue', 'groupBy=interval')}&intervalMinutes=60`);
    expect(byInterval.body.rows.map((x: { key: string; offered: number }) => [x.key, x.offered])).toEqual([[at(0), 4], [at(20 * 3600), 1]]);
    const byAgent = await planner.get(base.replace('groupBy=queue', 'groupBy=agent'));
    expect(byAgent.body.rows.map((x: { label: string; answered: number }) => [x.label, x.answered]).sort()).toEqual([['A01', 2], ['A02', 1]]);
    // Whole Shanghai days are read from the agent-day rollup: the same figures.
    const days = await planner.get(`/api/v1/contacts/kpis?from=2026-11-01T16:00:00Z&to=2026-11-03T16:00:00Z&groupBy=agent&queueId=${queueId}&slVariant=answered`);
    expect(days.body.rows.map((x: { label: string; answered: number; ahtSeconds: number }) => [x.label, x.answered, x.ahtSeconds]).sort())
      .toEqual([['A01', 2, (150 + 60) / 2], ['A02', 1, 240]]);
    expect(days.body.total.serviceLevel).toBeCloseTo(2 / 3, 10);
    const team = await planner.get(`/api/v1/contacts/kpis?from=2026-11-01T16:00:00Z&to=2026-11-03T16:00:00Z&groupBy=team&queueId=${queueId}`);
    expect(team.body.rows.map((x: { label: string; offered: number }) => [x.label, x.offered])).toEqual([['测试呼叫中心', 5]]);

    const hist = await intervalHistory(t.db, { queueId, from: new Date(T0), to: new Date(T0 + 3600_000), intervalMinutes: 30 });
    expect(hist).toHaveLength(2);
    expect(hist[0]).toMatchObject({ offered: 4, answered: 2, abandoned: 2 });
    expect(hist[0].ahtSeconds).toBeCloseTo(195, 10);
    expect(hist[1]).toEqual({ start: new Date(T0 + 1800_000), offered: 0, answered: 0, abandoned: 0, ahtSeconds: null });
  });

  it('updates first-contact resolution of an earlier call when the caller calls again in a later batch', async () => {
    const day = 86_400;
    const fcr = async () => (await planner.get(`/api/v1/contacts/kpis?from=${encodeURIComponent(at(10 * day))}&to=${encodeURIComponent(at(11 * day))}&queueId=${queueId}&groupBy=queue&fcrDays=7`)).body.total.fcr;
    await ingest(planner, 'api-fcr', [{ callId: 'f1', queue: '10000', agent: 'A01', offeredAt: at(10 * day), answeredAt: at(10 * day + 5), talkSeconds: 60, callerNumber: '13855550000' }]);
    expect(await fcr()).toBe(1);
    await ingest(planner, 'api-fcr', [{ callId: 'f2', queue: '10000', offeredAt: at(12 * day), abandonedAt: at(12 * day + 30), callerNumber: '13855550000' }]);
    expect(await fcr()).toBe(0);
    // A call from someone else, or from the same caller more than 7 days later, changes nothing.
    await ingest(planner, 'api-fcr', [{ callId: 'f3', queue: '10000', agent: 'A02', offeredAt: at(10 * day + 60), answeredAt: at(10 * day + 65), talkSeconds: 30, callerNumber: '13855550001' },
      { callId: 'f4', queue: '10000', offeredAt: at(25 * day), abandonedAt: at(25 * day + 9), callerNumber: '13855550001' }]);
    expect(await fcr()).toBe(0.5);
  });

  it('scopes KPIs and queues to the caller’s subtree; bad definitions are refused', async () => {
    const outsider = (await makeUser(t, { roles: ['workforce_planner'], orgUnitId: other.id })).client;
    const r = await outsider.get(`/api/v1/contacts/kpis?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(2 * 86400))}&groupBy=queue`);
    expect(r.status).toBe(200);
    expect(r.body.total.offered).toBe(0);
    expect((await outsider.get('/api/v1/contacts/queues')).body.items.map((q: { code: string }) => q.code)).toEqual(['BB']);
    expect((await ingest(outsider, 'x', [{ callId: 'z', queue: '10000', offeredAt: at(0), abandonedAt: at(1) }])).status).toBe(404);
    const agent = (await makeUser(t, { roles: ['agent'], orgUnitId: centre.id })).client;
    expect((await agent.get(`/api/v1/contacts/kpis?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(1))}`)).status).toBe(403);
    expect((await planner.get(`/api/v1/contacts/kpis?from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(1))}&slThresholdSeconds=17`)).status).toBe(422);
  });
});

describe('CSV import', () => {
  const header = '话单号,队列,工号,进线时间,应答时间,放弃时间,通话时长,保持,话后,主叫';
  const mapping = {
    columns: { callId: '话单号', queue: '队列', agent: '工号', offeredAt: '进线时间', answeredAt: '应答时间', abandonedAt: '放弃时间', talkSeconds: '通话时长', holdSeconds: '保持', acwSeconds: '话后', callerNumber: '主叫' },
    timeZone: 'Asia/Shanghai', dateFormat: 'yyyy-MM-dd HH:mm:ss',
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const shanghai = (sec: number) => { const d = new Date(Date.parse('2026-11-05T00:00:00Z') + sec * 1000); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };
  // 2500 data lines: every 100th has a bad time, every 250th an unknown queue.
  const lines = [header];
  let good = 0;
  for (let i = 0; i < 2500; i++) {
    const line = i + 2;
    const start = 8 * 3600 + i * 10;
    if (line % 100 === 0) lines.push(`c${i},10000,A01,2026/13/45 99:00,,,,,,`);
    else if (line % 250 === 0) lines.push(`c${i},9999,A01,${shanghai(start)},${shanghai(start + 5)},,60,0,10,1390000${String(i).padStart(4, '0')}`);
    else { good++; lines.push(`c${i},10000,A0${i % 3},${shanghai(start)},${i % 4 === 0 ? '' : shanghai(start + 8)},${i % 4 === 0 ? shanghai(start + 30) : ''},${i % 4 === 0 ? '' : '120'},5,15,1390000${String(i).padStart(4, '0')}`); }
  }
  const csv = `${lines.join('\n')}\n`;

  async function upload(client: ApiClient, sourceId: string, text: string) {
    const bytes = Buffer.from(text);
    const job = await client.post('/api/v1/contacts/imports', { sourceId, fileName: 'switch.csv', fileBytes: bytes.length });
    expect(job.status).toBe(201);
    const chunk = 40_000;
    for (let off = 0; off < bytes.length; off += chunk) {
      const r = await fetch(`${t.baseUrl}/api/v1/contacts/imports/${job.body.id}/chunks?offset=${off}`, {
        method: 'PUT', body: bytes.subarray(off, off + chunk),
        headers: { 'content-type': 'application/octet-stream', cookie: client.cookie, 'x-csrf-token': csrfTokenFor(client.cookie.slice('manyi_session='.length)) },
      });
      expect(r.status).toBe(200);
    }
    return job.body.id as string;
  }

  it('previews, saves the mapping, imports with bad rows by line, resumes after a crash, and re-imports nothing twice', async () => {
    const preview = await planner.post('/api/v1/contacts/preview', { text: csv.slice(0, 2000) });
    expect(preview.body.headers).toEqual(header.split(','));
    expect(preview.body.rows[0][0]).toBe('c0');

    const badMapping = await planner.put('/api/v1/contacts/sources', { orgUnitId: centre.id, code: 'sw-bad', name: 'x', mapping: { ...mapping, columns: { queue: '队列' } } });
    expect(badMapping.status).toBe(422);
    expect(JSON.stringify(badMapping.body)).toContain('话单编号');

    const src = await planner.put('/api/v1/contacts/sources', { orgUnitId: centre.id, code: 'switch-a', name: '华为 ACD', mapping });
    expect(src.status).toBe(200);
    const sourceId = src.body.id;

    // A crash after the first batch: 1000 lines committed, job left "running" and stale.
    const jobId = await upload(planner, sourceId, csv);
    await runImportForTest(t.db, jobId, { stopAfterBatches: 1 });
    const mid = await planner.get(`/api/v1/contacts/imports/${jobId}`);
    expect(mid.body).toMatchObject({ status: 'running', linesDone: 1000 });
    expect(mid.body.goodCount + mid.body.badCount).toBe(1000);

    const resumed = await planner.post(`/api/v1/contacts/imports/${jobId}/start`);
    expect(resumed.body).toMatchObject({ status: 'running' });
    expect(resumed.status).toBe(202);
    await runningImports.get(jobId);
    const done = (await planner.get(`/api/v1/contacts/imports/${jobId}`)).body;
    expect(done).toMatchObject({ status: 'completed', linesDone: 2500, goodCount: good, badCount: 2500 - good, duplicateCount: 0 });
    const [{ n }] = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM contact_records WHERE source = 'switch-a'`)).rows;
    expect(n).toBe(good);

    const errors = (await planner.get(`/api/v1/contacts/imports/${jobId}/errors?limit=1000`)).body;
    expect(errors.total).toBe(2500 - good);
    expect(errors.items[0]).toMatchObject({ line: 100, reason: 'bad_time' });
    expect(errors.items[0].message).toContain('来电时间');
    expect(errors.items.find((e: { line: number }) => e.line === 250)).toMatchObject({ reason: 'unknown_queue' });

    // The same file again: nothing new.
    const again = await upload(planner, sourceId, csv);
    expect((await planner.post(`/api/v1/contacts/imports/${again}/start`)).status).toBe(202);
    await runningImports.get(again);
    expect((await planner.get(`/api/v1/contacts/imports/${again}`)).body).toMatchObject({ status: 'completed', goodCount: 0, duplicateCount: good });

    // A malformed file (an unclosed quote on line 4): the lines before it are kept, the job fails with the line reported.
    const broken = `${header}\nm1,10000,A01,2026-11-06 09:00:00,2026-11-06 09:00:05,,60,0,10,13911110000\nm2,10000,A01,2026-11-06 09:01:00,2026-11-06 09:01:05,,60,0,10,13911110001\nm3,10000,"A01,2026-11-06 09:02:00,,,,,,\n`;
    const brokenJob = await upload(planner, sourceId, broken);
    await planner.post(`/api/v1/contacts/imports/${brokenJob}/start`);
    await runningImports.get(brokenJob);
    const failed = (await planner.get(`/api/v1/contacts/imports/${brokenJob}`)).body;
    expect(failed).toMatchObject({ status: 'failed', goodCount: 2, badCount: 1 });
    const brokenErrors = (await planner.get(`/api/v1/contacts/imports/${brokenJob}/errors`)).body;
    expect(brokenErrors.items[0]).toMatchObject({ reason: 'malformed' });
    expect(brokenErrors.items[0].message).toContain('CSV 格式错误');

    // The rollup equals the records: offered on 5 Nov (Shanghai) = good lines.
    const k = await planner.get(`/api/v1/contacts/kpis?from=2026-11-04T16:00:00Z&to=2026-11-05T16:00:00Z&groupBy=queue`);
    expect(k.body.total.offered).toBe(good);
  });
});

describe('CTI webhook', () => {
  it('stores agent states, keeps live calls for the wallboard, and pops the caller to the agent over SSE', async () => {
    const agentUser = await makeUser(t, { roles: ['agent'], orgUnitId: centre.id });
    expect((await planner.put('/api/v1/contacts/agents', { orgUnitId: centre.id, loginId: 'A77', userId: agentUser.user.id })).status).toBe(200);
    const customer = await t.admin.post('/api/v1/customers', { name: '王小明', phones: ['13912345678'], orgUnitId: centre.id });
    expect(customer.status).toBe(201);
    const cti = (await makeUser(t, { roles: ['admin'], orgUnitId: centre.id })).client;

    const ctrl = new AbortController();
    const res = await fetch(`${t.baseUrl}/api/v1/live`, { headers: { cookie: agentUser.client.cookie }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let buf = '';
    const next = async (topic: string) => {
      for (;;) {
        const i = buf.indexOf('\n\n');
        if (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data && JSON.parse(data.slice(6)).topic === topic) return JSON.parse(data.slice(6));
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += new TextDecoder().decode(value);
      }
    };
    await next('live.ready');

    const now = Date.now();
    const iso = (s: number) => new Date(now + s * 1000).toISOString();
    const r = await cti.post('/api/v1/cti/events', { orgUnitId: centre.id, events: [
      { type: 'agent_state', agent: 'A77', state: 'ready', at: iso(-60) },
      { type: 'queued', callId: 'live-1', queue: '10000', callerNumber: '13912345678', at: iso(-20) },
      { type: 'queued', callId: 'live-2', queue: '10000', callerNumber: '13700000000', at: iso(-10) },
      { type: 'ringing', callId: 'live-1', queue: '10000', agent: 'A77', at: iso(-5) },
    ] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 4, screenPops: 1 });
    const pop = await next('contact.screen_pop');
    expect(pop.payload).toMatchObject({ callId: 'live-1', event: 'ringing' });
    const shown = await agentUser.client.get('/api/v1/contacts/calls/live-1/pop');
    expect(shown.status).toBe(200);
    expect(shown.body.customers.map((c: { id: string }) => c.id)).toEqual([customer.body.id]);
    expect(shown.body.callerNumber).not.toContain('12345678');
    expect(shown.body.customers[0].phones[0]).not.toBe('13912345678');
    ctrl.abort();
    // Another agent without contact:read may not look at someone else's call.
    expect((await (await makeUser(t, { roles: ['agent'], orgUnitId: centre.id })).client.get('/api/v1/contacts/calls/live-1/pop')).status).toBe(403);

    const wb = await planner.get('/api/v1/contacts/wallboard');
    const q = wb.body.queues.find((x: { code: string }) => x.code === '10000');
    expect(q.waiting).toBe(2);
    expect(q.longestWaitSeconds).toBeGreaterThanOrEqual(19);
    expect(q.agents).toMatchObject({ ready: 1 });

    const end = await cti.post('/api/v1/cti/events', { orgUnitId: centre.id, events: [
      { type: 'answered', callId: 'live-1', agent: 'A77', at: iso(-4) },
      { type: 'abandoned', callId: 'live-2', at: iso(-3) },
      { type: 'ended', callId: 'live-1', at: iso(0), acwSeconds: 12, disposition: 'resolved' },
      { type: 'agent_state', agent: 'A77', state: 'not_ready', reason: '小休', at: iso(1) },
    ] });
    expect(end.status).toBe(200);
    const wb2 = (await planner.get('/api/v1/contacts/wallboard')).body.queues.find((x: { code: string }) => x.code === '10000');
    expect(wb2.waiting).toBe(0);
    expect(wb2.today.offered).toBeGreaterThanOrEqual(2);
    const rec = (await t.db.execute<{ call_id: string; wait_seconds: number; talk_seconds: number; acw_seconds: number; answered: boolean }>(sql`
      SELECT call_id, wait_seconds, talk_seconds, acw_seconds, answered_at IS NOT NULL AS answered FROM contact_records WHERE source = 'cti' ORDER BY call_id`)).rows;
    expect(rec).toEqual([
      { call_id: 'live-1', wait_seconds: 16, talk_seconds: 4, acw_seconds: 12, answered: true },
      { call_id: 'live-2', wait_seconds: 7, talk_seconds: 0, acw_seconds: 0, answered: false },
    ]);
    // Occupancy from the closed state spans: ready 56 s (−60 → −4), on call 5 s (−4 → +1) → 5 / 61.
    const occ = await planner.get(`/api/v1/contacts/kpis?from=${encodeURIComponent(iso(-3600))}&to=${encodeURIComponent(iso(3600))}&groupBy=agent`);
    const a77 = occ.body.rows.find((r: { label: string }) => r.label.includes('A77'));
    expect(a77.occupancy).toBeCloseTo(5 / 61, 2);
    const hist = await agentStateHistory(t.db, { userIds: [agentUser.user.id], from: new Date(now - 30_000), to: new Date(now + 10_000) });
    expect(hist.map((h) => [h.state, h.reason])).toEqual([['ready', null], ['on_call', null], ['not_ready', '小休']]);

    const unknown = await cti.post('/api/v1/cti/events', { orgUnitId: centre.id, events: [{ type: 'ended', callId: 'nope', at: iso(0) }] });
    expect(unknown.status).toBe(409);
    const noRight = await planner.post('/api/v1/cti/events', { events: [{ type: 'agent_state', agent: 'A77', state: 'ready', at: iso(0) }] });
    expect(noRight.status).toBe(403);
  });
});
