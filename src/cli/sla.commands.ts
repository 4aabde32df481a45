// First: zod gains .openapi() before any shared contract is built, as the server's routes expect.
import '@hono/zod-openapi';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { WeekHours, type CalendarDefinition } from '../shared/calendars';
import { loadConfig } from '../server/config';
import type { Database } from '../server/db/client';
import { systemActor } from '../server/platform/actor';
import { AppError } from '../server/platform/errors';
import {
  addBusinessMinutes, type BusinessCalendar, businessMinutesBetween, CalendarError, compileCalendar, parseCalendarDefinition,
} from '../server/modules/sla/business-calendar';
import { calendarFromIcs } from '../server/modules/sla/ics-import';
import { findCalendarByName, importCalendar, loadBusinessCalendar, updateCalendar } from '../server/modules/sla/calendars.service';
import { openDatabase } from './open-database';

// `manyi calendar import` and `manyi sla due|elapsed`: business-time arithmetic
// from the shell. A calendar given as a file (.json in the issue's JSON form,
// or .ics plus --timezone/--hours) is used without touching the database;
// anything else is a calendar name looked up in the database.
// Bad input exits with status 2 and says what is wrong.

/** Bad input: printed as it is, exit status 2. */
class UsageError extends Error {}

const DEFAULT_HOURS = '{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]}';

interface CalendarFileOptions {
  timezone: string;
  hours: string;
}

function explainIssues(title: string, issues: readonly { path: string; message: string }[]): UsageError {
  return new UsageError(`${title}:${issues.map((i) => `\n  ${i.path || '(calendar)'}: ${i.message}`).join('')}`);
}

/** Domain and API errors become usage errors (exit 2) with every problem listed. */
function asUsage(err: unknown): unknown {
  if (err instanceof CalendarError) return explainIssues('invalid input', err.issues);
  if (err instanceof AppError && err.code === 'validation_failed' && Array.isArray(err.details)) return explainIssues('invalid input', err.details);
  if (err instanceof AppError && err.code === 'duplicate') return new UsageError('a calendar with this name already exists (use --replace to overwrite it)');
  return err;
}

function parseHours(text: string): WeekHours {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.existsSync(text) ? fs.readFileSync(text, 'utf8') : text);
  } catch {
    throw new UsageError(`--hours must be JSON like ${DEFAULT_HOURS} (or a file holding it)`);
  }
  const r = WeekHours.safeParse(raw);
  if (!r.success) throw explainIssues('invalid --hours', r.error.issues.map((i) => ({ path: `hours.${i.path.map(String).join('.')}`, message: i.message })));
  return r.data;
}

const looksLikeFile = (ref: string) => /\.(json|ics)$/i.test(ref) || ref.includes('/') || ref.includes(path.sep);

