import { sql, type SQL } from 'drizzle-orm';
import {
  type BreachItem, type BreachQuery, type CallbackFigures, type ComplianceGroup, type ComplianceQuery, type ComplianceReport, COMPLIANCE_GOAL,
  NO_GROUP, type ReportGroupBy, type TargetFigures,
} from '../../../shared/reports';
import { SLA_TARGETS, type SlaTargetName } from '../../../shared/sla';
import type { Db, DbOrTx } from '../../db/client';
import { cases } from '../../db/schema';
import { type Actor, requirePermission, scopeCondition } from '../../platform/actor';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { AppError } from '../../platform/errors';
import type { Locale } from '../../platform/i18n';
import { percent, reportPeriod } from './report-period';

// Compliance reporting: the one module that reads across the other modules'
// tables, read-only (docs/ARCHITECTURE.md). Every figure comes from the clocks
// the SLA module stores per case (case_sla.targets, recomputed from each
// case's history) and from the callback tasks of the same cases.
//
// Which cases count: those CREATED in the period (Asia/Shanghai days) that a
// commitment covers, inside the caller's org subtree for report:read, except
// cancelled and merged ones. A target is
// - met / breached: as its clock decided it; a running clock whose due
//   instant has passed is breached (the stored state may predate that);
// - running: not decided yet (running, paused, not started);
// - cancelled clocks are left out.
// Times (median, 90th percentile, linear interpolation as PostgreSQL's
// percentile_cont) are the minutes the clock counted until the target was
// reached — business minutes on a business clock — over reached targets.

const MIN_MS = 60_000;

function groupKeyExpr(groupBy: ReportGroupBy): SQL {
  switch (groupBy) {
    case 'commitment': return sql`s.commitment_id::text`;
    case 'site': return sql`cases.site_id::text`;
    // The group holding the case, else its owner's org unit.
    case 'team': return sql`COALESCE(cases.group_id, ow.org_unit_id)::text`;
    case 'person': return sql`cases.owner_id::text`;
    case 'first_responder': return sql`cases.first_responder_id::text`;
  }
}

interface Filters {
  groupBy: ReportGroupBy;
  siteId?: string;
  commitmentId?: string;
}

/** The covered cases of the period the actor may see (id, created_at, gkey), and their targets one row each (tg). */
function baseCte(actor: Actor, period: { from: Date; to: Date }, f: Filters, now: Date): SQL {
  const site = f.siteId
    ? sql`AND cases.site_id IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${f.siteId}) || '%')`
    : sql``;
  const commitment = f.commitmentId ? sql`AND s.commitment_id = ${f.commitmentId}` : sql``;
  return sql`
    base AS (
      SELECT cases.id, cases.created_at, COALESCE(${groupKeyExpr(f.groupBy)}, ${NO_GROUP}) AS gkey
      FROM case_sla s JOIN cases ON cases.id = s.case_id LEFT JOIN users ow ON ow.id = cases.owner_id
      WHERE s.commitment_id IS NOT NULL
        AND cases.created_at >= ${period.from.toISOString()}::timestamptz AND cases.created_at < ${period.to.toISOString()}::timestamptz
        AND cases.status NOT IN ('cancelled', 'merged') AND cases.merged_into_id IS NULL
        AND ${scopeCondition(actor, 'report:read', cases.siteId)} ${site} ${commitment}
    ),
    tg AS (
      -- Lean rows (no case text): the clocks are read from case_sla again rather than carried through base.
      SELECT b.id, b.created_at, b.gkey, x->>'target' AS target, x->>'clock' AS clock,
        CASE WHEN x->>'state' = 'met' THEN 'met'
             WHEN x->>'state' = 'breached' THEN 'breached'
             WHEN x->>'state' = 'cancelled' THEN 'cancelled'
             WHEN x->>'state' IN ('running', 'at_risk') AND (x->>'dueAt')::timestamptz <= ${now.toISOString()}::timestamptz THEN 'breached'
             ELSE 'running' END AS outcome,
        CASE WHEN x->>'metAt' IS NOT NULL THEN (x->>'elapsedMinutes')::float8 END AS minutes,
        (x->>'dueAt')::timestamptz AS due_at, (x->>'metAt')::timestamptz AS met_at
      FROM base b JOIN case_sla s2 ON s2.case_id = b.id CROSS JOIN LATERAL jsonb_array_elements(s2.targets) x
    )`;
}

