import http from 'node:http';

// Request generation from the OpenAPI document, shared by the authorisation matrix (test/authz-matrix.test.ts)
// and the fuzzer (test/fuzz.test.ts, scripts/fuzz.mjs). Everything is driven by /api/openapi.json, so a route
// added later is covered without anyone listing it. Seeded: the same seed gives the same requests.

/* eslint-disable @typescript-eslint/no-explicit-any */
export type JsonSchema = any;
export interface OpenApiDoc { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, JsonSchema> } }

export interface Operation {
  method: string;
  path: string;
  permission: string;
  params: { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required: boolean; schema: JsonSchema }[];
  body?: { contentType: string; schema: JsonSchema; required: boolean };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content as Record<string, { schema: JsonSchema }> | undefined;
      const contentType = content ? Object.keys(content)[0] : undefined;
      out.push({
        method: method.toUpperCase(), path, permission: op['x-permission'] ?? '',
        params: (op.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} })),
        body: contentType ? { contentType, schema: content![contentType].schema, required: !!op.requestBody.required } : undefined,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- seeded randomness

/** mulberry32: small, fast, good enough to drive a fuzzer, and reproducible from one 32-bit seed. */
export class Rng {
  private s: number;
  constructor(readonly seed: number) { this.s = seed >>> 0; }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  bool(p = 0.5): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  uuid(): string {
    const h = () => this.int(16).toString(16);
    const s = (n: number) => Array.from({ length: n }, h).join('');
    return `${s(8)}-${s(4)}-4${s(3)}-${'89ab'[this.int(4)]}${s(3)}-${s(12)}`;
  }
}

// ---------------------------------------------------------------- schema helpers

export function deref(doc: OpenApiDoc, schema: JsonSchema, seen = 0): JsonSchema {
  if (schema && typeof schema === 'object' && typeof schema.$ref === 'string' && seen < 20) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return deref(doc, doc.components?.schemas?.[name] ?? {}, seen + 1);
  }
  return schema ?? {};
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== 'null') ?? 'null';
  return s.type;
}

/** Values that satisfy the patterns this API uses; the first matching one is taken. */
const PATTERN_CANDIDATES = ['2026-03-02', '09:30', 'ABC-123456', 'u_fuzz01', 'abc', '110101199003071234', '13800138000', '1'];

/** Plausible values by property name, so valid requests get past validation into the handlers. */
const NAME_HINTS: Record<string, () => unknown> = {
  phone: () => '13800138000', phones: () => ['13800138000'], callerNumber: () => '13800138000',
  email: () => 'fuzz@example.cn', idNumber: () => '110101199003071234', locale: () => 'zh-CN', timezone: () => 'Asia/Shanghai', timeZone: () => 'Asia/Shanghai',
};

export interface GenContext {
  doc: OpenApiDoc;
  rng: Rng;
  /** Ids to use for properties or parameters of this name (customerId, caseId, orgUnitId…). */
  ids?: Record<string, string>;
  /** Optional properties: probability of including each. */
  optional?: number;
}

/** A value valid against `schema` (as far as the JSON Schema says; refinements may still refuse it). */
export function validValue(ctx: GenContext, schema0: JsonSchema, name = '', depth = 0): unknown {
  const schema = deref(ctx.doc, schema0);
  const { rng } = ctx;
  if (depth > 8) return null;
  if (name && ctx.ids?.[name] && (typeOf(schema) === 'string' || schema.format === 'uuid' || !schema.type)) return ctx.ids[name];
  if (name && NAME_HINTS[name] && !schema.enum) {
    const v = NAME_HINTS[name]();
    if (typeOf(schema) === 'array' ? Array.isArray(v) : typeof v === 'string') return v;
  }
  if ('const' in schema) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  if (schema.anyOf || schema.oneOf) {
    const alts = (schema.anyOf ?? schema.oneOf).filter((a: JsonSchema) => deref(ctx.doc, a).type !== 'null');
    return validValue(ctx, alts.length ? rng.pick(alts) : (schema.anyOf ?? schema.oneOf)[0], name, depth + 1);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: JsonSchema) => validValue(ctx, s, name, depth + 1)));
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (required.has(k) || rng.bool(ctx.optional ?? 0.5)) out[k] = validValue(ctx, s, k, depth + 1);
      }
      return out;
    }
    case 'array': {
      if (schema.prefixItems) return schema.prefixItems.map((s: JsonSchema) => validValue(ctx, s, '', depth + 1));
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 3, min + 3);
      const n = min + rng.int(Math.max(1, max - min + 1));
      return Array.from({ length: n }, () => validValue(ctx, schema.items ?? {}, singular(name), depth + 1));
    }
    case 'integer': case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Math.max(min, 100));
      const v = min + rng.next() * Math.max(0, Math.min(max, min + 1000) - min);
      return typeOf(schema) === 'integer' ? Math.round(v) : Math.round(v * 100) / 100;
    }
    case 'boolean': return rng.bool();
    case 'null': return null;
    case 'string': default: return validString(ctx, schema);
  }
}

