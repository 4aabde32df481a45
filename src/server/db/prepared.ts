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
  session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<{ rows: unknown[] }> } };
}

const names = new Map<string, string>();

export async function executePrepared<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<{ rows: T[] }> {
  const d = db as unknown as Internals;
  const q = d.dialect.sqlToQuery(query);
  let name = names.get(q.sql);
  if (!name) {
    name = `m_${crypto.createHash('sha1').update(q.sql).digest('hex').slice(0, 24)}`;
    if (names.size < 1_000) names.set(q.sql, name);
  }
  return (await d.session.prepareQuery(q, undefined, name, false).execute()) as { rows: T[] };
}
