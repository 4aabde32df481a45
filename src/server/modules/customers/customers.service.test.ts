import { describe, expect, it } from 'vitest';
import { nameTokens, phoneDigitsOf } from './customers.service';

describe('customer search columns', () => {
  it('indexes a Chinese name as words, characters and character pairs', () => {
    const tokens = nameTokens('王小明').split(' ');
    expect(tokens).toEqual(expect.arrayContaining(['王小明', '王', '小', '明', '王小', '小明']));
  });

  it('keeps Latin words of business names', () => {
    expect(nameTokens('ACME 科技').split(' ')).toEqual(expect.arrayContaining(['acme', '科技', '科', '技']));
  });

  it('keeps each phone’s digits apart so a fragment never spans two numbers', () => {
    expect(phoneDigitsOf(['+8613812345678', '0755-8365'])).toBe('8613812345678 07558365');
  });
});
