import { describe, expect, it } from 'vitest';
import { Throttle, minutesToWait } from './throttle';

const MIN = 60_000;
const policy = { maxFailures: 3, windowMs: 15 * MIN, lockMs: 10 * MIN };

describe('login throttle', () => {
  it('locks a key after maxFailures within the window, for lockMs', () => {
    const t = new Throttle(policy);
    expect(t.fail('u', 0)).toBe(0);
    expect(t.fail('u', MIN)).toBe(0);
    expect(t.lockedFor('u', MIN)).toBe(0);
    expect(t.fail('u', 2 * MIN)).toBe(10 * MIN);
    expect(t.lockedFor('u', 2 * MIN)).toBe(10 * MIN);
    expect(t.lockedFor('u', 11 * MIN)).toBe(MIN);
    expect(t.lockedFor('u', 12 * MIN)).toBe(0);
    // Another key is unaffected.
    expect(t.lockedFor('v', 2 * MIN)).toBe(0);
  });

  it('forgets failures older than the window, and after a lock-out ends starts afresh', () => {
    const t = new Throttle(policy);
    t.fail('u', 0); t.fail('u', MIN);
    expect(t.fail('u', 16 * MIN)).toBe(0); // the window restarted
    t.fail('u', 17 * MIN);
    expect(t.fail('u', 18 * MIN)).toBe(10 * MIN);
    expect(t.fail('u', 29 * MIN)).toBe(0); // lock over: this is failure 1 of a new window
  });

  it('a success clears the count', () => {
    const t = new Throttle(policy);
    t.fail('u', 0); t.fail('u', 0);
    t.succeed('u');
    expect(t.fail('u', 0)).toBe(0);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const t = new Throttle(policy, 1000);
    for (let i = 0; i < 5000; i++) t.fail(`k${i}`, i);
    expect(t.size).toBeLessThanOrEqual(1000);
  });

  it('rounds the wait up to whole minutes', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(14 * MIN + 1)).toBe(15);
  });
});
