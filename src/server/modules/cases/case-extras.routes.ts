import fs from 'node:fs';
import { Readable } from 'node:stream';
import { z } from '@hono/zod-openapi';
import {
  AttachmentOutput, CategoryInput, CategoryOutput, DispatchInput, RemediationDecisionInput, RemediationInput, RemediationOutput,
  WORK_ORDER_STATUSES, WorkOrderOutput, WorkOrderStepInput,
} from '../../../shared/cases';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { translator } from '../../platform/i18n';
import * as attachments from './attachments.service';
import * as categories from './categories.service';
import * as remediation from './remediation.service';
import * as workOrders from './work-orders.service';

// Work orders (派工), remediation (补救), attachments, the category tree and the remediation limit.

const Flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const Cursor = { cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) };
const WorkOrderStatus = z.enum(WORK_ORDER_STATUSES);

const WorkOrderList = z.object({ items: z.array(WorkOrderOutput), nextCursor: z.string().nullable() });
const RemediationItem = RemediationOutput.extend({ caseNumber: z.string().optional() });
const RemediationList = z.object({ items: z.array(RemediationItem), nextCursor: z.string().nullable() });
const AttachmentList = z.object({ items: z.array(AttachmentOutput), nextCursor: z.null() });
const CategoryNode = CategoryOutput.extend({
  children: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'child categories, each a CategoryNode' }),
});
const CategoryList = z.object({ items: z.union([z.array(CategoryOutput), z.array(CategoryNode)]), nextCursor: z.null() });
const RemediationSettings = z.object({ approvalLimitCents: z.number().int().min(0).max(100_000_000) });
const UploadForm = z.object({
  file: z.custom<File>((v) => v instanceof File, { message: 'file_required' }).openapi({ type: 'string', format: 'binary' }),
});

const dataDir = (c: { get: (k: 'deps') => { config: { dataDir: string } } }) => c.get('deps').config.dataDir;

export const caseExtraRoutes = router();

// `duplicate` names the field ("分类编码已存在"): translate it here, where the caller's language is known.
caseExtraRoutes.onError((err, c) => {
  if (err instanceof AppError && err.code === 'duplicate' && typeof err.params.field === 'string') {
    const t = translator(c.get('locale') ?? 'zh-CN');
    const field = err.params.field;
    throw new AppError('duplicate', { ...err.params, field: t(`reasons.field_${field}`, { defaultValue: field }) }, err.details);
  }
  throw err;
});

