import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; use cases take `Tx` so they can be composed inside one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

// timestamptz comes back as Date (drizzle's mode: 'date'); bigint counts as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export interface PoolOptions {
  max?: number;
  /** Give up connecting after this long (the API answers 503 database_unavailable). Default 5 s. */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout; 0 = none (migrations, backup, restore). Default 30 s. */
  statementTimeoutMs?: number;
}

const envMs = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : dflt;
};

export function connect(url: string, opts: PoolOptions = {}): Database {
  const statementTimeout = opts.statementTimeoutMs ?? envMs('MANYI_DB_STATEMENT_TIMEOUT_MS', 30_000);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? envMs('MANYI_DB_CONNECT_TIMEOUT_MS', 5_000),
    idleTimeoutMillis: 30_000,
    // A server that vanishes without closing the socket (host down, network cut) is noticed.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(statementTimeout > 0
      ? {
          statement_timeout: statementTimeout,
          // Client-side bound in case the server hangs without answering at all.
          query_timeout: statementTimeout + 5_000,
          idle_in_transaction_session_timeout: statementTimeout * 2,
        }
      : {}),
  });
  // An idle client that loses its server must not crash the process: the pool drops it and
  // the next checkout connects afresh (or fails fast with 503 while the server is away).
  pool.on('error', () => undefined);
  // A client that is checked out (inside a transaction, a job, a LISTEN) has no pool listener:
  // its socket closing would emit an unhandled 'error' and kill the process. Its queries are
  // failed by pg itself (→ 503), and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  givesBackBrokenClients(pool);
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}

/**
 * A checked-out client whose connection ends goes back to the pool at once (the pool drops it), and
 * whoever holds it may still call `release()` without harm. Without this a broken client can be
 * held for good: drizzle-orm 0.45's `transaction()` never releases its client when BEGIN fails
 * (fixed upstream in 1.0), as it does when the server stops between the checkout and the BEGIN.
 * Each such outage kept pool slots until the pool was full and every request waited for a
 * connection (seen: 9 of 10 held after 8 short outages; `pool.end()` then never returned).
 */
function givesBackBrokenClients(pool: pg.Pool): void {
  const out = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => out.add(client as pg.PoolClient));
  pool.on('release', (_err, client) => out.delete(client as pg.PoolClient));
  pool.on('connect', (client) => client.on('end', () => {
    const held = client as pg.PoolClient;
    if (!out.has(held)) return;
    held.release(new Error('the database connection ended'));
    held.release = () => undefined;
  }));
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

/** Apply the committed SQL migrations; safe to run on every start and from several nodes. */
export async function runMigrations(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
