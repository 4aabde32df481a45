// zod-openapi must load before any zod schema is built (zod 4 adds .openapi() per instance).
import '@hono/zod-openapi';
import { Command } from 'commander';
import { loadConfig } from '../server/config';
import { EmbeddedDatabaseError } from '../server/db/embedded';
import { registerDataCommands } from './data.commands';
import { registerErlangCommands } from './erlang.commands';
import { registerPlanningCommands } from './planning.commands';
import { registerSeedCommands } from './seed.commands';
import { registerSlaCommands } from './sla.commands';
import { registerBackupCommands } from './backup.commands';
import { BackupError } from '../server/db/backup';
import { registerUserCommands } from './user.commands';
import { openDatabase } from './open-database';
import { startServer } from '../server/main';

// The `manyi` command.
const program = new Command();
program.name('manyi').description('Manyi (满意) — customer-service quality platform').version('0.1.0');

program
  .command('start')
  .description('start the server (embedded database unless DATABASE_URL is set)')
  .action(async () => {
    const server = await startServer(loadConfig());
    const shutdown = async (signal: string) => {
      console.log(`\n${signal}: stopping…`);
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const handle = await openDatabase(loadConfig());
    await handle.close();
    console.log('migrations applied');
  });

registerDataCommands(program);
registerUserCommands(program);
registerSeedCommands(program);
registerErlangCommands(program);
registerPlanningCommands(program);
registerSlaCommands(program);
registerBackupCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof EmbeddedDatabaseError || err instanceof BackupError) {
    console.error(`manyi: ${err.message}\n  → ${err.hint}`);
  } else {
    console.error(`manyi: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
}
