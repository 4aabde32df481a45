import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type {
  AdherenceInput, AdherenceOutput, ForecastCreateInput, ForecastOutput, ForecastSummary, RequirementCreateInput, RequirementOutput,
  RevisionOutput, RosterGenerateInput, RosterOutput, RosterStatusInput, RosterSummary, ShiftAddInput, ShiftTemplateInput,
  ShiftTemplateOutput, ShiftTemplateUpdate, ShiftUpdateInput,
} from '../../../shared/planning';
import type { Db, DbOrTx } from '../../db/client';
import {
  orgUnits, planningForecasts, planningRequirements, planningRosterRevisions, planningRosters, planningRosterShifts,
  planningShiftTemplates,
} from '../../db/schema';
import { type Actor, isSystem, requirePermission, scopeCondition } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { hasPermission, inScope, scopeFor } from '../../platform/permissions';
import { loadOrgUnit } from '../platform/org-units.service';
import { listUsers } from '../platform/users.service';
import { loadBusinessCalendar } from '../sla/calendars.service';
import { adherence } from './adherence';
import { agentStateHistory, intervalHistory, listQueues } from './contacts.service';
import { erlangAppError } from './erlang.service';
import { epochDayOfDate, ForecastError, forecastIntervals, historyStepMinutes, localMidnight, type HistoryPoint } from './forecast';
import {
  checkRoster, coverageOf, dayOfInstant, generateRoster, RosterError, shiftFromTemplate, templateProblems, type AgentSpec,
  type ShiftTemplateSpec, type WeekFrame,
} from './roster';
import type { StoredBreak, StoredRosterAgent } from './planning.table';
import { staffingRequirements } from './staffing';

// Workforce planning use cases (issue 4, items 5–6): forecast → requirements → roster, with shift templates,
// hand edits (versioned, audited, rule violations flagged), publishing, coverage and adherence.
// Reading needs contact:read or workforce:plan over the centre's org unit; writing needs workforce:plan.
// Each write is one transaction with its audit row; the pure computations are forecast.ts, staffing.ts,
// roster.ts and adherence.ts.

const DEFAULT_ZONE = 'Asia/Shanghai';
const DEFAULT_HISTORY_DAYS = 56;
const CHART_HISTORY_DAYS = 28;

type ForecastRow = typeof planningForecasts.$inferSelect;
type RosterRow = typeof planningRosters.$inferSelect;
type ShiftRow = typeof planningRosterShifts.$inferSelect;
type TemplateRow = typeof planningShiftTemplates.$inferSelect;

// ---------------------------------------------------------------- access

const READ_PERMISSIONS = ['contact:read', 'workforce:plan'] as const;

function requireRead(actor: Actor): void {
  if (!READ_PERMISSIONS.some((p) => hasPermission(actor.grants, p))) throw new AppError('forbidden');
}

/** SQL: the org unit column is inside the actor's contact:read or workforce:plan scope. */
function readScope(actor: Actor, col: Parameters<typeof scopeCondition>[2]): SQL {
  if (isSystem(actor)) return sql`true`;
  return sql`(${scopeCondition(actor, 'contact:read', col)} OR ${scopeCondition(actor, 'workforce:plan', col)})`;
}

/** 404 unless the actor may read records of this org unit; 403 when `write` and they may not plan there. */
async function assertUnitAccess(db: DbOrTx, actor: Actor, orgUnitId: string, entity: string, write: boolean): Promise<void> {
  if (isSystem(actor)) return;
  const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  if (!u) throw new AppError('not_found', { entity });
  const readable = READ_PERMISSIONS.some((p) => inScope(scopeFor(actor.grants, p), u.path));
  if (!readable) throw new AppError('not_found', { entity });
  if (write && !inScope(scopeFor(actor.grants, 'workforce:plan'), u.path)) throw new AppError('forbidden');
}

const conflict = (reason: string, details?: unknown) => new AppError('conflict', { reason }, details);
const invalid = (path: string, code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('validation_failed', {}, [{ path, code, message, ...extra }]);

/** Domain refusals as API errors. */
function mapDomain(err: unknown): unknown {
  if (err instanceof ForecastError) {
    if (err.kind === 'history_too_short') {
      return conflict('forecast_history_too_short', [{ path: err.field ?? 'history', code: 'history_too_short', message: err.message, needed: err.needed, got: err.got }]);
    }
    return invalid(err.field ?? '', err.kind, err.message);
  }
  if (err instanceof RosterError) return invalid(err.field ?? '', 'invalid_roster_input', err.message);
  return erlangAppError(err);
}

async function domain<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw mapDomain(err);
  }
}

const iso = (d: Date) => d.toISOString();
const dateOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// ---------------------------------------------------------------- forecasts

interface StoredForecast {
  method: string;
  model: ForecastOutput['model'];
  historyDays: number;
  backtest: { holdoutDays: number; mape: number | null; wape: number | null; intervals: ForecastOutput['backtestIntervals'] };
  intervals: ForecastOutput['intervals'];
  history: ForecastOutput['history'];
}

function forecastSummary(row: ForecastRow): ForecastSummary {
  const r = row.result as unknown as StoredForecast;
  return {
    id: row.id, name: row.name, orgUnitId: row.orgUnitId, queueId: row.queueId, calendarId: row.calendarId, timezone: row.timezone,
    intervalMinutes: row.intervalMinutes, from: row.fromDate, days: row.days, method: r.method, historyDays: r.historyDays,
    source: row.source as 'request' | 'contacts',
    backtest: { holdoutDays: r.backtest.holdoutDays, mape: r.backtest.mape, wape: r.backtest.wape },
    totalOffered: Math.round(r.intervals.reduce((s, p) => s + p.offered, 0) * 10) / 10, createdAt: iso(row.createdAt),
  };
}

