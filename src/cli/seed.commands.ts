import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../server/config';
import { ensureAdmin } from '../server/bootstrap';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demo-org.seed';
import { seedDemo } from '../server/seed/demo.seed';
import { openDatabase } from './open-database';

const count = (name: string) => (v: string) => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${v}"`);
  return n;
};

// `manyi seed --demo [--customers N] [--cases N]`: demo data for trying Manyi out and for benchmarks.
export function registerSeedCommands(program: Command): void {
  program
    .command('seed')
    .description('load demo data (江南省电信: staff, customers, cases); run again to add more')
    .option('--demo', 'the demo province with its staff, customers and cases')
    .option('--customers <n>', 'customers to add (default 3000, or cases/5 when more cases are asked for)', count('customers'))
    .option('--cases <n>', 'cases to add over the last 90 days (default 3000)', count('cases'))
    .option('--seed <n>', 'random seed, for reproducible texts and names', count('seed'))
    .action(async (opts: { demo?: boolean; customers?: number; cases?: number; seed?: number }) => {
      if (!opts.demo) throw new Error('say what to seed: manyi seed --demo [--customers N] [--cases N]');
      const cases = opts.cases ?? 3000;
      // A million cases over 3000 customers would be 300 cases each; keep it believable.
      const customers = opts.customers ?? Math.max(3000, Math.ceil(cases / 5));
      const config = loadConfig();
      const database = await openDatabase(config);
      const tty = Boolean(process.stdout.isTTY);
      const bar = tty
        ? new cliProgress.SingleBar({
          format: 'seeding |{bar}| {percentage}% · {value}/{total} customers+cases · {rate}/s · ETA {eta_formatted}',
          hideCursor: true,
        }, cliProgress.Presets.shades_classic)
        : undefined;
      const started = Date.now();
      let lastDecile = 0;
      try {
        const admin = await ensureAdmin(database.db, config.adminPassword);
        if (admin.created && admin.generated) console.log(`created admin / ${admin.password} (change it at first login)`);
        console.log(`seeding ${customers} customers and ${cases} cases…`);
        bar?.start(customers + cases, 0, { rate: 0 });
        const result = await seedDemo(database.db, {
          dataDir: config.dataDir,
          quiet: true,
          customers,
          cases,
          seed: opts.seed,
          onProgress: (done, total) => {
            const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
            if (bar) {
              bar.update(done, { rate });
              return;
            }
            const decile = Math.floor((done / Math.max(1, total)) * 10);
            if (decile > lastDecile) {
              lastDecile = decile;
              console.log(`  ${decile * 10}%  ${done}/${total}  (${rate}/s)`);
            }
          },
        });
        bar?.stop();
        const secs = result.ms / 1000;
        console.log(`done: ${result.customers} customers, ${result.cases} cases in ${secs.toFixed(1)} s` +
          (result.cases > 0 ? ` (${Math.round(result.cases / secs)} cases/s)` : ''));
        console.log(`demo staff password: ${DEMO_PASSWORD}`);
        for (const l of DEMO_LOGINS) console.log(`  ${l.username.padEnd(12)} ${l.what}`);
      } finally {
        bar?.stop();
        await database.close();
      }
    });
}
