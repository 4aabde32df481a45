import { z } from '@hono/zod-openapi';
import {
  AuditPage, AuditQuery, OrgUnitInput, OrgUnitOutput, OrgUnitUpdateInput, UserCreateInput, UserListQuery, UserOutput, UserPage, UserUpdateInput,
} from '../../../shared/platform';
import { PERMISSIONS, ROLES } from '../../../shared/roles';
import { AppError } from '../../platform/errors';
import { actorOf, json, jsonBody, route, router } from '../../platform/http';
import { translator } from '../../platform/i18n';
import { searchAudit } from './audit.service';
import * as orgs from './org-units.service';
import * as usersService from './users.service';

// /org-units, /groups, /users, /roles, /audit — the platform's administration API.

// Built from this file's zod (extended with .openapi), not the shared Uuid, which may predate the extension.
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
/** `?tree=1`, `?active=true`, … */
const Flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const OrgUnitList = z.object({ items: z.array(OrgUnitOutput), nextCursor: z.null() });
const OrgUnitNode = OrgUnitOutput.extend({
  children: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'child units, each an OrgUnitNode' }),
}).openapi('OrgUnitNode');
const OrgUnitTree = z.object({ items: z.array(OrgUnitNode), nextCursor: z.null() });
const RoleList = z.object({ items: z.array(z.object({ role: z.enum(ROLES), permissions: z.array(z.enum(PERMISSIONS)) })) });

export const adminRoutes = router();

// The `duplicate` message names the field ("用户名已存在"): translate the field here, where the
// caller's language is known, before the app's error handler renders it.
adminRoutes.onError((err, c) => {
  if (err instanceof AppError && err.code === 'duplicate' && typeof err.params.field === 'string') {
    const t = translator(c.get('locale') ?? 'zh-CN');
    const field = err.params.field;
    throw new AppError('duplicate', { ...err.params, field: t(`reasons.field_${field}`, { defaultValue: field }) }, err.details);
  }
  throw err;
});

adminRoutes
  .openapi(
    route({ method: 'get', path: '/org-units', tags: ['platform'], permission: 'org:read',
      summary: 'Org units in my org:read scope: flat (depth-first, with parentId), or nested with ?tree=1',
      request: { query: z.object({ tree: Flag.optional(), active: Flag.optional() }) },
      responses: { 200: json(z.union([OrgUnitList, OrgUnitTree])) } }),
    async (c) => {
      const { tree, active } = c.req.valid('query');
      const r = await orgs.listOrgUnits(c.get('deps').database.db, actorOf(c), { tree, activeOnly: active });
      return c.json({ items: tree ? r.tree : r.items, nextCursor: null }, 200);
    },
  )
  .openapi(
    route({ method: 'post', path: '/org-units', tags: ['platform'], permission: 'org:manage',
      summary: 'Add an org unit under a parent I manage', request: jsonBody(OrgUnitInput), responses: { 201: json(OrgUnitOutput, 'Created') } }),
    async (c) => c.json(await orgs.createOrgUnit(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/org-units/{id}', tags: ['platform'], permission: 'org:read',
      summary: 'One org unit', request: { params: IdParam }, responses: { 200: json(OrgUnitOutput) } }),
    async (c) => c.json(await orgs.getOrgUnit(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'patch', path: '/org-units/{id}', tags: ['platform'], permission: 'org:manage',
      summary: 'Rename, re-kind, flag or (de)activate an org unit (send the version you read)',
      request: { params: IdParam, ...jsonBody(OrgUnitUpdateInput) }, responses: { 200: json(OrgUnitOutput) } }),
    async (c) => c.json(await orgs.updateOrgUnit(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/org-units/{id}/members', tags: ['platform'], permission: 'user:read',
      summary: 'The users of an org unit (?subtree=1: and of every unit below it)',
      request: { params: IdParam, query: z.object({ subtree: Flag.optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: { 200: json(UserPage) } }),
    async (c) => c.json(await usersService.listMembers(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/groups', tags: ['platform'], permission: 'org:read',
      summary: 'Active resolver groups of the whole organisation, for transfer and dispatch pickers', responses: { 200: json(OrgUnitList) } }),
    async (c) => c.json({ items: await orgs.listResolverGroups(c.get('deps').database.db, actorOf(c)), nextCursor: null }, 200),
  )
  .openapi(
    route({ method: 'get', path: '/users', tags: ['platform'], permission: 'user:read',
      summary: 'Users in my user:read scope; q matches username or name; orgUnitId covers that unit and those below it',
      request: { query: UserListQuery.extend({ active: Flag.optional() }) }, responses: { 200: json(UserPage) } }),
    async (c) => c.json(await usersService.listUsers(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({ method: 'post', path: '/users', tags: ['platform'], permission: 'user:manage',
      summary: 'Create a user with roles over their org unit', request: jsonBody(UserCreateInput), responses: { 201: json(UserOutput, 'Created') } }),
    async (c) => c.json(await usersService.createUser(c.get('deps').database.db, actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({ method: 'get', path: '/users/{id}', tags: ['platform'], permission: 'user:read',
      summary: 'One user', request: { params: IdParam }, responses: { 200: json(UserOutput) } }),
    async (c) => c.json(await usersService.getUser(c.get('deps').database.db, actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({ method: 'patch', path: '/users/{id}', tags: ['platform'], permission: 'user:manage',
      summary: 'Edit a user: roles (replace), unit, language, deactivate (ends their sessions), password reset (must change at next login)',
      request: { params: IdParam, ...jsonBody(UserUpdateInput) }, responses: { 200: json(UserOutput) } }),
    async (c) => c.json(await usersService.updateUser(c.get('deps').database.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({ method: 'get', path: '/roles', tags: ['platform'], permission: 'authenticated',
      summary: 'Every role and the permissions it grants', responses: { 200: json(RoleList) } }),
    async (c) => c.json({ items: usersService.listRoles() }, 200),
  )
  .openapi(
    route({ method: 'get', path: '/audit', tags: ['platform'], permission: 'audit:read',
      summary: 'Search the audit log, newest first (action matches as a prefix; from inclusive, to exclusive)',
      request: { query: AuditQuery }, responses: { 200: json(AuditPage) } }),
    async (c) => c.json(await searchAudit(c.get('deps').database.db, actorOf(c), c.req.valid('query')), 200),
  );