function presentForecast(row: ForecastRow): ForecastOutput {
  const r = row.result as unknown as StoredForecast;
  return { ...forecastSummary(row), model: r.model, intervals: r.intervals, backtestIntervals: r.backtest.intervals, history: r.history };
}

/** A queue the actor may read, of the forecast's centre or a unit under it (else 422 on queueId). */
async function assertQueueOfUnit(db: Db, actor: Actor, queueId: string, unitPath: string): Promise<void> {
  const q = hasPermission(actor.grants, 'contact:read') || isSystem(actor) ? (await listQueues(db, actor)).items.find((x) => x.id === queueId) : undefined;
  const [u] = q ? await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, q.orgUnitId)) : [];
  if (!q || !u || !u.path.startsWith(unitPath)) throw invalid('queueId', 'not_found', 'not a queue of this centre');
}

/** POST /workforce/forecasts: forecast the centre's contacts per interval, from posted history or the contact records. */
export async function createForecast(db: Db, actor: Actor, input: ForecastCreateInput): Promise<ForecastOutput> {
  requirePermission(actor, 'workforce:plan');
  const unit = await loadOrgUnit(db, actor, input.orgUnitId, 'workforce:plan');
  const calendar = input.calendarId ? await loadBusinessCalendar(db, input.calendarId) : null;
  const timezone = calendar?.timezone ?? DEFAULT_ZONE;
  const fromDay = epochDayOfDate(input.from);
  if (Number.isNaN(fromDay)) throw invalid('from', 'invalid_date', `${input.from} is not a date`);
  let history: HistoryPoint[];
  let source: 'request' | 'contacts';
  if (input.history) {
    history = input.history;
    source = 'request';
  } else {
    if (input.queueId) await assertQueueOfUnit(db, actor, input.queueId, unit.path);
    const days = input.historyDays ?? DEFAULT_HISTORY_DAYS;
    const from = localMidnight(fromDay - days, timezone).toJSDate();
    const to = localMidnight(fromDay, timezone).toJSDate();
    const rows = await intervalHistory(db, { queueId: input.queueId, orgUnitId: input.queueId ? undefined : unit.id, from, to, intervalMinutes: input.intervalMinutes });
    // days before the first contact are not history (the centre was not recording yet): start at its local midnight
    const first = rows.find((r) => r.offered > 0);
    const startMs = first ? DateTime.fromJSDate(first.start, { zone: timezone }).startOf('day').toMillis() : Infinity;
    history = rows.filter((r) => r.start.getTime() >= startMs).map((r) => ({ start: r.start, offered: r.offered, answered: r.answered, ahtSeconds: r.ahtSeconds }));
    source = 'contacts';
  }
  const result = await domain(() => forecastIntervals({
    history, intervalMinutes: input.intervalMinutes, timezone, from: input.from, days: input.days, holdoutDays: input.holdoutDays, calendar,
  }));
  // the chart's history: the last four weeks on the full interval grid (intervals not given count as 0, as in the model)
  const chartFrom = localMidnight(fromDay - CHART_HISTORY_DAYS, timezone).toMillis();
  const chartTo = localMidnight(fromDay, timezone).toMillis();
  // on the forecast's own intervals: coarser history is spread evenly over them, as the model does
  const step = input.intervalMinutes * 60_000;
  const histStep = historyStepMinutes(history, timezone);
  const spread = histStep > input.intervalMinutes && histStep % input.intervalMinutes === 0 ? histStep / input.intervalMinutes : 1;
  const grid = new Map<number, number>();
  for (const h of history) {
    const ms = new Date(h.start).getTime();
    if (ms < chartFrom || ms >= chartTo) continue;
    const slot = chartFrom + Math.floor((ms - chartFrom) / step) * step;
    for (let k = 0; k < spread; k++) grid.set(slot + k * step, (grid.get(slot + k * step) ?? 0) + h.offered / spread);
  }
  const lastGiven = Math.max(chartFrom, ...[...grid.keys()].map((k) => k + step));
  const chartHistory: { start: string; offered: number }[] = [];
  if (grid.size) for (let ms = Math.min(...grid.keys()); ms < lastGiven; ms += step) chartHistory.push({ start: new Date(ms).toISOString(), offered: Math.round((grid.get(ms) ?? 0) * 1000) / 1000 });
  const stored: StoredForecast = {
    method: result.method, model: result.model, historyDays: result.historyDays, backtest: result.backtest, intervals: result.intervals, history: chartHistory,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(planningForecasts).values({
      orgUnitId: unit.id, queueId: input.queueId ?? null, calendarId: input.calendarId ?? null,
      name: input.name ?? `${unit.name} ${input.from}`, timezone, intervalMinutes: input.intervalMinutes, fromDate: input.from,
      days: input.days, source, mape: result.backtest.mape, wape: result.backtest.wape,
      result: stored as unknown as Record<string, unknown>, createdBy: isSystem(actor) ? null : actor.id,
    }).returning();
    await audit(tx, actor, {
      action: 'forecast.create', entityType: 'forecast', entityId: row.id, orgUnitId: unit.id,
      after: { name: row.name, from: input.from, days: input.days, intervalMinutes: input.intervalMinutes, source, historyDays: result.historyDays, mape: result.backtest.mape, wape: result.backtest.wape },
    });
    return presentForecast(row);
  });
}

