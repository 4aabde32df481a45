import { DateTime } from 'luxon';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { type KpiDefinition, type KpiQuery, type KpiReport, type KpiRow, SL_THRESHOLDS, type SlThreshold, type WallboardOutput } from '../../../shared/contacts';
import type { Db } from '../../db/client';
import { contactQueueStats } from '../../db/schema';
import { type Actor, requirePermission, scopeCondition } from '../../platform/actor';
import { translator, type Locale } from '../../platform/i18n';
import { isShanghaiMidnight } from './contacts-rollup';
import { inSubtree } from './contacts.service';
import { addCounts, computeKpis, emptyCounts, type KpiCounts, occupancyOf } from './kpi';

// KPI reports and the wallboard (issue 4, items 2 and 7): sums of the 15-minute rollup grouped by
// interval, queue, team or agent, through the pure formulas in kpi.ts; occupancy from agent
// states. Every answer names its service-level definition in the caller's language.

const SUMS = sql.raw([
  'sum(offered)::int AS offered', 'sum(answered)::int AS answered', 'sum(abandoned)::int AS abandoned',
  'sum(wait_answered_sum)::float8 AS wait_answered_sum', 'sum(talk_sum)::float8 AS talk_sum', 'sum(hold_sum)::float8 AS hold_sum',
  'sum(acw_sum)::float8 AS acw_sum', 'sum(fcr_base)::int AS fcr_base', 'sum(repeat_1d)::int AS repeat_1d', 'sum(repeat_3d)::int AS repeat_3d',
  'sum(repeat_7d)::int AS repeat_7d',
  ...SL_THRESHOLDS.flatMap((t) => [`sum(ans_le_${t})::int AS ans_le_${t}`, `sum(abn_le_${t})::int AS abn_le_${t}`]),
].join(', '));

type SumRow = Record<string, number | string | null>;

function countsOf(r: SumRow): KpiCounts {
  const c = emptyCounts();
  const n = (k: string) => Number(r[k] ?? 0);
  c.offered = n('offered'); c.answered = n('answered'); c.abandoned = n('abandoned'); c.waitAnsweredSum = n('wait_answered_sum');
  c.talkSum = n('talk_sum'); c.holdSum = n('hold_sum'); c.acwSum = n('acw_sum'); c.fcrBase = n('fcr_base');
  c.repeat1d = n('repeat_1d'); c.repeat3d = n('repeat_3d'); c.repeat7d = n('repeat_7d');
  for (const t of SL_THRESHOLDS) { c.ansLe[t] = n(`ans_le_${t}`); c.abnLe[t] = n(`abn_le_${t}`); }
  return c;
}

/** The definition in words, e.g. "服务水平 = 20 秒内接听 ÷ 进线量；短放弃：…". */
export function definitionText(locale: Locale, def: KpiDefinition): string {
  const t = translator(locale);
  return t('contacts.sl.definition', { sl: t(`contacts.sl.${def.slVariant}`, { t: def.slThresholdSeconds }), s: def.shortAbandonSeconds, n: def.fcrDays });
}

export function toDefinition(q: { slVariant: KpiDefinition['slVariant']; slThresholdSeconds: number; shortAbandonSeconds: number; fcrDays: number }): KpiDefinition {
  return { slVariant: q.slVariant, slThresholdSeconds: q.slThresholdSeconds as SlThreshold, shortAbandonSeconds: q.shortAbandonSeconds as 0 | SlThreshold, fcrDays: q.fcrDays as 1 | 3 | 7 };
}

const row = (key: string, label: string, c: KpiCounts, def: KpiDefinition, occupancy: number | null): KpiRow => ({ key, label, ...computeKpis(c, def), occupancy });

