import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './notifications';

describe('notification delivery retries', () => {
  it('waits 30 s, 1, 2, 4 min between attempts, up to the maximum', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(5);
  });
});
