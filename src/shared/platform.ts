import { z } from 'zod';
import { IsoInstant, LOCALE_CODES, PageQuery, Uuid, pageOf } from './common';
import { ROLES } from './roles';

export const ORG_UNIT_KINDS = ['province', 'city', 'hall', 'call_centre', 'team'] as const;

export const OrgUnitInput = z.object({
  parentId: Uuid,
  kind: z.enum(ORG_UNIT_KINDS),
  code: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
  name: z.string().trim().min(1).max(100),
  isResolverGroup: z.boolean().default(false),
  rural: z.boolean().default(false),
});
export const OrgUnitUpdateInput = OrgUnitInput.omit({ parentId: true, code: true }).partial().extend({ version: z.number().int().positive(), active: z.boolean().optional() });
export const OrgUnitOutput = z.object({
  id: Uuid, parentId: Uuid.nullable(), kind: z.enum(ORG_UNIT_KINDS), code: z.string(), name: z.string(),
  isResolverGroup: z.boolean(), rural: z.boolean(), active: z.boolean(), version: z.number().int(),
});

export const UserCreateInput = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.@-]+$/),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(8).max(256),
  roles: z.array(z.enum(ROLES)).min(1),
  orgUnitId: Uuid,
  locale: z.enum(LOCALE_CODES).default('zh-CN'),
  phone: z.string().trim().max(32).optional(),
  email: z.string().trim().email().max(200).optional(),
});
export const UserUpdateInput = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(100).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  orgUnitId: Uuid.optional(),
  locale: z.enum(LOCALE_CODES).optional(),
  active: z.boolean().optional(),
  password: z.string().min(8).max(256).optional(),
});
export const UserOutput = z.object({
  id: Uuid, username: z.string(), name: z.string(), orgUnitId: Uuid, orgUnitName: z.string().optional(),
  roles: z.array(z.enum(ROLES)), locale: z.enum(LOCALE_CODES), active: z.boolean(), version: z.number().int(), createdAt: IsoInstant,
});
export const UserListQuery = PageQuery.extend({ q: z.string().trim().max(100).optional(), orgUnitId: Uuid.optional(), role: z.enum(ROLES).optional() });
export const UserPage = pageOf(UserOutput);

export const AuditQuery = PageQuery.extend({
  actorId: Uuid.optional(), entityType: z.string().max(50).optional(), entityId: z.string().max(100).optional(),
  action: z.string().max(100).optional(), from: IsoInstant.optional(), to: IsoInstant.optional(),
});
export const AuditEntryOutput = z.object({
  id: z.number().int(), at: IsoInstant, actorId: Uuid.nullable(), actorName: z.string().nullable(), action: z.string(),
  entityType: z.string(), entityId: z.string().nullable(), orgUnitId: Uuid.nullable(), before: z.unknown(), after: z.unknown(), ip: z.string().nullable(),
});
export const AuditPage = pageOf(AuditEntryOutput);
