import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AgentInput, IngestInput, QueueInput } from '../../../shared/contacts';
import type { Permission } from '../../../shared/roles';
import type { Db, DbOrTx } from '../../db/client';
import { agentStateEvents, contactAgents, contactQueues, contactRecords, orgUnits, users } from '../../db/schema';
import { type Actor, assertAllowed, assertVisible, requirePermission, scopeCondition } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { translator, type Locale } from '../../platform/i18n';
import { mapJsonRecord, type ParsedContact, type RowProblem } from './contacts-csv';
import { refreshIntervals, touchedIntervals } from './contacts-rollup';

// Contact records (issue 4, item 1): queues, agent logins, writing contacts (CSV import batches, the
// JSON ingest API, ended CTI calls) with their rollup, and the histories other modules read
// (intervalHistory for forecasting, agentStateHistory for adherence).

export type QueueRow = typeof contactQueues.$inferSelect;
export type AgentRow = typeof contactAgents.$inferSelect;

// ---------------------------------------------------------------- org units

/** A unit the actor may act on under `permission`: 404 outside their subtree, 403 when visible but not allowed. */
export async function unitFor(db: DbOrTx, actor: Actor, id: string, permission: Permission): Promise<{ id: string; path: string; name: string }> {
  const [u] = await db.select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, id));
  if (!u) throw new AppError('not_found', { entity: 'org_unit' });
  assertVisible(actor, permission, u.path, 'org_unit');
  assertAllowed(actor, permission, u.path);
  return u;
}

/** SQL: `column` is a unit in the subtree of unit `id`. */
export const inSubtree = (column: unknown, id: string) =>
  sql`${column} IN (SELECT id FROM org_units WHERE path LIKE (SELECT path FROM org_units WHERE id = ${id}) || '%')`;

// ---------------------------------------------------------------- queues and agents

/** Queues the actor may see (contact:read), by unit then code. */
export async function listQueues(db: Db, actor: Actor) {
  requirePermission(actor, 'contact:read');
  const rows = await db.select({ q: contactQueues, orgUnitName: orgUnits.name }).from(contactQueues)
    .innerJoin(orgUnits, eq(orgUnits.id, contactQueues.orgUnitId))
    .where(scopeCondition(actor, 'contact:read', contactQueues.orgUnitId))
    .orderBy(asc(orgUnits.name), asc(contactQueues.code));
  return { items: rows.map(({ q, orgUnitName }) => ({ id: q.id, orgUnitId: q.orgUnitId, orgUnitName, code: q.code, name: q.name, active: q.active })) };
}

/** POST /contacts/queues: a queue of a call centre (its code as the switch names it). */
export async function createQueue(db: Db, actor: Actor, input: z.infer<typeof QueueInput>) {
  requirePermission(actor, 'contact:import');
  return db.transaction(async (tx) => {
    const unit = await unitFor(tx, actor, input.orgUnitId, 'contact:import');
    const [dup] = await tx.select({ id: contactQueues.id }).from(contactQueues).where(and(eq(contactQueues.orgUnitId, unit.id), eq(contactQueues.code, input.code)));
    if (dup) throw new AppError('duplicate', { field: 'code' });
    const [q] = await tx.insert(contactQueues).values({ orgUnitId: unit.id, code: input.code, name: input.name }).returning();
    await audit(tx, actor, { action: 'contact_queue.create', entityType: 'contact_queue', entityId: q.id, orgUnitId: unit.id, after: { code: q.code, name: q.name } });
    return { id: q.id, orgUnitId: q.orgUnitId, orgUnitName: unit.name, code: q.code, name: q.name, active: q.active };
  });
}

/** Agent logins the actor may see. */
export async function listAgents(db: Db, actor: Actor) {
  requirePermission(actor, 'contact:read');
  const rows = await db.select().from(contactAgents).where(scopeCondition(actor, 'contact:read', contactAgents.orgUnitId)).orderBy(asc(contactAgents.loginId));
  return { items: rows.map(presentAgent) };
}

const presentAgent = (a: AgentRow) => ({ id: a.id, orgUnitId: a.orgUnitId, loginId: a.loginId, userId: a.userId, name: a.name });

