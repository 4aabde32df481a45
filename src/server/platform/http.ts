import { OpenAPIHono, type RouteConfig, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Database } from '../db/client';
import type { AppConfig } from '../config';
import type { Permission } from '../../shared/roles';
import type { Actor } from './actor';
import { AppError } from './errors';
import type { Locale } from './i18n';

/** What every request handler can reach. */
export interface AppDeps {
  database: Database;
  config: AppConfig;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    locale: Locale;
    /** Set by the auth middleware when a session cookie or bearer token is valid. */
    actor: Actor | undefined;
    sessionToken: string | undefined;
  };
};

/** A router whose validation failures come back as our 422 error shape. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError('validation_failed', {}, result.error.issues.map((i) => ({
          path: i.path.join('.'),
          code: i.code,
          message: i.message,
        })));
      }
    },
  });
}

/** The logged-in actor, or 401. */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: '未找到工单' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorResponses = {
  400: { description: 'Malformed request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not logged in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'No permission', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict: illegal transition or stale write', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/**
 * Declare a route: its contract and the permission it needs ('public' for
 * none, 'authenticated' for any logged-in user). Every route goes through
 * here, so the permission of each is known to the docs and the tests.
 */
export function route<const R extends Omit<RouteConfig, 'responses'> & { responses: RouteConfig['responses'] }>(
  config: R & { permission: Permission | 'public' | 'authenticated' },
) {
  const { permission, ...rest } = config;
  return createRoute({
    ...rest,
    responses: { ...errorResponses, ...rest.responses },
    'x-permission': permission,
    security: permission === 'public' ? [] : [{ cookie: [] }, { bearer: [] }],
  } as unknown as R);
}

/** A JSON response body in the OpenAPI contract. */
export function json<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

/** `{id}` path parameter (a UUID). Built here, from zod-openapi's z, so `.openapi()` metadata is available. */
export const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