/** GET /workforce/forecasts: the latest forecasts the actor may see. */
export async function listForecasts(db: Db, actor: Actor, query: { orgUnitId?: string }): Promise<{ items: ForecastSummary[] }> {
  requireRead(actor);
  const conds = [readScope(actor, planningForecasts.orgUnitId)];
  if (query.orgUnitId) conds.push(eq(planningForecasts.orgUnitId, query.orgUnitId));
  const rows = await db.select().from(planningForecasts).where(and(...conds)).orderBy(desc(planningForecasts.createdAt)).limit(100);
  return { items: rows.map(forecastSummary) };
}

async function loadForecast(db: DbOrTx, actor: Actor, id: string, write = false): Promise<ForecastRow> {
  const [row] = await db.select().from(planningForecasts).where(eq(planningForecasts.id, id));
  if (!row) throw new AppError('not_found', { entity: 'forecast' });
  await assertUnitAccess(db, actor, row.orgUnitId, 'forecast', write);
  return row;
}

/** GET /workforce/forecasts/{id}. */
export async function getForecast(db: Db, actor: Actor, id: string): Promise<ForecastOutput> {
  requireRead(actor);
  return presentForecast(await loadForecast(db, actor, id));
}

// ---------------------------------------------------------------- requirements

type RequirementRow = typeof planningRequirements.$inferSelect;

function presentRequirement(row: RequirementRow, f: ForecastRow): RequirementOutput {
  return {
    id: row.id, forecastId: row.forecastId, orgUnitId: row.orgUnitId, intervalMinutes: f.intervalMinutes, timezone: f.timezone,
    from: f.fromDate, days: f.days, targets: row.targets, model: row.model as 'erlang-c' | 'erlang-a', agentHours: row.agentHours,
    scheduledHours: row.scheduledHours, peakScheduled: row.peakScheduled, intervals: row.intervals as RequirementOutput['intervals'],
    createdAt: iso(row.createdAt),
  };
}

/** POST /workforce/requirements: agents needed per interval of a forecast for a service target (Erlang C or A, shrinkage). */
export async function createRequirement(db: Db, actor: Actor, input: RequirementCreateInput): Promise<RequirementOutput> {
  requirePermission(actor, 'workforce:plan');
  const f = await loadForecast(db, actor, input.forecastId, true);
  const { forecastId: _f, ...targets } = input;
  const r = await domain(() => staffingRequirements((f.result as unknown as StoredForecast).intervals, f.intervalMinutes, targets));
  const stored = Object.fromEntries(Object.entries(targets).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(planningRequirements).values({
      forecastId: f.id, orgUnitId: f.orgUnitId, targets: stored, model: input.patienceSeconds !== undefined ? 'erlang-a' : 'erlang-c',
      intervals: r.intervals as unknown as Record<string, unknown>[], agentHours: r.agentHours, scheduledHours: r.scheduledHours,
      peakScheduled: r.peakScheduled, createdBy: isSystem(actor) ? null : actor.id,
    }).returning();
    await audit(tx, actor, {
      action: 'requirement.create', entityType: 'requirement', entityId: row.id, orgUnitId: f.orgUnitId,
      after: { forecastId: f.id, targets: stored, scheduledHours: r.scheduledHours, peakScheduled: r.peakScheduled },
    });
    return presentRequirement(row, f);
  });
}

async function loadRequirement(db: DbOrTx, actor: Actor, id: string, write = false): Promise<{ row: RequirementRow; forecast: ForecastRow }> {
  const [row] = await db.select().from(planningRequirements).where(eq(planningRequirements.id, id));
  if (!row) throw new AppError('not_found', { entity: 'requirement' });
  await assertUnitAccess(db, actor, row.orgUnitId, 'requirement', write);
  const [forecast] = await db.select().from(planningForecasts).where(eq(planningForecasts.id, row.forecastId));
  return { row, forecast };
}

/** GET /workforce/requirements/{id}. */
export async function getRequirement(db: Db, actor: Actor, id: string): Promise<RequirementOutput> {
  requireRead(actor);
  const { row, forecast } = await loadRequirement(db, actor, id);
  return presentRequirement(row, forecast);
}

/** GET /workforce/requirements: those of one forecast, or the latest. */
export async function listRequirements(db: Db, actor: Actor, query: { forecastId?: string }): Promise<{ items: Omit<RequirementOutput, 'intervals'>[] }> {
  requireRead(actor);
  const conds = [readScope(actor, planningRequirements.orgUnitId)];
  if (query.forecastId) conds.push(eq(planningRequirements.forecastId, query.forecastId));
  const rows = await db.select({ r: planningRequirements, f: planningForecasts }).from(planningRequirements)
    .innerJoin(planningForecasts, eq(planningForecasts.id, planningRequirements.forecastId))
    .where(and(...conds)).orderBy(desc(planningRequirements.createdAt)).limit(100);
  return { items: rows.map(({ r, f }) => { const { intervals: _i, ...rest } = presentRequirement(r, f); return rest; }) };
}

// ---------------------------------------------------------------- shift templates

const paidOf = (row: { lengthMinutes: number; breaks: { lengthMinutes: number; paid: boolean }[] }) =>
  row.lengthMinutes - row.breaks.filter((b) => !b.paid).reduce((s, b) => s + b.lengthMinutes, 0);

