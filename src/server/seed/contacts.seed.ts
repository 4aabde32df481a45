import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contactAgents, contactQueues, contactRecords } from '../db/schema';
import { rebuildRange, refreshStateStats } from '../modules/workforce/contacts-rollup';
import type { DemoOrg } from './demo-org.seed';
import type { Rng } from './rng';

// Demo contact records: 30 days of the demo 10000 hotline (three queues, 10 agent logins — the
// centre's demo agents among them), made by a small queue simulation so the figures hang together
// (busy hours wait longer, impatient callers abandon, agents take one call at a time), then the
// KPI rollup and agent states (ready → on call → after-call work) derived in SQL. Runs once: a
// database that already has the demo source's records is left alone.

export const DEMO_CONTACT_SOURCE = 'demo-acd';
const DAY = 86_400_000;
/** Calls per hour (Asia/Shanghai) on a weekday; weekends get 70 %. The hotline opens 08:00–21:00. */
const HOURLY = [0, 0, 0, 0, 0, 0, 0, 0, 50, 85, 95, 90, 65, 60, 80, 90, 75, 65, 55, 50, 40, 0, 0, 0];
const QUEUES = [
  { code: '10000', name: '10000 综合服务', share: 0.7, aht: 230 },
  { code: '10001', name: '宽带报障专席', share: 0.2, aht: 320 },
  { code: '10002', name: '政企大客户专席', share: 0.1, aht: 280 },
];
const DISPOSITIONS = ['已解决', '已解决', '已解决', '转工单', '咨询', '投诉受理'];

export interface SeedContactsResult { records: number; ms: number }

