import { integer, jsonb, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import type { CalendarDefinition } from '../../../shared/calendars';
import { orgUnits } from '../platform/platform.table';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Business calendars (营业时间与节假日). `definition` is the JSON form of
 * issue 3 exactly as validated (so export → import round-trips); `name` and
 * `timezone` are copied out of it for listing and lookups.
 */
export const businessCalendars = pgTable('business_calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  timezone: text('timezone').notNull(),
  definition: jsonb('definition').$type<CalendarDefinition>().notNull(),
  /** The site whose hours these are; null for an organisation-wide calendar. */
  orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [index('business_calendars_org_idx').on(t.orgUnitId)]);