/** A calendar definition from a .json or .ics file; `name` overrides the file's own. */
function definitionFromFile(file: string, opts: CalendarFileOptions, name?: string): CalendarDefinition {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (/\.ics$/i.test(file) || /^\s*BEGIN:VCALENDAR/i.test(text)) {
    return calendarFromIcs({ ics: text, name: name ?? path.basename(file, path.extname(file)), timezone: opts.timezone, hours: parseHours(opts.hours) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is neither JSON nor iCalendar: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (name && json && typeof json === 'object') json = { ...json, name };
  return parseCalendarDefinition(json);
}

/** Run an action; usage errors exit 2, the database (if opened) is always closed. */
async function run(action: (db: () => Promise<Database>) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  const open = async () => (database ??= await openDatabase(loadConfig()));
  try {
    await action(open);
  } catch (err) {
    const e = asUsage(err);
    if (e instanceof UsageError) {
      await database?.close();
      database = undefined;
      console.error(`manyi: ${e.message}`);
      process.exit(2);
    }
    throw e;
  } finally {
    await database?.close();
  }
}

/** The calendar to compute on: a file (no database), or a stored calendar by name. */
async function resolveCalendar(ref: string, opts: CalendarFileOptions, open: () => Promise<Database>): Promise<BusinessCalendar> {
  if (fs.existsSync(ref) && fs.statSync(ref).isFile()) return compileCalendar(definitionFromFile(ref, opts));
  if (looksLikeFile(ref)) throw new UsageError(`no such file: ${ref}`);
  const { db } = await open();
  const found = await findCalendarByName(db, ref);
  if (!found) throw new UsageError(`no calendar named "${ref}" (give a .json/.ics file or the name of a stored calendar)`);
  return loadBusinessCalendar(db, found.id);
}

function parseMinutes(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--minutes must be a number of at least 0, not "${value}"`);
  return n;
}

/** Commander's own usage errors (a missing option, an unknown flag) also exit 2; help still exits 0. */
const usageExit = (err: { exitCode: number }) => process.exit(err.exitCode === 0 ? 0 : 2);

export function registerSlaCommands(program: Command): void {
  const calendar = program.command('calendar').description('business calendars (opening hours, holidays, make-up working days)').exitOverride(usageExit);

  calendar
    .command('import')
    .argument('<file>', 'a calendar in the JSON form (.json) or an iCalendar file (.ics)')
    .requiredOption('--name <name>', 'the calendar name (unique)')
    .option('--timezone <zone>', 'IANA time zone, for .ics files', 'Asia/Shanghai')
    .option('--hours <json>', 'weekly hours as JSON (or a file), for .ics files', DEFAULT_HOURS)
    .option('--replace', 'overwrite a stored calendar of the same name')
    .description('store a calendar in the database and print {"id","name","version","holidays","workdays"}')
    .action(async (file: string, opts: CalendarFileOptions & { name: string; replace?: boolean }) => {
      await run(async (open) => {
        const definition = definitionFromFile(file, opts, opts.name);
        const { db } = await open();
        const actor = systemActor();
        const existing = await findCalendarByName(db, definition.name);
        const saved = existing && opts.replace
          ? await updateCalendar(db, actor, existing.id, { ...definition, version: existing.version })
          : await importCalendar(db, actor, definition);
        console.log(JSON.stringify({
          id: saved.id, name: saved.name, version: saved.version,
          holidays: saved.definition.holidays.length, workdays: saved.definition.workdays.length,
        }));
      });
    });

  const sla = program.command('sla').description('business-time arithmetic on a calendar').exitOverride(usageExit);

  sla
    .command('due')
    .requiredOption('--calendar <fileOrName>', 'a .json/.ics calendar file, or the name of a stored calendar')
    .requiredOption('--from <instant>', 'ISO 8601 instant with an offset, e.g. 2026-09-30T17:00:00+08:00')
    .requiredOption('--minutes <n>', 'business minutes')
    .option('--timezone <zone>', 'IANA time zone, for .ics files', 'Asia/Shanghai')
    .option('--hours <json>', 'weekly hours as JSON (or a file), for .ics files', DEFAULT_HOURS)
    .option('--json', 'print {"dueAt": "<ISO instant>"}')
    .description('the instant at which N business minutes have elapsed from --from')
    .action(async (opts: CalendarFileOptions & { calendar: string; from: string; minutes: string; json?: boolean }) => {
      await run(async (open) => {
        const minutes = parseMinutes(opts.minutes);
        const cal = await resolveCalendar(opts.calendar, opts, open);
        const dueAt = addBusinessMinutes(cal, opts.from, minutes).toISOString();
        console.log(opts.json ? JSON.stringify({ dueAt }) : dueAt);
      });
    });

  sla
    .command('elapsed')
    .requiredOption('--calendar <fileOrName>', 'a .json/.ics calendar file, or the name of a stored calendar')
    .requiredOption('--from <instant>', 'ISO 8601 instant with an offset')
    .requiredOption('--to <instant>', 'ISO 8601 instant with an offset')
    .option('--timezone <zone>', 'IANA time zone, for .ics files', 'Asia/Shanghai')
    .option('--hours <json>', 'weekly hours as JSON (or a file), for .ics files', DEFAULT_HOURS)
    .option('--json', 'print {"minutes": N}')
    .description('business minutes between --from and --to')
    .action(async (opts: CalendarFileOptions & { calendar: string; from: string; to: string; json?: boolean }) => {
      await run(async (open) => {
        const cal = await resolveCalendar(opts.calendar, opts, open);
        const minutes = businessMinutesBetween(cal, opts.from, opts.to);
        console.log(opts.json ? JSON.stringify({ minutes }) : String(minutes));
      });
    });
}
