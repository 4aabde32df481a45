import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wireTexts } from './live';

describe('live event payloads', () => {
  it('sends a small event as one NOTIFY payload', () => {
    const texts = wireTexts({ topic: 'notification', userIds: ['u1'], payload: { id: 'n1' } });
    expect(texts).toHaveLength(1);
    expect(JSON.parse(texts[0])).toEqual({ t: 'notification', u: ['u1'], p: { id: 'n1' } });
    expect(JSON.parse(wireTexts({ topic: 'x', payload: 1 })[0])).toEqual({ t: 'x', u: null, p: 1 });
  });

  it('splits many recipients over several payloads under 8000 bytes, each recipient once', () => {
    const ids = Array.from({ length: 1000 }, () => crypto.randomUUID());
    const texts = wireTexts({ topic: 'callback.queue', userIds: ids, payload: { taskId: 'abc' } });
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(Buffer.byteLength(t)).toBeLessThan(8000);
    const all = texts.flatMap((t) => JSON.parse(t).u as string[]);
    expect(all).toEqual(ids);
    expect(texts.every((t) => JSON.parse(t).p.taskId === 'abc')).toBe(true);
  });

  it('refuses a payload too large for NOTIFY: payloads are ids and counts', () => {
    expect(() => wireTexts({ topic: 'big', payload: { blob: 'x'.repeat(9000) } })).toThrow(/too large/);
    expect(() => wireTexts({ topic: 'big', userIds: ['a'], payload: { blob: '满'.repeat(3000) } })).toThrow(/too large/);
  });
});
