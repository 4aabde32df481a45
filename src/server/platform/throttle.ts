// Login throttling (issue 5, item 5): after repeated failures a username, or an address, is locked
// out for a while. Pure bookkeeping: every method takes `now`; nothing here reads the clock.
//
// The counters live in the process (a bounded map). With several app nodes each node counts for
// itself, so an attacker behind a round-robin balancer gets at most (nodes × limit) guesses per
// window — see docs/adr/0008-web-security.md.

export interface ThrottlePolicy {
  /** Failures within `windowMs` that trigger a lock-out. */
  maxFailures: number;
  windowMs: number;
  /** How long the lock-out lasts. */
  lockMs: number;
}

interface Entry { failures: number; windowStart: number; lockedUntil: number }

export class Throttle {
  private readonly entries = new Map<string, Entry>();
  constructor(readonly policy: ThrottlePolicy, private readonly maxEntries = 100_000) {}

  /** Milliseconds left on the lock-out of `key`, or 0 when it may try. */
  lockedFor(key: string, now: number): number {
    const e = this.entries.get(key);
    return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
  }

  /** Count a failure; returns the lock-out length when this failure starts one, else 0. */
  fail(key: string, now: number): number {
    let e = this.entries.get(key);
    if (!e || now - e.windowStart >= this.policy.windowMs || (e.lockedUntil && e.lockedUntil <= now)) {
      e = { failures: 0, windowStart: now, lockedUntil: 0 };
    }
    e.failures += 1;
    let started = 0;
    if (e.failures >= this.policy.maxFailures && e.lockedUntil <= now) {
      e.lockedUntil = now + this.policy.lockMs;
      started = this.policy.lockMs;
    }
    this.entries.delete(key); // re-insert: the map's order is the eviction order
    this.entries.set(key, e);
    if (this.entries.size > this.maxEntries) this.prune(now);
    return started;
  }

  /** A success clears the key's failures. */
  succeed(key: string): void {
    this.entries.delete(key);
  }

  /** Drop expired entries; if still too many, the least recently failed ones. */
  prune(now: number): void {
    for (const [k, e] of this.entries) {
      if (e.lockedUntil <= now && now - e.windowStart >= this.policy.windowMs) this.entries.delete(k);
    }
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Whole minutes to wait, rounded up, at least 1: what the refusal message says. */
export const minutesToWait = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