/** PUT /contacts/agents: map a switch login to a Manyi user and team (creates or updates the login in that unit). */
export async function upsertAgent(db: Db, actor: Actor, input: z.infer<typeof AgentInput>) {
  requirePermission(actor, 'contact:import');
  return db.transaction(async (tx) => {
    const unit = await unitFor(tx, actor, input.orgUnitId, 'contact:import');
    let name = input.name ?? '';
    if (input.userId) {
      const [u] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, input.userId));
      if (!u) throw new AppError('not_found', { entity: 'user' });
      if (!name) name = u.name;
    }
    const [existing] = await tx.select().from(contactAgents).where(and(eq(contactAgents.orgUnitId, unit.id), eq(contactAgents.loginId, input.loginId)));
    const [row] = existing
      ? await tx.update(contactAgents).set({ userId: input.userId ?? null, name: name || existing.name }).where(eq(contactAgents.id, existing.id)).returning()
      : await tx.insert(contactAgents).values({ orgUnitId: unit.id, loginId: input.loginId, userId: input.userId ?? null, name }).returning();
    await audit(tx, actor, { action: existing ? 'contact_agent.update' : 'contact_agent.create', entityType: 'contact_agent', entityId: row.id, orgUnitId: unit.id,
      before: existing ? presentAgent(existing) : null, after: presentAgent(row) });
    return presentAgent(row);
  });
}

/** Queues by code in the subtree of a unit (the nearest to the unit wins when a code repeats). */
export async function queuesByCode(tx: DbOrTx, unitId: string, codes: readonly string[]): Promise<Map<string, QueueRow>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.select({ q: contactQueues, path: orgUnits.path }).from(contactQueues)
    .innerJoin(orgUnits, eq(orgUnits.id, contactQueues.orgUnitId))
    .where(and(inArray(contactQueues.code, [...new Set(codes)]), inSubtree(contactQueues.orgUnitId, unitId), eq(contactQueues.active, true)));
  // A code normally names one queue in a centre; if it repeats in the subtree, the highest unit's wins.
  rows.sort((a, b) => a.path.length - b.path.length);
  const out = new Map<string, QueueRow>();
  for (const r of rows) if (!out.has(r.q.code)) out.set(r.q.code, r.q);
  return out;
}

/** Agent logins by login id in the subtree of a unit; unknown logins are created at that unit (unmapped to a user until someone maps them). */
export async function agentsByLogin(tx: DbOrTx, unitId: string, logins: readonly string[]): Promise<Map<string, AgentRow>> {
  const wanted = [...new Set(logins.filter(Boolean))];
  if (wanted.length === 0) return new Map();
  const find = async () => {
    const rows = await tx.select().from(contactAgents).where(and(inArray(contactAgents.loginId, wanted), inSubtree(contactAgents.orgUnitId, unitId)));
    return new Map(rows.map((r) => [r.loginId, r]));
  };
  let found = await find();
  const missing = wanted.filter((l) => !found.has(l));
  if (missing.length > 0) {
    await tx.insert(contactAgents).values(missing.map((loginId) => ({ orgUnitId: unitId, loginId }))).onConflictDoNothing();
    found = await find();
  }
  return found;
}

// ---------------------------------------------------------------- writing contacts

export interface LineContact { line: number; contact: ParsedContact; raw?: string }
export interface LineProblem extends RowProblem { line: number; raw?: string }

/**
 * Write parsed contacts of one source for a unit: queue codes resolved in the unit's subtree
 * (unknown → a bad row), agent logins resolved or created, duplicates of (source, call id)
 * skipped, and the rollup rebuilt for the touched intervals. Runs inside the caller's transaction.
 */
