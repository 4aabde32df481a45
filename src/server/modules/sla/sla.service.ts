import os from 'node:os';
import { asc, eq, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CaseSla, Commitment, SlaWatchItem, CommitmentInput, CommitmentUpdateInput, MatchReason, RegulatorDeadlineInput, SlaTargetClock, SlaTargetName,
} from '../../../shared/sla';
import { SLA_TARGETS } from '../../../shared/sla';
import type { Db, DbOrTx, Tx } from '../../db/client';
import type { RowInsert } from '../../db/group-commit';
import { businessCalendars, caseCategories, caseSla, orgUnits, slaAlerts, slaCommitments, slaConfigVersion } from '../../db/schema';
import { type Actor, isSystem, requirePermission, systemActor } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { Locale } from '../../platform/i18n';
import { notify } from '../../platform/notifications';
import { caseVisibleCondition, loadCase, recordEvent } from '../cases/case-access';
import type { NewCaseFacts } from '../cases/case-hooks';
import { escalateCase } from '../cases/cases.service';
import { type BusinessCalendar, compileCalendar } from './business-calendar';
import { type Alarm, type ClockEvent, type ClockResult, computeClocks, dueAlarms, nextAlarmAfter } from './sla-clock';
import { type MatchableCase, pickCommitment } from './sla-match';
import { combinedAlertTexts } from './sla-messages';

// Service commitments (服务承诺) and the SLA clocks of every case.
//
// - Commitments: CRUD; each write bumps `sla_config_version` and recomputes
//   every open case in the same transaction, so a failure leaves nothing half
//   recomputed.
// - Clocks: `recomputeCases` loads a batch of cases with their timelines in
//   ONE statement, applies the pure rule (sla-match) and clock (sla-clock), and
//   writes `case_sla` in ONE upsert. The case-event hook calls it, so a case
//   write costs two more statements.
// - The world (active commitments and compiled calendars) is cached in memory
//   per config version; the version comes back with the case statement, so
//   checking it costs nothing, and a write on another node is seen at once.
// - Escalation scan: `runSlaScan` takes due rows FOR UPDATE SKIP LOCKED and
//   records each warning/breach under a unique key, so with several nodes each
//   fires exactly once.

type CommitmentRow = typeof slaCommitments.$inferSelect;
type CreateInput = z.infer<typeof CommitmentInput>;
type UpdateInput = z.infer<typeof CommitmentUpdateInput>;

/** Timeline kinds that can change a clock; others (attachments, links, …) are ignored by the hook. */
export const CLOCK_EVENT_KINDS = [
  'created', 'updated', 'status_changed', 'resolved', 'confirmed', 'reopened', 'cancelled', 'merged', 'commented',
  'callback_completed', 'regulator_deadline_set',
] as const;
const CLOCK_KINDS = new Set<string>(CLOCK_EVENT_KINDS);
/** `updated` matters only when a field the rule reads changed. */
const RULE_FIELDS = ['priority', 'categoryId', 'type'];

// ---------------------------------------------------------------- the world

interface CalendarEntry { id: string; name: string; timezone: string; orgUnitId: string | null; calendar: BusinessCalendar }

/** Active commitments and compiled calendars at one config version. */
export interface SlaWorld {
  version: number;
  commitments: CommitmentRow[];
  calendars: Map<string, CalendarEntry>;
}

let cached: SlaWorld | null = null;

/** Load the world from the database (inside a transaction: what that transaction sees). */
async function loadWorld(db: DbOrTx, version: number): Promise<SlaWorld> {
  const [commitments, calendars] = await Promise.all([
    db.select().from(slaCommitments).where(eq(slaCommitments.active, true)),
    db.select().from(businessCalendars),
  ]);
  const map = new Map<string, CalendarEntry>();
  for (const c of calendars) {
    try {
      map.set(c.id, { id: c.id, name: c.name, timezone: c.timezone, orgUnitId: c.orgUnitId, calendar: compileCalendar(c.definition) });
    } catch { /* a stored calendar is always valid; skip one that is not rather than stop every clock */ }
  }
  return { version, commitments, calendars: map };
}

/** The cached world when it is at `version`, else a fresh one (which becomes the cache). */
async function worldAt(db: DbOrTx, version: number): Promise<SlaWorld> {
  if (cached && cached.version === version) return cached;
  const world = await loadWorld(db, version);
  cached = world;
  return world;
}

/** Inside a write of commitments or calendars: bump the version others compare against. */
async function bumpConfigVersion(tx: Tx): Promise<number> {
  const [row] = await tx.insert(slaConfigVersion).values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: slaConfigVersion.id, set: { version: sql`${slaConfigVersion.version} + 1` } })
    .returning({ version: slaConfigVersion.version });
  return row.version;
}

