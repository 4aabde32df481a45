import path from 'node:path';

// Everything Manyi reads from the environment, read once at boot.
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  /** undefined: decide by database (demo data on a new embedded database). */
  demo: boolean | undefined;
  /** Cookie `Secure` flag; on when served over https behind a proxy. */
  secureCookies: boolean;
  logLevel: 'silent' | 'info' | 'debug';
  /** Web security (docs/adr/0008-web-security.md); all optional in code so older callers still type-check. */
  security?: SecurityConfig;
  /** How long a node may reuse the user behind a session or token (MANYI_AUTH_CACHE_MS, default 5000; 0: off). */
  authCacheMs?: number;
}

export interface SecurityConfig {
  /** Trust X-Forwarded-For / -Proto / -Host from a reverse proxy (MANYI_TRUST_PROXY=1). */
  trustProxy: boolean;
  /** The address users type, e.g. https://manyi.example.cn: accepted as a same-site Origin behind a proxy. */
  publicUrl: string | undefined;
  /** A session ends after this long without a request… */
  sessionIdleMinutes: number;
  /** …and in any case this long after login. */
  sessionMaxHours: number;
  /** Failed logins of one username within the window before it is locked out. */
  loginMaxFailures: number;
  /** Failed logins from one address within the window before it is locked out. */
  loginIpMaxFailures: number;
  /** The counting window and the length of a lock-out. */
  loginLockMinutes: number;
}

const positive = (v: string | undefined, fallback: number, name: string) => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

const nonNegative = (v: string | undefined, fallback: number, name: string) => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of 0 or more, got "${v}"`);
  return n;
};

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  return {
    trustProxy: env.MANYI_TRUST_PROXY === '1' || env.MANYI_TRUST_PROXY === 'true',
    publicUrl: env.MANYI_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    sessionIdleMinutes: positive(env.MANYI_SESSION_IDLE_MINUTES, 60, 'MANYI_SESSION_IDLE_MINUTES'),
    sessionMaxHours: positive(env.MANYI_SESSION_MAX_HOURS, 12, 'MANYI_SESSION_MAX_HOURS'),
    loginMaxFailures: positive(env.MANYI_LOGIN_MAX_FAILURES, 5, 'MANYI_LOGIN_MAX_FAILURES'),
    loginIpMaxFailures: positive(env.MANYI_LOGIN_IP_MAX_FAILURES, 50, 'MANYI_LOGIN_IP_MAX_FAILURES'),
    loginLockMinutes: positive(env.MANYI_LOGIN_LOCK_MINUTES, 15, 'MANYI_LOGIN_LOCK_MINUTES'),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const demo = env.MANYI_DEMO === undefined ? undefined : env.MANYI_DEMO === '1' || env.MANYI_DEMO === 'true';
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.MANYI_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminPassword: env.MANYI_ADMIN_PASSWORD || undefined,
    demo,
    secureCookies: env.MANYI_SECURE_COOKIES === '1',
    logLevel: (env.MANYI_LOG_LEVEL as AppConfig['logLevel']) ?? 'info',
    security: loadSecurityConfig(env),
    authCacheMs: nonNegative(env.MANYI_AUTH_CACHE_MS, 5_000, 'MANYI_AUTH_CACHE_MS'),
  };
}
