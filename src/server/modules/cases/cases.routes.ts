import { z } from '@hono/zod-openapi';
import {
  CancelInput, CaseCreateInput, CaseListQuery, CaseOutput, CasePage, CaseUpdateInput, CommentInput, CommentOutput, ConfirmInput,
  EscalateInput, LinkInput, MergeInput, ReopenInput, ResolveInput, TimelineOutput, TransferInput,
} from '../../../shared/cases';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import * as cases from './cases.service';

// /cases — the case lifecycle: intake, edits, transfer (first responder stays), escalate, resolve,
// confirm, reopen, cancel, merge, links, comments, timeline; and /customers/{id}/cases.

const CaseList = z.object({ items: z.array(CaseOutput) });
const CommentList = z.object({ items: z.array(CommentOutput) });
const tags = ['cases'];

export const caseRoutes = router()
  .openapi(
    route({ method: 'get', path: '/cases', tags, permission: 'case:read',
      summary: 'Search (q, Chinese words) and filter the cases I may see; newest first, keyset cursor',
      request: { query: CaseListQuery }, responses: { 200: json(CasePage) } }),
    async (c) => c.json(await cases.listCases(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases', tags, permission: 'case:create',
      summary: 'Record a case; I become its first responder. Either customerId or an inline customer { name, phone }',
      request: jsonBody(CaseCreateInput), responses: { 201: json(CaseOutput, 'Created') } }),
    async (c) => c.json(await cases.createCase(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}', tags, permission: 'case:read',
      summary: 'One case with its first responder, owner, group, customer and category path',
      request: { params: IdParam }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.getCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'patch', path: '/cases/{id}', tags, permission: 'case:update',
      summary: 'Edit a case or move it to accepted / in_progress / waiting_customer; `version` is the one last read (stale → 409)',
      request: { params: IdParam, ...jsonBody(CaseUpdateInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.updateCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/transfer', tags, permission: 'case:transfer',
      summary: 'Hand the case to a user or resolver group with a reason; a return to an earlier holder counts as a bounce',
      request: { params: IdParam, ...jsonBody(TransferInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.transferCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/escalate', tags, permission: 'case:escalate',
      summary: 'Raise the escalation level (1 supervisor, 2 manager, 3 complaints office) with a reason',
      request: { params: IdParam, ...jsonBody(EscalateInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.escalateCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/resolve', tags, permission: 'case:resolve',
      summary: 'Resolve with a resolution code and summary; the customer then confirms',
      request: { params: IdParam, ...jsonBody(ResolveInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.resolveCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/confirm', tags, permission: 'case:resolve',
      summary: "Record the customer's confirmation: satisfied closes the case, unsatisfied reopens it",
      request: { params: IdParam, ...jsonBody(ConfirmInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.confirmCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/reopen', tags, permission: 'case:reopen',
      summary: 'Reopen a resolved or closed case with a reason',
      request: { params: IdParam, ...jsonBody(ReopenInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.reopenCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/cancel', tags, permission: 'case:cancel',
      summary: 'Cancel an open case with a reason',
      request: { params: IdParam, ...jsonBody(CancelInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.cancelCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/merge', tags, permission: 'case:merge',
      summary: 'Merge this duplicate into a surviving case: it is closed as "duplicate" and points at the survivor',
      request: { params: IdParam, ...jsonBody(MergeInput) }, responses: { 200: json(CaseOutput) } }),
    async (c) => c.json(await cases.mergeCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/links', tags, permission: 'case:read',
      summary: 'Related cases I may see', request: { params: IdParam }, responses: { 200: json(CaseList) } }),
    async (c) => c.json(await cases.listLinks(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/links', tags, permission: 'case:update',
      summary: 'Link a related case (idempotent); answers the related cases',
      request: { params: IdParam, ...jsonBody(LinkInput) }, responses: { 200: json(CaseList) } }),
    async (c) => c.json(await cases.linkCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/comments', tags, permission: 'case:read',
      summary: 'Internal and public comments, oldest first', request: { params: IdParam }, responses: { 200: json(CommentList) } }),
    async (c) => c.json(await cases.listComments(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'post', path: '/cases/{id}/comments', tags, permission: 'case:comment',
      summary: 'Add a comment; `public` ones may be shown to the customer',
      request: { params: IdParam, ...jsonBody(CommentInput) }, responses: { 201: json(CommentOutput, 'Created') } }),
    async (c) => c.json(await cases.addComment(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/timeline', tags, permission: 'case:read',
      summary: 'Every event on the case, oldest first, with who did it', request: { params: IdParam }, responses: { 200: json(TimelineOutput) } }),
    async (c) => c.json(await cases.getTimeline(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'get', path: '/customers/{id}/cases', tags: ['cases', 'customers'], permission: 'customer:read',
      summary: "A customer's cases, newest first", request: { params: IdParam, query: CaseListQuery }, responses: { 200: json(CasePage) } }),
    async (c) => c.json(await cases.listCustomerCases(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
