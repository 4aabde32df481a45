import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../db/client';
import { caseCategories, customers as customersTable } from '../db/schema';
import { indexTokens } from '../platform/search';
import { insertAll, type TableRows } from './bulk-insert';
import { ensureCategories } from './categories.seed';
import { TOPICS, type Topic } from './chinese-text';
import { CaseFactory, caseTables, padSeq, type NumberRef } from './demo-cases';
import { addCustomer, customerTables, type CustomerRef } from './demo-customers';
import { DEMO_LOGINS, DEMO_PASSWORD, ensureDemoOrg, type DemoOrg } from './demo-org.seed';
import { createRng } from './rng';
import { seedDemoContacts } from './contacts.seed';
import { computeDemoClocks, publishDemoCommitments } from './commitments.seed';
import { seedDemoCallbacks } from '../modules/callbacks/callbacks.seed';

// Demo data: a believable province (江南省电信) with staff, customers and 90 days of
// cases, fast enough to build a million cases for benchmarks. Rows are generated in
// time order, in batches, and written with one multi-table INSERT per batch while the
// next batch is being generated.

export { DEMO_PASSWORD } from './demo-org.seed';

export interface SeedDemoOptions {
  dataDir: string;
  quiet?: boolean;
  /** New customers to add (default 3000). */
  customers?: number;
  /** New cases to add, spread over the last 90 days (default 3000). */
  cases?: number;
  onProgress?: (done: number, total: number) => void;
  /** Random seed: the same seed gives the same texts and names (ids and case numbers still differ). */
  seed?: number;
  /** "Now" for the 90-day window (default: the clock). */
  now?: Date;
  /** Rename the default root unit 省公司 to 江南省电信 (default true). */
  renameRoot?: boolean;
  /** Cases per INSERT batch (default 2000). */
  batchSize?: number;
  /** Publish the demo service commitments (organisation-wide) and compute the demo cases' clocks (default true). */
  commitments?: boolean;
}

export interface SeedDemoResult {
  org: DemoOrg;
  customers: number;
  cases: number;
  ms: number;
}

const DAY = 86_400_000;
const HOUR_WEIGHTS = [0.15, 0.08, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1, 1.6, 1.7, 1.6, 1.2, 1.2, 1.5, 1.6, 1.5, 1.4, 1.1, 1, 0.9, 0.7, 0.4, 0.25];

