import { z } from '@hono/zod-openapi';
import {
  CustomerCreateInput, CustomerListQuery, CustomerOutput, CustomerPage, CustomerRevealInput, CustomerUpdateInput,
} from '../../../shared/customers';
import { actorOf, IdParam, json, jsonBody, route, router } from '../../platform/http';
import * as customers from './customers.service';

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
  );
