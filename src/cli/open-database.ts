import path from 'node:path';
import type { AppConfig } from '../server/config';
import { connect, runMigrations, type Database } from '../server/db/client';
import { startEmbedded } from '../server/db/embedded';

/** For CLI commands: the configured database, migrated, with a close() that also stops an embedded server. */
export async function openDatabase(config: AppConfig): Promise<Database> {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let url = config.databaseUrl;
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
