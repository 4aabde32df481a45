import { PgTransaction } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from './client';
import { executeShape } from './prepared';

// Group commit for the hottest write (case intake, ADR 0010). A write is a list of rows to insert
// (table and column names → values), the first of which is the row the caller wants back; on its
// own it is one statement, atomic by itself. While earlier writes are in flight, new ones queue,
// and the queue goes out as one statement — several intakes, one round trip, one commit. Under
// light load a write goes out at once, alone, so nobody waits for a batch to fill. If a batch
// fails (a constraint one of its writes breaks), each of its writes is retried alone, so each gets
// its own answer and none is half written.
//
// The statement does not depend on how many writes it carries: each table's rows travel as one
// JSON parameter (`json_populate_recordset`), so a batch of 1 or of 32 is the same named prepared
// statement, parsed and planned once per connection. (Built as CTEs per write instead, every batch
// was a new text that PostgreSQL parsed and planned afresh: it took ~0.98 ms of PostgreSQL CPU per
// intake against ~0.6 ms now, bench/README.md 2026-11-30.)
// (Grouping intake's look-ups the same way, as a UNION ALL of SELECTs, was tried and dropped.)

/** A row to insert: its table and its values by column name (snake_case, as in the database). */
export interface RowInsert {
  table: string;
  row: Record<string, unknown>;
}

interface Pending {
  rows: RowInsert[];
  resolve(row: Record<string, unknown>): void;
  reject(err: unknown): void;
}

export interface GroupWriterOptions {
  /** Writes in one statement at most. */
  maxBatch?: number;
  /** Statements in flight at once (each on its own pooled connection). */
  maxInFlight?: number;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Run writes in one statement: per table and set of columns, the rows as one JSON array; the first
 * part (every write's first row, which must carry an `id`) is returned, each row to its write.
 */
async function insertRows(db: DbOrTx, writes: RowInsert[][]): Promise<Record<string, unknown>[]> {
  const parts = new Map<string, { table: string; columns: string[]; rows: Record<string, unknown>[] }>();
  const partOf = (r: RowInsert) => {
    const columns = Object.keys(r.row).sort();
    const key = `${r.table}(${columns.join(',')})`;
    let part = parts.get(key);
    if (!part) {
      if (![r.table, ...columns].every((n) => NAME.test(n))) throw new Error(`group commit: bad table or column name in ${key}`);
      parts.set(key, (part = { table: r.table, columns, rows: [] }));
    }
    return part;
  };
  const first = writes.map((w) => partOf(w[0]));
  if (first.some((p) => p !== first[0])) throw new Error('group commit: the writes of a batch must start with rows of one shape');
  for (const w of writes) for (const r of w) partOf(r).rows.push(r.row);
  const list = [...parts.values()];
  const key = `group:${[...parts.keys()].join(';')}`;
  const { rows } = await executeShape<Record<string, unknown>>(db, key, () => {
    const ctes = list.map((p, i) => {
      const cols = sql.join(p.columns.map((c) => sql.identifier(c)), sql`, `);
      return sql`${sql.raw(`w${i}`)} AS (INSERT INTO ${sql.identifier(p.table)} (${cols})
        SELECT ${cols} FROM json_populate_recordset(NULL::${sql.identifier(p.table)}, ${sql.placeholder(`p${i}`)}::json)${i === 0 ? sql` RETURNING *` : sql``})`;
    });
    return sql`WITH ${sql.join(ctes, sql`, `)} SELECT * FROM w0`;
  }, Object.fromEntries(list.map((p, i) => [`p${i}`, JSON.stringify(p.rows)])));
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return writes.map((w) => {
    const row = byId.get(String(w[0].row.id));
    if (!row) throw new Error('group commit: a write returned no row');
    return row;
  });
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

  /** A write's rows (the first is the one answered, with its `id`); that row as inserted. */
  write(rows: RowInsert[]): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
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
      rows = await insertRows(this.db, batch.map((p) => p.rows));
    } catch {
      this.stats.retriedAlone += batch.length;
      await Promise.all(batch.map((p) => this.alone(p)));
      return;
    }
    this.stats.writes += batch.length;
    batch.forEach((p, i) => p.resolve(rows[i]));
  }

  private async alone(p: Pending): Promise<void> {
    this.stats.statements++;
    this.stats.writes++;
    try {
      p.resolve((await insertRows(this.db, [p.rows]))[0]);
    } catch (err) {
      p.reject(err);
    }
  }
}

const writers = new WeakMap<Db, GroupWriter>();

/**
 * Insert a write's rows (the first, with its `id`, is answered as inserted): grouped with concurrent
 * writes on a pool, alone and at once inside a transaction.
 */
export async function groupWrite(db: DbOrTx, rows: RowInsert[]): Promise<Record<string, unknown>> {
  if (db instanceof PgTransaction) return (await insertRows(db, [rows]))[0];
  let w = writers.get(db as Db);
  if (!w) writers.set(db as Db, (w = new GroupWriter(db as Db)));
  return w.write(rows);
}