/** GET /contacts/kpis: KPIs for a period grouped by interval, queue, team or agent, within the actor's scope. */
export async function kpiReport(db: Db, actor: Actor, q: z.infer<typeof KpiQuery>): Promise<KpiReport> {
  requirePermission(actor, 'contact:read');
  const def = toDefinition(q);
  const from = new Date(q.from);
  const to = new Date(q.to);
  // Which rollup: queue level (no agent) unless agents are asked for; agents by whole Shanghai days from the day table.
  const byAgent = q.groupBy === 'agent' || !!q.agentId;
  const daily = byAgent && q.groupBy !== 'interval' && isShanghaiMidnight(from) && isShanghaiMidnight(to);
  const table = sql.raw(byAgent ? (daily ? 'contact_agent_day_stats' : 'contact_interval_stats') : 'contact_queue_stats');
  const time = sql.raw(daily ? 'day' : 'interval_start');
  const where: SQL[] = [
    sql`${time} >= ${from.toISOString()}::timestamptz`, sql`${time} < ${to.toISOString()}::timestamptz`,
    scopeCondition(actor, 'contact:read', sql.raw('org_unit_id') as never),
  ];
  if (q.queueId) where.push(sql`queue_id = ${q.queueId}`);
  if (q.agentId) where.push(sql`agent_id = ${q.agentId}`);
  if (q.orgUnitId) where.push(inSubtree(sql.raw('org_unit_id'), q.orgUnitId));
  const keyExpr = {
    interval: sql.raw(`date_bin('${q.intervalMinutes} minutes', interval_start, TIMESTAMPTZ '2000-01-01 00:00:00+00')`),
    queue: sql.raw('queue_id'),
    team: sql.raw('org_unit_id'),
    agent: sql.raw('agent_id'),
  }[q.groupBy];
  if (q.groupBy === 'agent') where.push(sql`agent_id IS NOT NULL`);
  const result = await db.execute<SumRow & { k: string | Date }>(sql`
    SELECT ${keyExpr} AS k, ${SUMS} FROM ${table} WHERE ${sql.join(where, sql` AND `)} GROUP BY 1 ORDER BY 1`);
  const groups = result.rows.map((r) => ({ key: q.groupBy === 'interval' ? new Date(r.k as string | Date).toISOString() : String(r.k), counts: countsOf(r) }));

  // Labels.
  const labels = new Map<string, string>();
  if (q.groupBy !== 'interval' && groups.length) {
    const ids = groups.map((g) => g.key);
    const table = q.groupBy === 'queue' ? sql.raw('contact_queues') : q.groupBy === 'team' ? sql.raw('org_units') : sql.raw('contact_agents');
    const label = q.groupBy === 'agent' ? sql.raw(`CASE WHEN name = '' THEN login_id ELSE name || ' (' || login_id || ')' END`) : sql.raw('name');
    const rows = await db.execute<{ id: string; label: string }>(sql`SELECT id::text AS id, ${label} AS label FROM ${table} WHERE id = ANY(${sql.param(ids)}::uuid[])`);
    for (const r of rows.rows) labels.set(r.id, r.label);
  }

  // Occupancy from agent states (by agent, team or interval; not by queue — agents serve several).
  const occ = await occupancy(db, actor, { from, to, orgUnitId: q.orgUnitId, agentId: q.agentId, groupBy: q.groupBy, intervalMinutes: q.intervalMinutes });
  const rows = groups.map((g) => row(g.key, q.groupBy === 'interval' ? g.key : (labels.get(g.key) ?? g.key), g.counts, def, q.groupBy === 'queue' ? null : occupancyOf(occ.by.get(g.key))));
  const total = groups.reduce((acc, g) => addCounts(acc, g.counts), emptyCounts());
  return {
    definition: { ...def, text: definitionText(actor.locale, def) },
    groupBy: q.groupBy,
    intervalMinutes: q.intervalMinutes,
    rows,
    total: row('total', translator(actor.locale)('contacts.total', { defaultValue: 'Σ' }), total, def, occupancyOf(occ.total)),
  };
}

/** Occupancy inputs from agent_state_stats: day rows for whole days, 15-minute rows otherwise. */
async function occupancy(db: Db, actor: Actor, q: { from: Date; to: Date; orgUnitId?: string; agentId?: string; groupBy: string; intervalMinutes: number }) {
  const by = new Map<string, Record<string, number>>();
  if (q.groupBy === 'queue') return { by, total: undefined };
  const daily = q.groupBy !== 'interval' && isShanghaiMidnight(q.from) && isShanghaiMidnight(q.to);
  const where: SQL[] = [
    sql`grain = ${daily ? '1d' : '15m'}`, sql`bin_start >= ${q.from.toISOString()}::timestamptz`, sql`bin_start < ${q.to.toISOString()}::timestamptz`,
    scopeCondition(actor, 'contact:read', sql.raw('org_unit_id') as never),
  ];
  if (q.agentId) where.push(sql`agent_id = ${q.agentId}`);
  if (q.orgUnitId) where.push(inSubtree(sql.raw('org_unit_id'), q.orgUnitId));
  const key = q.groupBy === 'interval'
    ? sql.raw(`date_bin('${q.intervalMinutes} minutes', bin_start, TIMESTAMPTZ '2000-01-01 00:00:00+00')`)
    : sql.raw(q.groupBy === 'team' ? 'org_unit_id' : 'agent_id');
  const rows = await db.execute<{ k: string | Date; ready: number; busy: number }>(sql`
    SELECT ${key} AS k, sum(ready_seconds)::float8 AS ready, sum(busy_seconds)::float8 AS busy FROM agent_state_stats
    WHERE ${sql.join(where, sql` AND `)} GROUP BY 1`);
  const total = { ready: 0, on_call: 0 };
  for (const r of rows.rows) {
    const k = q.groupBy === 'interval' ? new Date(r.k as string | Date).toISOString() : String(r.k);
    by.set(k, { ready: r.ready, on_call: r.busy });
    total.ready += r.ready;
    total.on_call += r.busy;
  }
  return { by, total: rows.rows.length ? total : undefined };
}

