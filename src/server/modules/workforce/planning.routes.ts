import { z } from '@hono/zod-openapi';
import { Uuid } from '../../../shared/common';
import {
  AdherenceInput, AdherenceOutput, ForecastCreateInput, ForecastOutput, ForecastSummary, RequirementCreateInput, RequirementOutput,
  RevisionOutput, RosterGenerateInput, RosterOutput, RosterStatusInput, RosterSummary, ShiftAddInput, ShiftTemplateInput,
  ShiftTemplateOutput, ShiftTemplateUpdate, ShiftUpdateInput, VersionQuery,
} from '../../../shared/planning';
import { AppError } from '../../platform/errors';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import { negotiateLocale } from '../../platform/i18n';
import { planningWord } from './planning-messages';
import * as planning from './planning.service';

// /workforce/forecasts, /workforce/requirements, /workforce/shift-templates, /workforce/rosters — workforce
// planning (issue 4, items 5–6). Writing needs workforce:plan; reading contact:read or workforce:plan (the
// service checks either; the routes declare contact:read, the weaker of the two).

const tags = ['workforce planning'];
const READ = 'contact:read' as const;
const WRITE = 'workforce:plan' as const;
const OrgQuery = z.object({ orgUnitId: Uuid.optional() });
const ShiftParams = z.object({
  id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }),
  shiftId: z.string().uuid().openapi({ param: { name: 'shiftId', in: 'path' } }),
});
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const planningRoutes = router();

// Our entities and reasons have their words in planning-messages.ts.
planningRoutes.onError((err, c) => {
  if (err instanceof AppError) {
    const actor = c.get('actor');
    const locale = c.req.header('accept-language') ? negotiateLocale(c.req.header('accept-language')) : actor?.locale ?? c.get('locale') ?? 'zh-CN';
    const params = { ...err.params };
    let changed = false;
    for (const [k, prefix] of [['entity', 'entity.'], ['reason', 'reasons.']] as const) {
      const v = params[k];
      if (typeof v !== 'string') continue;
      const own = planningWord(locale, `${prefix}${v}`);
      if (own) { params[k] = own; changed = true; }
    }
    if (changed) throw new AppError(err.code, params, err.details);
  }
  throw err;
});

const db = (c: { get: (k: 'deps') => { database: { db: import('../../db/client').Db } } }) => c.get('deps').database.db;

