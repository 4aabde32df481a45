import { describe, expect, it } from 'vitest';
import { csrfTokenFor, csrfTokenMatches, isCrossSite } from './csrf';

describe('csrf', () => {
  it('derives a stable token per session that does not reveal the session', () => {
    expect(csrfTokenFor('s1')).toBe(csrfTokenFor('s1'));
    expect(csrfTokenFor('s1')).not.toBe(csrfTokenFor('s2'));
    expect(csrfTokenFor('s1')).not.toContain('s1');
    expect(csrfTokenMatches('s1', csrfTokenFor('s1'))).toBe(true);
    expect(csrfTokenMatches('s1', csrfTokenFor('s2'))).toBe(false);
    expect(csrfTokenMatches('s1', undefined)).toBe(false);
    expect(csrfTokenMatches('s1', 'short')).toBe(false);
  });
  it('judges the origin of a request', () => {
    const self = ['https://manyi.example.cn'];
    expect(isCrossSite({ origin: 'https://manyi.example.cn', secFetchSite: 'same-origin' }, self)).toBe(false);
    expect(isCrossSite({}, self)).toBe(false);
    expect(isCrossSite({ secFetchSite: 'none' }, self)).toBe(false);
    expect(isCrossSite({ origin: 'https://evil.example' }, self)).toBe(true);
    expect(isCrossSite({ origin: 'null' }, self)).toBe(true);
    expect(isCrossSite({ secFetchSite: 'cross-site' }, self)).toBe(true);
    expect(isCrossSite({ secFetchSite: 'same-site', origin: 'https://a.example.cn' }, self)).toBe(true);
  });
});