/** GET /contacts/wallboard: per visible queue, calls waiting, the longest wait, agents by state, and today's figures so far (Asia/Shanghai day). */
export async function wallboard(db: Db, actor: Actor, input: { now: Date; queueId?: string; def: KpiDefinition; timeZone?: string }): Promise<WallboardOutput> {
  requirePermission(actor, 'contact:read');
  const dayStart = DateTime.fromJSDate(input.now).setZone(input.timeZone ?? 'Asia/Shanghai').startOf('day').toJSDate();
  const scope = scopeCondition(actor, 'contact:read', sql.raw('q.org_unit_id') as never);
  const queues = await db.execute<{ id: string; code: string; name: string; org_unit_id: string; waiting: number; oldest: string | null }>(sql`
    SELECT q.id::text AS id, q.code, q.name, q.org_unit_id::text AS org_unit_id,
      (SELECT count(*)::int FROM contact_live_calls l WHERE l.queue_id = q.id AND l.answered_at IS NULL) AS waiting,
      (SELECT min(l.offered_at) FROM contact_live_calls l WHERE l.queue_id = q.id AND l.answered_at IS NULL) AS oldest
    FROM contact_queues q WHERE q.active AND ${scope} ${input.queueId ? sql`AND q.id = ${input.queueId}` : sql``}
    ORDER BY q.code`);
  const today = await db.execute<SumRow & { queue_id: string }>(sql`
    SELECT queue_id::text AS queue_id, ${SUMS} FROM contact_queue_stats
    WHERE interval_start >= ${dayStart.toISOString()}::timestamptz AND interval_start <= ${input.now.toISOString()}::timestamptz
      AND ${scopeCondition(actor, 'contact:read', contactQueueStats.orgUnitId)}
    GROUP BY 1`);
  const todayBy = new Map(today.rows.map((r) => [r.queue_id, countsOf(r)]));
  // Each agent's latest state today, counted for the queues of the agent's centre (the queue's unit subtree holds the agent's team).
  const states = await db.execute<{ state: string; path: string }>(sql`
    SELECT DISTINCT ON (e.agent_id) e.state, u.path FROM agent_state_events e JOIN org_units u ON u.id = e.org_unit_id
    WHERE e.at >= ${dayStart.toISOString()}::timestamptz AND e.at <= ${input.now.toISOString()}::timestamptz
    ORDER BY e.agent_id, e.at DESC, e.id DESC`);
  const unitPaths = await db.execute<{ id: string; path: string }>(sql`SELECT id::text AS id, path FROM org_units WHERE id = ANY(${sql.param(queues.rows.map((q) => q.org_unit_id))}::uuid[])`);
  const pathOf = new Map(unitPaths.rows.map((r) => [r.id, r.path]));
  return {
    at: input.now.toISOString(),
    definitionText: definitionText(actor.locale, input.def),
    queues: queues.rows.map((q) => {
      const agents: Record<string, number> = {};
      const qPath = pathOf.get(q.org_unit_id) ?? '//';
      for (const s of states.rows) if (s.state !== 'logged_out' && s.path.startsWith(qPath)) agents[s.state] = (agents[s.state] ?? 0) + 1;
      return {
        queueId: q.id, code: q.code, name: q.name, waiting: q.waiting,
        longestWaitSeconds: q.oldest ? Math.max(0, Math.round((input.now.getTime() - new Date(q.oldest).getTime()) / 1000)) : null,
        agents,
        today: row(q.id, q.name, todayBy.get(q.id) ?? emptyCounts(), input.def, null),
      };
    }),
  };
}