/** Drop the in-memory world (tests, or after a restore). */
export function forgetSlaCache(): void {
  cached = null;
}

// ---------------------------------------------------------------- case inputs

interface CaseInputs {
  id: string;
  number: string;
  type: string;
  channel: string;
  priority: string;
  status: string;
  createdAt: Date;
  siteId: string;
  ownerId: string | null;
  firstResponderId: string;
  escalationLevel: number;
  valueTier: string;
  sitePath: string;
  rural: boolean;
  categoryPath: string | null;
  regulatorDeadline: Date | null;
  /** A case_sla row exists already. */
  hasRow: boolean;
  configVersion: number;
  events: ClockEvent[];
}

/** Everything the clocks of these cases depend on, in one statement (timelines included). */
async function loadCaseInputs(db: DbOrTx, ids: string[]): Promise<CaseInputs[]> {
  if (ids.length === 0) return [];
  const kinds = sql.raw(CLOCK_EVENT_KINDS.map((k) => `'${k}'`).join(','));
  const { rows } = await db.execute<{
    id: string; number: string; type: string; channel: string; priority: string; status: string; created_at: string | Date;
    site_id: string; owner_id: string | null; first_responder_id: string; escalation_level: number; value_tier: string;
    site_path: string; rural: boolean; category_path: string | null; regulator_deadline: string | Date | null; has_row: boolean; config_version: string | number | null;
    events: { at: string; kind: string; data: Record<string, unknown> }[] | null;
  }>(sql`
    SELECT c.id, c.number, c.type, c.channel, c.priority, c.status, c.created_at, c.site_id, c.owner_id, c.first_responder_id,
      c.escalation_level, cu.value_tier, o.path AS site_path, o.rural, cat.path AS category_path, s.regulator_deadline, s.case_id IS NOT NULL AS has_row,
      (SELECT v.version FROM sla_config_version v WHERE v.id = 1) AS config_version,
      (SELECT json_agg(json_build_object('at', e.at, 'kind', e.kind, 'data', e.data) ORDER BY e.at, e.id)
         FROM case_events e WHERE e.case_id = c.id AND e.kind IN (${kinds})) AS events
    FROM cases c
    JOIN customers cu ON cu.id = c.customer_id
    JOIN org_units o ON o.id = c.site_id
    LEFT JOIN case_categories cat ON cat.id = c.category_id
    LEFT JOIN case_sla s ON s.case_id = c.id
    WHERE c.id = ANY(${sql.param(ids)}::uuid[])`);
  return rows.map((r) => ({
    id: r.id, number: r.number, type: r.type, channel: r.channel, priority: r.priority, status: r.status, createdAt: new Date(r.created_at),
    siteId: r.site_id, ownerId: r.owner_id, firstResponderId: r.first_responder_id, escalationLevel: Number(r.escalation_level),
    valueTier: r.value_tier, sitePath: r.site_path, rural: r.rural, categoryPath: r.category_path,
    regulatorDeadline: r.regulator_deadline ? new Date(r.regulator_deadline) : null, hasRow: r.has_row, configVersion: Number(r.config_version ?? 0),
    events: (r.events ?? []).map((e) => ({ at: new Date(e.at), kind: e.kind, data: e.data ?? {} })),
  }));
}

// ---------------------------------------------------------------- computing

interface Computed {
  inputs: CaseInputs;
  commitment: CommitmentRow | null;
  reason: MatchReason | null;
  calendar: CalendarEntry | null;
  clocks: ClockResult;
}

/** The calendar a commitment's business minutes run on for a site: the site's own (nearest ancestor with one) or the commitment's. */
function calendarFor(world: SlaWorld, c: CommitmentRow, sitePath: string): CalendarEntry | null {
  if (c.useSiteCalendar) {
    let best: CalendarEntry | null = null;
    let depth = 0;
    const parts = sitePath.split('/').filter(Boolean);
    for (const cal of world.calendars.values()) {
      if (!cal.orgUnitId) continue;
      const d = parts.indexOf(cal.orgUnitId) + 1;
      if (d > depth) { best = cal; depth = d; }
    }
    if (best) return best;
  }
  return c.calendarId ? world.calendars.get(c.calendarId) ?? null : null;
}

