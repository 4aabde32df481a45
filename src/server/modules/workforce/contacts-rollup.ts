import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { SL_THRESHOLDS } from '../../../shared/contacts';

// Maintenance of the 15-minute rollup (contact_interval_stats) that every KPI query reads. After
// contact records are written, the intervals they touch are rebuilt from the records (delete +
// insert in the writer's transaction, serialised by an advisory lock): incremental, idempotent, and
// always equal to a rebuild from scratch. FCR looks forward (a repeat within N days AFTER a
// contact), so the intervals of the same callers' earlier contacts in the previous 7 days are
// rebuilt too.

export const ROLLUP_MINUTES = 15;
const BIN = sql.raw(`date_bin('${ROLLUP_MINUTES} minutes', r.offered_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')`);

const thresholdCols = SL_THRESHOLDS.flatMap((t) => [`ans_le_${t}`, `abn_le_${t}`]).join(', ');
const thresholdAggs = SL_THRESHOLDS.flatMap((t) => [
  `count(*) FILTER (WHERE r.answered_at IS NOT NULL AND r.wait_seconds <= ${t})`,
  `count(*) FILTER (WHERE r.answered_at IS NULL AND r.wait_seconds <= ${t})`,
]).join(',\n  ');

/** INSERT … SELECT of the rollup rows for the records matched by `where` (over alias r). */
function rollupInsert(from: ReturnType<typeof sql>, where: ReturnType<typeof sql>) {
  return sql`
INSERT INTO contact_interval_stats (interval_start, queue_id, org_unit_id, agent_id, offered, answered, abandoned,
  wait_answered_sum, wait_abandoned_sum, talk_sum, hold_sum, acw_sum, fcr_base, repeat_1d, repeat_3d, repeat_7d, ${sql.raw(thresholdCols)})
SELECT ${BIN}, r.queue_id, r.org_unit_id, r.agent_id,
  count(*), count(r.answered_at), count(*) - count(r.answered_at),
  coalesce(sum(r.wait_seconds) FILTER (WHERE r.answered_at IS NOT NULL), 0),
  coalesce(sum(r.wait_seconds) FILTER (WHERE r.answered_at IS NULL), 0),
  coalesce(sum(r.talk_seconds), 0), coalesce(sum(r.hold_seconds), 0), coalesce(sum(r.acw_seconds), 0),
  count(*) FILTER (WHERE r.answered_at IS NOT NULL AND r.caller_number IS NOT NULL),
  count(*) FILTER (WHERE nx.next_at <= r.offered_at + interval '1 day'),
  count(*) FILTER (WHERE nx.next_at <= r.offered_at + interval '3 days'),
  count(*) FILTER (WHERE nx.next_at <= r.offered_at + interval '7 days'),
  ${sql.raw(thresholdAggs)}
FROM ${from}
LEFT JOIN LATERAL (
  SELECT min(n.offered_at) AS next_at FROM contact_records n
  WHERE r.answered_at IS NOT NULL AND r.caller_number IS NOT NULL
    AND n.caller_number = r.caller_number AND n.offered_at > r.offered_at AND n.offered_at <= r.offered_at + interval '7 days'
) nx ON true
WHERE ${where}
GROUP BY 1, 2, 3, 4`;
}