caseExtraRoutes
  // ------------------------------------------------------------ work orders
  .openapi(
    route({ method: 'post', path: '/cases/{id}/dispatch', tags: ['work orders'], permission: 'case:dispatch',
      summary: 'Dispatch a work order (派工单) to a resolver group; a new or accepted case moves to in_progress',
      request: { params: IdParam, ...jsonBody(DispatchInput) }, responses: { 201: json(WorkOrderOutput, 'Dispatched') } }),
    async (c) => c.json(await workOrders.dispatchCase(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/work-orders', tags: ['work orders'], permission: 'case:read',
      summary: 'The work orders of a case with their steps, oldest first',
      request: { params: IdParam }, responses: { 200: json(WorkOrderList) } }),
    async (c) => c.json({ items: await workOrders.listCaseWorkOrders(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), nextCursor: null }, 200),
  )
  .openapi(
    route({ method: 'get', path: '/work-orders', tags: ['work orders'], permission: 'workorder:update',
      summary: "The technicians' queue: work orders of the resolver groups in my scope, oldest first",
      request: { query: z.object({ groupId: z.string().uuid().optional(), status: z.union([WorkOrderStatus, z.array(WorkOrderStatus)]).optional(), ...Cursor }) },
      responses: { 200: json(WorkOrderList) } }),
    async (c) => c.json(await workOrders.listWorkOrders(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/work-orders/{id}/steps', tags: ['work orders'], permission: 'workorder:update',
      summary: 'Record a step: accepted → on_site → done in this order (else 409), or a note at any time',
      request: { params: IdParam, ...jsonBody(WorkOrderStepInput) }, responses: { 200: json(WorkOrderOutput) } }),
    async (c) => c.json(await workOrders.addWorkOrderStep(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  // ------------------------------------------------------------ remediation
  .openapi(
    route({ method: 'post', path: '/cases/{id}/remediations', tags: ['remediation'], permission: 'remediation:request',
      summary: 'Offer a remediation (补救); approved at once up to the configured limit, otherwise pending a supervisor',
      request: { params: IdParam, ...jsonBody(RemediationInput) }, responses: { 201: json(RemediationItem, 'Recorded') } }),
    async (c) => c.json(await remediation.requestRemediation(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/remediations', tags: ['remediation'], permission: 'case:read',
      summary: 'The remediations of a case, oldest first',
      request: { params: IdParam }, responses: { 200: json(RemediationList) } }),
    async (c) => c.json({ items: await remediation.listCaseRemediations(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), nextCursor: null }, 200),
  )
  .openapi(
    route({ method: 'get', path: '/remediations', tags: ['remediation'], permission: 'remediation:approve',
      summary: 'Remediations at the sites I approve for (e.g. ?status=pending), newest first',
      request: { query: z.object({ status: z.enum(['approved', 'pending', 'rejected']).optional(), ...Cursor }) },
      responses: { 200: json(RemediationList) } }),
    async (c) => c.json(await remediation.listRemediations(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/remediations/{id}/decision', tags: ['remediation'], permission: 'remediation:approve',
      summary: 'Approve or reject a pending remediation; the requester cannot decide their own (409)',
      request: { params: IdParam, ...jsonBody(RemediationDecisionInput) }, responses: { 200: json(RemediationItem) } }),
    async (c) => c.json(await remediation.decideRemediation(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/settings/remediation', tags: ['remediation'], permission: 'settings:manage',
      summary: 'The amount (in fen) above which remediation needs approval',
      responses: { 200: json(RemediationSettings) } }),
    async (c) => c.json(await remediation.getRemediationSettings(c.get('deps').database.db, actorOf(c)), 200),
  )
  .openapi(
    route({ method: 'put', path: '/settings/remediation', tags: ['remediation'], permission: 'settings:manage',
      summary: 'Set the amount (in fen) above which remediation needs approval',
      request: jsonBody(RemediationSettings), responses: { 200: json(RemediationSettings) } }),
    async (c) => c.json(await remediation.setRemediationSettings(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 200),
  )
  // ------------------------------------------------------------ attachments
  .openapi(
    route({ method: 'post', path: '/cases/{id}/attachments', tags: ['attachments'], permission: 'case:comment',
      summary: 'Attach a file (form field `file`, ≤ 20 MB): images, PDF, office documents, text, audio recordings; others 415',
      request: { params: IdParam, body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true } },
      responses: {
        201: json(AttachmentOutput, 'Stored'),
        413: json(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Larger than 20 MB'),
        415: json(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Type not accepted'),
      } }),
    async (c) => {
      const { file } = c.req.valid('form');
      const bytes = Buffer.from(await file.arrayBuffer());
      const out = await attachments.addAttachment(c.get('deps').database.db, actorOf(c), dataDir(c), c.req.valid('param').id, { name: file.name, bytes });
      return c.json(out, 201);
    },
  )
  .openapi(
    route({ method: 'get', path: '/cases/{id}/attachments', tags: ['attachments'], permission: 'case:read',
      summary: 'The attachments of a case, oldest first',
      request: { params: IdParam }, responses: { 200: json(AttachmentList) } }),
    async (c) => c.json({ items: await attachments.listAttachments(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), nextCursor: null }, 200),
  )
  .openapi(
    route({ method: 'get', path: '/attachments/{id}/download', tags: ['attachments'], permission: 'case:read',
      summary: 'Download an attachment (always as a download, never rendered inline)',
      request: { params: IdParam },
      responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } } } }),
    async (c) => {
      const a = await attachments.openAttachment(c.get('deps').database.db, actorOf(c), dataDir(c), c.req.valid('param').id);
      const stream = Readable.toWeb(fs.createReadStream(a.filePath)) as unknown as ReadableStream;
      return new Response(stream, {
        status: 200,
        headers: {
          'Content-Type': a.contentType,
          'Content-Length': String(a.size),
          'Content-Disposition': attachments.contentDisposition(a.filename),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'Cache-Control': 'private, no-store',
          'Digest': `sha-256=${Buffer.from(a.sha256, 'hex').toString('base64')}`,
        },
      });
    },
  )
  // ------------------------------------------------------------ categories
  .openapi(
    route({ method: 'get', path: '/categories', tags: ['categories'], permission: 'authenticated',
      summary: 'Case categories: flat (depth-first, with parentId) or nested with ?tree=1; active only unless ?includeInactive=1',
      request: { query: z.object({ tree: Flag.optional(), includeInactive: Flag.optional() }) }, responses: { 200: json(CategoryList) } }),
    async (c) => {
      const q = c.req.valid('query');
      const items = await categories.listCategories(c.get('deps').database.db, { tree: q.tree ?? false, includeInactive: q.includeInactive ?? false });
      return c.json({ items, nextCursor: null }, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/categories', tags: ['categories'], permission: 'category:manage',
      summary: 'Add a category at the top or under an active parent',
      request: jsonBody(CategoryInput), responses: { 201: json(CategoryOutput, 'Created') } }),
    async (c) => c.json(await categories.createCategory(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'patch', path: '/categories/{id}', tags: ['categories'], permission: 'category:manage',
      summary: 'Edit, move, deactivate (with its subtree) or reactivate a category; `version` as last read (stale → 409); never under its own descendant (409)',
      request: { params: IdParam, ...jsonBody(categories.CategoryUpdateInput) }, responses: { 200: json(CategoryOutput) } }),
    async (c) => c.json(await categories.updateCategory(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
