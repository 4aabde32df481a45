import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config';
import { users } from '../server/db/schema';
import { createApiToken } from '../server/modules/platform/auth.service';
import { openDatabase } from './open-database';

// Commands that work on the data: tokens, users, seeding.
export function registerDataCommands(program: Command): void {
  const token = program.command('token').description('API tokens for integrations');
  token
    .command('create')
    .argument('<username>')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--days <n>', 'days until it expires', '90')
    .description('issue a bearer token for USERNAME and print it as JSON')
    .action(async (username: string, opts: { name: string; days: string }) => {
      const database = await openDatabase(loadConfig());
      try {
        const [u] = await database.db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
        if (!u) throw new Error(`no user named "${username}"`);
        const t = await createApiToken(database.db, u.id, opts.name, Number(opts.days) * 86_400_000);
        console.log(JSON.stringify({ token: t.token, expiresAt: t.expiresAt.toISOString() }));
      } finally {
        await database.close();
      }
    });
}
