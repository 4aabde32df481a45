import { sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import {
  CalendarCreateInput, CalendarImportInput, CalendarList, CalendarOutput, CalendarUpdateInput, ChinaStatutoryInput,
  SlaDueInput, SlaDueOutput, SlaElapsedInput, SlaElapsedOutput,
} from '../../../shared/calendars';
import { AppError } from '../../platform/errors';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import { translator } from '../../platform/i18n';
import {
  Commitment, CommitmentInput, CommitmentList, CommitmentUpdateInput, CaseSla, PublicCommitmentList, RegulatorDeadlineInput, SlaAlertList, SlaWatchList, SlaWatchQuery,
} from '../../../shared/sla';
import { registerJob } from '../../platform/jobs';
import { negotiateLocale } from '../../platform/i18n';
import { onCaseCreate, onCaseEvent } from '../cases/case-hooks';
import * as calendars from './calendars.service';
import { slaWord } from './sla-messages';
import * as sla from './sla.service';

// /calendars — business calendars (营业时间与节假日); /sla/due and /sla/elapsed — business-time arithmetic on them.

const Ok = z.object({ ok: z.literal(true) });

export const slaRoutes = router();

const SPECIFICITY = 'Which commitment covers a case: every condition a commitment sets must hold (unset = any). Among the active ones that match, '
  + 'the winner sets the most conditions (case types, category subtree, channels, priorities, value tiers, site subtree, urban/rural); then the deepest '
  + 'category, then the deepest site, then the highest `rank`, then the oldest. The case\'s `GET /cases/{id}/sla` shows the reason.';

// Every case write recomputes the case's SLA clocks inside its own transaction.
onCaseEvent('sla.clocks', (db, event) => sla.onCaseEventForSla(db, event));
// A new case's clocks are written with it, in intake's one statement.
onCaseCreate('sla', {
  lookup: () => ({ config_version: sql`(SELECT version FROM sla_config_version WHERE id = 1)` }),
  plan: (db, facts, looked) => sla.planNewCase(db, facts, Number(looked.config_version ?? 0)),
});

/** How often the escalation scan runs (MANYI_SLA_SCAN_MS, default 20 s). */
const scanEveryMs = Math.max(1000, Number(process.env.MANYI_SLA_SCAN_MS) || 20_000);
registerJob({ name: 'sla.escalation-scan', everyMs: scanEveryMs, run: async (db, now) => { await sla.runSlaScan(db, now); } });

// `duplicate` names the field ("日历名称已存在"), and our own entities and
// reasons have their words here: translate them where the caller's language is known.
slaRoutes.onError((err, c) => {
  if (err instanceof AppError) {
    const actor = c.get('actor');
    const locale = c.req.header('accept-language') ? negotiateLocale(c.req.header('accept-language')) : actor?.locale ?? c.get('locale') ?? 'zh-CN';
    const t = translator(locale);
    const params = { ...err.params };
    let changed = false;
    for (const [k, prefix] of [['entity', 'entity.'], ['reason', 'reasons.'], ['field', 'reasons.field_']] as const) {
      const v = params[k];
      if (typeof v !== 'string') continue;
      const own = slaWord(locale, `${prefix}${v}`);
      if (own) { params[k] = own; changed = true; } else if (k === 'field') { params[k] = t(`reasons.field_${v}`, { defaultValue: v }); changed = true; }
    }
    if (changed) throw new AppError(err.code, params, err.details);
  }
  throw err;
});

slaRoutes
  .openapi(
    route({ method: 'get', path: '/calendars', tags: ['calendars'], permission: 'authenticated',
      summary: 'All business calendars, by name', responses: { 200: json(CalendarList) } }),
    async (c) => c.json(await calendars.listCalendars(c.get('deps').database.db), 200),
  )
  .openapi(
    route({ method: 'post', path: '/calendars', tags: ['calendars'], permission: 'settings:manage',
      summary: 'Create a calendar from the JSON form (hours per weekday, holidays, make-up working days)',
      request: jsonBody(CalendarCreateInput), responses: { 201: json(CalendarOutput, 'Created') } }),
    async (c) => c.json(await calendars.createCalendar(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'post', path: '/calendars/import', tags: ['calendars'], permission: 'settings:manage',
      summary: 'Import a calendar: the JSON form, or {ics, name, timezone, hours} where all-day events are holidays and 班/workday events make-up days',
      request: jsonBody(CalendarImportInput), responses: { 201: json(CalendarOutput, 'Created') } }),
    async (c) => c.json(await calendars.importCalendar(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/calendars/china-statutory/years', tags: ['calendars'], permission: 'authenticated',
      summary: 'The years the bundled mainland China statutory holiday data covers',
      responses: { 200: json(z.object({ years: z.array(z.number().int()) })) } }),
    async (c) => c.json({ years: calendars.statutoryYears() }, 200),
  )
  .openapi(
    route({ method: 'post', path: '/calendars/china-statutory', tags: ['calendars'], permission: 'settings:manage',
      summary: 'Create a calendar with the mainland China statutory holidays and make-up working days (调休) filled in',
      request: jsonBody(ChinaStatutoryInput), responses: { 201: json(CalendarOutput, 'Created') } }),
    async (c) => c.json(await calendars.createChinaStatutoryCalendar(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/calendars/{id}', tags: ['calendars'], permission: 'authenticated',
      summary: 'One calendar', request: { params: IdParam }, responses: { 200: json(CalendarOutput) } }),
    async (c) => c.json(await calendars.getCalendar(c.get('deps').database.db, c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'put', path: '/calendars/{id}', tags: ['calendars'], permission: 'settings:manage',
      summary: 'Replace a calendar; `version` is the one last read (stale → 409)',
      request: { params: IdParam, ...jsonBody(CalendarUpdateInput) }, responses: { 200: json(CalendarOutput) } }),
    async (c) => c.json(await calendars.updateCalendar(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'delete', path: '/calendars/{id}', tags: ['calendars'], permission: 'settings:manage',
      summary: 'Delete a calendar (its definition stays in the audit log)', request: { params: IdParam }, responses: { 200: json(Ok) } }),
    async (c) => {
      await calendars.deleteCalendar(c.get('deps').database.db, actorOf(c), c.req.valid('param').id);
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/sla/due', tags: ['sla'], permission: 'authenticated',
      summary: 'The instant at which N business minutes have elapsed from `from`, on a stored calendar (calendarId) or an inline one (calendar)',
      request: jsonBody(SlaDueInput), responses: { 200: json(SlaDueOutput) } }),
    async (c) => c.json(await calendars.dueAt(c.get('deps').database.db, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/sla/elapsed', tags: ['sla'], permission: 'authenticated',
      summary: 'Business minutes between two instants (negative when `to` is before `from`)',
      request: jsonBody(SlaElapsedInput), responses: { 200: json(SlaElapsedOutput) } }),
    async (c) => c.json(await calendars.elapsed(c.get('deps').database.db, c.req.valid('json')), 200),
  )
  // ------------------------------------------------------------ commitments (服务承诺)
  .openapi(
    route({ method: 'get', path: '/public/commitments', tags: ['commitments'], permission: 'public',
      summary: 'The organisation\'s published service commitments (no login): for customers and the counter screen',
      responses: { 200: json(PublicCommitmentList) } }),
    async (c) => c.json(await sla.listPublicCommitments(c.get('deps').database.db), 200),
  )
  .openapi(
    route({ method: 'get', path: '/commitments', tags: ['commitments'], permission: 'case:read',
      summary: 'Every service commitment (SLA policy), active first',
      description: SPECIFICITY, responses: { 200: json(CommitmentList) } }),
    async (c) => c.json(await sla.listCommitments(c.get('deps').database.db, actorOf(c)), 200),
  )
  .openapi(
    route({ method: 'post', path: '/commitments', tags: ['commitments'], permission: 'commitment:manage',
      summary: 'Publish a commitment: text in zh-CN/zh-TW/en, conditions, targets; every open case is re-matched in the same transaction',
      description: SPECIFICITY, request: jsonBody(CommitmentInput), responses: { 201: json(Commitment, 'Created') } }),
    async (c) => c.json(await sla.createCommitment(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/commitments/{id}', tags: ['commitments'], permission: 'case:read',
      summary: 'One commitment', request: { params: IdParam }, responses: { 200: json(Commitment) } }),
    async (c) => c.json(await sla.getCommitment(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'put', path: '/commitments/{id}', tags: ['commitments'], permission: 'commitment:manage',
      summary: 'Replace a commitment; `version` is the one last read (stale → 409); open cases are recomputed in the same transaction',
      request: { params: IdParam, ...jsonBody(CommitmentUpdateInput) }, responses: { 200: json(Commitment) } }),
    async (c) => c.json(await sla.updateCommitment(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'delete', path: '/commitments/{id}', tags: ['commitments'], permission: 'commitment:manage',
      summary: 'Delete a commitment (its definition stays in the audit log); the cases it covered are re-matched',
      request: { params: IdParam }, responses: { 200: json(Ok) } }),
    async (c) => {
      await sla.deleteCommitment(c.get('deps').database.db, actorOf(c), c.req.valid('param').id);
      return c.json({ ok: true as const }, 200);
    },
  )
  // ------------------------------------------------------------ a case's clocks
  .openapi(
    route({ method: 'get', path: '/cases/{id}/sla', tags: ['sla'], permission: 'case:read',
      summary: 'The case\'s SLA clocks now: per target due at, state (running, at_risk, paused, met, breached), time left in business minutes; the commitment and why it applies',
      request: { params: IdParam }, responses: { 200: json(CaseSla) } }),
    async (c) => c.json(await sla.getCaseSla(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'put', path: '/cases/{id}/sla/regulator-deadline', tags: ['sla'], permission: 'case:update',
      summary: 'Set (or clear with null) a regulator referral\'s own deadline; it replaces the resolution target',
      request: { params: IdParam, ...jsonBody(RegulatorDeadlineInput) }, responses: { 200: json(CaseSla) } }),
    async (c) => c.json(await sla.setRegulatorDeadline(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/sla/watch', tags: ['sla'], permission: 'case:read',
      summary: 'Open cases I may see whose clocks are breached, at risk, or due within `withinHours` (default 24): the most urgent clock of each, most urgent first',
      request: { query: SlaWatchQuery }, responses: { 200: json(SlaWatchList) } }),
    async (c) => c.json(await sla.watchList(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/sla/alerts', tags: ['sla'], permission: 'case:read',
      summary: 'Warnings and breaches fired on the case (each exactly once), oldest first',
      request: { params: IdParam }, responses: { 200: json(SlaAlertList) } }),
    async (c) => c.json(await sla.listCaseAlerts(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  );