/** Pure given its arguments: the commitment that applies, why, and the clocks at `now`. */
function compute(world: SlaWorld, k: CaseInputs, now: Date): Computed {
  const matchable: MatchableCase = {
    type: k.type, channel: k.channel, priority: k.priority, valueTier: k.valueTier, categoryPath: k.categoryPath, sitePath: k.sitePath, rural: k.rural,
  };
  const picked = pickCommitment(world.commitments, matchable);
  const c = picked?.commitment ?? null;
  const calendar = c ? calendarFor(world, c, k.sitePath) : null;
  const base = { calendar: calendar?.calendar ?? null, createdAt: k.createdAt, events: k.events, regulatorDeadline: k.regulatorDeadline, now };
  let clocks: ClockResult;
  try {
    clocks = computeClocks({ ...base, targets: c?.targets ?? {}, pauseStatuses: c?.pauseStatuses ?? ['waiting_customer'], warnAtPercent: c?.warnAtPercent ?? 80 });
  } catch (err) {
    // A clock that cannot be computed (a calendar without the working time a target needs within
    // ten years) must not block the case write that triggered it: the case keeps no clocks, and says why in the log.
    console.error(`[sla] clocks of case ${k.id} under commitment ${c?.code ?? '-'} not computed: ${(err as Error).message}`);
    clocks = computeClocks({ ...base, calendar: null, targets: {}, pauseStatuses: [], warnAtPercent: 80 });
  }
  return { inputs: k, commitment: c, reason: picked?.reason ?? null, calendar, clocks };
}

const isOpenStatus = (s: string) => s !== 'closed' && s !== 'cancelled' && s !== 'merged';

/** Write the computed clocks of a batch in one upsert. `nextEscalationAt` keeps past alarms: the scan fires each once. */
async function store(db: DbOrTx, all: Computed[], now: Date, nextOf: (c: Computed) => Date | null = (c) => c.clocks.nextEscalationAt): Promise<void> {
  // A case no commitment covers, with no row yet, needs none: its case write costs one statement, not two.
  const items = all.filter((c) => c.inputs.hasRow || c.commitment || c.inputs.regulatorDeadline);
  if (items.length === 0) return;
  await db.insert(caseSla).values(items.map((c) => ({
    caseId: c.inputs.id, commitmentId: c.commitment?.id ?? null, commitmentVersion: c.commitment?.version ?? null,
    calendarId: c.calendar?.id ?? null, reason: c.reason, regulatorDeadline: c.inputs.regulatorDeadline,
    targets: c.clocks.targets, paused: c.clocks.paused, open: isOpenStatus(c.clocks.status) || c.clocks.alarms.length > 0,
    nextEscalationAt: nextOf(c), computedAt: now,
  }))).onConflictDoUpdate({
    target: caseSla.caseId,
    set: {
      commitmentId: sql`excluded.commitment_id`, commitmentVersion: sql`excluded.commitment_version`, calendarId: sql`excluded.calendar_id`,
      reason: sql`excluded.reason`, targets: sql`excluded.targets`, paused: sql`excluded.paused`, open: sql`excluded.open`,
      nextEscalationAt: sql`excluded.next_escalation_at`, computedAt: sql`excluded.computed_at`,
    },
  });
}

/**
 * Recompute and store the clocks of these cases from their histories. With
 * `world`, use it (a commitment or calendar write recomputes with what its own
 * transaction sees); without, the cached world at the database's version.
 */
export async function recomputeCases(db: DbOrTx, ids: string[], now: Date, world?: SlaWorld): Promise<void> {
  const inputs = await loadCaseInputs(db, ids);
  if (inputs.length === 0) return;
  const w = world ?? await worldAt(db, inputs[0].configVersion);
  await store(db, inputs.map((k) => compute(w, k, now)), now);
}

/** Every case whose clocks a commitment or calendar change may move: open, or with alarms still to fire. */
async function recomputeAllOpen(tx: Tx, now: Date): Promise<number> {
  const version = await bumpConfigVersion(tx);
  const world = await loadWorld(tx, version);
  const { rows } = await tx.execute<{ id: string }>(sql`
    SELECT c.id FROM cases c LEFT JOIN case_sla s ON s.case_id = c.id
    WHERE c.status NOT IN ('closed', 'cancelled') OR s.next_escalation_at IS NOT NULL
    ORDER BY c.id`); // one lock order for every recompute
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) await recomputeCases(tx, ids.slice(i, i + 1000), now, world);
  return ids.length;
}

/** Inside a calendar write (calendars.service): bump the version and recompute every open case, in the caller's transaction. */
export async function afterCalendarChange(tx: Tx, now: Date): Promise<void> {
  await recomputeAllOpen(tx, now);
}

/** The case-event hook: recompute the clocks when something that matters happened. */
export async function onCaseEventForSla(db: DbOrTx, event: { caseId: string; kind: string; data: Record<string, unknown> }): Promise<void> {
  if (!CLOCK_KINDS.has(event.kind)) return;
  if (event.kind === 'commented' && event.data.public !== true) return;
  if (event.kind === 'updated') {
    const changes = event.data.changes as Record<string, unknown> | undefined;
    if (!changes || !RULE_FIELDS.some((f) => f in changes)) return;
  }
  await recomputeCases(db, [event.caseId], new Date());
}

