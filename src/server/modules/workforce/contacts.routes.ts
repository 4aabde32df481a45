import { z } from '@hono/zod-openapi';
import {
  AgentInput, AgentList, AgentOutput, CtiInput, CtiOutput, ImportErrorsOutput, ImportJobList, ImportJobOutput, IngestInput, IngestOutput,
  KpiDefinition, KpiQuery, KpiReport, PreviewOutput, QueueInput, QueueList, QueueOutput, ScreenPop, SourceInput, SourceList, SourceOutput,
  WallboardOutput,
} from '../../../shared/contacts';
import type { Context } from 'hono';
import { actorOf, type AppEnv, IdParam, json, jsonBody, route, router } from '../../platform/http';
import * as contacts from './contacts.service';
import * as imports from './contacts-import.service';
import { ingestCtiEvents, screenPop } from './cti.service';
import { kpiReport, toDefinition, wallboard } from './kpi.service';

// /contacts/* and /cti/events — contact records (issue 4, items 1, 2, 7, 8): queues and agent
// logins, JSON ingest, CSV import jobs (chunked upload ≤ 1 MB per request, start, pause, resume,
// bad rows by line), KPI reports, the wallboard, the CTI webhook and the agent's screen pop.

const tags = ['contacts'];
const dbOf = (c: Context<AppEnv>) => c.get('deps').database.db;
/** The actor, speaking the request's language (Accept-Language first, as error messages do). */
const who = (c: Context<AppEnv>) => ({ ...actorOf(c), locale: c.get('locale') });

