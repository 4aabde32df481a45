import path from 'node:path';
import type { AppConfig } from '../server/config';
import { connect, runMigrations, type Database } from '../server/db/client';
import { runningEmbedded, startEmbedded } from '../server/db/embedded';

/**
 * For CLI commands: the configured database, migrated, with a close() that also stops an embedded
 * server it started. When a running Manyi owns the embedded server of MANYI_DATA_DIR, the command
 * connects to that one and leaves it running (stopping it as "stale" would take the app's database away).
 */
export async function openDatabase(config: AppConfig): Promise<Database> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let url = config.databaseUrl;
  const running = url ? undefined : runningEmbedded(path.join(config.dataDir, 'pg'));
  if (running) url = running.url;
  if (!url) {
    const emb = await startEmbedded(path.join(config.dataDir, 'pg'), { log: () => undefined });
    url = emb.url;
    stopEmbedded = emb.stop;
  }
  const database = connect(url);
  await runMigrations(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await stopEmbedded?.();
    },
  };
}