/** Seed (or add to) the demo province: org, staff, customers and cases. */
export async function seedDemo(db: Db, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const t0 = performance.now();
  const log = opts.quiet ? () => undefined : (m: string) => console.log(m);
  const nCustomers = Math.max(0, Math.floor(opts.customers ?? 3000));
  const nCases = Math.max(0, Math.floor(opts.cases ?? 3000));
  const nowMs = (opts.now ?? new Date()).getTime();
  const rng = createRng(opts.seed ?? crypto.randomInt(0, 2 ** 31));
  const pool = poolOf(db);

  const org = await ensureDemoOrg(db, { renameRoot: opts.renameRoot });
  const topicCategories = await categoriesForTopics(db);
  // The province's published service commitments (服务承诺), before the cases: publishing recomputes open cases.
  const published = opts.commitments === false ? 0 : await publishDemoCommitments(db);
  if (published) log(`[seed] demo service commitments: ${published}`);
  const contactsSeeding = seedDemoContacts(db, { org, nowMs, rng: createRng(opts.seed ?? 7) });
  contactsSeeding.catch(() => undefined); // awaited (and rethrown) below

  const nameTokenCache = new Map<string, string>();
  const nameTokens = (name: string) => {
    let v = nameTokenCache.get(name);
    if (v === undefined) {
      v = indexTokens(name);
      if (nameTokenCache.size < 200_000) nameTokenCache.set(name, v);
    }
    return v;
  };
  const textTokenCache = new Map<string, string>();
  const textTokens = (subject: string, description: string) => {
    const key = `${subject}\u0001${description}`;
    let v = textTokenCache.get(key);
    if (v === undefined) {
      v = indexTokens(subject, description);
      if (textTokenCache.size < 100_000) textTokenCache.set(key, v);
    }
    return v;
  };

  const total = nCustomers + nCases;
  const progress = makeProgress(opts.onProgress, total, opts.quiet ? undefined : log);
  // Two connections: PostgreSQL writes one batch on each core while Node builds the next.
  const writers = new Writers(await Promise.all([pool.connect(), pool.connect()]));
  try {
    await writers.each((c) => c.query('SET synchronous_commit = off'));
    // ── customers ──────────────────────────────────────────────────
    const customers: CustomerRef[] = org.created ? [] : await existingCustomers(db, org);
    const halls = org.halls.map((h) => ({ id: h.id, city: h.city }));
    const wantCustomers = customers.length === 0 && nCases > 0 ? Math.max(nCustomers, 1) : nCustomers;
    for (let done = 0; done < wantCustomers;) {
      const t = customerTables();
      const n = Math.min(5000, wantCustomers - done);
      for (let i = 0; i < n; i++) customers.push(addCustomer(rng, t, halls, nowMs, nameTokens));
      done += n;
      const d = Math.min(done, nCustomers);
      await writers.run(async (c) => {
        await insertAll(c, [t.customers, t.services]);
        progress(d);
      });
      await yieldToIo();
    }
    await writers.drain(); // cases refer to every customer

    // ── cases ──────────────────────────────────────────────────────
    const times = caseTimes(rng, nCases, nowMs);
    const factory = new CaseFactory({ rng, org, customers, topicCategories, nowMs, tokens: textTokens, nameTokens });
    const batchSize = Math.max(1, opts.batchSize ?? 2000);
    let numbering: Promise<void> = Promise.resolve();
    for (let start = 0; start < nCases; start += batchSize) {
      const t = caseTables();
      const end = Math.min(nCases, start + batchSize);
      for (let i = start; i < end; i++) {
        factory.add(t, times[i]);
        if ((i & 1023) === 1023) await yieldToIo();
      }
      const d = nCustomers + end;
      await writers.run(async (c) => {
        // Batches are numbered one after the other, so numbers rise with time and a
        // repeat complaint can name the number of a case from the batch before.
        await (numbering = numbering.then(() => numberRows(c, t.cases, t.workOrders, t.events)));
        await insertAll(c, [t.cases, t.events, t.transfers, t.comments, t.workOrders, t.steps, t.remediations]);
        progress(d);
      });
    }
    await writers.drain();
  } finally {
    await writers.release();
  }

  // A month of the demo hotline's contact records, so the call-centre dashboards have figures (written alongside the cases).
  const contacts = await contactsSeeding;
  if (contacts.records) log(`[seed] demo contact records: ${contacts.records} calls in ${(contacts.ms / 1000).toFixed(1)} s`);
  // Callbacks (回访) for the cases resolved in the last week, as the callback rules would have made them.
  // The SLA clocks of the demo cases under the province's commitments.
  const clocks = opts.commitments === false ? 0 : await computeDemoClocks(db, { now: new Date(nowMs) });
  if (clocks) log(`[seed] SLA clocks of ${clocks} demo cases`);
  const callbacks = await seedDemoCallbacks(db, { nowMs, seed: opts.seed });
  if (callbacks.tasks) log(`[seed] demo callbacks: ${callbacks.tasks} tasks`);
  const ms = Math.round(performance.now() - t0);
  log(`[seed] demo data: ${nCustomers} customers, ${nCases} cases in ${(ms / 1000).toFixed(1)} s`);
  log(`[seed] demo staff password: ${DEMO_PASSWORD}   logins: ${DEMO_LOGINS.map((l) => `${l.username} (${l.what})`).join(', ')}`);
  return { org, customers: nCustomers, cases: nCases, ms };
}

/**
 * A few connections writing batches concurrently; `run` waits only when all are
 * busy, and the first failure is thrown by the next `run` or `drain`.
 */
class Writers {
  private readonly idle: pg.PoolClient[];
  private readonly busy = new Set<Promise<void>>();
  private failure: unknown;

  constructor(private readonly clients: pg.PoolClient[]) {
    this.idle = [...clients];
  }

  async each(fn: (c: pg.PoolClient) => Promise<unknown>): Promise<void> {
    await Promise.all(this.clients.map(fn));
  }

  async run(job: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    while (this.idle.length === 0) await Promise.race(this.busy);
    if (this.failure) throw this.failure;
    const c = this.idle.pop()!;
    const p: Promise<void> = job(c)
      .catch((err) => { this.failure ??= err; })
      .finally(() => { this.busy.delete(p); this.idle.push(c); });
    this.busy.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.busy);
    if (this.failure) throw this.failure;
  }

  async release(): Promise<void> {
    await Promise.all(this.busy);
    for (const c of this.clients) {
      await c.query('RESET synchronous_commit').catch(() => undefined);
      c.release();
    }
  }
}

/** Case creation instants over the last 90 days, busier in opening hours and on weekdays, sorted. */
function caseTimes(rng: ReturnType<typeof createRng>, n: number, nowMs: number): Float64Array {
  const times = new Float64Array(n);
  const maxW = Math.max(...HOUR_WEIGHTS);
  // Midnight in Asia/Shanghai of today, as UTC milliseconds.
  const todayStart = Math.floor((nowMs + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
  for (let i = 0; i < n;) {
    const day = rng.int(0, 89);
    const dayStart = todayStart - day * DAY;
    const weekday = new Date(dayStart + 8 * 3_600_000).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.25)) continue;
    const hour = rng.int(0, 23);
    if (!rng.chance(HOUR_WEIGHTS[hour] / maxW)) continue;
    const ms = dayStart + hour * 3_600_000 + rng.int(0, 3_599_999);
    if (ms > nowMs - 60_000) continue;
    times[i++] = ms;
  }
  return times.sort();
}