export const contactRoutes = router()
  .openapi(
    route({ method: 'get', path: '/contacts/queues', tags, permission: 'contact:read', summary: 'Queues in my scope', responses: { 200: json(QueueList) } }),
    async (c) => c.json(await contacts.listQueues(dbOf(c), who(c)), 200),
  )
  .openapi(
    route({ method: 'post', path: '/contacts/queues', tags, permission: 'contact:import', summary: 'Create a queue of a call centre (code as the switch names it)',
      request: jsonBody(QueueInput), responses: { 201: json(QueueOutput, 'Created') } }),
    async (c) => c.json(await contacts.createQueue(dbOf(c), who(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/contacts/agents', tags, permission: 'contact:read', summary: 'Agent logins on the switch and the users they map to', responses: { 200: json(AgentList) } }),
    async (c) => c.json(await contacts.listAgents(dbOf(c), who(c)), 200),
  )
  .openapi(
    route({ method: 'put', path: '/contacts/agents', tags, permission: 'contact:import', summary: 'Map a switch login to a user and team (created or updated by unit + login)',
      request: jsonBody(AgentInput), responses: { 200: json(AgentOutput) } }),
    async (c) => c.json(await contacts.upsertAgent(dbOf(c), who(c), c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/contacts/ingest', tags, permission: 'contact:import',
      summary: 'Ingest a JSON batch of calls; duplicates of (source, callId) are skipped; bad records listed by position with a translated reason, good ones kept',
      request: jsonBody(IngestInput), responses: { 200: json(IngestOutput) } }),
    async (c) => c.json(await contacts.ingestContacts(dbOf(c), who(c), c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/contacts/sources', tags, permission: 'contact:import', summary: 'CSV sources and their saved column mappings', responses: { 200: json(SourceList) } }),
    async (c) => c.json(await imports.listSources(dbOf(c), who(c)), 200),
  )
  .openapi(
    route({ method: 'put', path: '/contacts/sources', tags, permission: 'contact:import', summary: 'Save a CSV source (by code) with its column mapping, time zone and date format',
      request: jsonBody(SourceInput), responses: { 200: json(SourceOutput) } }),
    async (c) => c.json(await imports.saveSource(dbOf(c), who(c), c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/contacts/preview', tags, permission: 'contact:import', summary: 'Header and first 20 rows of a CSV sample (the delimiter guessed unless given)',
      request: jsonBody(z.object({ text: z.string().max(500_000), delimiter: z.string().length(1).optional() })), responses: { 200: json(PreviewOutput) } }),
    async (c) => {
      const { text, delimiter } = c.req.valid('json');
      return c.json(await imports.previewCsv(text, delimiter), 200);
    },
  )
  .openapi(
    route({ method: 'get', path: '/contacts/imports', tags, permission: 'contact:import', summary: 'Recent import jobs with their progress', responses: { 200: json(ImportJobList) } }),
    async (c) => c.json(await imports.listImports(dbOf(c), who(c)), 200),
  )
  .openapi(
    route({ method: 'post', path: '/contacts/imports', tags, permission: 'contact:import', summary: 'Announce a CSV file for a source; send it with PUT …/chunks, then POST …/start',
      request: jsonBody(z.object({ sourceId: z.string().uuid(), fileName: z.string().min(1).max(255), fileBytes: z.number().int().min(1).max(20 * 1024 ** 3) })),
      responses: { 201: json(ImportJobOutput, 'Created') } }),
    async (c) => c.json(await imports.createImport(dbOf(c), who(c), c.get('deps').config.dataDir, c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/contacts/imports/{id}', tags, permission: 'contact:import', summary: 'An import job: status, lines and bytes done, good / bad / duplicate counts',
      request: { params: IdParam }, responses: { 200: json(ImportJobOutput) } }),
    async (c) => c.json(await imports.getImport(dbOf(c), who(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'put', path: '/contacts/imports/{id}/chunks', tags, permission: 'contact:import',
      summary: 'Append up to 1 MB of the file at byte `offset` (raw body); a repeated chunk is ignored, so an interrupted upload resumes from `received`',
      request: { params: IdParam, query: z.object({ offset: z.coerce.number().int().min(0) }) },
      responses: { 200: json(z.object({ received: z.number(), fileBytes: z.number() })) } }),
    async (c) => c.json(await imports.appendChunk(dbOf(c), who(c), c.req.valid('param').id, c.req.valid('query').offset, new Uint8Array(await c.req.arrayBuffer())), 200),
  )
  .openapi(
    route({ method: 'post', path: '/contacts/imports/{id}/start', tags, permission: 'contact:import',
      summary: 'Run (or resume) the import in the background from its last committed batch; a job whose process died resumes the same way',
      request: { params: IdParam }, responses: { 202: json(ImportJobOutput, 'Started') } }),
    async (c) => c.json(await imports.startImport(dbOf(c), who(c), c.req.valid('param').id), 202),
  )
  .openapi(
    route({ method: 'post', path: '/contacts/imports/{id}/pause', tags, permission: 'contact:import', summary: 'Stop after the batch in progress; start resumes it',
      request: { params: IdParam }, responses: { 200: json(ImportJobOutput) } }),
    async (c) => c.json(await imports.pauseImport(dbOf(c), who(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'get', path: '/contacts/imports/{id}/errors', tags, permission: 'contact:import', summary: 'Bad rows by line number with the reason in my language',
      request: { params: IdParam, query: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
      responses: { 200: json(ImportErrorsOutput) } }),
    async (c) => c.json(await imports.listImportErrors(dbOf(c), who(c), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/contacts/kpis', tags, permission: 'contact:read',
      summary: 'KPIs (offered, answered, abandoned, short abandons, service level, abandon rate, ASA, AHT, occupancy, FCR) by interval, queue, team or agent; the definition is named',
      request: { query: KpiQuery }, responses: { 200: json(KpiReport) } }),
    async (c) => c.json(await kpiReport(dbOf(c), who(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/contacts/wallboard', tags, permission: 'contact:read',
      summary: 'Live state per queue: calls waiting, longest wait, agents by state, today so far (Asia/Shanghai day)',
      request: { query: KpiDefinition.extend({ queueId: z.string().uuid().optional() }) }, responses: { 200: json(WallboardOutput) } }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await wallboard(dbOf(c), who(c), { now: new Date(), queueId: q.queueId, def: toDefinition(q) }), 200);
    },
  )
  .openapi(
    route({ method: 'get', path: '/contacts/calls/{callId}/pop', tags, permission: 'authenticated',
      summary: "Screen pop of a call in progress: the caller's customer files (masked) — for the agent on the call, or contact:read",
      request: { params: z.object({ callId: z.string().min(1).max(128).openapi({ param: { name: 'callId', in: 'path' } }) }) }, responses: { 200: json(ScreenPop) } }),
    async (c) => c.json(await screenPop(dbOf(c), who(c), c.req.valid('param').callId), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cti/events', tags: ['cti'], permission: 'cti:ingest',
      summary: 'CTI webhook: queued, ringing, answered, abandoned, ended and agent_state events, applied in order in one transaction; ringing/answered pop the caller to the agent',
      request: jsonBody(CtiInput), responses: { 200: json(CtiOutput) } }),
    async (c) => c.json(await ingestCtiEvents(dbOf(c), who(c), c.req.valid('json')), 200),
  );
