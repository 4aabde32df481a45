import { PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from './client';
import { executePrepared } from './prepared';

// Group commit for the hottest write (case intake, ADR 0010). A write is a list of data-modifying
// CTE bodies (INSERT …), the first of which RETURNs the row the caller wants; on its own it is one
// statement, atomic by itself. While earlier writes are in flight, new ones queue, and the queue
// goes out as one statement — several intakes, one round trip, one commit. Under light load a write
// goes out at once, alone, so nobody waits for a batch to fill. If a batch fails (a constraint one
// of its writes breaks), each of its writes is retried alone, so each gets its own answer and none
// is half written. (Grouping intake's look-ups the same way, as a UNION ALL of SELECTs, was tried
// and dropped: the unnamed batch is parsed and planned each time and cost PostgreSQL more than the
// round trips it saved.)

interface Pending {
  parts: SQL[];
  resolve(row: Record<string, unknown>): void;
  reject(err: unknown): void;
}

export interface GroupWriterOptions {
  /** Writes in one statement at most. */
  maxBatch?: number;
  /** Statements in flight at once (each on its own pooled connection). */
  maxInFlight?: number;
}

/** The statement for writes `items`: their CTEs side by side, then each one's first row, tagged with its index. */
export function batchStatement(items: SQL[][]): SQL {
  const ctes: SQL[] = [];
  const selects: SQL[] = [];
  items.forEach((parts, i) => {
    parts.forEach((body, j) => ctes.push(sql`${sql.raw(`w${i}_${j}`)} AS (${body})`));
    selects.push(sql`SELECT ${sql.raw(String(i))} AS "__i", * FROM ${sql.raw(`w${i}_0`)}`);
  });
  return sql`WITH ${sql.join(ctes, sql`, `)} ${sql.join(selects, sql` UNION ALL `)}`;
}

export class GroupWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  /** Statements sent and writes carried, for the benchmark. */
  readonly stats = { statements: 0, writes: 0, retriedAlone: 0 };

  constructor(private readonly db: Db, opts: GroupWriterOptions = {}) {
    this.maxBatch = opts.maxBatch ?? 32;
    this.maxInFlight = opts.maxInFlight ?? 2;
  }

  /** A write's CTE bodies (the first RETURNing the row wanted); its row. */
  write(parts: SQL[]): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After this turn of the event loop: writes whose look-ups came back together go together.
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    this.stats.statements++;
    let rows: Record<string, unknown>[];
    try {
      ({ rows } = await this.db.execute<Record<string, unknown>>(batchStatement(batch.map((p) => p.parts))));
    } catch {
      this.stats.retriedAlone += batch.length;
      await Promise.all(batch.map((p) => this.alone(p)));
      return;
    }
    this.stats.writes += batch.length;
    const byIndex = new Map(rows.map((r) => [Number(r.__i), r]));
    batch.forEach((p, i) => {
      const row = byIndex.get(i);
      if (row) p.resolve(row);
      else p.reject(new Error('group commit: a write returned no row'));
    });
  }

  private async alone(p: Pending): Promise<void> {
    this.stats.statements++;
    this.stats.writes++;
    try {
      const { rows: [row] } = await executePrepared<Record<string, unknown>>(this.db, batchStatement([p.parts]));
      p.resolve(row);
    } catch (err) {
      p.reject(err);
    }
  }
}

const writers = new WeakMap<Db, GroupWriter>();

/**
 * Run a write (CTE bodies, the first RETURNing the row wanted) and answer that row: grouped with
 * concurrent writes on a pool, alone and at once inside a transaction.
 */
export async function groupWrite(db: DbOrTx, ctes: SQL[]): Promise<Record<string, unknown>> {
  if (db instanceof PgTransaction) {
    const { rows: [row] } = await executePrepared<Record<string, unknown>>(db, batchStatement([ctes]));
    return row;
  }
  let w = writers.get(db as Db);
  if (!w) writers.set(db as Db, (w = new GroupWriter(db as Db)));
  return w.write(ctes);
}