/**
 * The clocks of a case being created, as the statement that stores them (none when no commitment
 * covers it and no regulator set a deadline, as `store` decides): intake's planner, so that a new
 * case and its clocks are written in one statement. `version` is the configuration version intake
 * read with its look-up; the world is the cached one unless that moved on.
 */
export async function planNewCase(db: DbOrTx, facts: NewCaseFacts, version: number): Promise<RowInsert[]> {
  const inputs: CaseInputs = {
    id: facts.id, number: facts.number, type: facts.type, channel: facts.channel, priority: facts.priority, status: facts.status,
    createdAt: facts.createdAt, siteId: facts.siteId, ownerId: facts.ownerId, firstResponderId: facts.firstResponderId, escalationLevel: 0,
    valueTier: facts.valueTier, sitePath: facts.sitePath, rural: facts.rural, categoryPath: facts.categoryPath, regulatorDeadline: null,
    hasRow: false, configVersion: version, events: [{ at: facts.createdAt, kind: 'created', data: facts.created }],
  };
  const c = compute(await worldAt(db, version), inputs, facts.createdAt);
  if (!c.commitment) return [];
  return [{ table: getTableName(caseSla), row: {
    case_id: facts.id, commitment_id: c.commitment.id, commitment_version: c.commitment.version, calendar_id: c.calendar?.id ?? null, reason: c.reason,
    regulator_deadline: null, targets: c.clocks.targets, paused: c.clocks.paused, open: isOpenStatus(c.clocks.status) || c.clocks.alarms.length > 0,
    next_escalation_at: c.clocks.nextEscalationAt, computed_at: facts.createdAt,
  } }];
}

// ---------------------------------------------------------------- commitments

const invalid = (path: string, code: string, message: string) => new AppError('validation_failed', {}, [{ path, code, message }]);

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: unknown };
  return e?.code === '23505' || (e?.cause ? isUniqueViolation(e.cause) : false);
};
const duplicateCode = () => new AppError('duplicate', { field: 'commitment_code' }, [{ path: 'code', code: 'duplicate', message: 'a commitment with this code already exists' }]);

function presentCommitment(row: CommitmentRow, calendarName: string | null): Commitment {
  return {
    id: row.id, code: row.code, title: row.title, text: row.text, active: row.active, conditions: row.conditions, targets: row.targets,
    calendarId: row.calendarId, calendarName, useSiteCalendar: row.useSiteCalendar, pauseStatuses: row.pauseStatuses,
    warnAtPercent: row.warnAtPercent, escalateOnBreach: row.escalateOnBreach, rank: row.rank, version: row.version,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

/** Meaning checks the contract cannot make: at least one target, a calendar for business minutes, ids that exist. */
async function checkCommitment(db: DbOrTx, input: CreateInput): Promise<void> {
  const issues: { path: string; code: string; message: string }[] = [];
  const targets = SLA_TARGETS.filter((t) => input.targets[t]);
  if (targets.length === 0) issues.push({ path: 'targets', code: 'no_targets', message: 'a commitment needs at least one target' });
  const needsCalendar = targets.some((t) => input.targets[t]?.clock === 'business');
  if (needsCalendar && !input.calendarId) {
    issues.push({ path: 'calendarId', code: 'calendar_required', message: 'business-minute targets need a calendar' });
  }
  const [cal, cat, site] = await Promise.all([
    input.calendarId ? db.select({ id: businessCalendars.id }).from(businessCalendars).where(eq(businessCalendars.id, input.calendarId)) : [],
    input.conditions.categoryId ? db.select({ id: caseCategories.id }).from(caseCategories).where(eq(caseCategories.id, input.conditions.categoryId)) : [],
    input.conditions.siteId ? db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, input.conditions.siteId)) : [],
  ]);
  if (input.calendarId && cal.length === 0) issues.push({ path: 'calendarId', code: 'not_found', message: 'no calendar with this id' });
  if (input.conditions.categoryId && cat.length === 0) issues.push({ path: 'conditions.categoryId', code: 'not_found', message: 'no category with this id' });
  if (input.conditions.siteId && site.length === 0) issues.push({ path: 'conditions.siteId', code: 'not_found', message: 'no org unit with this id' });
  if (issues.length) throw new AppError('validation_failed', {}, issues);
}