planningRoutes
  // ---------------------------------------------------------------- forecasts
  .openapi(
    route({ method: 'post', path: '/workforce/forecasts', tags, permission: WRITE,
      summary: 'Forecast contacts per interval (15/30/60 min) for 1–28 days from posted history or the contact records of a queue or centre; '
        + 'weekly and intraday seasonality, trend, holidays and make-up days from the business calendar; the back-tested MAPE and WAPE come with it. '
        + 'Needs 14 days of history plus the held-out days (409 forecast_history_too_short says how many)',
      request: jsonBody(ForecastCreateInput), responses: { 201: json(ForecastOutput) } }),
    async (c) => c.json(await planning.createForecast(db(c), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/workforce/forecasts', tags, permission: READ, summary: 'The latest forecasts (100), newest first',
      request: { query: OrgQuery }, responses: { 200: json(list(ForecastSummary)) } }),
    async (c) => c.json(await planning.listForecasts(db(c), actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/workforce/forecasts/{id}', tags, permission: READ, summary: 'A forecast: intervals, model, back-test and recent history',
      request: { params: IdParam }, responses: { 200: json(ForecastOutput) } }),
    async (c) => c.json(await planning.getForecast(db(c), actorOf(c), c.req.valid('param').id), 200),
  )
  // ---------------------------------------------------------------- requirements
  .openapi(
    route({ method: 'post', path: '/workforce/requirements', tags, permission: WRITE,
      summary: 'Agents needed per interval of a forecast for a service target (Erlang C, or Erlang A with patienceSeconds), and scheduled headcount after shrinkage. '
        + '409 erlang_target_unreachable when no staffing meets the target in some interval',
      request: jsonBody(RequirementCreateInput), responses: { 201: json(RequirementOutput) } }),
    async (c) => c.json(await planning.createRequirement(db(c), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/workforce/requirements', tags, permission: READ, summary: 'Requirements of a forecast (or the latest), without their intervals',
      request: { query: z.object({ forecastId: Uuid.optional() }) }, responses: { 200: json(list(RequirementOutput.omit({ intervals: true }))) } }),
    async (c) => c.json(await planning.listRequirements(db(c), actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/workforce/requirements/{id}', tags, permission: READ, summary: 'A requirement with its intervals',
      request: { params: IdParam }, responses: { 200: json(RequirementOutput) } }),
    async (c) => c.json(await planning.getRequirement(db(c), actorOf(c), c.req.valid('param').id), 200),
  )
  // ---------------------------------------------------------------- shift templates
  .openapi(
    route({ method: 'get', path: '/workforce/shift-templates', tags, permission: READ, summary: 'Shift templates, by start time',
      request: { query: OrgQuery }, responses: { 200: json(list(ShiftTemplateOutput)) } }),
    async (c) => c.json(await planning.listTemplates(db(c), actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/shift-templates', tags, permission: WRITE,
      summary: 'A shift template: local start, length, breaks (paid or unpaid, with the window their start may move in), the days it may run',
      request: jsonBody(ShiftTemplateInput), responses: { 201: json(ShiftTemplateOutput) } }),
    async (c) => c.json(await planning.createTemplate(db(c), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'put', path: '/workforce/shift-templates/{id}', tags, permission: WRITE, summary: 'Replace a shift template (version: the one last read)',
      request: { params: IdParam, ...jsonBody(ShiftTemplateUpdate) }, responses: { 200: json(ShiftTemplateOutput) } }),
    async (c) => c.json(await planning.updateTemplate(db(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'delete', path: '/workforce/shift-templates/{id}', tags, permission: WRITE, summary: 'Delete a shift template (rosters keep their shifts)',
      request: { params: IdParam }, responses: { 200: json(z.object({ ok: z.literal(true) })) } }),
    async (c) => {
      await planning.deleteTemplate(db(c), actorOf(c), c.req.valid('param').id);
      return c.json({ ok: true as const }, 200);
    },
  )
  // ---------------------------------------------------------------- rosters
  .openapi(
    route({ method: 'post', path: '/workforce/rosters', tags, permission: WRITE,
      summary: 'Generate a draft roster for a requirement\'s week: shifts from the templates covering the required agents per interval with the fewest paid hours found, '
        + 'assigned to agents under the rest rules. 409 roster_templates_cannot_cover / roster_agents_too_few (with details) unless allowGaps',
      request: jsonBody(RosterGenerateInput), responses: { 201: json(RosterOutput) } }),
    async (c) => c.json(await planning.generateRosterFor(db(c), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/workforce/rosters', tags, permission: READ, summary: 'Rosters, latest week first',
      request: { query: OrgQuery }, responses: { 200: json(list(RosterSummary)) } }),
    async (c) => c.json(await planning.listRosters(db(c), actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/workforce/rosters/{id}', tags, permission: READ, summary: 'A roster: shifts, coverage (required vs scheduled per interval), rule violations',
      request: { params: IdParam }, responses: { 200: json(RosterOutput) } }),
    async (c) => c.json(await planning.getRoster(db(c), actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'patch', path: '/workforce/rosters/{id}', tags, permission: WRITE, summary: 'Publish a roster, or set it back to draft',
      request: { params: IdParam, ...jsonBody(RosterStatusInput) }, responses: { 200: json(RosterOutput) } }),
    async (c) => c.json(await planning.setRosterStatus(db(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/rosters/{id}/shifts', tags, permission: WRITE, summary: 'Add a shift from a template on a day (draft rosters; violations are flagged, not refused)',
      request: { params: IdParam, ...jsonBody(ShiftAddInput) }, responses: { 201: json(RosterOutput) } }),
    async (c) => c.json(await planning.addShift(db(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'patch', path: '/workforce/rosters/{id}/shifts/{shiftId}', tags, permission: WRITE, summary: 'Move a shift, change its length or its agent',
      request: { params: ShiftParams, ...jsonBody(ShiftUpdateInput) }, responses: { 200: json(RosterOutput) } }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await planning.updateShift(db(c), actorOf(c), p.id, p.shiftId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    route({ method: 'delete', path: '/workforce/rosters/{id}/shifts/{shiftId}', tags, permission: WRITE, summary: 'Delete a shift (?version= the roster version last read)',
      request: { params: ShiftParams, query: VersionQuery }, responses: { 200: json(RosterOutput) } }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await planning.deleteShift(db(c), actorOf(c), p.id, p.shiftId, c.req.valid('query').version), 200);
    },
  )
  .openapi(
    route({ method: 'get', path: '/workforce/rosters/{id}/revisions', tags, permission: READ, summary: 'Every version of a roster: who changed what',
      request: { params: IdParam }, responses: { 200: json(list(RevisionOutput)) } }),
    async (c) => c.json(await planning.rosterRevisions(db(c), actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'post', path: '/workforce/rosters/{id}/adherence', tags, permission: READ,
      summary: 'Adherence per agent and day: minutes in a working state (ready, on_call, acw) within scheduled working time, over scheduled working time; '
        + 'agent states from the CTI events, or posted in `states`',
      request: { params: IdParam, ...jsonBody(AdherenceInput) }, responses: { 200: json(AdherenceOutput) } }),
    async (c) => c.json(await planning.rosterAdherence(db(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
