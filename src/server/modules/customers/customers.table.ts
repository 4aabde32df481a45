import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgUnits } from '../platform/platform.table';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The site that holds the customer's file; scopes who may see it. */
  orgUnitId: uuid('org_unit_id').notNull().references(() => orgUnits.id),
  name: text('name').notNull(),
  type: text('type').notNull().default('individual'), // individual | business | internal
  valueTier: text('value_tier').notNull().default('ordinary'), // key | ordinary
  lifecycle: text('lifecycle').notNull().default('new'), // potential | new | loyal | at_risk | lost
  phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
  /** Digits of every phone, space-separated: trigram-indexed for fragment search (last four digits). */
  phoneDigits: text('phone_digits').notNull().default(''),
  idNumber: text('id_number'),
  address: text('address'),
  email: text('email'),
  notes: text('notes'),
  /** jieba cut-for-search tokens of the name, space-joined. */
  searchTokens: text('search_tokens').notNull().default(''),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('customers_org_idx').on(t.orgUnitId),
  index('customers_phone_trgm_idx').using('gin', sql`${t.phoneDigits} gin_trgm_ops`),
  index('customers_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  index('customers_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchTokens})`),
  index('customers_id_number_idx').on(t.idNumber),
]);

/** Lines, broadband accounts and packages a customer holds. */
export const customerServices = pgTable('customer_services', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(), // mobile | broadband | fixed | iptv | package
  identifier: text('identifier').notNull(),
  name: text('name'),
  status: text('status').notNull().default('active'), // active | suspended | closed
  startedAt: ts('started_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('customer_services_customer_idx').on(t.customerId), index('customer_services_ident_idx').on(t.identifier)]);
