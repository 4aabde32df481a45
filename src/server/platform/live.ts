import crypto from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import pg from 'pg';
import type { Database, Db, DbOrTx } from '../db/client';
import { describeFailure } from './jobs';
import { actorOf, route, router, type AppEnv } from './http';

// Live updates (ADR 0007). `publish` sends an event through PostgreSQL
// NOTIFY on one channel: it is delivered when the caller's transaction
// commits (never for a rolled-back write) and reaches every app node, each of
// which holds one LISTEN connection and fans the event out to the browsers
// connected to it over Server-Sent Events (GET /api/v1/live).

export const LIVE_CHANNEL = 'manyi_live';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_NOTIFY_BYTES = 7900;
/** Stream timings: a comment line to keep proxies from closing an idle stream; how often a stream re-checks its session or token. Tests shorten them. */
export const liveTiming = { heartbeatMs: 20_000, recheckMs: 60_000 };

export interface LiveEvent {
  /** What happened, e.g. 'notification', 'callback.queue', 'contact.screen-pop'. */
  topic: string;
  /** Who receives it; null or absent: every logged-in user. */
  userIds?: string[] | null;
  /** Small and free of personal data: ids and counts; the browser fetches the rest through the API. */
  payload: unknown;
}

interface Wire { t: string; u: string[] | null; p: unknown }

/** The NOTIFY payloads for one event: one, or several when many recipients would not fit in one. */
export function wireTexts(event: LiveEvent): string[] {
  const userIds = event.userIds ?? null;
  const whole = JSON.stringify({ t: event.topic, u: userIds, p: event.payload ?? null } satisfies Wire);
  if (Buffer.byteLength(whole) <= MAX_NOTIFY_BYTES) return [whole];
  const bare = JSON.stringify({ t: event.topic, u: [], p: event.payload ?? null } satisfies Wire);
  if (userIds === null || Buffer.byteLength(bare) > MAX_NOTIFY_BYTES - 100) {
    throw new Error(`live event "${event.topic}" is too large for NOTIFY: keep payloads to ids and counts`);
  }
  // Many recipients: the same event in several notifications, each addressed to some of them.
  const room = MAX_NOTIFY_BYTES - Buffer.byteLength(bare);
  const out: string[] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const id of userIds) {
    const add = Buffer.byteLength(JSON.stringify(id)) + 1;
    if (size + add > room && chunk.length > 0) {
      out.push(JSON.stringify({ t: event.topic, u: chunk, p: event.payload ?? null } satisfies Wire));
      chunk = [];
      size = 0;
    }
    chunk.push(id);
    size += add;
  }
  if (chunk.length > 0) out.push(JSON.stringify({ t: event.topic, u: chunk, p: event.payload ?? null } satisfies Wire));
  return out;
}

