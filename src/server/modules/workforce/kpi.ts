import { SL_THRESHOLDS, type KpiDefinition, type SlThreshold } from '../../../shared/contacts';

// Contact-centre KPI formulas (issue 4, item 2), pure: they take the summed counts of the 15-minute
// rollup (contact_interval_stats) and the report's definition, and never read the clock or the
// database. Conventions (COPC / ICMI usage):
// - short abandons: abandoned within `shortAbandonSeconds` of waiting (0 = none); the abandon rate
//   excludes them from both sides: (abandoned − short) / (offered − short);
// - service level: answered within T seconds of waiting (waiting ≤ T) over the chosen denominator
//   (see SL_VARIANTS in shared/contacts.ts);
// - ASA: total wait of answered calls / answered; AHT: (talk + hold + after-call work) / answered;
// - FCR: share of answered contacts (with a caller number) with no other contact from the same
//   caller within N days after;
// - occupancy: (on call + after-call work) / (ready + on call + after-call work) from agent states.
// Empty denominators give null, never 0 or NaN.

/** Sums over any set of rollup rows. `ansLe[T]` / `abnLe[T]`: answered / abandoned with waiting ≤ T seconds. */
export interface KpiCounts {
  offered: number;
  answered: number;
  abandoned: number;
  waitAnsweredSum: number;
  talkSum: number;
  holdSum: number;
  acwSum: number;
  fcrBase: number;
  repeat1d: number;
  repeat3d: number;
  repeat7d: number;
  ansLe: Record<SlThreshold, number>;
  abnLe: Record<SlThreshold, number>;
}

export interface KpiFigures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredWithinTarget: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
  fcr: number | null;
}

export function emptyCounts(): KpiCounts {
  const zeros = () => Object.fromEntries(SL_THRESHOLDS.map((t) => [t, 0])) as Record<SlThreshold, number>;
  return { offered: 0, answered: 0, abandoned: 0, waitAnsweredSum: 0, talkSum: 0, holdSum: 0, acwSum: 0, fcrBase: 0, repeat1d: 0, repeat3d: 0, repeat7d: 0, ansLe: zeros(), abnLe: zeros() };
}

/** a + b, field by field (for totals over groups). */
export function addCounts(a: KpiCounts, b: KpiCounts): KpiCounts {
  const out = emptyCounts();
  for (const k of ['offered', 'answered', 'abandoned', 'waitAnsweredSum', 'talkSum', 'holdSum', 'acwSum', 'fcrBase', 'repeat1d', 'repeat3d', 'repeat7d'] as const) out[k] = a[k] + b[k];
  for (const t of SL_THRESHOLDS) {
    out.ansLe[t] = a.ansLe[t] + b.ansLe[t];
    out.abnLe[t] = a.abnLe[t] + b.abnLe[t];
  }
  return out;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** The service-level denominator of each variant. */
export function serviceLevelDenominator(c: KpiCounts, def: KpiDefinition): number {
  const short = def.shortAbandonSeconds === 0 ? 0 : c.abnLe[def.shortAbandonSeconds];
  switch (def.slVariant) {
    case 'offered': return c.offered;
    case 'offered_minus_short': return c.offered - short;
    case 'answered': return c.answered;
    case 'answered_plus_late_abandons': return c.answered + (c.abandoned - c.abnLe[def.slThresholdSeconds]);
  }
}

/** Every KPI of one group (an interval, a queue, a team, an agent or the total). */
export function computeKpis(c: KpiCounts, def: KpiDefinition): KpiFigures {
  const shortAbandoned = def.shortAbandonSeconds === 0 ? 0 : c.abnLe[def.shortAbandonSeconds];
  const within = c.ansLe[def.slThresholdSeconds];
  const repeats = def.fcrDays === 1 ? c.repeat1d : def.fcrDays === 3 ? c.repeat3d : c.repeat7d;
  return {
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    shortAbandoned,
    answeredWithinTarget: within,
    serviceLevel: ratio(within, serviceLevelDenominator(c, def)),
    abandonRate: ratio(c.abandoned - shortAbandoned, c.offered - shortAbandoned),
    asaSeconds: ratio(c.waitAnsweredSum, c.answered),
    ahtSeconds: ratio(c.talkSum + c.holdSum + c.acwSum, c.answered),
    fcr: c.fcrBase > 0 ? 1 - repeats / c.fcrBase : null,
  };
}

/** One agent state change. */
export interface StateEvent { agentId: string; state: string; at: Date }

/** Seconds spent per state between `from` and `to`, from each agent's events (the state before `from` is given as an event at or before it). */
export function stateSeconds(events: readonly StateEvent[], from: Date, to: Date): Map<string, Record<string, number>> {
  const byAgent = new Map<string, StateEvent[]>();
  for (const e of events) {
    const list = byAgent.get(e.agentId) ?? [];
    list.push(e);
    byAgent.set(e.agentId, list);
  }
  const out = new Map<string, Record<string, number>>();
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    const acc: Record<string, number> = {};
    for (let i = 0; i < list.length; i++) {
      const start = Math.max(list[i].at.getTime(), from.getTime());
      const end = Math.min(i + 1 < list.length ? list[i + 1].at.getTime() : to.getTime(), to.getTime());
      if (end > start) acc[list[i].state] = (acc[list[i].state] ?? 0) + (end - start) / 1000;
    }
    out.set(agentId, acc);
  }
  return out;
}

/** Occupancy: busy (on call + ACW) over staffed (ready + on call + ACW) time; null when never staffed. */
export function occupancyOf(seconds: Record<string, number> | undefined): number | null {
  if (!seconds) return null;
  const busy = (seconds.on_call ?? 0) + (seconds.acw ?? 0);
  return ratio(busy, busy + (seconds.ready ?? 0));
}

/** The start of the interval of `minutes` holding `at` (intervals aligned on the UTC hour, which is also Shanghai's). */
export function intervalStart(at: Date, minutes: number): Date {
  const ms = minutes * 60_000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/**
 * Seconds per state of each agent, cut into buckets of `bucketMs` (null: one bucket from `from`),
 * keyed `${agentId}|${bucketStartMs}`. Events must include each agent's state in effect at `from`.
 */
export function stateSecondsByBucket(events: readonly StateEvent[], from: Date, to: Date, bucketMs: number | null): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const add = (agentId: string, state: string, start: number, end: number) => {
    let s = start;
    while (s < end) {
      const bucket = bucketMs ? Math.floor(s / bucketMs) * bucketMs : from.getTime();
      const e = bucketMs ? Math.min(end, bucket + bucketMs) : end;
      const key = `${agentId}|${bucket}`;
      const acc = out.get(key) ?? {};
      acc[state] = (acc[state] ?? 0) + (e - s) / 1000;
      out.set(key, acc);
      s = e;
    }
  };
  const byAgent = new Map<string, StateEvent[]>();
  for (const e of events) {
    const list = byAgent.get(e.agentId);
    if (list) list.push(e);
    else byAgent.set(e.agentId, [e]);
  }
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let i = 0; i < list.length; i++) {
      const start = Math.max(list[i].at.getTime(), from.getTime());
      const end = Math.min(i + 1 < list.length ? list[i + 1].at.getTime() : to.getTime(), to.getTime());
      if (end > start) add(agentId, list[i].state, start, end);
    }
  }
  return out;
}

/** Sum state seconds (e.g. of all agents of a team). */
export function sumStates(into: Record<string, number>, add: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(add)) into[k] = (into[k] ?? 0) + v;
  return into;
}