/** Rebuild the rollup rows of the given 15-minute interval starts. Call inside the writing transaction. */
export async function refreshIntervals(tx: DbOrTx, starts: readonly Date[]): Promise<void> {
  if (starts.length === 0) return;
  const iso = [...new Set(starts.map((d) => d.toISOString()))];
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('contact_interval_stats'))`);
  await tx.execute(sql`DELETE FROM contact_interval_stats WHERE interval_start = ANY(${sql.param(iso)}::timestamptz[])`);
  await tx.execute(rollupInsert(
    sql`unnest(${sql.param(iso)}::timestamptz[]) AS b(s) JOIN contact_records r ON r.offered_at >= b.s AND r.offered_at < b.s + interval '${sql.raw(String(ROLLUP_MINUTES))} minutes'`,
    sql`true`,
  ));
  await refreshDerived(tx, iso);
}

/**
 * The intervals to rebuild after inserting contacts: their own, and for each new contact the interval
 * of the same caller's contact just before it (within 7 days) when that one was answered — the only
 * earlier contact whose "next contact" (hence repeat flags) the new one can change: those before it
 * already have a nearer next contact.
 */
export async function touchedIntervals(tx: DbOrTx, inserted: readonly { offeredAt: Date; callerNumber: string | null }[]): Promise<Date[]> {
  if (inserted.length === 0) return [];
  const ms = ROLLUP_MINUTES * 60_000;
  const out = new Set(inserted.map((r) => Math.floor(r.offeredAt.getTime() / ms) * ms));
  const withCaller = inserted.filter((r) => r.callerNumber);
  if (withCaller.length > 0) {
    const rows = await tx.execute<{ s: Date }>(sql`
      SELECT DISTINCT date_bin('${sql.raw(String(ROLLUP_MINUTES))} minutes', p.offered_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS s
      FROM unnest(${sql.param(withCaller.map((r) => r.callerNumber))}::text[], ${sql.param(withCaller.map((r) => r.offeredAt.toISOString()))}::timestamptz[]) AS n(caller, at)
      CROSS JOIN LATERAL (
        SELECT r.offered_at, r.answered_at FROM contact_records r
        WHERE r.caller_number = n.caller AND r.offered_at < n.at AND r.offered_at >= n.at - interval '7 days'
        ORDER BY r.offered_at DESC LIMIT 1
      ) p
      WHERE p.answered_at IS NOT NULL`);
    for (const r of rows.rows) out.add(new Date(r.s).getTime());
  }
  return [...out].map((m) => new Date(m));
}

/** Rebuild the whole rollup between two instants (seeding, benchmarks, repair). */
export async function rebuildRange(tx: DbOrTx, from: Date, to: Date): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('contact_interval_stats'))`);
  await tx.execute(sql`DELETE FROM contact_interval_stats WHERE interval_start >= ${from.toISOString()}::timestamptz AND interval_start < ${to.toISOString()}::timestamptz`);
  await tx.execute(rollupInsert(sql`contact_records r`, sql`r.offered_at >= ${from.toISOString()}::timestamptz AND r.offered_at < ${to.toISOString()}::timestamptz`));
  await deriveRange(tx, from, to);
}

// ---------------------------------------------------------------- derived rollups

/** Asia/Shanghai keeps +08:00 all year: a business day starts at 16:00 UTC the day before. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
export const shanghaiDayStart = (at: Date) => new Date(Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS);
export const isShanghaiMidnight = (at: Date) => (at.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS === 0;

export const STAT_COLUMNS = [
  'offered', 'answered', 'abandoned', 'wait_answered_sum', 'wait_abandoned_sum', 'talk_sum', 'hold_sum', 'acw_sum', 'fcr_base',
  'repeat_1d', 'repeat_3d', 'repeat_7d', ...SL_THRESHOLDS.flatMap((t) => [`ans_le_${t}`, `abn_le_${t}`]),
];
const COLS = sql.raw(STAT_COLUMNS.join(', '));
const SUMS = sql.raw(STAT_COLUMNS.map((c) => `sum(s.${c})`).join(', '));

/** Rebuild the queue-level rows of some 15-minute intervals and the agent-day rows of their days from contact_interval_stats. */
async function refreshDerived(tx: DbOrTx, starts: readonly string[]): Promise<void> {
  await tx.execute(sql`DELETE FROM contact_queue_stats WHERE interval_start = ANY(${sql.param(starts)}::timestamptz[])`);
  await tx.execute(sql`INSERT INTO contact_queue_stats (interval_start, queue_id, org_unit_id, ${COLS})
    SELECT s.interval_start, s.queue_id, s.org_unit_id, ${SUMS} FROM contact_interval_stats s
    WHERE s.interval_start = ANY(${sql.param(starts)}::timestamptz[]) GROUP BY 1, 2, 3`);
  const days = [...new Set(starts.map((s) => shanghaiDayStart(new Date(s)).toISOString()))];
  await tx.execute(sql`DELETE FROM contact_agent_day_stats WHERE day = ANY(${sql.param(days)}::timestamptz[])`);
  await tx.execute(sql`INSERT INTO contact_agent_day_stats (day, queue_id, org_unit_id, agent_id, ${COLS})
    SELECT d.day, s.queue_id, s.org_unit_id, s.agent_id, ${SUMS}
    FROM unnest(${sql.param(days)}::timestamptz[]) AS d(day) JOIN contact_interval_stats s ON s.interval_start >= d.day AND s.interval_start < d.day + interval '1 day'
    WHERE s.agent_id IS NOT NULL GROUP BY 1, 2, 3, 4`);
}

