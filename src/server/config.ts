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
  };
}
