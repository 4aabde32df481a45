import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { matchesAtMost, matchVector, queryTokens } from './search';

const render = (q: string) => new PgDialect().sqlToQuery(matchVector(sql`v`, q));

describe('matchVector', () => {
  it('asks the index for the longer words and checks single characters row by row', () => {
    expect(queryTokens('来电 空号')).toEqual(['来电', '空', '号']);
    const { sql: text, params } = render('来电 空号');
    expect(text).toBe(`(v @@ to_tsquery('simple', $1) AND ts_match_vq(v, to_tsquery('simple', $2)))`);
    expect(params).toEqual([`'来电'`, `'空' & '号'`]);
  });

  it('uses the index for every word when all are long, or all are single characters', () => {
    const long = render('宽带 断网');
    expect(long.sql).toBe(`v @@ to_tsquery('simple', $1)`);
    expect(long.params).toEqual([`'宽带' & '断网'`]);
    const single = render('号');
    expect(single.sql).toBe(`v @@ to_tsquery('simple', $1)`);
    expect(single.params).toEqual([`'号'`]);
  });

  it('with column statistics, asks the index for the rarest word and words not far commoner, and checks the common ones row by row', () => {
    const stats = new Map([['来电', 0.0216], ['空', 0.0208], ['号', 0.0298], ['物业', 0.0031], ['宽带', 0.39], ['投诉', 0.0302]]);
    const freq = (t: string) => stats.get(t);
    const similar = new PgDialect().sqlToQuery(matchVector(sql`v`, '来电 空号', freq));
    expect(similar.sql).toBe(`v @@ to_tsquery('simple', $1)`); // within 100× of the rarest: all through the index
    expect(similar.params).toEqual([`'空' & '来电' & '号'`]);
    const common = new PgDialect().sqlToQuery(matchVector(sql`v`, '物业 宽带 投诉', freq));
    expect(common.params).toEqual([`'物业' & '投诉'`, `'宽带'`]); // 宽带 is 126× commoner than 物业: checked row by row
    const rare = new PgDialect().sqlToQuery(matchVector(sql`v`, '物业 进线', freq));
    expect(queryTokens('物业 进线')).toEqual(['物业', '进', '线']);
    expect(rare.sql).toBe(`v @@ to_tsquery('simple', $1)`); // 进 and 线 are not in the statistics: rarer still
    expect(rare.params).toEqual([`'进' & '线' & '物业'`]);
    const unlisted = new PgDialect().sqlToQuery(matchVector(sql`v`, '进线 宽带 物业', freq));
    expect(unlisted.params).toEqual([`'进' & '线' & '物业'`, `'宽带'`]); // rarest unlisted: only words under 1 % join it
  });

  it('matches nothing for a query without words', () => {
    expect(render('  ，。 ').sql).toBe('false');
  });
});

describe('matchesAtMost', () => {
  it('bounds the matches by the rarest word, an unlisted word counting at the statistics\' floor', () => {
    const listed = new Map([['宽带', 0.39], ['断网', 0.05], ['物业', 0.0031]]);
    const stats = { freq: (t: string) => listed.get(t), rows: 1_000_000, floor: 0.0016 };
    expect(matchesAtMost('宽带', stats)).toBe(390_000);
    expect(matchesAtMost('宽带 断网', stats)).toBe(50_000);
    expect(matchesAtMost('宽带 物业', stats)).toBe(3_100);
    expect(matchesAtMost('宽带 进线', stats)).toBe(1_600); // 进 and 线 are not listed: at most the floor
    expect(matchesAtMost('宽带', undefined)).toBeUndefined(); // a table not yet analysed
    expect(matchesAtMost(' ，。', stats)).toBeUndefined();
  });
});