const singular = (name: string) => (name.endsWith('Ids') ? name.slice(0, -1) : name.endsWith('s') ? name.slice(0, -1) : name);

function validString(ctx: GenContext, schema: JsonSchema): string {
  const { rng } = ctx;
  if (schema.format === 'uuid') return rng.uuid();
  if (schema.format === 'date-time') return new Date(Date.UTC(2026, rng.int(12), 1 + rng.int(28), rng.int(24))).toISOString();
  if (schema.format === 'email') return `u${rng.int(1e6)}@example.cn`;
  if (schema.format === 'binary') return 'binary';
  if (schema.pattern) {
    const re = new RegExp(schema.pattern, 'u');
    const hit = PATTERN_CANDIDATES.find((c) => re.test(c) && c.length >= (schema.minLength ?? 0) && c.length <= (schema.maxLength ?? 1e9));
    if (hit) return hit;
  }
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
  // Words no other test searches for: the database is shared, and generated comments feed case search.
  const words = ['模糊', '随机', '样例', '乱序', 'fuzz', 'zq', '甲乙', '丙丁', 'ok', '九〇'];
  let s = '';
  while ([...s].length < min || (rng.bool(0.6) && [...s].length < max)) s += rng.pick(words);
  return [...s].slice(0, max).join('');
}

// ---------------------------------------------------------------- hostile values

/** Strings that have broken servers and UIs: injection, encoding edge cases, control characters. */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR '1'='1", "'; DROP TABLE cases; --", '" OR ""="', "1' AND pg_sleep(5)--", "\\'; SELECT version(); --", '%', '_', '\\', "'", '"',
  '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}', '<!--', ']]>',
  '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202e‮RTL-override', '\u200b\u200c\u200d\ufeff', '👩‍👩‍👧‍👦🇨🇳💩', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\r\nSet-Cookie: x=1', '../../../../etc/passwd', '..\\..\\windows\\win.ini', '%00', '%2e%2e%2f', 'NaN', 'Infinity', '-0', '1e309', '9'.repeat(40),
  '', ' ', '\t\n', 'null', 'undefined', 'true', '[]', '{}', '0x7fffffff', '-1', '2026-02-30T25:61:00Z', '0000-00-00', '9999-12-31T23:59:59.999Z',
  '𠀀𪚥𡃁', '丂丄丅丆', 'ＡＢＣ１２３', 'İıſK', '\u0085\u2028\u2029', '😀'.repeat(300),
];

