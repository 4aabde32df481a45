import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../platform/http';
import { caseExtraRoutes } from './cases/case-extras.routes';
import { caseRoutes } from './cases/cases.routes';
import { customerRoutes } from './customers/customers.routes';
import { adminRoutes } from './platform/admin.routes';
import { slaRoutes } from './sla/sla.routes';
import { workforceRoutes } from './workforce/workforce.routes';
import { contactRoutes } from './workforce/contacts.routes';
import { planningRoutes } from './workforce/planning.routes';
import { liveRoutes } from '../platform/live';
import { notificationRoutes } from './notifications/notifications.routes';
import { callbackRoutes } from './callbacks/callbacks.routes';
import { reportRoutes } from './reports/reports.routes';

// Every module's routes, mounted under /api/v1 by app.ts. Add a module here.
export const apiModules: OpenAPIHono<AppEnv>[] = [adminRoutes, customerRoutes, caseRoutes, caseExtraRoutes, slaRoutes, workforceRoutes, contactRoutes, planningRoutes, liveRoutes, notificationRoutes, callbackRoutes, reportRoutes];