/** Rebuild the derived rollups between two instants (whole Shanghai days). */
async function deriveRange(tx: DbOrTx, from: Date, to: Date): Promise<void> {
  const f = shanghaiDayStart(from).toISOString();
  const t = new Date(shanghaiDayStart(new Date(to.getTime() - 1)).getTime() + DAY_MS).toISOString();
  await tx.execute(sql`DELETE FROM contact_queue_stats WHERE interval_start >= ${f}::timestamptz AND interval_start < ${t}::timestamptz`);
  await tx.execute(sql`INSERT INTO contact_queue_stats (interval_start, queue_id, org_unit_id, ${COLS})
    SELECT s.interval_start, s.queue_id, s.org_unit_id, ${SUMS} FROM contact_interval_stats s
    WHERE s.interval_start >= ${f}::timestamptz AND s.interval_start < ${t}::timestamptz GROUP BY 1, 2, 3`);
  await tx.execute(sql`DELETE FROM contact_agent_day_stats WHERE day >= ${f}::timestamptz AND day < ${t}::timestamptz`);
  await tx.execute(sql`INSERT INTO contact_agent_day_stats (day, queue_id, org_unit_id, agent_id, ${COLS})
    SELECT date_bin('1 day', s.interval_start, TIMESTAMPTZ '2000-01-01 00:00:00+08'), s.queue_id, s.org_unit_id, s.agent_id, ${SUMS}
    FROM contact_interval_stats s
    WHERE s.interval_start >= ${f}::timestamptz AND s.interval_start < ${t}::timestamptz AND s.agent_id IS NOT NULL GROUP BY 1, 2, 3, 4`);
}

// ---------------------------------------------------------------- agent state seconds

/**
 * Rebuild agent_state_stats of some agents from the Shanghai day holding `since` (moved back to the
 * state in effect then) onwards: each closed state span (an event to the agent's next one) is cut
 * into 15-minute bins and summed per day. The open span (the current state) counts once it closes.
 */
export async function refreshStateStats(tx: DbOrTx, agentIds: readonly string[], since: Date): Promise<void> {
  if (agentIds.length === 0) return;
  const ids = sql.param([...new Set(agentIds)]);
  const prior = await tx.execute<{ f: Date | null }>(sql`
    SELECT min(at) AS f FROM (SELECT DISTINCT ON (agent_id) at FROM agent_state_events
      WHERE agent_id = ANY(${ids}::uuid[]) AND at <= ${since.toISOString()}::timestamptz ORDER BY agent_id, at DESC) x`);
  const f0 = prior.rows[0]?.f ? new Date(prior.rows[0].f) : since;
  const F = shanghaiDayStart(f0.getTime() < since.getTime() ? f0 : since).toISOString();
  await tx.execute(sql`DELETE FROM agent_state_stats WHERE agent_id = ANY(${ids}::uuid[]) AND bin_start >= ${F}::timestamptz`);
  await tx.execute(sql`
    WITH ev AS (
      SELECT e.id, e.agent_id, e.org_unit_id, e.state, e.at FROM agent_state_events e WHERE e.agent_id = ANY(${ids}::uuid[]) AND e.at >= ${F}::timestamptz
      UNION ALL
      SELECT * FROM (SELECT DISTINCT ON (p.agent_id) p.id, p.agent_id, p.org_unit_id, p.state, p.at FROM agent_state_events p
        WHERE p.agent_id = ANY(${ids}::uuid[]) AND p.at < ${F}::timestamptz AND p.at >= ${F}::timestamptz - interval '2 days' ORDER BY p.agent_id, p.at DESC, p.id DESC) q
    ), spans AS (
      SELECT agent_id, org_unit_id, state, greatest(at, ${F}::timestamptz) AS s, lead(at) OVER (PARTITION BY agent_id ORDER BY at, id) AS e FROM ev
    )
    INSERT INTO agent_state_stats (grain, bin_start, agent_id, org_unit_id, ready_seconds, busy_seconds, not_ready_seconds)
    SELECT '15m', b, agent_id, org_unit_id,
      coalesce(sum(secs) FILTER (WHERE state = 'ready'), 0), coalesce(sum(secs) FILTER (WHERE state IN ('on_call', 'acw')), 0), coalesce(sum(secs) FILTER (WHERE state = 'not_ready'), 0)
    FROM (
      SELECT agent_id, org_unit_id, state, b, extract(epoch FROM least(e, b + interval '15 minutes') - greatest(s, b)) AS secs
      FROM spans, generate_series(date_bin('15 minutes', s, TIMESTAMPTZ '2000-01-01 00:00:00+00'), e - interval '1 microsecond', interval '15 minutes') AS b
      WHERE e IS NOT NULL AND e > s AND state <> 'logged_out'
    ) x GROUP BY b, agent_id, org_unit_id`);
  await tx.execute(sql`
    INSERT INTO agent_state_stats (grain, bin_start, agent_id, org_unit_id, ready_seconds, busy_seconds, not_ready_seconds)
    SELECT '1d', date_bin('1 day', bin_start, TIMESTAMPTZ '2000-01-01 00:00:00+08'), agent_id, org_unit_id, sum(ready_seconds), sum(busy_seconds), sum(not_ready_seconds)
    FROM agent_state_stats WHERE grain = '15m' AND agent_id = ANY(${ids}::uuid[]) AND bin_start >= ${F}::timestamptz GROUP BY 2, 3, 4`);
}