function presentTemplate(row: TemplateRow): ShiftTemplateOutput {
  return {
    id: row.id, orgUnitId: row.orgUnitId, name: row.name, start: hhmm(row.startMinute), lengthMinutes: row.lengthMinutes,
    paidMinutes: paidOf(row), breaks: row.breaks, days: row.days, active: row.active, version: row.version, updatedAt: iso(row.updatedAt),
  };
}

const specOf = (row: TemplateRow): ShiftTemplateSpec => ({
  id: row.id, name: row.name, startMinute: row.startMinute, lengthMinutes: row.lengthMinutes, breaks: row.breaks, days: row.days,
});

function templateFields(input: Omit<ShiftTemplateInput, 'orgUnitId'>) {
  const startMinute = Number(input.start.slice(0, 2)) * 60 + Number(input.start.slice(3, 5));
  const fields = {
    name: input.name, startMinute, lengthMinutes: input.lengthMinutes, breaks: input.breaks,
    days: [...new Set(input.days)].sort((a, b) => a - b), active: input.active,
  };
  const problems = templateProblems(fields);
  if (problems.length) throw new AppError('validation_failed', {}, problems.map((message) => ({ path: message.startsWith('break') ? 'breaks' : 'lengthMinutes', code: 'invalid_template', message })));
  return fields;
}

/** GET /workforce/shift-templates. */
export async function listTemplates(db: Db, actor: Actor, query: { orgUnitId?: string }): Promise<{ items: ShiftTemplateOutput[] }> {
  requireRead(actor);
  const conds = [readScope(actor, planningShiftTemplates.orgUnitId)];
  if (query.orgUnitId) conds.push(eq(planningShiftTemplates.orgUnitId, query.orgUnitId));
  const rows = await db.select().from(planningShiftTemplates).where(and(...conds)).orderBy(asc(planningShiftTemplates.startMinute), asc(planningShiftTemplates.name));
  return { items: rows.map(presentTemplate) };
}

/** POST /workforce/shift-templates. */
export async function createTemplate(db: Db, actor: Actor, input: ShiftTemplateInput): Promise<ShiftTemplateOutput> {
  requirePermission(actor, 'workforce:plan');
  const fields = templateFields(input);
  return db.transaction(async (tx) => {
    const unit = await loadOrgUnit(tx, actor, input.orgUnitId, 'workforce:plan');
    const [row] = await tx.insert(planningShiftTemplates).values({ orgUnitId: unit.id, ...fields }).returning();
    await audit(tx, actor, { action: 'shift_template.create', entityType: 'shift_template', entityId: row.id, orgUnitId: unit.id, after: presentTemplate(row) });
    return presentTemplate(row);
  });
}

async function loadTemplate(db: DbOrTx, actor: Actor, id: string, write: boolean): Promise<TemplateRow> {
  const q = db.select().from(planningShiftTemplates).where(eq(planningShiftTemplates.id, id)).$dynamic();
  const [row] = await (write ? q.for('update') : q);
  if (!row) throw new AppError('not_found', { entity: 'shift_template' });
  await assertUnitAccess(db, actor, row.orgUnitId, 'shift_template', write);
  return row;
}

/** PUT /workforce/shift-templates/{id}: replace; `version` is the one last read. */
export async function updateTemplate(db: Db, actor: Actor, id: string, input: ShiftTemplateUpdate): Promise<ShiftTemplateOutput> {
  requirePermission(actor, 'workforce:plan');
  const fields = templateFields(input);
  return db.transaction(async (tx) => {
    const before = await loadTemplate(tx, actor, id, true);
    if (before.version !== input.version) throw new AppError('stale_write');
    const [row] = await tx.update(planningShiftTemplates).set({ ...fields, version: before.version + 1, updatedAt: new Date() })
      .where(eq(planningShiftTemplates.id, id)).returning();
    await audit(tx, actor, { action: 'shift_template.update', entityType: 'shift_template', entityId: id, orgUnitId: row.orgUnitId, before: presentTemplate(before), after: presentTemplate(row) });
    return presentTemplate(row);
  });
}

/** DELETE /workforce/shift-templates/{id} (rosters keep their shifts and the template's name). */
export async function deleteTemplate(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'workforce:plan');
  await db.transaction(async (tx) => {
    const before = await loadTemplate(tx, actor, id, true);
    await tx.delete(planningShiftTemplates).where(eq(planningShiftTemplates.id, id));
    await audit(tx, actor, { action: 'shift_template.delete', entityType: 'shift_template', entityId: id, orgUnitId: before.orgUnitId, before: presentTemplate(before) });
  });
}

// ---------------------------------------------------------------- rosters

function frameOf(r: { weekStart: string; timezone: string; intervalMinutes: number }): WeekFrame {
  const day0 = epochDayOfDate(r.weekStart);
  return { dayStartsMs: Array.from({ length: 8 }, (_, d) => localMidnight(day0 + d, r.timezone).toMillis()), slotMinutes: r.intervalMinutes };
}

const breaksMs = (b: StoredBreak[]) => b.map((x) => ({ startMs: Date.parse(x.start), endMs: Date.parse(x.end), paid: x.paid }));
const breaksIso = (b: { startMs: number; endMs: number; paid: boolean }[]): StoredBreak[] =>
  b.map((x) => ({ start: new Date(x.startMs).toISOString(), end: new Date(x.endMs).toISOString(), paid: x.paid }));