async function calendarNames(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db.select({ id: businessCalendars.id, name: businessCalendars.name }).from(businessCalendars);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** GET /commitments: every commitment (active first), by code. */
export async function listCommitments(db: DbOrTx, actor: Actor): Promise<{ items: Commitment[] }> {
  requirePermission(actor, 'case:read');
  const [rows, names] = await Promise.all([
    db.select().from(slaCommitments).orderBy(sql`${slaCommitments.active} DESC`, asc(slaCommitments.code)),
    calendarNames(db),
  ]);
  return { items: rows.map((r) => presentCommitment(r, r.calendarId ? names.get(r.calendarId) ?? null : null)) };
}

async function loadCommitment(db: DbOrTx, id: string, lock = false): Promise<CommitmentRow> {
  const q = db.select().from(slaCommitments).where(eq(slaCommitments.id, id)).$dynamic();
  const [row] = await (lock ? q.for('update') : q);
  if (!row) throw new AppError('not_found', { entity: 'commitment' });
  return row;
}

/** GET /commitments/{id}. */
export async function getCommitment(db: DbOrTx, actor: Actor, id: string): Promise<Commitment> {
  requirePermission(actor, 'case:read');
  const row = await loadCommitment(db, id);
  return presentCommitment(row, row.calendarId ? (await calendarNames(db)).get(row.calendarId) ?? null : null);
}

/** GET /public/commitments: what the organisation promises, for customers and the counter screen. */
export async function listPublicCommitments(db: DbOrTx) {
  const rows = await db.select().from(slaCommitments).where(eq(slaCommitments.active, true)).orderBy(asc(slaCommitments.rank), asc(slaCommitments.code));
  return {
    items: rows.map((r) => ({ code: r.code, title: r.title, text: r.text, caseTypes: r.conditions.caseTypes, area: r.conditions.area, targets: r.targets })),
  };
}

const columnsOf = (input: CreateInput) => ({
  code: input.code, title: input.title, text: input.text, active: input.active, conditions: input.conditions,
  categoryId: input.conditions.categoryId, siteId: input.conditions.siteId, targets: input.targets, calendarId: input.calendarId,
  useSiteCalendar: input.useSiteCalendar, pauseStatuses: input.pauseStatuses, warnAtPercent: input.warnAtPercent,
  escalateOnBreach: input.escalateOnBreach, rank: input.rank,
});

/** POST /commitments: publish a commitment; every open case is re-matched in the same transaction. */
export async function createCommitment(db: Db, actor: Actor, input: CreateInput): Promise<Commitment> {
  requirePermission(actor, 'commitment:manage');
  try {
    return await db.transaction(async (tx) => {
      await checkCommitment(tx, input);
      const [taken] = await tx.select({ id: slaCommitments.id }).from(slaCommitments).where(eq(slaCommitments.code, input.code));
      if (taken) throw duplicateCode();
      const [row] = await tx.insert(slaCommitments).values({ ...columnsOf(input), createdBy: isSystem(actor) ? null : actor.id }).returning();
      const recomputed = await recomputeAllOpen(tx, new Date());
      await audit(tx, actor, { action: 'commitment.create', entityType: 'commitment', entityId: row.id, after: { ...columnsOf(input), recomputedCases: recomputed } });
      return presentCommitment(row, row.calendarId ? (await calendarNames(tx)).get(row.calendarId) ?? null : null);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCode();
    throw err;
  }
}

/** PUT /commitments/{id}: replace it (`version` is the one last read); open cases are recomputed in the same transaction. */
export async function updateCommitment(db: Db, actor: Actor, id: string, input: UpdateInput): Promise<Commitment> {
  requirePermission(actor, 'commitment:manage');
  try {
    return await db.transaction(async (tx) => {
      const before = await loadCommitment(tx, id, true);
      if (before.version !== input.version) throw new AppError('stale_write');
      await checkCommitment(tx, input);
      if (input.code !== before.code) {
        const [taken] = await tx.select({ id: slaCommitments.id }).from(slaCommitments).where(eq(slaCommitments.code, input.code));
        if (taken) throw duplicateCode();
      }
      const [row] = await tx.update(slaCommitments).set({ ...columnsOf(input), version: sql`${slaCommitments.version} + 1`, updatedAt: new Date() })
        .where(eq(slaCommitments.id, id)).returning();
      const recomputed = await recomputeAllOpen(tx, new Date());
      const { id: _i, createdAt: _c, updatedAt: _u, createdBy: _b, ...was } = before;
      await audit(tx, actor, { action: 'commitment.update', entityType: 'commitment', entityId: id, before: was, after: { ...columnsOf(input), version: row.version, recomputedCases: recomputed } });
      return presentCommitment(row, row.calendarId ? (await calendarNames(tx)).get(row.calendarId) ?? null : null);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCode();
    throw err;
  }
}

/** DELETE /commitments/{id}: cases it covered are re-matched; the definition stays in the audit log. */
export async function deleteCommitment(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'commitment:manage');
  await db.transaction(async (tx) => {
    const before = await loadCommitment(tx, id, true);
    await tx.delete(slaCommitments).where(eq(slaCommitments.id, id));
    const recomputed = await recomputeAllOpen(tx, new Date());
    const { createdAt: _c, updatedAt: _u, ...was } = before;
    await audit(tx, actor, { action: 'commitment.delete', entityType: 'commitment', entityId: id, before: was, after: { recomputedCases: recomputed } });
  });
}

// ---------------------------------------------------------------- a case's clocks

/** GET /cases/{id}/sla: the clocks right now, the commitment's text and why it applies. */
export async function getCaseSla(db: Db, actor: Actor, caseId: string, now = new Date()): Promise<CaseSla> {
  await loadCase(db, actor, caseId, 'case:read');
  const [inputs] = await loadCaseInputs(db, [caseId]);
  const world = await worldAt(db, inputs.configVersion);
  const c = compute(world, inputs, now);
  return presentCaseSla(db, actor.locale, c, now);
}

async function presentCaseSla(db: DbOrTx, locale: Locale, c: Computed, now: Date): Promise<CaseSla> {
  let reason = c.reason;
  if (reason) {
    // Ids in the reason become names the reader knows.
    const catIds = reason.matched.filter((m) => m.condition === 'category').map((m) => m.value);
    const siteIds = reason.matched.filter((m) => m.condition === 'site').map((m) => m.value);
    const [cats, sites] = await Promise.all([
      catIds.length ? db.select({ id: caseCategories.id, zhCn: caseCategories.nameZhCn, zhTw: caseCategories.nameZhTw, en: caseCategories.nameEn }).from(caseCategories).where(inArray(caseCategories.id, catIds)) : [],
      siteIds.length ? db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(inArray(orgUnits.id, siteIds)) : [],
    ]);
    const catName = new Map(cats.map((x) => [x.id, locale === 'en' ? x.en : locale === 'zh-TW' ? x.zhTw : x.zhCn]));
    const siteName = new Map(sites.map((x) => [x.id, x.name]));
    reason = {
      ...reason,
      matched: reason.matched.map((m) => ({
        condition: m.condition,
        value: m.condition === 'category' ? catName.get(m.value) ?? m.value : m.condition === 'site' ? siteName.get(m.value) ?? m.value : m.value,
      })),
    };
  }
  return {
    caseId: c.inputs.id,
    commitment: c.commitment ? {
      id: c.commitment.id, code: c.commitment.code, title: c.commitment.title[locale], text: c.commitment.text[locale], version: c.commitment.version,
    } : null,
    reason,
    regulatorDeadline: c.inputs.regulatorDeadline?.toISOString() ?? null,
    calendar: c.calendar ? { id: c.calendar.id, name: c.calendar.name, timezone: c.calendar.timezone } : null,
    paused: c.clocks.paused,
    targets: c.clocks.targets,
    nextEscalationAt: nextAlarmAfter(c.clocks.alarms, now)?.toISOString() ?? null,
    computedAt: now.toISOString(),
  };
}

/** PUT /cases/{id}/sla/regulator-deadline: the date a regulator referral must be answered by (replaces the resolution target). */
export async function setRegulatorDeadline(db: Db, actor: Actor, caseId: string, input: z.infer<typeof RegulatorDeadlineInput>): Promise<CaseSla> {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, actor, caseId, 'case:update', { lock: true });
    if (row.channel !== 'regulator') throw invalid('deadline', 'not_regulator_case', 'only a regulator referral (channel "regulator") can carry a regulator deadline');
    const deadline = input.deadline ? new Date(input.deadline) : null;
    if (deadline && deadline.getTime() <= row.createdAt.getTime()) throw invalid('deadline', 'before_creation', 'the deadline must be after the case was created');
    const [before] = await tx.select({ d: caseSla.regulatorDeadline }).from(caseSla).where(eq(caseSla.caseId, caseId));
    await tx.insert(caseSla).values({ caseId, regulatorDeadline: deadline })
      .onConflictDoUpdate({ target: caseSla.caseId, set: { regulatorDeadline: deadline } });
    // The timeline says so, and the hook recomputes the clocks from it.
    await recordEvent(tx, actor, caseId, 'regulator_deadline_set', { deadline: deadline?.toISOString() ?? null });
    await audit(tx, actor, {
      action: 'case.regulator_deadline', entityType: 'case', entityId: caseId, orgUnitId: row.siteId,
      before: { regulatorDeadline: before?.d?.toISOString() ?? null }, after: { regulatorDeadline: deadline?.toISOString() ?? null },
    });
    const [inputs] = await loadCaseInputs(tx, [caseId]);
    const now = new Date();
    return presentCaseSla(tx, actor.locale, compute(await worldAt(tx, inputs.configVersion), inputs, now), now);
  });
}

// ---------------------------------------------------------------- escalation scan

export interface ScanResult { rows: number; warnings: number; breaches: number; escalated: number }

/** The site's supervisors: those whose supervisor scope is the nearest unit above (or at) the site that has any. */
async function supervisorsOf(db: DbOrTx, sitePath: string): Promise<string[]> {
  const { rows } = await db.execute<{ user_id: string; depth: number }>(sql`
    SELECT ur.user_id, length(su.path) AS depth FROM user_roles ur
    JOIN org_units su ON su.id = ur.scope_org_unit_id JOIN users u ON u.id = ur.user_id
    WHERE ur.role = 'supervisor' AND u.active AND ${sitePath} LIKE su.path || '%'`);
  const deepest = Math.max(0, ...rows.map((r) => Number(r.depth)));
  return rows.filter((r) => Number(r.depth) === deepest).map((r) => r.user_id);
}

/**
 * One sweep: every case whose next escalation instant has come. Rows are
 * claimed FOR UPDATE SKIP LOCKED (with their case row, so a case write and the
 * sweep never wait on each other in opposite orders), each due warning or
 * breach is inserted under its unique key — a second node, or a second sweep,
 * inserts nothing and notifies nobody — and the next instant is stored.
 */
export async function runSlaScan(db: Db, now: Date, opts: { batch?: number; node?: string } = {}): Promise<ScanResult> {
  const batch = opts.batch ?? 500;
  const node = opts.node ?? `${os.hostname()}:${process.pid}`;
  const total: ScanResult = { rows: 0, warnings: 0, breaches: 0, escalated: 0 };
  const seen = new Set<string>();
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.execute<{ case_id: string }>(sql`
        SELECT s.case_id FROM case_sla s JOIN cases c ON c.id = s.case_id
        WHERE s.next_escalation_at <= ${now.toISOString()}::timestamptz
        ORDER BY s.next_escalation_at LIMIT ${batch}
        FOR UPDATE OF s, c SKIP LOCKED`);
      const ids = rows.map((r) => r.case_id).filter((id) => !seen.has(id));
      for (const id of ids) seen.add(id);
      if (ids.length === 0) return 0;
      const inputs = await loadCaseInputs(tx, ids);
      const world = await worldAt(tx, inputs[0]?.configVersion ?? 0);
      const computed = inputs.map((k) => compute(world, k, now));

      const due: { c: Computed; alarm: Alarm }[] = [];
      for (const c of computed) for (const alarm of dueAlarms(c.clocks.alarms, now)) due.push({ c, alarm });
      // Who hears of it: owner, first responder and the site's supervisors (looked up once per site).
      const supervisors = new Map<string, string[]>();
      for (const { c } of due) {
        if (!supervisors.has(c.inputs.sitePath)) supervisors.set(c.inputs.sitePath, await supervisorsOf(tx, c.inputs.sitePath));
      }
      const recipientsOf = (k: CaseInputs) => [...new Set([k.ownerId, k.firstResponderId, ...supervisors.get(k.sitePath)!].filter((x): x is string => Boolean(x)))];
      const fired = due.length === 0 ? [] : await tx.insert(slaAlerts).values(due.map(({ c, alarm }) => ({
        caseId: c.inputs.id, target: alarm.target, kind: alarm.kind, cycle: alarm.cycle, dueAt: dueOf(c.clocks.targets, alarm), firedAt: now, node,
        recipientIds: recipientsOf(c.inputs),
      }))).onConflictDoNothing().returning({
        id: slaAlerts.id, caseId: slaAlerts.caseId, target: slaAlerts.target, kind: slaAlerts.kind, dueAt: slaAlerts.dueAt, recipientIds: slaAlerts.recipientIds,
      });

      // Only what this node inserted notifies and escalates: a repeat inserted nothing. One notification per case.
      const byCase = new Map(computed.map((c) => [c.inputs.id, c]));
      const firedByCase = new Map<string, typeof fired>();
      for (const f of fired) firedByCase.set(f.caseId, [...(firedByCase.get(f.caseId) ?? []), f]);
      const escalatedCases = new Set<string>();
      for (const [caseId, list] of firedByCase) {
        const c = byCase.get(caseId)!;
        const k = c.inputs;
        const alerts = list.map((f) => ({ kind: f.kind as 'warning' | 'breach', target: f.target as SlaTargetName, dueAt: f.dueAt }));
        const anyBreach = alerts.some((a) => a.kind === 'breach');
        await notify(tx, { recipientIds: list[0].recipientIds, kind: anyBreach ? 'sla_breach' : 'sla_warning', caseId: k.id, ...combinedAlertTexts(alerts, k.number) });
        const breach = list.find((f) => f.kind === 'breach');
        if (breach && c.commitment?.escalateOnBreach && k.escalationLevel < 3 && isOpenStatus(k.status) && k.status !== 'resolved') {
          const level = k.escalationLevel + 1;
          escalatedCases.add(k.id);
          await escalateCase(tx as unknown as Db, systemActor(), k.id, { level, reason: `SLA ${breach.target} breached (${c.commitment.code})` });
          await tx.update(slaAlerts).set({ escalatedTo: level }).where(eq(slaAlerts.id, breach.id));
          total.escalated++;
        }
        for (const a of alerts) if (a.kind === 'warning') total.warnings++; else total.breaches++;
      }
      // The escalation may have moved the case on: recompute from the stored history for the rows escalated.
      const escalated = [...escalatedCases];
      const rest = computed.filter((c) => !escalatedCases.has(c.inputs.id));
      await store(tx, rest, now, (c) => nextAlarmAfter(c.clocks.alarms, now));
      if (escalated.length) {
        const again = (await loadCaseInputs(tx, escalated)).map((k) => compute(world, k, now));
        await store(tx, again, now, (c) => nextAlarmAfter(c.clocks.alarms, now));
      }
      total.rows += ids.length;
      return rows.length;
    });
    if (n < batch) break;
  }
  return total;
}