const emptyCallbacks = (): CallbackFigures => ({
  closed: 0, reached: 0, reachRate: null, resolvedYes: 0, resolvedRate: null, meanSatisfaction: null, satisfaction: [0, 0, 0, 0, 0],
});

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const opt = (v: unknown, digits = 1): number | null => {
  if (v === null || v === undefined) return null;
  const f = 10 ** digits;
  return Math.round(Number(v) * f) / f;
};
const targetOrder = (t: string) => SLA_TARGETS.indexOf(t as SlaTargetName);

/** Names of the groups' keys, in the caller's language where the thing has one. */
async function groupNames(db: DbOrTx, groupBy: ReportGroupBy, keys: string[], locale: Locale): Promise<Map<string, string>> {
  const ids = keys.filter((k) => k !== NO_GROUP);
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const list = sql`ARRAY[${sql.join(ids.map((k) => sql`${k}`), sql`, `)}]::uuid[]`;
  let q: SQL;
  if (groupBy === 'commitment') q = sql`SELECT id::text AS id, COALESCE(title->>${locale}, title->>'zh-CN') || ' (' || code || ')' AS name FROM sla_commitments WHERE id = ANY(${list})`;
  else if (groupBy === 'site' || groupBy === 'team') q = sql`SELECT id::text AS id, name FROM org_units WHERE id = ANY(${list})`;
  else q = sql`SELECT id::text AS id, name FROM users WHERE id = ANY(${list})`;
  const { rows } = await db.execute<{ id: string; name: string }>(q);
  for (const r of rows) names.set(r.id, r.name);
  return names;
}

const NONE_NAMES: Record<ReportGroupBy, Record<Locale, string>> = {
  commitment: { 'zh-CN': '（无）', 'zh-TW': '（無）', en: '(none)' },
  site: { 'zh-CN': '（无）', 'zh-TW': '（無）', en: '(none)' },
  team: { 'zh-CN': '（未分派）', 'zh-TW': '（未分派）', en: '(unassigned)' },
  person: { 'zh-CN': '（未指定处理人）', 'zh-TW': '（未指定處理人）', en: '(no owner)' },
  first_responder: { 'zh-CN': '（无）', 'zh-TW': '（無）', en: '(none)' },
};
const TOTAL_NAME: Record<Locale, string> = { 'zh-CN': '合计', 'zh-TW': '合計', en: 'Total' };

