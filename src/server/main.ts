import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { ensureAdmin } from './bootstrap';
import { loadConfig, type AppConfig } from './config';
import { connect, runMigrations, type Database } from './db/client';
import { appPidFile, EmbeddedDatabaseError, startEmbedded, type EmbeddedServer } from './db/embedded';
import { ensureCategories } from './seed/categories.seed';
import { startJobRunner, type JobRunner } from './platform/jobs';
import { startLive, type LiveHub } from './platform/live';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  /** The embedded PostgreSQL this server owns and supervises (none with DATABASE_URL). */
  embedded?: EmbeddedServer;
  stop(): Promise<void>;
}

/** Boot: env → database (embedded or DATABASE_URL) → migrations → admin → HTTP. */
export async function startServer(config: AppConfig = loadConfig(), opts: { quiet?: boolean } = {}): Promise<RunningServer> {
  const log = opts.quiet ? () => undefined : (m: string) => console.log(m);
  const t0 = performance.now();
  let embedded: (EmbeddedServer & { created: boolean }) | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded(path.join(config.dataDir, 'pg'), { log: (m) => log(`[db] ${m}`) });
    // Marks the data directory as in use by this process (manyi restore refuses to run under it).
    fs.writeFileSync(appPidFile(config.dataDir), String(process.pid));
    url = embedded.url;
  }
  // Migrations get their own connection without a statement timeout (a big table can take a while).
  const migrator = connect(url, { max: 1, statementTimeoutMs: 0 });
  try {
    await runMigrations(migrator.db);
  } catch (err) {
    await migrator.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  await migrator.close();
  const database = connect(url, { max: 20 });
  let jobs: JobRunner | undefined;
  let live: LiveHub | undefined;
  try {
    const admin = await ensureAdmin(database.db, config.adminPassword);
    await ensureCategories(database.db);
    const demo = config.demo ?? (embedded?.created === true);
    if (admin.created && demo) {
      const { seedDemo } = await import('./seed/demo.seed');
      log('[seed] loading demo data (MANYI_DEMO=0 to skip)…');
      await seedDemo(database.db, { dataDir: config.dataDir, quiet: opts.quiet });
    }
    fs.mkdirSync(path.join(config.dataDir, 'attachments'), { recursive: true });
    // Live updates on every node; background jobs unless MANYI_JOBS=0 (tests that drive jobs by hand).
    live = await startLive(database, url);
    if (process.env.MANYI_JOBS !== '0') jobs = await startJobRunner(database.db);
    const app = createApp({ database, config });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const appUrl = `http://${shownHost}:${port}`;
    log(`Manyi (满意) is ready at ${appUrl}  (${Math.round(performance.now() - t0)} ms)`);
    if (admin.created) {
      log(admin.generated
        ? `  log in as: admin / ${admin.password}   (generated once; you will be asked to change it)`
        : '  log in as: admin with MANYI_ADMIN_PASSWORD');
    }
    log(`  API docs: ${appUrl}/api/docs`);
    let stopping: Promise<void> | undefined;
    return {
      url: appUrl,
      port,
      database,
      embedded,
      stop: () => (stopping ??= (async () => {
        await jobs?.stop();
        await live?.stop();
        await new Promise<void>((r) => server.close(() => r()));
        await database.close();
        await embedded?.stop();
        if (embedded) fs.rmSync(appPidFile(config.dataDir), { force: true });
      })()),
    };
  } catch (err) {
    await jobs?.stop().catch(() => undefined);
    await live?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new EmbeddedDatabaseError(`port ${config.port} is already in use`, 'set PORT to a free port, e.g. PORT=3001 npm start');
    }
    throw err;
  }
}
