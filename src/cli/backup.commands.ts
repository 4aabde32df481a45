import path from 'node:path';
import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { loadConfig, type AppConfig } from '../server/config';
import { backupDatabase, BackupError, checkSchema, countExistingRows, readBackup, restoreDatabase } from '../server/db/backup';
import { runningApp, runningEmbedded, startEmbedded } from '../server/db/embedded';

// `manyi backup --out FILE` and `manyi restore FILE [--yes]` (docs/adr/0009-backup.md): the configured
// database (DATABASE_URL, or the embedded one in MANYI_DATA_DIR) and its attachment files.

/** The database to work on: DATABASE_URL, the embedded server of a running Manyi, or the embedded server started for the command. */
async function target(config: AppConfig, purpose: 'backup' | 'restore'): Promise<{ url: string; where: string; close(): Promise<void> }> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return { url: config.databaseUrl, where: `${u.hostname}:${u.port || 5432}${u.pathname}`, close: async () => undefined };
  }
  const pgData = path.join(config.dataDir, 'pg');
  const running = runningEmbedded(pgData);
  const app = runningApp(config.dataDir);
  if (purpose === 'restore' && app) throw new BackupError(`Manyi is running on ${config.dataDir} (pid ${app})`, 'stop it first, then restore');
  if (running) {
    if (purpose === 'restore') {
      throw new BackupError(`Manyi is running on ${config.dataDir} (pid ${running.appPid})`, 'stop it first, then restore');
    }
    return { url: running.url, where: `the embedded database of the running Manyi (${config.dataDir})`, close: async () => undefined };
  }
  const emb = await startEmbedded(pgData, { log: () => undefined });
  return { url: emb.url, where: `the embedded database in ${config.dataDir}`, close: () => emb.stop() };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write a backup of the database and the attachment files to FILE (checksummed; see docs/adr/0009-backup.md)')
    .requiredOption('--out <file>', 'the backup file to write')
    .action(async (opts: { out: string }) => {
      const config = loadConfig();
      const db = await target(config, 'backup');
      try {
        const out = path.resolve(opts.out);
        console.log(`backing up ${db.where} to ${out}`);
        const m = await backupDatabase(db.url, out, { attachmentsDir: path.join(config.dataDir, 'attachments'), log: (l) => console.log(l) });
        const rows = m.tables.reduce((a, t) => a + t.rows, 0);
        console.log(`done: ${m.tables.length} tables, ${rows} rows, ${m.files.count} attachment files; ${mb(m.payload.bytes)}; schema ${m.schema.lastTag}; SHA-256 ${m.payload.sha256}`);
      } finally {
        await db.close();
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by `manyi backup`')
    .option('--yes', 'replace a database that is not empty without asking')
    .description('replace the database and the attachment files with the content of a backup (checksum and schema checked first)')
    .action(async (file: string, opts: { yes?: boolean }) => {
      const config = loadConfig();
      const { manifest } = await readBackup(path.resolve(file));
      checkSchema(manifest);
      const rows = manifest.tables.reduce((a, t) => a + t.rows, 0);
      console.log(`backup of ${manifest.createdAt}: ${rows} rows, ${manifest.files.count} attachment files, schema ${manifest.schema.lastTag}; checksum OK`);
      const db = await target(config, 'restore');
      try {
        const existing = await countExistingRows(db.url);
        if (existing > 0 && !opts.yes) {
          if (!process.stdin.isTTY) {
            throw new BackupError(`${db.where} is not empty (${existing} rows)`, 'add --yes to replace its content with the backup');
          }
          const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
          const answer = await rl.question(`${db.where} holds ${existing} rows. Replace everything with the backup? [y/N] `);
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) {
            console.log('nothing restored');
            return;
          }
        }
        console.log(`restoring into ${db.where}`);
        await restoreDatabase(db.url, path.resolve(file), { attachmentsDir: path.join(config.dataDir, 'attachments'), log: (l) => console.log(l) });
        console.log('restore complete');
      } finally {
        await db.close();
      }
    });
}
