import crypto from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';

// A named prepared statement for a hot raw-SQL path (case intake). PostgreSQL parses and plans
// an unnamed statement afresh every time; a named one is parsed once per connection and its
// plan is cached. The name is a hash of the statement's text, so every distinct text gets its
// own and node-postgres never reuses a name for another text. Only for statements whose text
// comes from a few shapes (the values are parameters): each shape costs a prepared statement
// on every pooled connection.
//
// Drizzle's `db.execute` has no name; its own `.prepare(name)` (query builders only) goes
// through the session's prepareQuery, which this uses for raw SQL too.

interface Internals {
  dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): {
      execute(values?: Record<string, unknown>): Promise<{ rows: unknown[] }>;
    };
  };
}

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `m_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 1_000) names.set(text, name);
  }
  return name;
}

export async function executePrepared<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<{ rows: T[] }> {
  const d = db as unknown as Internals;
  const q = d.dialect.sqlToQuery(query);
  return (await d.session.prepareQuery(q, undefined, nameOf(q.sql), false).execute()) as { rows: T[] };
}

const shapes = new Map<string, { query: { sql: string; params: unknown[] }; name: string }>();

/**
 * The same, for a statement that comes in a few shapes, each named by `key`: `build` writes the
 * shape with `sql.placeholder(…)` where the values go and runs once per key; later calls only
 * fill in `values`. Drizzle's building of a large statement (its `sqlToQuery` walk) costs more
 * than PostgreSQL's execution of a prepared one.
 */
export async function executeShape<T extends Record<string, unknown>>(db: DbOrTx, key: string, build: () => SQL,
  values: Record<string, unknown>): Promise<{ rows: T[] }> {
  const d = db as unknown as Internals;
  let shape = shapes.get(key);
  if (!shape) {
    const query = d.dialect.sqlToQuery(build());
    shape = { query, name: nameOf(query.sql) };
    if (shapes.size < 1_000) shapes.set(key, shape);
  }
  return (await d.session.prepareQuery(shape.query, undefined, shape.name, false).execute(values)) as { rows: T[] };
}
