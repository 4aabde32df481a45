import crypto from 'node:crypto';

// CSRF protection for cookie sessions (issue 5, item 5; docs/adr/0008-web-security.md).
// Three layers: the session cookie is SameSite=Lax; a state-changing request must not come from
// another site (Origin / Sec-Fetch-Site); and it must carry the session's CSRF token in the
// `x-csrf-token` header. The token is derived from the session token (one-way), so it needs no
// storage, changes with every login, and dies with the session. JavaScript of our own origin reads
// it from the `manyi_csrf` cookie; another site can neither read that cookie nor set the header.
// Requests authenticated by a bearer token are exempt: a browser never adds one by itself.

export const CSRF_COOKIE = 'manyi_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session. Pure. */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHash('sha256').update(`manyi-csrf:${sessionToken}`).digest('base64url');
}

/** Constant-time comparison of the presented token with the session's. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const a = Buffer.from(csrfTokenFor(sessionToken));
  const b = Buffer.from(presented);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * Does the request come from another site? True when the browser says so (Sec-Fetch-Site:
 * cross-site or same-site), or when an Origin header names another origin than `selfOrigin`
 * (or any of `allowedOrigins`). Requests without either header (curl, integrations) are not
 * judged here — the token check covers cookie sessions. Pure.
 */
export function isCrossSite(headers: { origin?: string | null; secFetchSite?: string | null }, selfOrigins: readonly string[]): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = headers.origin?.trim();
  if (!origin) return false;
  if (origin === 'null') return true;
  return !selfOrigins.some((o) => o.toLowerCase() === origin.toLowerCase());
}