function rosterSummary(row: RosterRow, paidMinutes: number, shiftCount: number): RosterSummary {
  return {
    id: row.id, name: row.name, orgUnitId: row.orgUnitId, requirementId: row.requirementId, weekStart: row.weekStart, timezone: row.timezone,
    intervalMinutes: row.intervalMinutes, status: row.status as 'draft' | 'published', version: row.version,
    paidHours: paidMinutes / 60, requiredHours: row.required.reduce((s, x) => s + x, 0) * (row.intervalMinutes / 60), shiftCount,
    createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), publishedAt: row.publishedAt ? iso(row.publishedAt) : null,
  };
}

const agentSpecs = (agents: StoredRosterAgent[]): AgentSpec[] =>
  agents.map((a) => ({ id: a.userId, maxWeeklyHours: a.maxWeeklyHours, unavailableDays: a.unavailableDays, restFromMs: a.restFromMs ?? null, daysWorkedBefore: a.daysWorkedBefore ?? 0 }));

/**
 * What last week leaves for each agent: the end of their last shift (rest counts from it) and their
 * working days in a row up to Sunday. From the centre's roster of the week before (the published one, else the latest).
 */
async function carryOver(db: DbOrTx, orgUnitId: string, weekStart: string): Promise<Map<string, { restFromMs: number; daysWorkedBefore: number }>> {
  const prevStart = dateOf(epochDayOfDate(weekStart) - 7);
  const [prev] = await db.select().from(planningRosters)
    .where(and(eq(planningRosters.orgUnitId, orgUnitId), eq(planningRosters.weekStart, prevStart)))
    .orderBy(sql`${planningRosters.status} = 'published' desc`, desc(planningRosters.updatedAt)).limit(1);
  const out = new Map<string, { restFromMs: number; daysWorkedBefore: number }>();
  if (!prev) return out;
  const frame = frameOf(prev);
  const byUser = new Map<string, { end: number; days: boolean[] }>();
  for (const sh of await shiftsOf(db, prev.id)) {
    if (!sh.userId) continue;
    const u = byUser.get(sh.userId) ?? { end: -Infinity, days: new Array<boolean>(7).fill(false) };
    u.end = Math.max(u.end, sh.endsAt.getTime());
    const d = dayOfInstant(frame, sh.startsAt.getTime());
    if (d >= 0) u.days[d] = true;
    byUser.set(sh.userId, u);
  }
  for (const [userId, u] of byUser) {
    let run = 0;
    for (let d = 6; d >= 0 && u.days[d]; d--) run++;
    out.set(userId, { restFromMs: u.end, daysWorkedBefore: run });
  }
  return out;
}

