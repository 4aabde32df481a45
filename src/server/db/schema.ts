// The one Drizzle schema: every module's tables, for drizzle-kit and the typed client.
export * from '../modules/platform/platform.table';
export * from '../modules/customers/customers.table';
export * from '../modules/cases/cases.table';
export * from '../modules/sla/sla.table';
export * from '../platform/jobs.table';
export * from '../modules/notifications/notifications.table';
export * from '../modules/callbacks/callbacks.table';
export * from '../modules/workforce/contacts.table';
export * from '../modules/workforce/planning.table';