export async function seedDemoContacts(db: Db, input: { org: DemoOrg; nowMs: number; rng: Rng; days?: number; phones?: readonly string[]; log?: (line: string) => void }): Promise<SeedContactsResult> {
  const t0 = performance.now();
  let tStep = t0;
  const step = (what: string) => {
    const t = performance.now();
    input.log?.(`[seed] contacts: ${what} ${Math.round(t - tStep)} ms`);
    tStep = t;
  };
  const [{ n }] = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM contact_records WHERE source = ${DEMO_CONTACT_SOURCE}`)).rows;
  if (n > 0) return { records: 0, ms: 0 };
  const { org, rng } = input;
  const cc = org.callCentre.id;
  const team = org.complaints;

  const queues = await db.insert(contactQueues).values(QUEUES.map((q) => ({ orgUnitId: cc, code: q.code, name: q.name }))).onConflictDoNothing().returning();
  if (queues.length !== QUEUES.length) return { records: 0, ms: 0 };
  const agentRows: (typeof contactAgents.$inferInsert)[] = [];
  for (let i = 0; i < 10; i++) {
    const loginId = String(8001 + i);
    const ccAgent = org.callCentre.agents[i];
    const tsAgent = i >= 6 ? team.members[i - 6] : undefined;
    if (ccAgent) agentRows.push({ orgUnitId: cc, loginId, userId: ccAgent.id, name: ccAgent.name });
    else if (tsAgent) agentRows.push({ orgUnitId: team.id, loginId, userId: tsAgent.id, name: tsAgent.name });
    else agentRows.push({ orgUnitId: i % 2 ? team.id : cc, loginId, name: `坐席${loginId}` });
  }
  const agents = await db.insert(contactAgents).values(agentRows).returning();

  // Callers: a pool, so some call again within days (first-contact resolution); demo customers' phones among them.
  const phones = input.phones ?? (await db.execute<{ p: string }>(sql`SELECT phones[1] AS p FROM customers WHERE cardinality(phones) > 0 ORDER BY created_at LIMIT 3000`)).rows.map((r) => r.p);
  const pool = [...phones.slice(0, 3000)];
  while (pool.length < 9000) pool.push(`13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`);

  const days = input.days ?? 30;
  const todayShanghai = Math.floor((input.nowMs + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  const rows: (typeof contactRecords.$inferInsert)[] = [];
  let seq = 0;
  for (let d = days; d >= 0; d--) {
    const dayStart = todayShanghai - d * DAY;
    const weekday = new Date(dayStart + 8 * 3600_000).getUTCDay();
    const scale = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const freeAt = agents.map(() => dayStart + 8 * 3600_000);
    const calls: number[] = [];
    for (let h = 0; h < 24; h++) {
      const count = Math.round(HOURLY[h] * scale * (0.85 + rng.next() * 0.3));
      for (let i = 0; i < count; i++) calls.push(dayStart + h * 3600_000 + Math.floor(rng.next() * 3600_000));
    }
    calls.sort((a, b) => a - b);
    for (const offered of calls) {
      if (offered > input.nowMs) break;
      const r = rng.next();
      const qi = r < QUEUES[0].share ? 0 : r < QUEUES[0].share + QUEUES[1].share ? 1 : 2;
      const q = QUEUES[qi];
      let best = 0;
      for (let a = 1; a < agents.length; a++) if (freeAt[a] < freeAt[best]) best = a;
      const startAt = Math.max(offered, freeAt[best]) + rng.int(1, 6) * 1000;
      const patience = -Math.log(1 - rng.next()) * 90_000;
      const caller = rng.chance(0.9) ? rng.pick(pool) : null;
      const base = { source: DEMO_CONTACT_SOURCE, callId: `D${dayStart / 1000}-${++seq}`, queueId: queues[qi].id, offeredAt: new Date(offered), callerNumber: caller };
      if (startAt - offered > patience) {
        const wait = Math.max(1, Math.round(patience / 1000));
        rows.push({ ...base, orgUnitId: cc, abandonedAt: new Date(offered + wait * 1000), waitSeconds: wait });
        continue;
      }
      const talk = Math.round(q.aht * 0.75 * (-Math.log(1 - rng.next()) * 0.6 + 0.4));
      const hold = rng.chance(0.2) ? rng.int(10, 90) : 0;
      const acw = rng.int(10, 60);
      freeAt[best] = startAt + (talk + hold + acw) * 1000;
      if (input.nowMs < freeAt[best]) continue; // still in progress
      rows.push({
        ...base, orgUnitId: agents[best].orgUnitId, agentId: agents[best].id, answeredAt: new Date(startAt), waitSeconds: Math.round((startAt - offered) / 1000),
        talkSeconds: talk, holdSeconds: hold, acwSeconds: acw, disposition: rng.pick(DISPOSITIONS),
      });
    }
  }
  step('simulated');
  const from = new Date(todayShanghai - days * DAY);
  const to = new Date(todayShanghai + DAY);
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    // One statement over column arrays: far cheaper than multi-row VALUES for tens of thousands of rows.
    const col = <T>(f: (r: (typeof rows)[number]) => T) => sql.param(rows.map(f));
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    await tx.execute(sql`
      INSERT INTO contact_records (source, call_id, org_unit_id, queue_id, agent_id, offered_at, answered_at, abandoned_at, wait_seconds,
        talk_seconds, hold_seconds, acw_seconds, disposition, caller_number)
      SELECT * FROM unnest(${col((r) => r.source)}::text[], ${col((r) => r.callId)}::text[], ${col((r) => r.orgUnitId)}::uuid[],
        ${col((r) => r.queueId)}::uuid[], ${col((r) => r.agentId ?? null)}::uuid[], ${col((r) => iso(r.offeredAt))}::timestamptz[],
        ${col((r) => iso(r.answeredAt))}::timestamptz[], ${col((r) => iso(r.abandonedAt))}::timestamptz[], ${col((r) => r.waitSeconds ?? 0)}::int[],
        ${col((r) => r.talkSeconds ?? 0)}::int[], ${col((r) => r.holdSeconds ?? 0)}::int[], ${col((r) => r.acwSeconds ?? 0)}::int[],
        ${col((r) => r.disposition ?? null)}::text[], ${col((r) => r.callerNumber ?? null)}::text[])
      ON CONFLICT DO NOTHING`);
    step('records');
    await rebuildRange(tx, from, to);
    step('rollups');
    // Agent states from the calls: on call from the answer through talk, hold and after-call work (busy alike for
    // occupancy), then ready; ready at 08:00, logged out at 21:30.
    await tx.execute(sql`
      INSERT INTO agent_state_events (agent_id, user_id, org_unit_id, state, at)
      SELECT a.id, a.user_id, a.org_unit_id, s.state, s.at FROM contact_records r JOIN contact_agents a ON a.id = r.agent_id
      CROSS JOIN LATERAL (VALUES
        ('on_call', r.answered_at),
        ('ready', r.answered_at + make_interval(secs => r.talk_seconds + r.hold_seconds + r.acw_seconds))
      ) AS s(state, at)
      WHERE r.source = ${DEMO_CONTACT_SOURCE}`);
    await tx.execute(sql`
      INSERT INTO agent_state_events (agent_id, user_id, org_unit_id, state, at)
      SELECT a.id, a.user_id, a.org_unit_id, x.state, d + x.off
      FROM contact_agents a
      CROSS JOIN generate_series(${from.toISOString()}::timestamptz, ${new Date(todayShanghai).toISOString()}::timestamptz, interval '1 day') AS d
      CROSS JOIN (VALUES ('ready', interval '8 hours'), ('logged_out', interval '21 hours 30 minutes')) AS x(state, off)
      WHERE a.id = ANY(${sql.param(agents.map((a) => a.id))}::uuid[]) AND d + x.off <= ${new Date(input.nowMs).toISOString()}::timestamptz`);
    step('state events');
    await refreshStateStats(tx, agents.map((a) => a.id), from);
    step('state seconds');
  });
  return { records: rows.length, ms: Math.round(performance.now() - t0) };
}
