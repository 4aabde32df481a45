import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Province → city → business hall / call centre → team. `path` is the chain of ids, for subtree checks. */
export const orgUnits = pgTable('org_units', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id'),
  kind: text('kind').notNull(), // province | city | hall | call_centre | team
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** '/<root id>/<child id>/…/<own id>/' so a subtree is `path LIKE '<prefix>%'`. */
  path: text('path').notNull(),
  /** Teams that take transfers and work orders (broadband team, field technicians). */
  isResolverGroup: boolean('is_resolver_group').notNull().default(false),
  /** Rural sites get the countryside commitments. */
  rural: boolean('rural').notNull().default(false),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('org_units_code_uq').on(t.code),
  index('org_units_path_idx').on(t.path),
  index('org_units_parent_idx').on(t.parentId),
]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  locale: text('locale').notNull().default('zh-CN'),
  phone: text('phone'),
  email: text('email'),
  active: boolean('active').notNull().default(true),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
  index('users_org_idx').on(t.orgUnitId),
]);

/** A role held over an org subtree (by default the user's own unit). */
export const userRoles = pgTable('user_roles', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  role: text('role').notNull(),
  scopeOrgUnitId: uuid('scope_org_unit_id').notNull().references(() => orgUnits.id),
}, (t) => [primaryKey({ columns: [t.userId, t.role, t.scopeOrgUnitId] })]);

/** Browser sessions; the cookie holds the token, the table only its SHA-256. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** Bearer tokens for integrations. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  name: text('name').notNull().default(''),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
}, (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)]);

/** Every write: who, what, when, before and after. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull().defaultNow(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: text('entity_id'),
  orgUnitId: uuid('org_unit_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
}, (t) => [
  index('audit_log_at_idx').on(t.at),
  index('audit_log_entity_idx').on(t.entityType, t.entityId),
  index('audit_log_actor_idx').on(t.actorId, t.at),
]);

/** Organisation-wide settings (repeat-complaint window, remediation approval limit, …). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