function presentRoster(row: RosterRow, shifts: ShiftRow[]): RosterOutput {
  const frame = frameOf(row);
  const n = row.required.length;
  const plain = shifts.map((s) => ({ id: s.id, agentId: s.userId, startMs: s.startsAt.getTime(), endMs: s.endsAt.getTime(), breaks: breaksMs(s.breaks), paidMinutes: s.paidMinutes }));
  const coverage = coverageOf(frame, n, plain);
  const slotMs = row.intervalMinutes * 60_000;
  const paidBy = new Map<string, number>();
  for (const s of shifts) if (s.userId) paidBy.set(s.userId, (paidBy.get(s.userId) ?? 0) + s.paidMinutes);
  const sorted = [...shifts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  return {
    ...rosterSummary(row, shifts.reduce((t, s) => t + s.paidMinutes, 0), shifts.length),
    rules: row.rules,
    agents: row.agents.map((a) => ({ ...a, paidHours: (paidBy.get(a.userId) ?? 0) / 60 })),
    shifts: sorted.map((s) => ({
      id: s.id, agentId: s.userId, templateId: s.templateId, templateName: s.templateName, day: dayOfInstant(frame, s.startsAt.getTime()),
      start: iso(s.startsAt), end: iso(s.endsAt), paidMinutes: s.paidMinutes, breaks: s.breaks,
    })),
    coverage: row.required.map((req, i) => ({ start: new Date(frame.dayStartsMs[0] + i * slotMs).toISOString(), required: req, scheduled: coverage[i] })),
    shortIntervals: row.required.filter((req, i) => coverage[i] < req - 1e-6).length,
    violations: checkRoster(frame, plain, agentSpecs(row.agents), row.rules),
  };
}

/** Every user of the unit's subtree (optionally with a role), through the users service. */
async function usersOfUnit(db: Db, actor: Actor, orgUnitId: string, role?: 'agent') {
  const out: { id: string; name: string; active: boolean }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listUsers(db, actor, { orgUnitId, role, limit: 200, cursor, active: true });
    out.push(...page.items.map((u) => ({ id: u.id, name: u.name, active: u.active })));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

/** POST /workforce/rosters: generate a roster for a requirement's week from shift templates, agents and rest rules. */
export async function generateRosterFor(db: Db, actor: Actor, input: RosterGenerateInput): Promise<RosterOutput> {
  requirePermission(actor, 'workforce:plan');
  const { row: req, forecast } = await loadRequirement(db, actor, input.requirementId, true);
  const unit = await loadOrgUnit(db, actor, req.orgUnitId, 'workforce:plan');

  // templates: chosen, or the active ones of the unit and its parents
  let templates: TemplateRow[];
  if (input.templateIds) {
    templates = input.templateIds.length ? await db.select().from(planningShiftTemplates).where(inArray(planningShiftTemplates.id, input.templateIds)) : [];
    const found = new Set(templates.map((t) => t.id));
    const missing = input.templateIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw invalid(`templateIds.${missing}`, 'not_found', 'unknown shift template');
    for (const t of templates) await assertUnitAccess(db, actor, t.orgUnitId, 'shift_template', false);
  } else {
    templates = await db.select().from(planningShiftTemplates).where(and(
      eq(planningShiftTemplates.active, true),
      sql`exists (select 1 from org_units o where o.id = ${planningShiftTemplates.orgUnitId} and ${unit.path} like o.path || '%')`,
    )).orderBy(asc(planningShiftTemplates.startMinute), asc(planningShiftTemplates.name));
  }
  if (templates.length === 0) throw conflict('roster_no_templates');
  templates.sort((a, b) => a.startMinute - b.startMinute || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

  // agents: chosen (from the unit's people), or everyone with the agent role there
  const people = await usersOfUnit(db, actor, unit.id, input.agents ? undefined : 'agent');
  const byId = new Map(people.map((p) => [p.id, p]));
  let agents: StoredRosterAgent[];
  if (input.agents) {
    agents = input.agents.map((a, i) => {
      const p = byId.get(a.userId);
      if (!p) throw invalid(`agents.${i}.userId`, 'not_found', 'not an active user of this centre');
      return { userId: a.userId, name: p.name, maxWeeklyHours: a.maxWeeklyHours ?? null, unavailableDays: [...new Set(a.unavailableDays ?? [])].sort() };
    });
    if (new Set(agents.map((a) => a.userId)).size !== agents.length) throw invalid('agents', 'duplicate', 'an agent is listed twice');
  } else {
    agents = people.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))
      .map((p) => ({ userId: p.id, name: p.name, maxWeeklyHours: null, unavailableDays: [] }));
  }
  if (agents.length === 0) throw conflict('roster_no_agents');
  const carried = await carryOver(db, unit.id, forecast.fromDate);
  agents = agents.map((a) => {
    const c = carried.get(a.userId);
    return c ? { ...a, restFromMs: c.restFromMs, daysWorkedBefore: c.daysWorkedBefore } : a;
  });

  const roster0 = { weekStart: forecast.fromDate, timezone: forecast.timezone, intervalMinutes: forecast.intervalMinutes };
  const frame = frameOf(roster0);
  const slotMs = frame.slotMinutes * 60_000;
  const n = (7 * 1440) / frame.slotMinutes;
  const required = new Array<number>(n).fill(0);
  for (const iv of req.intervals as RequirementOutput['intervals']) {
    const slot = Math.round((Date.parse(iv.start) - frame.dayStartsMs[0]) / slotMs);
    if (slot >= 0 && slot < n) required[slot] = iv.scheduled;
  }
  const generated = await domain(() => generateRoster({ frame, required, templates: templates.map(specOf), agents: agentSpecs(agents), rules: input.rules }));
  if (!input.allowGaps && generated.shortSlots.length) {
    throw conflict('roster_templates_cannot_cover', generated.shortSlots.slice(0, 50).map((s) => ({
      path: 'templateIds', code: 'uncovered_interval', start: new Date(frame.dayStartsMs[0] + s * slotMs).toISOString(), required: required[s], scheduled: generated.coverage[s],
      message: `no shift template works ${new Date(frame.dayStartsMs[0] + s * slotMs).toISOString()}: ${required[s]} needed`,
    })));
  }
  if (!input.allowGaps && generated.unassigned) {
    const perAgent = 7 - input.rules.minDaysOff;
    throw conflict('roster_agents_too_few', [{
      path: 'agents', code: 'agents_too_few', unassigned: generated.unassigned, agents: agents.length, shifts: generated.shifts.length,
      moreAgents: Math.max(1, Math.ceil(generated.unassigned / Math.max(1, perAgent))),
      message: `${generated.unassigned} of ${generated.shifts.length} shifts have nobody under the rest rules; about ${Math.max(1, Math.ceil(generated.unassigned / Math.max(1, perAgent)))} more agents are needed`,
    }]);
  }
  const names = new Map(templates.map((t) => [t.id, t.name]));
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(planningRosters).values({
      orgUnitId: unit.id, requirementId: req.id, name: input.name ?? `${unit.name} ${forecast.fromDate}`, timezone: forecast.timezone,
      weekStart: forecast.fromDate, intervalMinutes: forecast.intervalMinutes, required, rules: input.rules, agents, status: 'draft',
      createdBy: isSystem(actor) ? null : actor.id,
    }).returning();
    const values = generated.shifts.map((s) => ({
      rosterId: row.id, userId: s.agentId, templateId: s.templateId, templateName: s.templateId ? names.get(s.templateId) ?? null : null,
      startsAt: new Date(s.startMs), endsAt: new Date(s.endMs), breaks: breaksIso(s.breaks), paidMinutes: s.paidMinutes,
    }));
    const shifts: ShiftRow[] = [];
    for (let i = 0; i < values.length; i += 1000) shifts.push(...await tx.insert(planningRosterShifts).values(values.slice(i, i + 1000)).returning());
    const detail = { shifts: shifts.length, paidHours: generated.paidHours, requiredHours: generated.requiredHours, shortIntervals: generated.shortSlots.length, unassigned: generated.unassigned };
    await tx.insert(planningRosterRevisions).values({ rosterId: row.id, version: 1, action: 'generate', actorId: isSystem(actor) ? null : actor.id, actorName: actor.username, detail });
    await audit(tx, actor, { action: 'roster.generate', entityType: 'roster', entityId: row.id, orgUnitId: unit.id, after: { name: row.name, weekStart: row.weekStart, rules: input.rules, agents: agents.length, templates: templates.length, ...detail } });
    return presentRoster(row, shifts);
  });
}

