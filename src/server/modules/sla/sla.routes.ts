import { z } from '@hono/zod-openapi';
import {
  CalendarCreateInput, CalendarImportInput, CalendarList, CalendarOutput, CalendarUpdateInput, ChinaStatutoryInput,
  SlaDueInput, SlaDueOutput, SlaElapsedInput, SlaElapsedOutput,
} from '../../../shared/calendars';
import { AppError } from '../../platform/errors';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import { translator } from '../../platform/i18n';
import * as calendars from './calendars.service';

// /calendars — business calendars (营业时间与节假日); /sla/due and /sla/elapsed — business-time arithmetic on them.

const Ok = z.object({ ok: z.literal(true) });

export const slaRoutes = router();

// `duplicate` names the field ("日历名称已存在"): translate it here, where the caller's language is known.
slaRoutes.onError((err, c) => {
  if (err instanceof AppError && err.code === 'duplicate' && typeof err.params.field === 'string') {
    const t = translator(c.get('locale') ?? 'zh-CN');
    throw new AppError('duplicate', { ...err.params, field: t(`reasons.field_${err.params.field}`, { defaultValue: err.params.field }) }, err.details);
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
  );
