import type { SlaState, SlaTargetName, SlaTargets, SlaTargetClock } from '../../../shared/sla';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-calendar';

// SLA clocks of one case (issue 3, item 3). Pure: the commitment's targets,
// the calendar, the case's timeline and `now` come in as arguments; the same
// inputs always give the same clocks, so a case's clocks can be recomputed from
// its history at any time (an edit of the case, of the commitment or of the
// calendar) and the answer does not depend on when it was last computed.
//
// What starts and stops each target (see docs/adr/0006-sla-clocks.md):
// - acknowledgement: from creation until the case first leaves `new`;
// - firstResponse: from creation until the first customer-facing answer
//   (a public comment, a move to waiting_customer, or the resolution);
// - nextUpdate (repeating): from each customer-facing answer to the next one,
//   until the case is resolved; cycle k starts at answer k;
// - resolution: from creation until resolved; time spent resolved or closed
//   does not count, so after a reopen the clock resumes where it stopped;
//   a regulator's deadline replaces the target with that absolute instant;
// - callback: from the latest resolution until a completed callback
//   (`callback_completed` on the timeline), on a plain or business clock.
// Clocks other than callback do not run in the commitment's pause statuses
// (waiting_customer by default). A cancelled or merged case stops every clock.

const MINUTE_MS = 60_000;

/** Timeline event kinds that complete a callback. */
export const CALLBACK_DONE_KINDS: readonly string[] = ['callback_completed'];

export interface ClockEvent {
  at: Date;
  kind: string;
  data: Record<string, unknown>;
}

export interface ClockInput {
  targets: SlaTargets;
  /** Needed when a target runs on business minutes. */
  calendar: BusinessCalendar | null;
  pauseStatuses: readonly string[];
  warnAtPercent: number;
  createdAt: Date;
  /** The case's timeline, oldest first (other kinds are ignored). */
  events: readonly ClockEvent[];
  regulatorDeadline: Date | null;
  now: Date;
}

export type AlarmKind = 'warning' | 'breach';

/** An instant at which the escalation scan must act. */
export interface Alarm {
  target: SlaTargetName;
  kind: AlarmKind;
  cycle: number;
  at: Date;
}

export interface ClockResult {
  status: string;
  paused: boolean;
  targets: SlaTargetClock[];
  /** Warnings and breaches of unfinished targets, earliest first (some may be past: the scan fires each once). */
  alarms: Alarm[];
  nextEscalationAt: Date | null;
}

/** Minutes arithmetic on one kind of clock, in epoch milliseconds. */
interface Arith {
  between(a: number, b: number): number;
  add(a: number, minutes: number): number;
}

const plain: Arith = {
  between: (a, b) => (b - a) / MINUTE_MS,
  add: (a, m) => a + Math.round(m * MINUTE_MS),
};

function business(cal: BusinessCalendar): Arith {
  return {
    between: (a, b) => (b <= a ? 0 : businessMinutesBetween(cal, new Date(a), new Date(b))),
    add: (a, m) => addBusinessMinutes(cal, new Date(a), m).getTime(),
  };
}

/** Status from an event, when the event changes it. */
function statusAfter(e: ClockEvent): string | null {
  switch (e.kind) {
    case 'status_changed': return typeof e.data.to === 'string' ? e.data.to : null;
    case 'resolved': return 'resolved';
    case 'confirmed': return e.data.satisfied === true ? 'closed' : 'in_progress';
    case 'reopened': return 'in_progress';
    case 'cancelled': return 'cancelled';
    case 'merged': return 'merged';
    default: return null;
  }
}

/** A customer-facing answer: what meets first response and restarts next update. */
function isAnswer(e: ClockEvent): boolean {
  return (e.kind === 'commented' && e.data.public === true)
    || (e.kind === 'status_changed' && e.data.to === 'waiting_customer')
    || e.kind === 'resolved';
}

const STOPPED = new Set(['resolved', 'closed', 'cancelled', 'merged']);
const ENDED = new Set(['cancelled', 'merged']);

interface Segment { from: number; to: number; status: string }

interface Run {
  elapsed: number;
  dueAt: number | null;
  warnAt: number | null;
  /** The clock runs at the end of the span (not paused, not stopped). */
  running: boolean;
}

/**
 * Count a target of `minutes` from `start` to `end` over the segments in which
 * the clock runs; the instants where `warn` and `minutes` were (or will be)
 * reached are found on the way. When the clock is running at `end` and has not
 * reached them yet, they are projected forward from the last running stretch.
 */
