import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

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

/**
 * Stored tsvector column `column` matches every word of `q` (no re-parsing per row). The search
 * index is asked only for the words of two or more characters when there are any: a single
 * character (空, 号, 差 — what segmentation leaves of an unknown word) is in a large share of
 * all cases, and intersecting its posting list costs tens of milliseconds; it is checked on the
 * few rows the longer words found instead (`ts_match_vq`, the function form of @@, which no index
 * serves).
 */
export function matchVector(column: AnyColumn | SQL, q: string): SQL {
  const tokens = queryTokens(q);
  if (tokens.length === 0) return sql`false`;
  const long = tokens.filter((t) => [...t].length >= 2);
  const indexed = long.length ? long : tokens;
  const rest = tokens.filter((t) => !indexed.includes(t));
  const byIndex = sql`${column} @@ to_tsquery('simple', ${toQuery(indexed)})`;
  return rest.length ? sql`(${byIndex} AND ts_match_vq(${column}, to_tsquery('simple', ${toQuery(rest)})))` : byIndex;
}

/** Only the digits of a string (phone fragments). */
export const digitsOf = (s: string) => s.replace(/\D/g, '');
