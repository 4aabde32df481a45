import { describe, expect, it } from 'vitest';
import type { CommitmentConditions } from '../../../shared/sla';
import { depthIn, type MatchableCase, type MatchableCommitment, pickCommitment } from './sla-match';

const none: CommitmentConditions = { caseTypes: [], categoryId: null, channels: [], priorities: [], valueTiers: [], siteId: null, area: null };
let n = 0;
const c = (code: string, conditions: Partial<CommitmentConditions>, extra: Partial<MatchableCommitment> = {}): MatchableCommitment => ({
  id: `00000000-0000-0000-0000-${String(++n).padStart(12, '0')}`, code, active: true, conditions: { ...none, ...conditions }, rank: 0,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)), ...extra,
});

// Org tree /P/C/H/ (province, city, hall); category tree /NET/BB/NOCONN/.
const kase = (over: Partial<MatchableCase> = {}): MatchableCase => ({
  type: 'fault', channel: 'counter', priority: 'normal', valueTier: 'ordinary', categoryPath: '/NET/BB/NOCONN/', sitePath: '/P/C/H/', rural: false, ...over,
});

describe('commitment specificity rule', () => {
  it('depth of an id in a path', () => {
    expect(depthIn('/P/C/H/', 'C')).toBe(2);
    expect(depthIn('/P/C/H/', 'X')).toBe(0);
    expect(depthIn(null, 'C')).toBe(0);
  });

  it('broadband faults: 24 h in cities, 48 h in the countryside', () => {
    const city = c('bb-city', { caseTypes: ['fault'], categoryId: 'BB', area: 'urban' });
    const country = c('bb-country', { caseTypes: ['fault'], categoryId: 'BB', area: 'rural' });
    expect(pickCommitment([city, country], kase())?.commitment.code).toBe('bb-city');
    expect(pickCommitment([city, country], kase({ rural: true }))?.commitment.code).toBe('bb-country');
    expect(pickCommitment([city, country], kase({ type: 'complaint' }))).toBeNull();
  });

  it('more conditions win; the reason lists what matched and the losers', () => {
    const general = c('complaints', { caseTypes: ['complaint'] });
    const key = c('key-complaints', { caseTypes: ['complaint'], valueTiers: ['key'] });
    const picked = pickCommitment([general, key], kase({ type: 'complaint', valueTier: 'key' }));
    expect(picked?.commitment.code).toBe('key-complaints');
    expect(picked?.reason).toMatchObject({
      score: 2, matched: [{ condition: 'caseType', value: 'complaint' }, { condition: 'valueTier', value: 'key' }], alsoMatched: ['complaints'],
    });
    expect(pickCommitment([general, key], kase({ type: 'complaint' }))?.commitment.code).toBe('complaints');
  });

  it('same count: the narrower category, then the narrower site, then rank, then the oldest', () => {
    const net = c('net', { categoryId: 'NET' });
    const bb = c('bb', { categoryId: 'BB' });
    expect(pickCommitment([net, bb], kase())?.commitment.code).toBe('bb');
    const province = c('province', { siteId: 'P' });
    const hall = c('hall', { siteId: 'H' });
    expect(pickCommitment([province, hall], kase())?.commitment.code).toBe('hall');
    const low = c('low', { channels: ['counter'] });
    const high = c('high', { priorities: ['normal'] }, { rank: 5 });
    expect(pickCommitment([low, high], kase())?.commitment.code).toBe('high');
    const first = c('first', { channels: ['counter'] });
    const second = c('second', { priorities: ['normal'] });
    expect(pickCommitment([second, first], kase())?.commitment.code).toBe('first');
  });

  it('inactive commitments and other subtrees never match; an empty commitment matches everything', () => {
    const off = c('off', { caseTypes: ['fault'] }, { active: false });
    const elsewhere = c('elsewhere', { siteId: 'OTHER' });
    const uncategorised = c('cat', { categoryId: 'BB' });
    const catchAll = c('all', {});
    expect(pickCommitment([off, elsewhere, catchAll], kase())?.commitment.code).toBe('all');
    expect(pickCommitment([uncategorised], kase({ categoryPath: null }))).toBeNull();
  });
});
