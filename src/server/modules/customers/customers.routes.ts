import { z } from '@hono/zod-openapi';
import {
  CustomerCreateInput, CustomerListQuery, CustomerOutput, CustomerPage, CustomerRevealInput, CustomerUpdateInput,
} from '../../../shared/customers';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import * as customers from './customers.service';
import * as pipl from './pipl.service';

/** A customer's own data, unmasked (PIPL art. 45). Loose on purpose: the export carries whatever the cases hold. */
const CustomerExport = z.object({
  exportedAt: z.string(), format: z.string(),
  customer: z.record(z.string(), z.unknown()), services: z.array(z.record(z.string(), z.unknown())),
  cases: z.array(z.record(z.string(), z.unknown())),
}).openapi('CustomerExport');
const AnonymiseInput = z.object({ reason: z.string().trim().min(2).max(200) });
const AnonymiseOutput = z.object({ id: z.string(), name: z.string(), cases: z.number().int() });

// /customers — customer files (客户档案). Personal data comes masked; /reveal shows it, audited.
// IdParam: see platform/http.ts

export const customerRoutes = router()
  .openapi(
    route({ method: 'get', path: '/customers', tags: ['customers'], permission: 'customer:read',
      summary: 'Search customers by name, phone fragment (3+ digits) or ID number; newest first',
      request: { query: CustomerListQuery }, responses: { 200: json(CustomerPage) } }),
    async (c) => c.json(await customers.listCustomers(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/customers', tags: ['customers'], permission: 'customer:create',
      summary: 'Create a customer file (at my own site unless orgUnitId is given)',
      request: jsonBody(CustomerCreateInput), responses: { 201: json(CustomerOutput, 'Created') } }),
    async (c) => c.json(await customers.addCustomer(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/customers/{id}', tags: ['customers'], permission: 'customer:read',
      summary: 'One customer file, personal data masked',
      request: { params: IdParam }, responses: { 200: json(CustomerOutput) } }),
    async (c) => c.json(await customers.getCustomer(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'patch', path: '/customers/{id}', tags: ['customers'], permission: 'customer:update',
      summary: 'Edit a customer file; `version` is the one last read (stale → 409); `services` replaces the list',
      request: { params: IdParam, ...jsonBody(CustomerUpdateInput) }, responses: { 200: json(CustomerOutput) } }),
    async (c) => c.json(await customers.updateCustomer(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/customers/{id}/reveal', tags: ['customers'], permission: 'customer:reveal',
      summary: 'Show the personal data unmasked, with a reason written to the audit log',
      request: { params: IdParam, ...jsonBody(CustomerRevealInput) }, responses: { 200: json(CustomerOutput) } }),
    async (c) => c.json(await customers.revealCustomer(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/customers/{id}/export', tags: ['customers'], permission: 'customer:export',
      summary: "Everything held about a customer, unmasked, as JSON (PIPL: the customer's copy); audited",
      request: { params: IdParam }, responses: { 200: json(CustomerExport) } }),
    async (c) => {
      const id = c.req.valid('param').id;
      const out = await pipl.exportCustomer(c.get('deps').database.db, actorOf(c), id);
      c.header('Content-Disposition', `attachment; filename="customer-${id}.json"`);
      c.header('Cache-Control', 'private, no-store');
      return c.json(out, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/customers/{id}/anonymise', tags: ['customers'], permission: 'customer:erase',
      summary: "Erase a customer's personal data irreversibly, keeping their cases and statistics; a reason is required; audited without the erased data",
      request: { params: IdParam, ...jsonBody(AnonymiseInput) }, responses: { 200: json(AnonymiseOutput) } }),
    async (c) => c.json(await pipl.anonymiseCustomer(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