function dueOf(targets: readonly SlaTargetClock[], alarm: Alarm): Date | null {
  const t = targets.find((x) => x.target === alarm.target);
  return t?.dueAt ? new Date(t.dueAt) : null;
}

/** Alerts fired on a case (for its page and the tests). */
export async function listCaseAlerts(db: Db, actor: Actor, caseId: string) {
  await loadCase(db, actor, caseId, 'case:read');
  const rows = await db.select().from(slaAlerts).where(eq(slaAlerts.caseId, caseId)).orderBy(asc(slaAlerts.firedAt), asc(slaAlerts.id));
  return {
    items: rows.map((r) => ({
      id: r.id, caseId: r.caseId, target: r.target as SlaTargetName, kind: r.kind as 'warning' | 'breach', cycle: r.cycle,
      dueAt: r.dueAt?.toISOString() ?? null, firedAt: r.firedAt.toISOString(), recipientIds: r.recipientIds,
    })),
  };
}

// ---------------------------------------------------------------- the watch list

const STATE_RANK: Record<string, number> = { breached: 0, at_risk: 1, running: 2, paused: 3 };

/**
 * GET /sla/watch: the open cases the caller may see whose clocks are breached,
 * at risk, or due within `withinHours` — the supervisor's view of the queue,
 * most urgent first. Candidates come from the stored next escalation instant
 * (an index range); their clocks are computed live.
 */
