import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../platform/http';

// Every module's routes, mounted under /api/v1 by app.ts. Add a module here.
export const apiModules: OpenAPIHono<AppEnv>[] = [];