/** A hostile value for a schema: wrong types, extremes, injection strings, huge and deeply nested values. */
export function hostileValue(ctx: GenContext, schema0: JsonSchema, depth = 0): unknown {
  const schema = deref(ctx.doc, schema0);
  const { rng } = ctx;
  const roll = rng.int(12);
  if (roll === 0) return rng.pick([null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), [], {}, '', 'x']);
  if (roll === 1) return 'A'.repeat(rng.pick([1_000, 70_000, 300_000]));
  if (roll === 2) return nested(rng.pick([50, 500, 1_000]), rng.bool());
  if (roll === 3 && depth < 3 && typeOf(schema) === 'object') {
    const base = validValue({ ...ctx, optional: 0.8 }, schema, '', depth) as Record<string, unknown>;
    const keys = Object.keys(schema.properties ?? {});
    if (keys.length) base[rng.pick(keys)] = hostileValue(ctx, schema.properties[rng.pick(keys)], depth + 1);
    if (rng.bool(0.3)) base['__proto__'] = { polluted: true };
    if (rng.bool(0.3)) base[rng.pick(HOSTILE_STRINGS)] = rng.pick(HOSTILE_STRINGS);
    return base;
  }
  if (roll === 4 && typeOf(schema) === 'array') return Array.from({ length: rng.pick([0, 1_000, 20_000]) }, () => rng.pick(HOSTILE_STRINGS));
  if (roll === 5 && (typeOf(schema) === 'integer' || typeOf(schema) === 'number')) return rng.pick([-1, 0, 2 ** 31, 2 ** 63, -(2 ** 63), 1e308, 0.1, -0.0001, 'NaN', '1']);
  return rng.pick(HOSTILE_STRINGS);
}

/** Deep nesting as JSON text (JSON.stringify itself would overflow the stack). */
function nestedJson(depth: number, arrays: boolean): string {
  return arrays ? `${'['.repeat(depth)}"deep"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"deep"${'}'.repeat(depth)}`;
}

function nested(depth: number, arrays: boolean): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
}

// ---------------------------------------------------------------- requests

export interface GeneratedRequest { method: string; url: string; headers: Record<string, string>; body?: string | FormData }

/** Fill `{name}` in a path: from `ids` by parameter name, then by the resource before it (`/cases/{id}` → ids.cases), else a random uuid. */
export function fillPath(path: string, ids: Record<string, string>, rng: Rng, hostile = false): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string, offset: number) => {
    if (hostile && rng.bool(0.5)) return encodeURIComponent(rng.pick(['not-a-uuid', '1', "1'--", '%', '..', 'x'.repeat(300), '00000000-0000-0000-0000-00000000000g', '😀', '\u0000', '<b>']));
    if (ids[name]) return ids[name];
    const resource = path.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
    return ids[resource] ?? rng.uuid();
  });
}

function queryString(ctx: GenContext, op: Operation, hostile: boolean): string {
  const sp = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (!p.required && !ctx.rng.bool(0.5)) continue;
    const v = hostile && ctx.rng.bool(0.5) ? hostileValue(ctx, p.schema) : validValue(ctx, p.schema, p.name);
    if (v === undefined || v === null) continue;
    for (const x of Array.isArray(v) ? v : [v]) sp.append(p.name, typeof x === 'object' ? JSON.stringify(x) : String(x));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** A request that the contract accepts, as far as its JSON Schema can tell. */
export function validRequest(ctx: GenContext, op: Operation): GeneratedRequest {
  const url = fillPath(op.path, ctx.ids ?? {}, ctx.rng) + queryString(ctx, op, false);
  const headers: Record<string, string> = {};
  let body: string | FormData | undefined;
  if (op.body?.contentType === 'application/json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(validValue(ctx, op.body.schema));
  } else if (op.body?.contentType === 'multipart/form-data') {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])]), 'fuzz.png');
    body = fd;
  } else if (op.method !== 'GET' && op.method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  return { method: op.method, url, headers, body };
}

/** Valid in shape, with every free-text string (no format, enum or pattern) a hostile one that fits its length limits. */
export function hostileTextValue(ctx: GenContext, schema0: JsonSchema, name = '', depth = 0): unknown {
  const schema = deref(ctx.doc, schema0);
  if (depth > 8) return null;
  if (typeOf(schema) === 'string' && !schema.enum && !schema.format && !schema.pattern && !('const' in schema) && !(name && (ctx.ids?.[name] || NAME_HINTS[name]))) {
    const max = schema.maxLength ?? 10_000;
    const min = schema.minLength ?? 0;
    const fits = HOSTILE_STRINGS.filter((h) => h.length <= max && h.trim().length >= min);
    return fits.length ? ctx.rng.pick(fits) : validValue(ctx, schema, name, depth);
  }
  if (typeOf(schema) === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    const required = new Set<string>(schema.required ?? []);
    for (const [k, s] of Object.entries(schema.properties)) if (required.has(k) || ctx.rng.bool(0.7)) out[k] = hostileTextValue(ctx, s, k, depth + 1);
    return out;
  }
  if (typeOf(schema) === 'array' && schema.items && !schema.prefixItems) {
    const n = Math.max(schema.minItems ?? 0, 1);
    return Array.from({ length: Math.min(n, schema.maxItems ?? n) }, () => hostileTextValue(ctx, schema.items, singular(name), depth + 1));
  }
  return validValue(ctx, schema, name, depth);
}

