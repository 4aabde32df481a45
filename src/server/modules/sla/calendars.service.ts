import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Calendar, CalendarCreateInput, CalendarDefinition, CalendarIcsImport, CalendarImportInput, CalendarUpdateInput,
  ChinaStatutoryInput, SlaDueInput, SlaElapsedInput,
} from '../../../shared/calendars';
import type { Db, DbOrTx } from '../../db/client';
import { businessCalendars, orgUnits } from '../../db/schema';
import { type Actor, requirePermission } from '../../platform/actor';
import { audit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import {
  addBusinessMinutes, type BusinessCalendar, businessMinutesBetween, CalendarError, compileCalendar, parseCalendarDefinition,
} from './business-calendar';
import { chinaStatutoryYears, mainlandChinaCalendar } from './china-statutory';
import { calendarFromIcs } from './ics-import';
import { afterCalendarChange } from './sla.service';

// Business calendars: stored, edited, imported (JSON, iCalendar, the China
// statutory template) and used for due-instant arithmetic. Reading is open to
// every logged-in user (their clocks depend on it); writing needs
// settings:manage. Each write is one transaction with its audit row.

type Row = typeof businessCalendars.$inferSelect;
type CreateInput = z.infer<typeof CalendarCreateInput>;
type UpdateInput = z.infer<typeof CalendarUpdateInput>;
type ImportInput = z.infer<typeof CalendarImportInput>;
type IcsInput = z.infer<typeof CalendarIcsImport>;
type ChinaInput = z.infer<typeof ChinaStatutoryInput>;

/** Domain errors become our 422 with each problem listed (path, code, message). */
function validated<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof CalendarError) throw new AppError('validation_failed', {}, err.issues);
    throw err;
  }
}

const duplicateName = () =>
  new AppError('duplicate', { field: 'calendar_name' }, [{ path: 'name', code: 'duplicate', message: 'a calendar with this name already exists' }]);

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: unknown };
  return e?.code === '23505' || (e?.cause ? isUniqueViolation(e.cause) : false);
};

const isForeignKeyViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: unknown };
  return e?.code === '23503' || (e?.cause ? isForeignKeyViolation(e.cause) : false);
};

function present(row: Row): Calendar {
  return {
    id: row.id, name: row.name, timezone: row.timezone, definition: row.definition, orgUnitId: row.orgUnitId,
    version: row.version, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

async function assertOrgUnit(db: DbOrTx, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const [u] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, id));
  if (!u) throw new AppError('validation_failed', {}, [{ path: 'orgUnitId', code: 'not_found', message: 'unknown org unit' }]);
}

async function loadRow(db: DbOrTx, id: string, lock = false): Promise<Row> {
  const q = db.select().from(businessCalendars).where(eq(businessCalendars.id, id)).$dynamic();
  const [row] = await (lock ? q.for('update') : q);
  if (!row) throw new AppError('not_found', { entity: 'calendar' });
  return row;
}