export async function writeContacts(tx: DbOrTx, input: { source: string; unitId: string; rows: readonly LineContact[]; importJobId?: string | null }): Promise<{ inserted: number; duplicates: number; rejected: LineProblem[] }> {
  const queues = await queuesByCode(tx, input.unitId, input.rows.map((r) => r.contact.queue));
  const agents = await agentsByLogin(tx, input.unitId, input.rows.map((r) => r.contact.agent ?? ''));
  const rejected: LineProblem[] = [];
  const values: (typeof contactRecords.$inferInsert)[] = [];
  for (const { line, contact: c, raw } of input.rows) {
    const queue = queues.get(c.queue);
    if (!queue) {
      rejected.push({ line, reason: 'unknown_queue', params: { queue: c.queue.slice(0, 64) }, raw });
      continue;
    }
    const agent = c.agent ? agents.get(c.agent) : undefined;
    values.push({
      source: input.source, callId: c.callId, orgUnitId: agent?.orgUnitId ?? queue.orgUnitId, queueId: queue.id, agentId: agent?.id ?? null,
      offeredAt: c.offeredAt, answeredAt: c.answeredAt, abandonedAt: c.abandonedAt, waitSeconds: c.waitSeconds, talkSeconds: c.talkSeconds,
      holdSeconds: c.holdSeconds, acwSeconds: c.acwSeconds, disposition: c.disposition, callerNumber: c.callerNumber, importJobId: input.importJobId ?? null,
    });
  }
  let inserted: { offeredAt: Date; callerNumber: string | null }[] = [];
  for (let i = 0; i < values.length; i += 2000) {
    const part = await tx.insert(contactRecords).values(values.slice(i, i + 2000)).onConflictDoNothing()
      .returning({ offeredAt: contactRecords.offeredAt, callerNumber: contactRecords.callerNumber });
    inserted = inserted.concat(part);
  }
  await refreshIntervals(tx, await touchedIntervals(tx, inserted));
  return { inserted: inserted.length, duplicates: values.length - inserted.length, rejected };
}

/** A row problem in the reader's language. */
export function describeProblem(locale: Locale, p: RowProblem): string {
  const t = translator(locale);
  const params: Record<string, string | number> = { ...p.params };
  if (typeof params.field === 'string') params.field = t(`contacts.field.${params.field}`, { defaultValue: params.field });
  return t(`contacts.row.${p.reason}`, { ...params, defaultValue: p.reason });
}

/** POST /contacts/ingest: a JSON batch of calls from one source; good records kept, bad ones listed by index (line = position from 1). */
export async function ingestContacts(db: Db, actor: Actor, input: z.infer<typeof IngestInput>) {
  requirePermission(actor, 'contact:import');
  return db.transaction(async (tx) => {
    const unit = await unitFor(tx, actor, input.orgUnitId ?? actor.orgUnitId, 'contact:import');
    const good: LineContact[] = [];
    const bad: LineProblem[] = [];
    input.records.forEach((r, i) => {
      const res = mapJsonRecord(r);
      if (res.ok) good.push({ line: i + 1, contact: res.contact });
      else bad.push({ line: i + 1, ...res.problem });
    });
    const result = await writeContacts(tx, { source: input.source, unitId: unit.id, rows: good });
    const rejected = [...bad, ...result.rejected].sort((a, b) => a.line - b.line);
    await audit(tx, actor, { action: 'contact.ingest', entityType: 'contact_records', orgUnitId: unit.id,
      after: { source: input.source, inserted: result.inserted, duplicates: result.duplicates, rejected: rejected.length } });
    return {
      inserted: result.inserted, duplicates: result.duplicates,
      rejected: rejected.map((p) => ({ line: p.line, reason: p.reason, message: describeProblem(actor.locale, p), raw: null })),
    };
  });
}

// ---------------------------------------------------------------- histories for other modules

export interface IntervalVolume { start: Date; offered: number; answered: number; abandoned: number; ahtSeconds: number | null }

/**
 * Calls per interval for forecasting (the planning module reads it): every interval from `from`
 * (floored to the interval) up to `to`, zero-filled, for one queue and/or an org subtree. No
 * permission check: callers check their own (workforce:plan / contact:read) first.
 */