/** Publish an event; inside a transaction it goes out when (and only if) the transaction commits. */
export async function publish(db: DbOrTx, event: LiveEvent): Promise<void> {
  if (event.userIds && event.userIds.length === 0) return;
  for (const text of wireTexts(event)) {
    await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${text})`);
  }
}

export interface ChannelWatcher {
  notify(payload: string): void;
  connected(up: boolean): void;
}

interface Subscriber {
  userId: string;
  send(topic: string, payload: unknown): void;
  close(): void;
}

/** One node's side of live updates: its LISTEN connection and the browsers connected to it. */
export class LiveHub {
  private client: pg.Client | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private stopped = false;
  private retryMs = 500;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly log: (line: string) => void;
  /** Other channels this connection listens on (e.g. the auth cache's), with what to do on a notice. */
  private readonly watchers = new Map<string, ChannelWatcher>();

  constructor(private readonly connectionString: string, opts: { log?: (line: string) => void } = {}) {
    this.log = opts.log ?? ((line) => console.error(line));
  }

  /** Connect and LISTEN; afterwards a lost connection is re-established on its own. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (msg) => {
      const watcher = this.watchers.get(msg.channel);
      if (watcher) {
        watcher.notify(msg.payload ?? '');
        return;
      }
      if (msg.channel !== LIVE_CHANNEL || !msg.payload) return;
      try {
        this.dispatch(JSON.parse(msg.payload) as Wire);
      } catch {
        this.log('[live] ignored a malformed event');
      }
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    for (const channel of this.watchers.keys()) await client.query(`LISTEN ${channel}`);
    if (this.stopped) {
      // stop() came while this (re)connection was on its way: it must not outlive the hub
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = 500;
    for (const w of this.watchers.values()) w.connected(true);
  }

  /**
   * Listen on another channel over this node's LISTEN connection. `connected(false)` says notices
   * may be missed from now on (the connection is lost or the hub stopped); `connected(true)` that
   * they arrive again.
   */
  async watch(channel: string, watcher: ChannelWatcher): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.watchers.set(channel, watcher);
    const client = this.client;
    if (!client) return; // connect() listens and says connected(true)
    await client.query(`LISTEN ${channel}`);
    if (this.client === client) watcher.connected(true);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    for (const w of this.watchers.values()) w.connected(false);
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.log('[live] LISTEN connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((err) => {
        this.log(`[live] reconnect failed: ${describeFailure(err)}`);
        this.retryMs = Math.min(this.retryMs * 2, 15_000);
        this.scheduleReconnect();
      });
    }, this.retryMs);
    this.reconnectTimer.unref();
  }

  private dispatch(wire: Wire): void {
    for (const s of this.subscribers) {
      if (wire.u === null || wire.u.includes(s.userId)) s.send(wire.t, wire.p);
    }
  }

  /** Browsers connected to this node. */
  get connections(): number {
    return this.subscribers.size;
  }

  subscribe(sub: Subscriber): () => void {
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  /** Close every browser stream and the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const s of [...this.subscribers]) s.close();
    this.subscribers.clear();
    const client = this.client;
    this.client = undefined;
    for (const w of this.watchers.values()) w.connected(false);
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

const hubs = new WeakMap<Database, LiveHub>();

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Whether the stream's credentials still hold (logout, expiry, revocation,
 * deactivation end it). Read-only on purpose: an open stream must not extend
 * an idle session the way a request does.
 */
async function stillSignedIn(db: Db, userId: string, cred: { session?: string; bearer?: string }): Promise<boolean> {
  const hash = sha256(cred.session ?? cred.bearer ?? '');
  const rows = cred.session
    ? await db.execute(sql`select 1 from sessions s join users u on u.id = s.user_id
        where s.token_hash = ${hash} and s.user_id = ${userId} and s.expires_at > now() and u.active`)
    : await db.execute(sql`select 1 from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = ${hash} and t.user_id = ${userId} and t.expires_at > now() and t.revoked_at is null and u.active`);
  return rows.rows.length > 0;
}

/** Start this node's hub for a database (startServer calls it once). */
export async function startLive(database: Database, connectionString: string, opts: { log?: (line: string) => void } = {}): Promise<LiveHub> {
  const hub = new LiveHub(connectionString, opts);
  await hub.start();
  hubs.set(database, hub);
  return hub;
}

export function liveHubOf(database: Database): LiveHub | undefined {
  return hubs.get(database);
}

export const liveRoutes = router();

liveRoutes.openapi(
  route({
    method: 'get', path: '/live', tags: ['live'], permission: 'authenticated',
    summary: 'Server-Sent Events: the live events addressed to the caller (data: {"topic","payload"}); a comment line every 20 s keeps the stream open',
    responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } } },
  }),
  (async (c: Context<AppEnv>) => {
    const actor = actorOf(c);
    const { database } = c.get('deps');
    const hub = liveHubOf(database);
    const header = c.req.header('authorization');
    const cred = header?.toLowerCase().startsWith('bearer ') ? { bearer: header.slice(7).trim() } : { session: c.get('sessionToken') };
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream: SSEStreamingApi) => {
      let done!: () => void;
      const finished = new Promise<void>((r) => { done = r; });
      let queue = Promise.resolve();
      const write = (text: string) => {
        queue = queue.then(() => (stream.closed ? undefined : stream.write(text))).then(() => undefined, () => done());
      };
      const unsubscribe = hub?.subscribe({
        userId: actor.id,
        send: (topic, payload) => write(`data: ${JSON.stringify({ topic, payload })}\n\n`),
        close: () => done(),
      });
      stream.onAbort(() => done());
      write(`retry: 3000\ndata: ${JSON.stringify({ topic: 'live.ready', payload: null })}\n\n`);
      const heartbeat = setInterval(() => write(': ping\n\n'), liveTiming.heartbeatMs);
      const recheck = setInterval(() => {
        stillSignedIn(database.db, actor.id, cred).then((ok) => { if (!ok) done(); }, () => undefined);
      }, liveTiming.recheckMs);
      if (!hub) done();
      await finished;
      clearInterval(heartbeat);
      clearInterval(recheck);
      unsubscribe?.();
      await queue;
    });
  }) as never,
);