/** GET /workforce/rosters. */
export async function listRosters(db: Db, actor: Actor, query: { orgUnitId?: string }): Promise<{ items: RosterSummary[] }> {
  requireRead(actor);
  const conds = [readScope(actor, planningRosters.orgUnitId)];
  if (query.orgUnitId) conds.push(eq(planningRosters.orgUnitId, query.orgUnitId));
  const rows = await db.select({
    r: planningRosters,
    paid: sql<number>`coalesce((select sum(s.paid_minutes) from planning_roster_shifts s where s.roster_id = planning_rosters.id), 0)::int`,
    count: sql<number>`(select count(*) from planning_roster_shifts s where s.roster_id = planning_rosters.id)::int`,
  }).from(planningRosters).where(and(...conds)).orderBy(desc(planningRosters.weekStart), desc(planningRosters.createdAt)).limit(100);
  return { items: rows.map(({ r, paid, count }) => rosterSummary(r, paid, count)) };
}

async function loadRoster(db: DbOrTx, actor: Actor, id: string, write: boolean): Promise<RosterRow> {
  const q = db.select().from(planningRosters).where(eq(planningRosters.id, id)).$dynamic();
  const [row] = await (write ? q.for('update') : q);
  if (!row) throw new AppError('not_found', { entity: 'roster' });
  await assertUnitAccess(db, actor, row.orgUnitId, 'roster', write);
  return row;
}

const shiftsOf = (db: DbOrTx, rosterId: string) => db.select().from(planningRosterShifts).where(eq(planningRosterShifts.rosterId, rosterId));

/** GET /workforce/rosters/{id}: shifts, coverage per interval and rule violations. */
export async function getRoster(db: Db, actor: Actor, id: string): Promise<RosterOutput> {
  requireRead(actor);
  const row = await loadRoster(db, actor, id, false);
  return presentRoster(row, await shiftsOf(db, id));
}

/** Run one hand edit: lock, check version and draft state, apply, bump the version, record the revision and audit. */
async function editRoster(db: Db, actor: Actor, id: string, version: number, action: string, apply: (tx: DbOrTx, row: RosterRow) => Promise<{ before?: unknown; after?: unknown }>, allowPublished = false): Promise<RosterOutput> {
  requirePermission(actor, 'workforce:plan');
  return db.transaction(async (tx) => {
    const row = await loadRoster(tx, actor, id, true);
    if (row.version !== version) throw new AppError('stale_write');
    if (!allowPublished && row.status === 'published') throw conflict('roster_published');
    const change = await apply(tx, row);
    const [updated] = await tx.update(planningRosters).set({ version: row.version + 1, updatedAt: new Date() }).where(eq(planningRosters.id, id)).returning();
    await tx.insert(planningRosterRevisions).values({ rosterId: id, version: updated.version, action, actorId: isSystem(actor) ? null : actor.id, actorName: actor.username, detail: change });
    await audit(tx, actor, { action: `roster.${action}`, entityType: 'roster', entityId: id, orgUnitId: row.orgUnitId, before: change.before ?? null, after: change.after ?? null });
    const final = action === 'publish' || action === 'unpublish' ? (await tx.select().from(planningRosters).where(eq(planningRosters.id, id)))[0] : updated;
    return presentRoster(final, await shiftsOf(tx, id));
  });
}

const shiftSnapshot = (s: ShiftRow) => ({ id: s.id, agentId: s.userId, start: iso(s.startsAt), end: iso(s.endsAt), template: s.templateName });

function assertAgent(row: RosterRow, agentId: string | null | undefined, path: string): void {
  if (agentId && !row.agents.some((a) => a.userId === agentId)) throw invalid(path, 'not_found', 'not an agent of this roster');
}

/** PATCH /workforce/rosters/{id}: publish, or back to draft for changes. */
export async function setRosterStatus(db: Db, actor: Actor, id: string, input: z.infer<typeof RosterStatusInput>): Promise<RosterOutput> {
  return editRoster(db, actor, id, input.version, input.status === 'published' ? 'publish' : 'unpublish', async (tx, row) => {
    if (row.status === input.status) throw conflict(input.status === 'published' ? 'roster_published' : 'roster_not_published');
    await tx.update(planningRosters).set({ status: input.status, publishedAt: input.status === 'published' ? new Date() : null }).where(eq(planningRosters.id, id));
    return { before: { status: row.status }, after: { status: input.status } };
  }, true);
}

/** POST /workforce/rosters/{id}/shifts: add a shift from a template on a day, for an agent or open. */
export async function addShift(db: Db, actor: Actor, id: string, input: z.infer<typeof ShiftAddInput>): Promise<RosterOutput> {
  return editRoster(db, actor, id, input.version, 'shift.add', async (tx, row) => {
    assertAgent(row, input.agentId, 'agentId');
    const t = await loadTemplate(tx, actor, input.templateId, false);
    const s = shiftFromTemplate(frameOf(row), specOf(t), input.day);
    const [created] = await tx.insert(planningRosterShifts).values({
      rosterId: id, userId: input.agentId, templateId: t.id, templateName: t.name, startsAt: new Date(s.startMs), endsAt: new Date(s.endMs),
      breaks: breaksIso(s.breaks), paidMinutes: s.paidMinutes,
    }).returning();
    return { after: shiftSnapshot(created) };
  });
}

async function loadShift(tx: DbOrTx, rosterId: string, shiftId: string): Promise<ShiftRow> {
  const [s] = await tx.select().from(planningRosterShifts).where(and(eq(planningRosterShifts.id, shiftId), eq(planningRosterShifts.rosterId, rosterId)));
  if (!s) throw new AppError('not_found', { entity: 'roster_shift' });
  return s;
}

