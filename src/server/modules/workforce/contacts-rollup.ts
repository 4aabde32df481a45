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
}

/** The intervals to rebuild after inserting contacts: their own, and those of the same callers' contacts in the 7 days before. */
export async function touchedIntervals(tx: DbOrTx, inserted: readonly { offeredAt: Date; callerNumber: string | null }[]): Promise<Date[]> {
  if (inserted.length === 0) return [];
  const ms = ROLLUP_MINUTES * 60_000;
  const out = new Set(inserted.map((r) => Math.floor(r.offeredAt.getTime() / ms) * ms));
  const callers = [...new Set(inserted.map((r) => r.callerNumber).filter((c): c is string => !!c))];
  if (callers.length > 0) {
    const min = new Date(Math.min(...inserted.map((r) => r.offeredAt.getTime())) - 7 * 86_400_000);
    const max = new Date(Math.max(...inserted.map((r) => r.offeredAt.getTime())));
    const rows = await tx.execute<{ s: Date }>(sql`
      SELECT DISTINCT ${BIN} AS s FROM contact_records r
      WHERE r.caller_number = ANY(${sql.param(callers)}::text[]) AND r.offered_at >= ${min.toISOString()}::timestamptz AND r.offered_at < ${max.toISOString()}::timestamptz
        AND r.answered_at IS NOT NULL`);
    for (const r of rows.rows) out.add(new Date(r.s).getTime());
  }
  return [...out].map((m) => new Date(m));
}

/** Rebuild the whole rollup between two instants (seeding, benchmarks, repair). */
export async function rebuildRange(tx: DbOrTx, from: Date, to: Date): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('contact_interval_stats'))`);
  await tx.execute(sql`DELETE FROM contact_interval_stats WHERE interval_start >= ${from.toISOString()}::timestamptz AND interval_start < ${to.toISOString()}::timestamptz`);
  await tx.execute(rollupInsert(sql`contact_records r`, sql`r.offered_at >= ${from.toISOString()}::timestamptz AND r.offered_at < ${to.toISOString()}::timestamptz`));
}