/** Insert a validated definition and audit it, in one transaction; a taken name is a 409. */
async function insertCalendar(db: Db, actor: Actor, definition: CalendarDefinition, orgUnitId: string | null | undefined, action: string, extra: Record<string, unknown> = {}): Promise<Calendar> {
  try {
    return await db.transaction(async (tx) => {
      await assertOrgUnit(tx, orgUnitId);
      const [taken] = await tx.select({ id: businessCalendars.id }).from(businessCalendars).where(eq(businessCalendars.name, definition.name));
      if (taken) throw duplicateName();
      const [row] = await tx.insert(businessCalendars).values({
        name: definition.name, timezone: definition.timezone, definition, orgUnitId: orgUnitId ?? null,
      }).returning();
      // A site's own calendar changes the clocks of that site's open cases.
      if (row.orgUnitId) await afterCalendarChange(tx, new Date());
      await audit(tx, actor, {
        action, entityType: 'calendar', entityId: row.id, orgUnitId: row.orgUnitId,
        after: { name: row.name, timezone: row.timezone, holidays: definition.holidays.length, workdays: definition.workdays.length, hours: definition.hours, ...extra },
      });
      return present(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName();
    throw err;
  }
}

const definitionOf = (input: Omit<CreateInput, 'orgUnitId'> & { orgUnitId?: unknown; version?: unknown }) => {
  const { orgUnitId: _o, version: _v, ...def } = input;
  return validated(() => parseCalendarDefinition(def));
};

// ---------------------------------------------------------------- use cases

/** GET /calendars: every calendar, by name. */
export async function listCalendars(db: DbOrTx): Promise<{ items: Calendar[] }> {
  const rows = await db.select().from(businessCalendars).orderBy(asc(businessCalendars.name));
  return { items: rows.map(present) };
}

/** GET /calendars/{id}. */
export async function getCalendar(db: DbOrTx, id: string): Promise<Calendar> {
  return present(await loadRow(db, id));
}

/** POST /calendars: a calendar in the JSON form. */
export async function createCalendar(db: Db, actor: Actor, input: CreateInput): Promise<Calendar> {
  requirePermission(actor, 'settings:manage');
  return insertCalendar(db, actor, definitionOf(input), input.orgUnitId, 'calendar.create');
}

/** PUT /calendars/{id}: replace the definition; `version` is the one last read (stale → 409). */
export async function updateCalendar(db: Db, actor: Actor, id: string, input: UpdateInput): Promise<Calendar> {
  requirePermission(actor, 'settings:manage');
  const definition = definitionOf(input);
  try {
    return await db.transaction(async (tx) => {
      const before = await loadRow(tx, id, true);
      if (before.version !== input.version) throw new AppError('stale_write');
      await assertOrgUnit(tx, input.orgUnitId);
      if (definition.name !== before.name) {
        const [taken] = await tx.select({ id: businessCalendars.id }).from(businessCalendars).where(eq(businessCalendars.name, definition.name));
        if (taken) throw duplicateName();
      }
      const orgUnitId = input.orgUnitId === undefined ? before.orgUnitId : input.orgUnitId;
      const [after] = await tx.update(businessCalendars).set({
        name: definition.name, timezone: definition.timezone, definition, orgUnitId, updatedAt: new Date(), version: sql`${businessCalendars.version} + 1`,
      }).where(eq(businessCalendars.id, id)).returning();
      // Every open case's clocks move with the calendar, in this same transaction.
      await afterCalendarChange(tx, new Date());
      await audit(tx, actor, {
        action: 'calendar.update', entityType: 'calendar', entityId: id, orgUnitId: after.orgUnitId,
        before: { definition: before.definition, orgUnitId: before.orgUnitId, version: before.version },
        after: { definition, orgUnitId: after.orgUnitId, version: after.version },
      });
      return present(after);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName();
    throw err;
  }
}

/** DELETE /calendars/{id}: the definition goes to the audit log, so it can be recreated. */
export async function deleteCalendar(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'settings:manage');
  try {
    await db.transaction(async (tx) => {
      const before = await loadRow(tx, id, true);
      await tx.delete(businessCalendars).where(eq(businessCalendars.id, id));
      await afterCalendarChange(tx, new Date());
      await audit(tx, actor, { action: 'calendar.delete', entityType: 'calendar', entityId: id, orgUnitId: before.orgUnitId, before: { definition: before.definition, version: before.version } });
    });
  } catch (err) {
    // Commitments still point at it (foreign key): say so rather than fail.
    if (isForeignKeyViolation(err)) throw new AppError('conflict', { reason: 'calendar_in_use' });
    throw err;
  }
  compiledCache.delete(id);
}

const isIcs = (input: ImportInput): input is IcsInput => typeof (input as { ics?: unknown }).ics === 'string';

/** POST /calendars/import: the JSON form, or an iCalendar text whose all-day events give holidays and make-up days. */
export async function importCalendar(db: Db, actor: Actor, input: ImportInput): Promise<Calendar> {
  requirePermission(actor, 'settings:manage');
  if (isIcs(input)) {
    const definition = validated(() => calendarFromIcs(input));
    return insertCalendar(db, actor, definition, input.orgUnitId, 'calendar.import', { source: 'ics' });
  }
  return insertCalendar(db, actor, definitionOf(input), input.orgUnitId, 'calendar.import', { source: 'json' });
}

/** POST /calendars/china-statutory: weekly hours plus the mainland statutory holidays and 调休 of the chosen years. */
export async function createChinaStatutoryCalendar(db: Db, actor: Actor, input: ChinaInput): Promise<Calendar> {
  requirePermission(actor, 'settings:manage');
  const definition = validated(() => mainlandChinaCalendar(input));
  return insertCalendar(db, actor, definition, input.orgUnitId, 'calendar.create', { source: 'china-statutory', years: input.years ?? chinaStatutoryYears() });
}

/** The years the bundled statutory data covers (for the template form). */
export function statutoryYears(): number[] {
  return chinaStatutoryYears();
}

// ---------------------------------------------------------------- arithmetic

/** Compiled calendars by id and version: edits make a new version, so a stale entry is never used. */
const compiledCache = new Map<string, { version: number; calendar: BusinessCalendar }>();

/** A stored calendar ready to compute on (cached per version). */
export async function loadBusinessCalendar(db: DbOrTx, id: string): Promise<BusinessCalendar> {
  const row = await loadRow(db, id);
  const hit = compiledCache.get(id);
  if (hit && hit.version === row.version) return hit.calendar;
  const calendar = validated(() => compileCalendar(row.definition));
  if (compiledCache.size > 200) compiledCache.clear();
  compiledCache.set(id, { version: row.version, calendar });
  return calendar;
}

/** A calendar looked up by its (unique) name: what `manyi sla … --calendar NAME` uses. */
export async function findCalendarByName(db: DbOrTx, name: string): Promise<Calendar | null> {
  const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.name, name));
  return row ? present(row) : null;
}

async function calendarOf(db: DbOrTx, ref: { calendarId?: string; calendar?: unknown }): Promise<BusinessCalendar> {
  if (ref.calendarId && ref.calendar) {
    throw new AppError('validation_failed', {}, [{ path: 'calendar', code: 'ambiguous', message: 'give calendarId or calendar, not both' }]);
  }
  if (ref.calendarId) {
    try {
      return await loadBusinessCalendar(db, ref.calendarId);
    } catch (err) {
      // An unknown id in a body is bad input, not a missing resource at the URL.
      if (err instanceof AppError && err.code === 'not_found') {
        throw new AppError('validation_failed', {}, [{ path: 'calendarId', code: 'not_found', message: 'no calendar with this id' }]);
      }
      throw err;
    }
  }
  if (ref.calendar) return validated(() => compileCalendar(ref.calendar));
  throw new AppError('validation_failed', {}, [{ path: 'calendarId', code: 'required', message: 'give calendarId or calendar' }]);
}

/** POST /sla/due: the instant at which `minutes` business minutes have elapsed after `from`. */
export async function dueAt(db: DbOrTx, input: z.infer<typeof SlaDueInput>): Promise<{ dueAt: string }> {
  const cal = await calendarOf(db, input);
  return { dueAt: validated(() => addBusinessMinutes(cal, input.from, input.minutes)).toISOString() };
}

/** POST /sla/elapsed: business minutes between two instants. */
export async function elapsed(db: DbOrTx, input: z.infer<typeof SlaElapsedInput>): Promise<{ minutes: number }> {
  const cal = await calendarOf(db, input);
  return { minutes: validated(() => businessMinutesBetween(cal, input.from, input.to)) };
}
