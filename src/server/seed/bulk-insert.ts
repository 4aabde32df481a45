import type pg from 'pg';

// Fast bulk writes for seeding: each table's rows travel as one array per column
// and land with `INSERT … SELECT * FROM unnest(…)`. Several tables go in ONE
// statement of data-modifying CTEs, so a batch is one round trip and one
// transaction (foreign keys between the CTEs are checked at the end of the
// statement), and Node can build the next batch while PostgreSQL writes this one.

/** A column: its name and the PostgreSQL type of its values; `text[]` columns travel as array literals. */
export type ColumnType = 'uuid' | 'text' | 'int4' | 'int8' | 'bool' | 'timestamptz' | 'jsonb' | 'text[]';

export class TableRows {
  readonly columns: { name: string; type: ColumnType }[];
  private readonly data: unknown[][];
  length = 0;

  constructor(readonly table: string, columns: Record<string, ColumnType>) {
    this.columns = Object.entries(columns).map(([name, type]) => ({ name, type }));
    this.data = this.columns.map(() => []);
  }

  /** Append one row, values in column order. */
  add(...values: unknown[]): void {
    for (let i = 0; i < this.data.length; i++) this.data[i].push(values[i] ?? null);
    this.length += 1;
  }

  /** Rewrite one column's values in place (e.g. to complete numbers once their sequence values are known). */
  update(column: string, fn: (value: unknown, row: number) => unknown): void {
    const i = this.columns.findIndex((c) => c.name === column);
    if (i < 0) throw new Error(`no column ${column} in ${this.table}`);
    const values = this.data[i];
    for (let r = 0; r < values.length; r++) values[r] = fn(values[r], r);
  }

  /** The CTE that inserts these rows; parameters are appended to `params`. */
  cte(alias: string, params: unknown[]): string {
    const args: string[] = [];
    const names: string[] = [];
    const selects: string[] = [];
    this.columns.forEach((c, i) => {
      params.push(c.type === 'text[]' ? this.data[i].map(arrayLiteral) : this.data[i]);
      const paramType = c.type === 'text[]' || c.type === 'jsonb' ? 'text' : c.type;
      args.push(`$${params.length}::${paramType}[]`);
      names.push(`c${i}`);
      selects.push(c.type === 'text[]' ? `c${i}::text[]` : c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`);
    });
    return `${alias} AS (INSERT INTO ${this.table} (${this.columns.map((c) => c.name).join(', ')}) ` +
      `SELECT ${selects.join(', ')} FROM unnest(${args.join(', ')}) AS u(${names.join(', ')}))`;
  }
}

const arrayLiteral = (v: unknown) =>
  v == null ? null : `{${(v as string[]).map((s) => `"${s.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`;

/** Insert every non-empty table in one statement (one round trip, one implicit transaction). */
export async function insertAll(client: pg.Pool | pg.PoolClient, tables: TableRows[]): Promise<void> {
  const params: unknown[] = [];
  const ctes = tables.filter((t) => t.length > 0).map((t, i) => t.cte(`t${i}`, params));
  if (ctes.length === 0) return;
  await client.query(`WITH ${ctes.join(',\n')} SELECT 1`, params);
}