function runClock(arith: Arith, segments: readonly Segment[], start: number, end: number, minutes: number, warn: number, runs: (status: string) => boolean): Run {
  let elapsed = 0;
  let dueAt: number | null = null;
  let warnAt: number | null = null;
  let lastStart: number | null = null;
  let lastBefore = 0;
  let running = false;
  for (const s of segments) {
    const a = Math.max(s.from, start);
    const b = Math.min(s.to, end);
    if (b < a || (b === a && s.to !== end)) continue;
    if (!runs(s.status)) { running = false; continue; }
    const before = elapsed;
    const span = b > a ? arith.between(a, b) : 0;
    elapsed += span;
    if (warnAt === null && elapsed >= warn && span > 0) warnAt = arith.add(a, warn - before);
    if (dueAt === null && elapsed >= minutes && span > 0) dueAt = arith.add(a, minutes - before);
    lastStart = a;
    lastBefore = before;
    running = b === end;
  }
  if (running && lastStart !== null) {
    if (warnAt === null) warnAt = arith.add(lastStart, warn - lastBefore);
    if (dueAt === null) dueAt = arith.add(lastStart, minutes - lastBefore);
  }
  return { elapsed, dueAt, warnAt, running };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const round = (m: number) => Math.round(m * 100) / 100;

/** Every target's clock, and the alarms the escalation scan must fire. */
export function computeClocks(input: ClockInput): ClockResult {
  const now = input.now.getTime();
  const created = input.createdAt.getTime();
  const events = input.events.filter((e) => e.at.getTime() <= now);

  // Status segments from creation to now, and the instants that matter.
  const segments: Segment[] = [];
  let status = 'new';
  let from = created;
  let acknowledgedAt: number | null = null;
  const answers: number[] = [];
  let lastResolvedAt: number | null = null;
  let resolutions = 0;
  let callbackDoneAt: number | null = null;
  for (const e of events) {
    const at = Math.max(e.at.getTime(), created);
    if (isAnswer(e)) answers.push(at);
    if (e.kind === 'resolved') { lastResolvedAt = at; resolutions++; callbackDoneAt = null; }
    if (CALLBACK_DONE_KINDS.includes(e.kind) && lastResolvedAt !== null && callbackDoneAt === null) callbackDoneAt = at;
    const next = statusAfter(e);
    if (next === null || next === status) continue;
    if (acknowledgedAt === null && status === 'new' && !ENDED.has(next)) acknowledgedAt = at;
    segments.push({ from, to: at, status });
    status = next;
    from = at;
  }
  segments.push({ from, to: now, status });

  const pause = new Set(input.pauseStatuses);
  const runsOpen = (s: string) => !pause.has(s) && !STOPPED.has(s);
  const ended = ENDED.has(status);
  const paused = !STOPPED.has(status) && pause.has(status);
  const pct = input.warnAtPercent / 100;

  const out: SlaTargetClock[] = [];
  const alarms: Alarm[] = [];

  const arithFor = (clock: 'business' | 'calendar'): Arith => {
    if (clock === 'calendar') return plain;
    if (!input.calendar) throw new Error('a business-minute target needs a calendar');
    return business(input.calendar);
  };

  /** One-shot target: runs from `start` until `stopAt` (met) or now. */
  const oneShot = (name: SlaTargetName, minutes: number, arith: Arith, start: number, stopAt: number | null, runs: (s: string) => boolean, cycle = 0, extra: { regulatorDeadline?: boolean; clock: 'business' | 'calendar' }) => {
    const end = stopAt ?? now;
    const r = runClock(arith, segments, start, end, minutes, minutes * pct, runs);
    let state: SlaState;
    let dueAt = r.dueAt;
    if (stopAt !== null) {
      state = r.elapsed <= minutes + 1e-9 ? 'met' : 'breached';
      if (dueAt === null) dueAt = arith.add(stopAt, minutes - r.elapsed);
    } else if (ended) {
      state = 'cancelled';
    } else if (r.elapsed >= minutes) {
      state = 'breached';
    } else if (!r.running) {
      state = 'paused';
      dueAt = null;
    } else {
      state = r.warnAt !== null && now >= r.warnAt ? 'at_risk' : 'running';
    }
    const unfinished = stopAt === null && !ended;
    if (unfinished) {
      if (r.warnAt !== null && (r.dueAt === null || r.warnAt < r.dueAt)) alarms.push({ target: name, kind: 'warning', cycle, at: new Date(r.warnAt) });
      if (r.dueAt !== null) alarms.push({ target: name, kind: 'breach', cycle, at: new Date(r.dueAt) });
    }
    out.push({
      target: name, minutes: round(minutes), clock: extra.clock, regulatorDeadline: extra.regulatorDeadline ?? false, state,
      startedAt: iso(start), dueAt: iso(dueAt), warnAt: state === 'met' ? null : iso(r.warnAt), metAt: iso(stopAt),
      elapsedMinutes: round(r.elapsed), leftMinutes: round(minutes - r.elapsed), cycle, missedCycles: 0,
    });
  };

  const notStarted = (name: SlaTargetName, minutes: number, clock: 'business' | 'calendar', cycle = 0, missedCycles = 0, finalState: SlaState = 'not_started') => {
    out.push({
      target: name, minutes, clock, regulatorDeadline: false, state: finalState, startedAt: null, dueAt: null, warnAt: null, metAt: null,
      elapsedMinutes: 0, leftMinutes: null, cycle, missedCycles,
    });
  };

  const t = input.targets;
  if (t.acknowledgement) {
    oneShot('acknowledgement', t.acknowledgement.minutes, arithFor(t.acknowledgement.clock), created, acknowledgedAt, runsOpen, 0, { clock: t.acknowledgement.clock });
  }
  if (t.firstResponse) {
    oneShot('firstResponse', t.firstResponse.minutes, arithFor(t.firstResponse.clock), created, answers[0] ?? null, runsOpen, 0, { clock: t.firstResponse.clock });
  }
  if (t.nextUpdate) {
    const spec = t.nextUpdate;
    const arith = arithFor(spec.clock);
    if (answers.length === 0) {
      notStarted('nextUpdate', spec.minutes, spec.clock, 0, 0, ended ? 'cancelled' : 'not_started');
    } else {
      let missed = 0;
      for (let k = 1; k < answers.length; k++) {
        if (runClock(arith, segments, answers[k - 1], answers[k], spec.minutes, spec.minutes, runsOpen).elapsed > spec.minutes + 1e-9) missed++;
      }
      const cycle = answers.length;
      if (STOPPED.has(status)) {
        // Resolved, closed or ended: no more updates are owed.
        notStarted('nextUpdate', spec.minutes, spec.clock, cycle, missed, ended ? 'cancelled' : missed === 0 ? 'met' : 'breached');
      } else {
        oneShot('nextUpdate', spec.minutes, arith, answers[answers.length - 1], null, runsOpen, cycle, { clock: spec.clock });
        out[out.length - 1].missedCycles = missed;
      }
    }
  }
  const resolvedNow = status === 'resolved' || status === 'closed';
  if (input.regulatorDeadline) {
    const deadline = input.regulatorDeadline.getTime();
    const minutes = (deadline - created) / MINUTE_MS;
    oneShot('resolution', minutes, plain, created, resolvedNow ? lastResolvedAt : null, (s) => !STOPPED.has(s), 0, { clock: 'calendar', regulatorDeadline: true });
  } else if (t.resolution) {
    oneShot('resolution', t.resolution.minutes, arithFor(t.resolution.clock), created, resolvedNow ? lastResolvedAt : null, runsOpen, 0, { clock: t.resolution.clock });
  }
  if (t.callback) {
    if (resolvedNow && lastResolvedAt !== null) {
      // The callback clock runs whatever the status: the case is resolved.
      oneShot('callback', t.callback.minutes, arithFor(t.callback.clock), lastResolvedAt, callbackDoneAt, () => true, resolutions, { clock: t.callback.clock });
    } else {
      notStarted('callback', t.callback.minutes, t.callback.clock, resolutions, 0, ended ? 'cancelled' : 'not_started');
    }
  }

  alarms.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { status, paused, targets: out, alarms, nextEscalationAt: alarms[0]?.at ?? null };
}

/**
 * The alarms the scan fires at `now`: per target and cycle only the latest one
 * that has come (a breach found late is not preceded by a stale warning).
 */
export function dueAlarms(alarms: readonly Alarm[], now: Date): Alarm[] {
  const latest = new Map<string, Alarm>();
  for (const a of alarms) {
    if (a.at.getTime() > now.getTime()) continue;
    const key = `${a.target}:${a.cycle}`;
    const seen = latest.get(key);
    if (!seen || (seen.kind === 'warning' && a.kind === 'breach')) latest.set(key, a);
  }
  return [...latest.values()];
}

/** The first alarm still to come after `now`. */
export function nextAlarmAfter(alarms: readonly Alarm[], now: Date): Date | null {
  const next = alarms.find((a) => a.at.getTime() > now.getTime());
  return next?.at ?? null;
}