export async function intervalHistory(db: DbOrTx, input: { queueId?: string; orgUnitId?: string; from: Date; to: Date; intervalMinutes: 15 | 30 | 60 }): Promise<IntervalVolume[]> {
  const ms = input.intervalMinutes * 60_000;
  const from = new Date(Math.floor(input.from.getTime() / ms) * ms);
  const where = [sql`s.interval_start >= ${from.toISOString()}::timestamptz`, sql`s.interval_start < ${input.to.toISOString()}::timestamptz`];
  if (input.queueId) where.push(sql`s.queue_id = ${input.queueId}`);
  if (input.orgUnitId) where.push(inSubtree(sql.raw('s.org_unit_id'), input.orgUnitId));
  const rows = await db.execute<{ b: string; offered: number; answered: number; abandoned: number; handle: number }>(sql`
    SELECT date_bin(${`${input.intervalMinutes} minutes`}::interval, s.interval_start, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS b,
      sum(s.offered)::int AS offered, sum(s.answered)::int AS answered, sum(s.abandoned)::int AS abandoned,
      sum(s.talk_sum + s.hold_sum + s.acw_sum)::float8 AS handle
    FROM contact_queue_stats s WHERE ${sql.join(where, sql` AND `)} GROUP BY 1`);
  const byStart = new Map(rows.rows.map((r) => [new Date(r.b).getTime(), r]));
  const out: IntervalVolume[] = [];
  for (let t = from.getTime(); t < input.to.getTime(); t += ms) {
    const r = byStart.get(t);
    out.push({ start: new Date(t), offered: r?.offered ?? 0, answered: r?.answered ?? 0, abandoned: r?.abandoned ?? 0,
      ahtSeconds: r && r.answered > 0 ? r.handle / r.answered : null });
  }
  return out;
}

export interface AgentStateChange { userId: string | null; agentId: string; loginId: string; orgUnitId: string; state: string; reason: string | null; at: Date }

/**
 * Agent state changes for adherence (the planning module reads it), oldest first: every change in
 * [from, to), preceded by each agent's state in effect at `from` (its last change in the 2 days before, if any).
 * Filter by Manyi users and/or an org subtree (the agent's team). No permission check: callers check theirs.
 */
export async function agentStateHistory(db: DbOrTx, input: { userIds?: string[]; orgUnitId?: string; from: Date; to: Date }): Promise<AgentStateChange[]> {
  const filters = [sql`true`];
  if (input.userIds) filters.push(input.userIds.length ? sql`e.user_id = ANY(${sql.param(input.userIds)}::uuid[])` : sql`false`);
  if (input.orgUnitId) filters.push(inSubtree(sql.raw('e.org_unit_id'), input.orgUnitId));
  const f = sql.join(filters, sql` AND `);
  const rows = await db.execute<{ user_id: string | null; agent_id: string; login_id: string; org_unit_id: string; state: string; reason: string | null; at: string }>(sql`
    WITH prior AS (
      SELECT DISTINCT ON (e.agent_id) e.* FROM agent_state_events e
      WHERE ${f} AND e.at < ${input.from.toISOString()}::timestamptz AND e.at >= ${input.from.toISOString()}::timestamptz - interval '2 days'
      ORDER BY e.agent_id, e.at DESC, e.id DESC
    ), span AS (
      SELECT e.* FROM agent_state_events e WHERE ${f} AND e.at >= ${input.from.toISOString()}::timestamptz AND e.at < ${input.to.toISOString()}::timestamptz
    )
    SELECT x.user_id, x.agent_id, a.login_id, x.org_unit_id, x.state, x.reason, x.at FROM (SELECT * FROM prior UNION ALL SELECT * FROM span) x
    JOIN contact_agents a ON a.id = x.agent_id
    ORDER BY x.at, x.id`);
  return rows.rows.map((r) => ({ userId: r.user_id, agentId: r.agent_id, loginId: r.login_id, orgUnitId: r.org_unit_id, state: r.state, reason: r.reason, at: new Date(r.at) }));
}

/** Record an agent's state change (from CTI). Runs inside the caller's transaction. */
export async function recordAgentState(tx: DbOrTx, agent: AgentRow, state: string, reason: string | null, at: Date): Promise<void> {
  await tx.insert(agentStateEvents).values({ agentId: agent.id, userId: agent.userId, orgUnitId: agent.orgUnitId, state, reason, at });
}