export async function watchList(db: Db, actor: Actor, input: { withinHours: number; limit: number }, now = new Date()): Promise<{ items: SlaWatchItem[] }> {
  requirePermission(actor, 'case:read');
  const horizon = new Date(now.getTime() + input.withinHours * 3_600_000);
  const { rows } = await db.execute<{ id: string; subject: string; status: string; priority: string; owner_name: string | null; site_name: string }>(sql`
    SELECT cases.id, cases.subject, cases.status, cases.priority, ow.name AS owner_name, o.name AS site_name
    FROM case_sla s JOIN cases ON cases.id = s.case_id JOIN org_units o ON o.id = cases.site_id LEFT JOIN users ow ON ow.id = cases.owner_id
    WHERE s.next_escalation_at <= ${horizon.toISOString()}::timestamptz AND cases.status NOT IN ('closed', 'cancelled')
      AND ${caseVisibleCondition(actor, 'case:read')}
    ORDER BY s.next_escalation_at LIMIT ${input.limit * 4}`);
  if (rows.length === 0) return { items: [] };
  const inputs = await loadCaseInputs(db, rows.map((r) => r.id));
  const world = await worldAt(db, inputs[0].configVersion);
  const meta = new Map(rows.map((r) => [r.id, r]));
  const items: SlaWatchItem[] = [];
  for (const k of inputs) {
    const c = compute(world, k, now);
    const open = c.clocks.targets.filter((t) => (t.state in STATE_RANK && t.dueAt !== null) || t.state === 'breached');
    const worst = open.sort((a, b) => (STATE_RANK[a.state] - STATE_RANK[b.state]) || (Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? '')))[0];
    if (!worst || (worst.state !== 'breached' && worst.state !== 'at_risk' && (!worst.dueAt || Date.parse(worst.dueAt) > horizon.getTime()))) continue;
    const m = meta.get(k.id)!;
    items.push({
      caseId: k.id, number: k.number, subject: m.subject, status: m.status, priority: m.priority, ownerName: m.owner_name, siteName: m.site_name,
      commitmentCode: c.commitment?.code ?? null, target: worst.target, state: worst.state, dueAt: worst.dueAt, leftMinutes: worst.leftMinutes, clock: worst.clock,
    });
  }
  items.sort((a, b) => (STATE_RANK[a.state] - STATE_RANK[b.state]) || (Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? '')));
  return { items: items.slice(0, input.limit) };
}
