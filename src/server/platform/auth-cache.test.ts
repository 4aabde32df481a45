import { describe, expect, it } from 'vitest';
import { AuthCache } from './auth-cache';

const actor = { id: 'u1', username: 'wang', name: '王芳', orgUnitId: 'o1', locale: 'zh-CN' as const, grants: [] };
const entry = (now: number, over: Partial<{ expiresAt: number; absoluteEnd: number }> = {}) => ({
  userId: 'u1', actor, expiresAt: now + 60_000, absoluteEnd: now + 3_600_000, lastSeenAt: now, ...over,
});

function cacheAt(ttlMs = 5_000) {
  const clock = { now: 1_000_000 };
  const cache = new AuthCache({ ttlMs, now: () => clock.now });
  return { cache, clock };
}

describe('AuthCache', () => {
  it('caches nothing until told that change notices arrive', () => {
    const { cache, clock } = cacheAt();
    cache.set('s:a', entry(clock.now), cache.mark());
    expect(cache.get('s:a')).toBeUndefined();
    cache.setTrusted(true);
    cache.set('s:a', entry(clock.now), cache.mark());
    expect(cache.get('s:a')?.userId).toBe('u1');
  });

  it('forgets an entry after its time, and at the credential’s own deadlines', () => {
    const { cache, clock } = cacheAt();
    cache.setTrusted(true);
    cache.set('s:a', entry(clock.now), cache.mark());
    clock.now += 4_999;
    expect(cache.get('s:a')).toBeDefined();
    clock.now += 1;
    expect(cache.get('s:a')).toBeUndefined();

    cache.set('s:b', entry(clock.now, { expiresAt: clock.now + 1_000 }), cache.mark());
    clock.now += 1_000;
    expect(cache.get('s:b')).toBeUndefined();
    cache.set('s:c', entry(clock.now, { absoluteEnd: clock.now + 10 }), cache.mark());
    clock.now += 10;
    expect(cache.get('s:c')).toBeUndefined();
  });

  it('drops everything on a change notice, and refuses an answer read before it', () => {
    const { cache, clock } = cacheAt();
    cache.setTrusted(true);
    cache.set('s:a', entry(clock.now), cache.mark());
    const before = cache.mark(); // a request starts reading the database…
    cache.clear(); // …a change is committed meanwhile…
    cache.set('s:b', entry(clock.now), before); // …so what it read is not kept
    expect(cache.get('s:a')).toBeUndefined();
    expect(cache.get('s:b')).toBeUndefined();
  });

  it('stops caching while the LISTEN connection is down', () => {
    const { cache, clock } = cacheAt();
    cache.setTrusted(true);
    cache.set('s:a', entry(clock.now), cache.mark());
    cache.setTrusted(false);
    expect(cache.get('s:a')).toBeUndefined();
    cache.set('s:a', entry(clock.now), cache.mark());
    expect(cache.get('s:a')).toBeUndefined();
  });

  it('is off with a time of 0, and bounded in size', () => {
    const off = cacheAt(0).cache;
    off.setTrusted(true);
    off.set('s:a', entry(0), off.mark());
    expect(off.get('s:a')).toBeUndefined();

    const clock = { now: 0 };
    const small = new AuthCache({ ttlMs: 5_000, maxEntries: 2, now: () => clock.now });
    small.setTrusted(true);
    for (const k of ['a', 'b', 'c']) small.set(k, entry(0), small.mark());
    expect(small.size).toBeLessThanOrEqual(2);
  });
});
