import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';

// Chinese full-text search: words segmented here with jieba, stored as a
// space-joined token column, matched with to_tsvector('simple', …) and a GIN index.

let jieba: Jieba | undefined;
const segmenter = () => (jieba ??= Jieba.withDict(dict));

const PUNCT = /^[\s\p{P}\p{S}]+$/u;

/** Tokens for indexing: cut-for-search, so both 营业厅 and 营业 match. Lower-cased, de-duplicated. */
export function indexTokens(...texts: (string | null | undefined)[]): string {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const w of segmenter().cutForSearch(text, true)) {
      const t = w.trim().toLowerCase();
      if (t && !PUNCT.test(t)) out.add(t.replace(/[':&|!()\\]/g, ''));
    }
  }
  return [...out].filter(Boolean).join(' ');
}

/** Tokens of a query, segmented the same way (precise mode: what the user typed, word by word). */
export function queryTokens(q: string): string[] {
  const out: string[] = [];
  for (const w of segmenter().cut(q, true)) {
    const t = w.trim().toLowerCase().replace(/[':&|!()\\<>*]/g, '');
    if (t && !PUNCT.test(t)) out.push(t);
  }
  return [...new Set(out)];
}

const toQuery = (tokens: string[]) => tokens.map((t) => `'${t}'`).join(' & ');

function tsquery(q: string): string | undefined {
  const tokens = queryTokens(q);
  return tokens.length ? toQuery(tokens) : undefined;
}

/** Token column `column` matches every word of `q`; false when `q` has no words. */
export function matchTokens(column: AnyColumn | SQL, q: string): SQL {
  const query = tsquery(q);
  return query ? sql`to_tsvector('simple', ${column}) @@ to_tsquery('simple', ${query})` : sql`false`;
}

/** How common each token is: the share of rows holding it, or undefined when the statistics do not list it (rarer). */
export type TokenFrequency = (token: string) => number | undefined;

/** A token in at most this share of rows is cheap to ask the search index for (its posting list is short). */
const CHEAP_IN_INDEX = 0.01;
/**
 * A commoner token is asked of the index too unless it is this many times commoner than the rarest.
 * Measured on a million cases: reading a posting list costs ~0.06 µs an entry, checking a candidate
 * row ~10 µs; 国际漫游 (3.2 %) with 费用 (14.9 %) took 400 ms checking 费用 on 32,000 rows, 7.5 ms
 * with both from the index.
 */
const INDEX_RATIO = 100;

/**
 * Stored tsvector column `column` matches every word of `q` (no re-parsing per row). Asking the
 * search index for a common word costs time in proportion to how many rows hold it; checking it on
 * the rows the other words found costs time in proportion to those, and a row costs ~150 times a
 * posting-list entry. So, with PostgreSQL's statistics of the column (`freq`), the index is asked
 * for the rarest word, every word in under 1 % of rows and every word at most INDEX_RATIO times
 * commoner than the rarest; the rest (号 beside a rare word) are checked row by row (`ts_match_vq`,
 * the function form of @@, which no index serves). Without statistics
 * (a new database not yet analysed), single characters (空, 号 — what segmentation leaves of an
 * unknown word, and common) are the ones checked row by row when there are longer words.
 */
export function matchVector(column: AnyColumn | SQL, q: string, freq?: TokenFrequency): SQL {
  const tokens = queryTokens(q);
  if (tokens.length === 0) return sql`false`;
  let indexed: string[];
  if (freq) {
    const ranked = tokens.map((t) => ({ t, f: freq(t) ?? 0 })).sort((a, b) => a.f - b.f);
    indexed = ranked.filter((x, i) => i === 0 || x.f < CHEAP_IN_INDEX || x.f <= ranked[0].f * INDEX_RATIO).map((x) => x.t);
  } else {
    const long = tokens.filter((t) => [...t].length >= 2);
    indexed = long.length ? long : tokens;
  }
  const rest = tokens.filter((t) => !indexed.includes(t));
  const byIndex = sql`${column} @@ to_tsquery('simple', ${toQuery(indexed)})`;
  return rest.length ? sql`(${byIndex} AND ts_match_vq(${column}, to_tsquery('simple', ${toQuery(rest)})))` : byIndex;
}

/** Only the digits of a string (phone fragments). */
export const digitsOf = (s: string) => s.replace(/\D/g, '');

const STATS_TTL_MS = 10 * 60_000;
const statsCache = new WeakMap<object, { at: number; stats: TokenStats | undefined; loading?: Promise<void> }>();

/** A tsvector column's statistics, as PostgreSQL's ANALYZE left them. */
export interface TokenStats {
  freq: TokenFrequency;
  /** Rows in the table when it was analysed. */
  rows: number;
  /** The least frequency among the tokens listed: an unlisted token is (about) rarer. */
  floor: number;
}

/**
 * About how many rows can hold every word of `q`, at most: as many as hold its rarest word (an
 * unlisted word counts at the statistics' floor). Undefined without statistics.
 */
export function matchesAtMost(q: string, stats: TokenStats | undefined): number | undefined {
  const tokens = queryTokens(q);
  if (!stats || tokens.length === 0) return undefined;
  return Math.ceil(stats.rows * Math.min(...tokens.map((t) => stats.freq(t) ?? stats.floor)));
}

/** A tsvector column's statistics from pg_stats (its most common elements); undefined until the table is analysed. */
export async function readTokenStats(db: DbOrTx, table: string, column: string): Promise<TokenStats | undefined> {
  // For a tsvector, most_common_elem_freqs holds one frequency per listed token, then the least and the
  // greatest of them.
  const { rows } = await db.execute<{ e: string; f: number; floor: number; rows: number }>(sql`SELECT u.e, u.f,
      s.most_common_elem_freqs[cardinality(s.most_common_elems::text::text[]) + 1] AS floor,
      (SELECT c.reltuples FROM pg_class c WHERE c.oid = to_regclass(quote_ident(s.schemaname) || '.' || quote_ident(s.tablename))) AS rows
    FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(e, f)
    WHERE s.schemaname = current_schema() AND s.tablename = ${table} AND s.attname = ${column} AND u.e IS NOT NULL`);
  if (rows.length === 0) return undefined;
  const map = new Map(rows.map((r) => [r.e, Number(r.f)]));
  return { freq: (t) => map.get(t), rows: Math.max(0, Number(rows[0].rows)), floor: Number(rows[0].floor) };
}

/** The statistics of a tsvector column (readTokenStats), cached per pool; refreshed every 10 minutes. */
export async function tokenStats(db: DbOrTx, table: string, column: string): Promise<TokenStats | undefined> {
  const key = db as object;
  let entry = statsCache.get(key);
  const load = async () => {
    statsCache.set(key, { at: Date.now(), stats: await readTokenStats(db, table, column) });
  };
  if (!entry) {
    await load().catch(() => statsCache.set(key, { at: Date.now(), stats: undefined }));
    entry = statsCache.get(key)!;
  } else if (Date.now() - entry.at > STATS_TTL_MS && !entry.loading) {
    // Stale: answer with what we have, refresh in the background.
    const e = entry;
    e.loading = load().catch(() => { e.at = Date.now(); }).finally(() => { e.loading = undefined; });
  }
  return entry.stats;
}