/** PATCH /workforce/rosters/{id}/shifts/{shiftId}: move a shift in time, change its length or its agent. */
export async function updateShift(db: Db, actor: Actor, id: string, shiftId: string, input: z.infer<typeof ShiftUpdateInput>): Promise<RosterOutput> {
  return editRoster(db, actor, id, input.version, 'shift.update', async (tx, row) => {
    const s = await loadShift(tx, id, shiftId);
    if (input.agentId !== undefined) assertAgent(row, input.agentId, 'agentId');
    const frame = frameOf(row);
    const startMs = input.start ? Date.parse(input.start) : s.startsAt.getTime();
    if (dayOfInstant(frame, startMs) < 0) throw conflict('roster_shift_outside_week', [{ path: 'start', code: 'outside_week', message: `a shift must start between ${new Date(frame.dayStartsMs[0]).toISOString()} and ${new Date(frame.dayStartsMs[7]).toISOString()}` }]);
    const delta = startMs - s.startsAt.getTime();
    const length = input.lengthMinutes ?? (s.endsAt.getTime() - s.startsAt.getTime()) / 60_000;
    const endMs = startMs + length * 60_000;
    const breaks = breaksMs(s.breaks).map((b) => ({ ...b, startMs: b.startMs + delta, endMs: b.endMs + delta })).filter((b) => b.endMs <= endMs);
    const paidMinutes = length - breaks.filter((b) => !b.paid).reduce((t, b) => t + (b.endMs - b.startMs) / 60_000, 0);
    const [after] = await tx.update(planningRosterShifts).set({
      userId: input.agentId === undefined ? s.userId : input.agentId, startsAt: new Date(startMs), endsAt: new Date(endMs), breaks: breaksIso(breaks), paidMinutes: Math.round(paidMinutes),
    }).where(eq(planningRosterShifts.id, shiftId)).returning();
    return { before: shiftSnapshot(s), after: shiftSnapshot(after) };
  });
}

/** DELETE /workforce/rosters/{id}/shifts/{shiftId}?version=. */
export async function deleteShift(db: Db, actor: Actor, id: string, shiftId: string, version: number): Promise<RosterOutput> {
  return editRoster(db, actor, id, version, 'shift.delete', async (tx) => {
    const s = await loadShift(tx, id, shiftId);
    await tx.delete(planningRosterShifts).where(eq(planningRosterShifts.id, shiftId));
    return { before: shiftSnapshot(s) };
  });
}

/** GET /workforce/rosters/{id}/revisions: every version, newest first. */
export async function rosterRevisions(db: Db, actor: Actor, id: string): Promise<{ items: z.infer<typeof RevisionOutput>[] }> {
  requireRead(actor);
  await loadRoster(db, actor, id, false);
  const rows = await db.select().from(planningRosterRevisions).where(eq(planningRosterRevisions.rosterId, id)).orderBy(desc(planningRosterRevisions.version), desc(planningRosterRevisions.id));
  return { items: rows.map((r) => ({ version: r.version, action: r.action, actorName: r.actorName, at: iso(r.at), detail: r.detail })) };
}

/** POST /workforce/rosters/{id}/adherence: scheduled vs actual agent state per agent and day (states posted, or from CTI). */
export async function rosterAdherence(db: Db, actor: Actor, id: string, input: z.infer<typeof AdherenceInput>): Promise<AdherenceOutput> {
  requireRead(actor);
  const row = await loadRoster(db, actor, id, false);
  const frame = frameOf(row);
  const shifts = (await shiftsOf(db, id)).filter((s) => s.userId);
  const userIds = row.agents.map((a) => a.userId);
  let changes: { agentId: string; state: string; atMs: number }[];
  let source: 'request' | 'contacts';
  if (input.states) {
    changes = input.states.map((s) => ({ agentId: s.userId, state: s.state, atMs: Date.parse(s.at) }));
    source = 'request';
  } else {
    // by the centre's subtree, then our agents (agentStateHistory's userIds filter binds the array as a record: reported)
    const ours = new Set(userIds);
    const events = await agentStateHistory(db, { orgUnitId: row.orgUnitId, from: new Date(frame.dayStartsMs[0]), to: new Date(frame.dayStartsMs[7]) });
    changes = events.filter((e) => e.userId && ours.has(e.userId)).map((e) => ({ agentId: e.userId as string, state: e.state, atMs: e.at.getTime() }));
    source = 'contacts';
  }
  const rows = adherence(
    shifts.map((s) => ({ agentId: s.userId as string, day: dayOfInstant(frame, s.startsAt.getTime()), startMs: s.startsAt.getTime(), endMs: s.endsAt.getTime(), breaks: breaksMs(s.breaks) })),
    changes, frame.dayStartsMs[0], frame.dayStartsMs[7], (ms) => dayOfInstant(frame, ms),
  );
  const names = new Map(row.agents.map((a) => [a.userId, a.name]));
  const day0 = epochDayOfDate(row.weekStart);
  const sched = rows.reduce((t, r) => t + r.scheduledMinutes, 0);
  const inAdh = rows.reduce((t, r) => t + r.inAdherenceMinutes, 0);
  return {
    rosterId: id, source,
    rows: rows.filter((r) => names.has(r.agentId)).map((r) => ({ ...r, name: names.get(r.agentId) ?? '', date: dateOf(day0 + r.day) })),
    overall: sched > 0 ? inAdh / sched : null,
  };
}