/** GET /reports/sla-compliance: per group and in total, over the covered cases created in the period. */
export async function complianceReport(db: Db, actor: Actor, q: Omit<ComplianceQuery, 'format'>, locale: Locale, now = new Date()): Promise<ComplianceReport> {
  requirePermission(actor, 'report:read');
  const period = reportPeriod(q.from, q.to);
  const cte = baseCte(actor, period, q, now);
  const bucket = period.bucket;
  return db.transaction(async (tx) => {
    // The sorts of a province-wide month (percentiles per group) fit in memory instead of spilling to disk.
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    // One statement: the covered cases and their targets are read once (a CTE used several times is
    // materialised once) and every aggregate comes back as one JSON array.
    type Counts = { gkey: string | null; cases: number; total: number };
    type Figures = { gkey: string | null; total: number; target: string; clock: string; met: number; breached: number; running: number; median: number | null; p90: number | null };
    type Callbacks = { gkey: string | null; total: number; closed: number; reached: number; resolved_yes: number; mean: number | null; s1: number; s2: number; s3: number; s4: number; s5: number };
    type Trend = { start: string; target: string; met: number; breached: number };
    const { rows: [all] } = await tx.execute<{ counts: Counts[] | null; figures: Figures[] | null; callbacks: Callbacks[] | null; trend: Trend[] | null }>(sql`WITH ${cte},
      counts AS (SELECT gkey, count(*) AS cases, GROUPING(gkey) AS total FROM base GROUP BY ROLLUP(gkey)),
      figures AS (
        SELECT gkey, GROUPING(gkey) AS total, target,
          CASE WHEN min(clock) = max(clock) THEN min(clock) ELSE 'mixed' END AS clock,
          count(*) FILTER (WHERE outcome = 'met') AS met,
          count(*) FILTER (WHERE outcome = 'breached') AS breached,
          count(*) FILTER (WHERE outcome = 'running') AS running,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90
        FROM tg WHERE outcome <> 'cancelled'
        GROUP BY GROUPING SETS ((gkey, target), (target))),
      callbacks AS (
        SELECT b.gkey, GROUPING(b.gkey) AS total,
          count(*) FILTER (WHERE t.status IN ('completed', 'unreachable', 'refused')) AS closed,
          count(*) FILTER (WHERE t.status = 'completed') AS reached,
          count(*) FILTER (WHERE t.status = 'completed' AND t.resolved) AS resolved_yes,
          avg(t.satisfaction) FILTER (WHERE t.status = 'completed') AS mean,
          count(*) FILTER (WHERE t.status = 'completed' AND t.satisfaction = 1) AS s1,
          count(*) FILTER (WHERE t.status = 'completed' AND t.satisfaction = 2) AS s2,
          count(*) FILTER (WHERE t.status = 'completed' AND t.satisfaction = 3) AS s3,
          count(*) FILTER (WHERE t.status = 'completed' AND t.satisfaction = 4) AS s4,
          count(*) FILTER (WHERE t.status = 'completed' AND t.satisfaction = 5) AS s5
        FROM base b JOIN callback_tasks t ON t.case_id = b.id
        GROUP BY ROLLUP(b.gkey)),
      trend AS (
        SELECT to_char(day, 'YYYY-MM-DD') AS start, target, met, breached FROM (
          SELECT date_trunc(${bucket}, created_at AT TIME ZONE 'Asia/Shanghai') AS day, target,
            count(*) FILTER (WHERE outcome = 'met') AS met, count(*) FILTER (WHERE outcome = 'breached') AS breached
          FROM tg WHERE outcome IN ('met', 'breached')
          GROUP BY 1, 2) d)
      SELECT (SELECT json_agg(counts) FROM counts) AS counts, (SELECT json_agg(figures) FROM figures) AS figures,
             (SELECT json_agg(callbacks) FROM callbacks) AS callbacks, (SELECT json_agg(trend) FROM trend) AS trend`);
    const counts = { rows: all.counts ?? [] };
    const figures = { rows: all.figures ?? [] };
    const callbacks = { rows: all.callbacks ?? [] };
    const trend = { rows: (all.trend ?? []).sort((a, b) => a.start.localeCompare(b.start) || targetOrder(a.target) - targetOrder(b.target)) };

    const groups = new Map<string, ComplianceGroup>();
    const blank = (key: string): ComplianceGroup => ({ key, name: key, cases: 0, breaches: 0, targets: [], callbacks: emptyCallbacks() });
    const total = blank('total');
    total.name = TOTAL_NAME[locale];
    const groupOf = (gkey: string | null, isTotal: number) => {
      if (Number(isTotal) === 1) return total;
      const k = gkey ?? NO_GROUP;
      let g = groups.get(k);
      if (!g) { g = blank(k); groups.set(k, g); }
      return g;
    };
    for (const r of counts.rows) groupOf(r.gkey, r.total).cases = num(r.cases);
    for (const r of figures.rows) {
      const g = groupOf(r.gkey, r.total);
      const met = num(r.met);
      const breached = num(r.breached);
      const f: TargetFigures = {
        target: r.target as SlaTargetName, clock: r.clock as TargetFigures['clock'], met, breached, running: num(r.running),
        percentMet: percent(met, met + breached), medianMinutes: opt(r.median), p90Minutes: opt(r.p90),
      };
      g.targets.push(f);
      g.breaches += breached;
    }
    for (const r of callbacks.rows) {
      const g = groupOf(r.gkey, r.total);
      const closed = num(r.closed);
      const reached = num(r.reached);
      const resolvedYes = num(r.resolved_yes);
      g.callbacks = {
        closed, reached, reachRate: percent(reached, closed), resolvedYes, resolvedRate: percent(resolvedYes, reached),
        meanSatisfaction: opt(r.mean, 2), satisfaction: [r.s1, r.s2, r.s3, r.s4, r.s5].map(num),
      };
    }
    const names = await groupNames(tx, q.groupBy, [...groups.keys()], locale);
    for (const g of [total, ...groups.values()]) g.targets.sort((a, b) => targetOrder(a.target) - targetOrder(b.target));
    for (const g of groups.values()) g.name = g.key === NO_GROUP ? NONE_NAMES[q.groupBy][locale] : names.get(g.key) ?? g.key;
    const list = [...groups.values()].sort((a, b) => (b.cases - a.cases) || a.name.localeCompare(b.name, 'zh-CN'));

    return {
      from: q.from, to: q.to, fromInstant: period.from.toISOString(), toInstant: period.to.toISOString(), timezone: 'Asia/Shanghai' as const,
      basis: 'cases_created' as const, groupBy: q.groupBy, generatedAt: now.toISOString(), goal: COMPLIANCE_GOAL, total, groups: list,
      trend: {
        bucket,
        points: trend.rows.map((r) => ({
          start: r.start, target: r.target as SlaTargetName, met: num(r.met), breached: num(r.breached), percentMet: percent(num(r.met), num(r.met) + num(r.breached)),
        })),
      },
    };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * GET /reports/sla-compliance/breaches: the breached targets behind a report's
 * figure, earliest due first, keyset-paged on (due instant, case, target).
 * Targets decided without a due instant of their own (missed update cycles)
 * sort at the case's creation.
 */
export async function listBreaches(db: Db, actor: Actor, q: BreachQuery, locale: Locale, now = new Date()): Promise<{ items: BreachItem[]; nextCursor: string | null }> {
  requirePermission(actor, 'report:read');
  const period = reportPeriod(q.from, q.to);
  const cursor = decodeCursor(q.cursor);
  const cte = baseCte(actor, period, q, now);
  const group = q.group !== undefined ? sql`AND gkey = ${q.group}` : sql``;
  const target = q.target ? sql`AND target = ${q.target}` : sql``;
  const cursorAt = cursor ? new Date(cursor.at) : null;
  if (cursorAt && (cursorAt.getUTCFullYear() < 1970 || cursorAt.getUTCFullYear() > 2200)) {
    throw new AppError('validation_failed', {}, [{ path: 'cursor', code: 'invalid_cursor', message: 'invalid cursor' }]);
  }
  const after = cursor && cursorAt ? sql`AND (sort_at, key) > (${cursorAt.toISOString()}::timestamptz, ${cursor.id})` : sql``;
  const { rows } = await db.execute<{ id: string; number: string; subject: string; status: string; target: string; due_at: Date | string | null; met_at: Date | string | null; gkey: string; sort_at: Date | string; key: string }>(sql`
    WITH ${cte},
    br AS (SELECT tg.*, COALESCE(due_at, date_trunc('milliseconds', created_at)) AS sort_at, id::text || ':' || target AS key FROM tg WHERE outcome = 'breached'),
    pg AS (SELECT id, target, due_at, met_at, gkey, sort_at, key FROM br WHERE true ${group} ${target} ${after} ORDER BY sort_at, key LIMIT ${q.limit + 1})
    SELECT pg.*, cases.number, cases.subject, cases.status FROM pg JOIN cases ON cases.id = pg.id
    ORDER BY pg.sort_at, pg.key`);
  const page = rows.slice(0, q.limit);
  const names = await groupNames(db, q.groupBy, [...new Set(page.map((r) => r.gkey))], locale);
  const items: BreachItem[] = page.map((r) => {
    const due = r.due_at === null ? null : new Date(r.due_at);
    const met = r.met_at === null ? null : new Date(r.met_at);
    return {
      caseId: r.id, number: r.number, subject: r.subject, status: r.status, target: r.target as SlaTargetName,
      dueAt: due ? due.toISOString() : null, metAt: met ? met.toISOString() : null,
      lateMinutes: due ? Math.round(((met ?? now).getTime() - due.getTime()) / MIN_MS) : null,
      groupKey: r.gkey, groupName: r.gkey === NO_GROUP ? NONE_NAMES[q.groupBy][locale] : names.get(r.gkey) ?? r.gkey,
    };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(new Date(last.sort_at), last.key) : null };
}

/** A group key from the query string is a uuid or "none"; anything else matches nothing but must not reach a ::uuid cast. */
export function assertGroupKey(key: string | undefined): void {
  if (key === undefined || key === NO_GROUP || /^[0-9a-f-]{36}$/i.test(key)) return;
  throw new AppError('validation_failed', {}, [{ path: 'group', code: 'invalid_group', message: 'group: a key from the report' }]);
}
