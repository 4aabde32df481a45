import crypto from 'node:crypto';
import os from 'node:os';
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { scheduledJobs } from '../db/schema';

// Background jobs shared by every app node on one database (ADR 0007).
// A module registers its job at import time; startServer starts the runner
// after migrations (unless MANYI_JOBS=0) and stops it on stop(). Each tick is
// claimed with one conditional UPDATE on `scheduled_jobs`, so however many
// nodes poll, a tick runs on one node only; a failing run is logged and the
// job simply runs again at its next tick.

export interface JobDefinition {
  /** Stable name: the key of its schedule row. */
  name: string;
  /** Time between two ticks. */
  everyMs: number;
  /** The work of one tick. `now` is the tick's instant; use it instead of reading the clock. */
  run: (db: Db, now: Date) => Promise<void>;
}

const jobs = new Map<string, JobDefinition>();

/** Register a job (once per name; registering the same name again replaces it). */
export function registerJob(job: JobDefinition): void {
  if (!job.name || job.name.length > 100) throw new Error('job name must be 1–100 characters');
  if (!Number.isFinite(job.everyMs) || job.everyMs < 100) throw new Error(`job ${job.name}: everyMs must be at least 100`);
  jobs.set(job.name, job);
}

/** The registered jobs (for diagnostics and tests). */
export function registeredJobs(): JobDefinition[] {
  return [...jobs.values()];
}

/** Run one registered job right now on this node, without claiming a tick: for tests and the CLI that drive jobs by hand. */
export async function runJobNow(db: Db, name: string, now: Date = new Date()): Promise<void> {
  const job = jobs.get(name);
  if (!job) throw new Error(`no job registered as "${name}"`);
  await job.run(db, now);
}

/** What went wrong, without the message (it may quote personal data from a row). */
export function describeFailure(err: unknown): string {
  const e = err as { name?: string; code?: unknown; cause?: unknown };
  const name = typeof e?.name === 'string' ? e.name : typeof err;
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? ` ${e.code}` : '';
  const cause = e?.cause && e.cause !== err ? ` (cause: ${describeFailure(e.cause)})` : '';
  return `${name}${code}${cause}`.slice(0, 300);
}

export interface JobRunnerOptions {
  /** How often each job's schedule row is polled, at most; default min(everyMs, 1 s). */
  pollMs?: number;
  /** Identifies this node in `scheduled_jobs.locked_by`. */
  nodeId?: string;
  log?: (line: string) => void;
  /** Only these jobs (default: every registered job). */
  only?: string[];
}

export interface JobRunner {
  nodeId: string;
  /** Claim and run every due job once now (what the timers do), resolving when the runs finish. Returns the names that ran. */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Make sure every registered job has its schedule row (due at once when new). */
async function ensureRows(db: Db, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.insert(scheduledJobs).values(names.map((name) => ({ name, nextRunAt: sql`now()` as unknown as Date }))).onConflictDoNothing();
}

/**
 * Claim the job's current tick for this node: succeeds only when the tick is
 * due and no other node holds a live lease. Under READ COMMITTED a concurrent
 * claimer waits for our row lock, re-reads the row, finds it no longer due and
 * updates nothing — so each tick is claimed once.
 */
async function claim(db: Db, job: JobDefinition, nodeId: string): Promise<boolean> {
  const leaseMs = Math.max(job.everyMs * 10, 5 * 60_000);
  const rows = await db
    .update(scheduledJobs)
    .set({
      nextRunAt: sql`now() + ${`${job.everyMs} milliseconds`}::interval`,
      lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      lockedBy: nodeId,
      lastStartedAt: sql`now()`,
    })
    .where(and(
      eq(scheduledJobs.name, job.name),
      lte(scheduledJobs.nextRunAt, sql`now()`),
      or(isNull(scheduledJobs.lockedUntil), lt(scheduledJobs.lockedUntil, sql`now()`)),
    ))
    .returning({ name: scheduledJobs.name });
  return rows.length === 1;
}

async function release(db: Db, job: JobDefinition, nodeId: string, error: string | null): Promise<void> {
  await db
    .update(scheduledJobs)
    .set({
      lockedUntil: null,
      lockedBy: null,
      lastFinishedAt: sql`now()`,
      lastError: error,
      runs: sql`${scheduledJobs.runs} + 1`,
      failures: error ? sql`${scheduledJobs.failures} + 1` : scheduledJobs.failures,
    })
    .where(and(eq(scheduledJobs.name, job.name), eq(scheduledJobs.lockedBy, nodeId)));
}

/** Start polling the registered jobs on this node. */
export async function startJobRunner(db: Db, opts: JobRunnerOptions = {}): Promise<JobRunner> {
  const nodeId = opts.nodeId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const log = opts.log ?? ((line: string) => console.error(line));
  const selected = () => registeredJobs().filter((j) => !opts.only || opts.only.includes(j.name));
  await ensureRows(db, selected().map((j) => j.name));

  let stopped = false;
  const inFlight = new Map<string, Promise<boolean>>();
  const timers = new Map<string, NodeJS.Timeout>();

  /** One attempt at one job: claim its tick, run it, release it. Never throws. */
  const attempt = (job: JobDefinition): Promise<boolean> => {
    const running = inFlight.get(job.name);
    if (running) return running.then(() => false);
    const p = (async () => {
      let claimed = false;
      try {
        claimed = await claim(db, job, nodeId);
      } catch (err) {
        if (!stopped) log(`[jobs] ${job.name}: could not claim a tick: ${describeFailure(err)}`);
        return false;
      }
      if (!claimed) return false;
      let error: string | null = null;
      try {
        await job.run(db, new Date());
      } catch (err) {
        error = describeFailure(err);
        log(`[jobs] ${job.name} failed: ${error}; it runs again at its next tick`);
      }
      try {
        await release(db, job, nodeId, error);
      } catch (err) {
        if (!stopped) log(`[jobs] ${job.name}: could not record the run: ${describeFailure(err)}`);
      }
      return true;
    })().finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, p);
    return p;
  };

  const schedule = (job: JobDefinition) => {
    if (stopped) return;
    const every = opts.pollMs ?? Math.min(job.everyMs, 1000);
    const t = setTimeout(() => {
      void attempt(job).finally(() => schedule(job));
    }, every);
    t.unref();
    timers.set(job.name, t);
  };

  for (const job of selected()) schedule(job);

  return {
    nodeId,
    async tick() {
      const ran: string[] = [];
      await Promise.all(selected().map(async (job) => { if (await attempt(job)) ran.push(job.name); }));
      return ran;
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