/** Complete case and work-order numbers with values from their sequences (one round trip per batch). */
async function numberRows(client: pg.PoolClient, cases: TableRows, workOrders: TableRows, events: TableRows): Promise<void> {
  const { rows } = await client.query<{ c: string[] | null; w: string[] | null }>(
    `SELECT (SELECT array_agg(nextval('case_number_seq')) FROM generate_series(1, $1::int)) AS c,
            (SELECT array_agg(nextval('work_order_number_seq')) FROM generate_series(1, $2::int)) AS w`,
    [cases.length, workOrders.length],
  );
  const c = (rows[0].c ?? []).map(Number).sort((a, b) => a - b);
  const w = (rows[0].w ?? []).map(Number).sort((a, b) => a - b);
  const complete = (seq: number[]) => (v: unknown, i: number) => {
    const ref = v as NumberRef;
    ref.number += padSeq(seq[i]);
    return ref.number;
  };
  cases.update('number', complete(c));
  workOrders.update('number', complete(w));
  // Timeline events that name a work order were left as functions until now.
  events.update('data', (v) => (typeof v === 'function' ? (v as () => string)() : v));
}

/** Demo customers already in the database, so a second seed adds cases for them too. */
async function existingCustomers(db: Db, org: DemoOrg): Promise<CustomerRef[]> {
  const hallIndex = new Map(org.halls.map((h, i) => [h.id, i]));
  const rows = await db
    .select({ id: customersTable.id, orgUnitId: customersTable.orgUnitId, name: customersTable.name })
    .from(customersTable)
    .where(inArray(customersTable.orgUnitId, org.halls.map((h) => h.id)))
    .limit(2_000_000);
  return rows.map((r) => {
    const hall = hallIndex.get(r.orgUnitId)!;
    return { id: r.id, hall, city: org.halls[hall].city, name: r.name };
  });
}

/**
 * The category ids each topic's cases go to, matched by words in the category
 * tree's names; none when the tree is empty or nothing matches.
 */
async function categoriesForTopics(db: Db): Promise<string[][]> {
  let rows = await db.select().from(caseCategories).where(eq(caseCategories.active, true));
  if (rows.length === 0) {
    try {
      await ensureCategories(db);
      rows = await db.select().from(caseCategories).where(eq(caseCategories.active, true));
    } catch {
      rows = [];
    }
  }
  if (rows.length === 0) return TOPICS.map(() => []);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const parents = new Set(rows.map((r) => r.parentId).filter(Boolean));
  const pathText = (id: string): string => {
    const r = byId.get(id);
    return r ? (r.parentId ? pathText(r.parentId) : '') + '/' + r.nameZhCn : '';
  };
  const leaves = rows.filter((r) => !parents.has(r.id)).map((r) => ({ id: r.id, leaf: r.nameZhCn, path: pathText(r.id) }));
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  return TOPICS.map((topic) => {
    const ids = topic.categoryCodes.map((c) => byCode.get(c)).filter((id): id is string => Boolean(id));
    return ids.length > 0 ? ids : bestCategories(topic, leaves);
  });
}

const TYPE_WORDS: Record<string, string[]> = {
  complaint: ['投诉'], inquiry: ['咨询', '查询'], fault: ['故障', '申告', '报修'], request: ['业务', '办理', '受理'], suggestion: ['建议'], praise: ['表扬', '感谢'],
};

function bestCategories(topic: Topic, leaves: { id: string; leaf: string; path: string }[]): string[] {
  let best = 0;
  let ids: string[] = [];
  for (const l of leaves) {
    let score = 0;
    for (const kw of topic.keywords) if (l.path.includes(kw)) score += l.leaf.includes(kw) ? 3 : 1;
    if (score === 0) continue;
    for (const kw of TYPE_WORDS[topic.type] ?? []) if (l.path.includes(kw)) score += 2;
    if (score > best) { best = score; ids = [l.id]; } else if (score === best) ids.push(l.id);
  }
  return ids.slice(0, 3);
}

/** Progress to the caller, or a log line per 10 % for big runs. */
function makeProgress(onProgress: SeedDemoOptions['onProgress'], total: number, log?: (m: string) => void) {
  let lastDecile = 0;
  return (done: number) => {
    if (onProgress) return onProgress(done, total);
    if (!log || total < 50_000) return;
    const decile = Math.floor((done / total) * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      log(`[seed] ${decile * 10}% (${done}/${total})`);
    }
  };
}

/** The pg pool behind a Drizzle handle (drizzle(pool) keeps it as `$client`). */
function poolOf(db: Db): pg.Pool {
  const client = (db as unknown as { $client?: pg.Pool }).$client;
  if (!client || typeof client.connect !== 'function') throw new Error('seedDemo needs a Drizzle database opened on a pg Pool');
  return client;
}

const yieldToIo = () => new Promise<void>((r) => setImmediate(r));
