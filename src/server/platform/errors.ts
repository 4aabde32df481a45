import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable error codes: integrators rely on them; messages come from the catalogue in i18n.ts. */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'stale_write'
  | 'illegal_transition'
  | 'duplicate'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'database_unavailable'
  | 'too_many_attempts'
  | 'weak_password'
  | 'csrf_failed'
  | 'internal';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 422,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_disabled: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_write: 409,
  illegal_transition: 409,
  duplicate: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  database_unavailable: 503,
  too_many_attempts: 429,
  weak_password: 422,
  csrf_failed: 403,
  internal: 500,
};

/**
 * A failure the caller can act on. `params` fill the translated message
 * (e.g. { from: 'closed', to: 'accepted' }); `details` go out as they are
 * (e.g. the invalid fields).
 */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.status = statusOf[code];
  }
}

export const notFound = (entity: string) => new AppError('not_found', { entity });
export const forbidden = () => new AppError('forbidden');
export const staleWrite = () => new AppError('stale_write');
