import type { Actor } from './actor';

// The user behind a session cookie or bearer token, cached per node for a few
// seconds so that a request does not cost two extra statements (ADR 0010).
//
// Correctness does not rest on the time limit: triggers on sessions, api_tokens,
// users, user_roles and org_units NOTIFY `manyi_auth` at commit (migration
// 0009), whatever wrote the change; each node's LISTEN connection (LiveHub)
// then clears its cache. A node whose LISTEN connection is down does not cache
// at all. The time limit only bounds the damage of a notice that never comes.

export const AUTH_CHANNEL = 'manyi_auth';

export interface CachedCredential {
  userId: string;
  /** The actor without the request's IP address. */
  actor: Omit<Actor, 'ip'>;
  /** Sessions: the idle deadline and the absolute end; tokens: the expiry (both ends the same). */
  expiresAt: number;
  absoluteEnd: number;
  /** When the row was last touched (a request writes it again once this is over a minute old). */
  lastSeenAt: number;
  cachedAt: number;
}

export interface AuthCacheOptions {
  /** How long an entry may be used; 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most (a full cache is emptied, not evicted one by one). */
  maxEntries?: number;
  now?: () => number;
}

export class AuthCache {
  private readonly entries = new Map<string, CachedCredential>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** False while nothing tells this node about changes (no LISTEN connection). */
  private trusted = false;
  /** Bumped by every clear: an answer read before a clear must not be cached after it. */
  private generation = 0;

  constructor(opts: AuthCacheOptions) {
    this.ttlMs = opts.ttlMs;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.ttlMs > 0 && this.trusted;
  }

  /** The LISTEN connection is up (true) or lost (false, and everything cached is dropped). */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.clear();
  }

  /** A credential still usable now, or undefined (look it up in the database). */
  get(key: string): CachedCredential | undefined {
    if (!this.enabled) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    const now = this.now();
    if (now - e.cachedAt >= this.ttlMs || e.expiresAt <= now || e.absoluteEnd <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** The generation to hand back to `set`: take it before reading the database. */
  mark(): number {
    return this.generation;
  }

  set(key: string, entry: Omit<CachedCredential, 'cachedAt'>, generation: number): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { ...entry, cachedAt: this.now() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
