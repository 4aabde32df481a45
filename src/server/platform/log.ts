import { maskIdNumber, maskPhone } from './pii';

// The server's one logger (issue 5, item 5): a line per event on stdout/stderr, with personal data
// and secrets masked before anything is written — phone numbers, ID numbers, bearer tokens,
// session cookies and the values of fields named like passwords or tokens.

export type LogLevel = 'silent' | 'info' | 'debug';

/** Field names whose values are never logged, whatever they hold. */
const SECRET_KEYS = /pass(word)?|secret|token|cookie|authori[sz]ation|session|csrf|api[-_]?key|id_?number|idnumber/i;

// Mainland mobiles (1 + 10 digits), landlines with area code, and the 18/15-character resident ID,
// not inside a longer run of digits (so case numbers, timestamps and uuids are left alone).
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![0-9A-Za-z])/g;
const LANDLINE = /(?<![0-9A-Za-z-])0\d{2,3}-?\d{7,8}(?![0-9A-Za-z-])/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const SECRET_PARAM = /\b(manyi_session|manyi_csrf|token|password|access_token|api_key)=([^;&\s"']+)/gi;
const API_TOKEN = /\bmny_[A-Za-z0-9_-]{10,}/g;

/** Mask personal data and secrets in a piece of text. Pure. */
export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1[redacted]')
    .replace(SECRET_PARAM, '$1=[redacted]')
    .replace(API_TOKEN, 'mny_[redacted]')
    .replace(ID_NUMBER, (m) => maskIdNumber(m))
    .replace(MOBILE, (m) => maskPhone(m.replace(/[-\s]/g, '')))
    .replace(LANDLINE, (m) => maskPhone(m.replace(/-/g, '')));
}

/** Mask a value for the log: strings are redacted, secret-named fields dropped, errors reduced to name/message/stack. Pure. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return {
      name: e.name, message: redactText(e.message), ...(e.code !== undefined ? { code: e.code } : {}),
      stack: e.stack ? redactText(e.stack) : undefined, ...(e.cause !== undefined ? { cause: redact(e.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

type Sink = (stream: 'out' | 'err', line: string) => void;
const defaultSink: Sink = (stream, line) => (stream === 'err' ? process.stderr : process.stdout).write(line + '\n');

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  debug(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** A logger at `level`; `sink` receives each finished (already masked) line — tests pass their own. */
export function createLogger(level: LogLevel, sink: Sink = defaultSink): Logger {
  const write = (stream: 'out' | 'err', lvl: string, msg: string, data?: Record<string, unknown>) => {
    const fields = data ? ' ' + JSON.stringify(redact(data)) : '';
    sink(stream, `${new Date().toISOString()} ${lvl} ${redactText(msg)}${fields}`);
  };
  return {
    info: (msg, data) => { if (level !== 'silent') write('out', 'INFO', msg, data); },
    debug: (msg, data) => { if (level === 'debug') write('out', 'DEBUG', msg, data); },
    // Errors are written even when quiet: an unhandled error must never vanish.
    error: (msg, data) => write('err', 'ERROR', msg, data),
  };
}