/** A request that passes validation but carries hostile text into the handlers and the database. */
export function hostileTextRequest(ctx: GenContext, op: Operation): GeneratedRequest {
  const r = validRequest(ctx, op);
  const sp = new URLSearchParams();
  for (const p of op.params.filter((x) => x.in === 'query')) {
    if (!p.required && !ctx.rng.bool(0.5)) continue;
    const v = hostileTextValue(ctx, p.schema, p.name);
    if (v !== undefined && v !== null) sp.append(p.name, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  r.url = fillPath(op.path, ctx.ids ?? {}, ctx.rng) + (sp.toString() ? `?${sp}` : '');
  if (op.body?.contentType === 'application/json') r.body = JSON.stringify(hostileTextValue(ctx, op.body.schema));
  return r;
}

/** A request meant to be refused: one of many ways of being wrong. */
export function hostileRequest(ctx: GenContext, op: Operation): GeneratedRequest {
  const { rng } = ctx;
  const r = validRequest(ctx, op);
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  const kind = hasBody ? rng.int(10) : rng.int(2);
  if (kind === 0) r.url = fillPath(op.path, ctx.ids ?? {}, rng, true) + queryString(ctx, op, true);
  else if (kind === 1) r.url = fillPath(op.path, ctx.ids ?? {}, rng) + queryString(ctx, op, true);
  else if (kind === 2) { r.headers['content-type'] = 'application/json'; r.body = rng.pick(['{', '{"a":', '[1,2', 'nul', '\u0000', '{"a":1}}', '"\ud800"', '{"a":"\\ud800"}', '{"__proto__":{"x":1}}', ' '.repeat(10), '']); }
  else if (kind === 3) { r.headers['content-type'] = rng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=gbk', '', 'image/png']); r.body = r.body instanceof FormData ? 'x=1' : (r.body ?? 'x=1'); }
  else if (kind === 4) { r.headers['content-type'] = 'application/json'; r.body = JSON.stringify({ big: 'x'.repeat(rng.pick([1_100_000, 2_000_000])) }); }
  else if (kind === 5 && op.body?.contentType === 'application/json') r.body = JSON.stringify(hostileValue(ctx, op.body.schema));
  else if (kind === 6 && op.body?.contentType === 'application/json') { r.headers['content-type'] = 'application/json'; r.body = nestedJson(rng.pick([200, 3_000, 100_000]), rng.bool()); }
  else if (kind === 7 && op.body?.contentType === 'multipart/form-data') {
    const fd = new FormData();
    const [name, bytes] = rng.pick([['x.html', '<script>alert(1)</script>'], ['x.svg', '<svg onload=alert(1)>'], ['../../evil.png', 'GIF89a'], ['a\u0000.png', 'x'], ['', ''], ['x.png', '']] as const);
    fd.append(rng.bool() ? 'file' : 'other', new Blob([bytes]), name);
    r.body = fd;
  } else if (op.body?.contentType === 'application/json') {
    // A valid body with one field swapped for something hostile.
    const v = validValue({ ...ctx, optional: 0.7 }, op.body.schema) as Record<string, unknown>;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const key = keys.length && rng.bool(0.8) ? rng.pick(keys) : rng.pick(HOSTILE_STRINGS);
      v[key] = hostileValue(ctx, deref(ctx.doc, op.body.schema).properties?.[key] ?? {});
    }
    r.body = JSON.stringify(v);
  } else r.url = fillPath(op.path, ctx.ids ?? {}, rng, true) + queryString(ctx, op, true);
  return r;
}

/** What must never appear in an answer: stack traces, SQL, file paths, driver errors. */
export const INTERNAL_DETAIL = [
  /\bat [\w.<>$]+ \(?(?:file:|node:|\/)/, /Error: .*\n\s+at /, /\/work\/|\/home\/|\/usr\/|node_modules|\.ts:\d+/, /\bselect\b[\s\S]{1,200}\bfrom\b\s+"?\w/i,
  /\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete from\b/i, /syntax error at or near|violates (?:foreign key|unique|check|not-null) constraint|invalid input syntax for/i,
  /\bpg_catalog\b|PostgresError|DrizzleError|ZodError|TypeError|ReferenceError|RangeError|SyntaxError: Unexpected/,
];

export function leaksInternals(text: string): string | null {
  for (const re of INTERNAL_DETAIL) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}

// ---------------------------------------------------------------- sending

export interface Sent { status: number; text: string; body: any; contentType: string; timedOut: boolean; closed?: string }

/**
 * Send a generated request as a logged-in browser would (session cookie + CSRF token header), with a
 * time limit, on a connection of its own (node:http, no keep-alive pool: an oversized request the
 * server refuses early cannot spoil the next one). Streams (server-sent events) are closed once
 * their status is known.
 */
export async function send(baseUrl: string, auth: { cookie?: string; csrf?: string; bearer?: string }, r: GeneratedRequest, timeoutMs = 15_000): Promise<Sent> {
  const headers: Record<string, string> = { ...r.headers };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.csrf && !['GET', 'HEAD'].includes(r.method)) headers['x-csrf-token'] = auth.csrf;
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
  let payload: Buffer | undefined;
  if (r.body instanceof FormData) {
    const encoded = new Response(r.body);
    payload = Buffer.from(await encoded.arrayBuffer());
    headers['content-type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
  } else if (typeof r.body === 'string') payload = Buffer.from(r.body, 'utf8');
  if (payload) headers['content-length'] = String(payload.length);
  const url = new URL(baseUrl + r.url);
  return new Promise<Sent>((resolve) => {
    let settled = false;
    const done = (s: Sent) => { if (!settled) { settled = true; clearTimeout(timer); resolve(s); } };
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: r.method, headers, agent: false }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      if (contentType.includes('text/event-stream')) {
        done({ status: res.statusCode ?? 0, text: '', body: null, contentType, timedOut: false });
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any = text;
        try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        done({ status: res.statusCode ?? 0, text, body, contentType, timedOut: false });
      });
    });
    const timer = setTimeout(() => { req.destroy(); done({ status: 0, text: '', body: null, contentType: '', timedOut: true }); }, timeoutMs);
    // An error after the answer arrived (the server closed while we were still sending) is not a finding.
    req.on('error', (err: NodeJS.ErrnoException) => setTimeout(() => done({ status: 0, text: '', body: null, contentType: '', timedOut: false, closed: err.code ?? err.message }), 50));
    if (payload) req.end(payload); else req.end();
  });
}

/**
 * A write to an organisation-wide singleton (PUT/PATCH/DELETE on a path without parameters, e.g.
 * PUT /settings/remediation): the test database is shared by concurrently running test files, so
 * generated requests send such routes only bodies that cannot pass validation. (Permission checks
 * run before validation, so the matrix still sees whether the caller would be refused.)
 */
export function isSingletonWrite(o: Operation): boolean {
  return ['PUT', 'PATCH', 'DELETE'].includes(o.method) && !o.path.includes('{') && !/\/(me|auth\/[\w-]+)$/.test(o.path);
}

/** A body no schema accepts: a JSON array where an object is expected, with a hostile string in it. */
export function invalidRequest(ctx: GenContext, o: Operation): GeneratedRequest {
  const r = validRequest(ctx, o);
  r.headers['content-type'] = 'application/json';
  r.body = JSON.stringify([ctx.rng.pick(HOSTILE_STRINGS)]);
  return r;
}
