// Diagnostic preload for the server process (case-create.ts --count-queries):
//   node --import tsx/esm --import ./bench/count-queries.ts bin/manyi.js start
// counts the statements the app sends through `pg` (each one a round trip to PostgreSQL)
// and writes the running total to $MANYI_BENCH_QUERY_COUNT every 200 ms. Changes nothing else.
import fs from 'node:fs';
import pg from 'pg';

const file = process.env.MANYI_BENCH_QUERY_COUNT;
if (file) {
  let n = 0;
  const original = pg.Client.prototype.query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (pg.Client.prototype as any).query = function (this: pg.Client, ...args: unknown[]) {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  const timer = setInterval(() => fs.writeFileSync(file, String(n)), 200);
  timer.unref();
}
