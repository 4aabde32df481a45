// The one way the web app talks to the server: JSON over /api/v1 with the session cookie.
// Errors come back as ApiError with the server's stable code and its translated message.

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

let currentLocale = 'zh-CN';
/** The UI language, sent as Accept-Language so server messages match it. */
export function setApiLocale(locale: string): void {
  currentLocale = locale;
}

/** Called on 401 so the app can send the user to the login page. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** The session's CSRF token, set by the server in the readable `manyi_csrf` cookie (see server platform/csrf.ts). */
export function csrfToken(): string {
  const m = /(?:^|;\s*)manyi_csrf=([^;]*)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return m ? decodeURIComponent(m[1]) : '';
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function api<T = unknown>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': currentLocale };
  // Every write carries the CSRF token; other code never needs to know.
  const csrf = csrfToken();
  if (!SAFE.has(method.toUpperCase()) && csrf) headers['x-csrf-token'] = csrf;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await res.text();
  let data: any = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  // The server refreshes the token cookie with a csrf_failed answer (an old tab, a new login in another tab): retry once.
  if (res.status === 403 && data?.error?.code === 'csrf_failed' && !retried && csrfToken() !== csrf) return api<T>(method, path, body, true);
  if (!res.ok) {
    const err = data?.error ?? { code: 'http_' + res.status, message: res.statusText };
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw new ApiError(res.status, err.code, err.message, err.details);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Build a query string, dropping empty values; arrays repeat the key. */
export function qs(params: Record<string, unknown>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
