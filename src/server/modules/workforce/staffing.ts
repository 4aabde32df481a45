import { ErlangError, staffAgents, type StaffTargets } from './erlang';

// Staffing requirements per interval (issue 4, item 6): the Erlang library's staff function applied to
// each interval of a forecast. Pure. An interval with no contacts needs nobody; otherwise the agents are
// the smallest number meeting every target for the interval's calls and AHT (Erlang C, or Erlang A when a
// patience is given), and `scheduled` adds shrinkage: ⌈agents / (1 − shrinkage)⌉.

export interface RequirementInterval {
  start: string;
  offered: number;
  /** The interval's AHT; when null the default AHT is used. */
  ahtSeconds: number | null;
}

export interface RequirementTargets extends StaffTargets {
  shrinkage?: number;
  /** AHT for intervals whose forecast has none. */
  defaultAhtSeconds?: number;
}

export interface RequiredInterval {
  start: string;
  offered: number;
  ahtSeconds: number;
  agents: number;
  scheduled: number;
  serviceLevel: number | null;
  occupancy: number | null;
}

export interface Requirements {
  intervalMinutes: number;
  intervals: RequiredInterval[];
  /** Agent-hours on the phones and scheduled (with shrinkage) over all intervals. */
  agentHours: number;
  scheduledHours: number;
  peakScheduled: number;
}

/** Agents needed per interval of a forecast for the targets; an Erlang refusal names the interval (`field`). */
export function staffingRequirements(intervals: readonly RequirementInterval[], intervalMinutes: number, targets: RequirementTargets): Requirements {
  if (!(intervalMinutes > 0)) throw new ErlangError('invalid_input', `intervalMinutes must be positive (got ${intervalMinutes})`, 'intervalMinutes');
  if (targets.defaultAhtSeconds !== undefined && !(targets.defaultAhtSeconds > 0)) {
    throw new ErlangError('invalid_input', `defaultAhtSeconds must be a positive number (got ${targets.defaultAhtSeconds})`, 'defaultAhtSeconds');
  }
  const periodSeconds = intervalMinutes * 60;
  const cache = new Map<string, ReturnType<typeof staffAgents>>();
  const out: RequiredInterval[] = [];
  let agentMinutes = 0;
  let scheduledMinutes = 0;
  let peak = 0;
  intervals.forEach((iv, i) => {
    const aht = iv.ahtSeconds ?? targets.defaultAhtSeconds;
    if (aht === undefined || aht === null) {
      throw new ErlangError('invalid_input', `interval ${iv.start} has no AHT in the forecast; give defaultAhtSeconds`, 'defaultAhtSeconds');
    }
    if (!(aht > 0)) throw new ErlangError('invalid_input', `ahtSeconds must be a positive number (got ${aht} at ${iv.start})`, `intervals.${i}.ahtSeconds`);
    if (!(iv.offered >= 0) || !Number.isFinite(iv.offered)) throw new ErlangError('invalid_input', `offered must be 0 or more (got ${iv.offered} at ${iv.start})`, `intervals.${i}.offered`);
    if (iv.offered < 1e-6) {
      out.push({ start: iv.start, offered: iv.offered, ahtSeconds: aht, agents: 0, scheduled: 0, serviceLevel: null, occupancy: null });
      return;
    }
    const key = `${iv.offered}|${aht}`;
    let s = cache.get(key);
    if (!s) {
      try {
        s = staffAgents({ ...targets, calls: iv.offered, periodSeconds, ahtSeconds: aht });
      } catch (err) {
        if (err instanceof ErlangError && err.kind !== 'invalid_input') {
          throw new ErlangError(err.kind, `${err.message} (interval ${iv.start}: ${iv.offered} calls, AHT ${aht} s)`, `intervals.${i}`);
        }
        throw err;
      }
      cache.set(key, s);
    }
    agentMinutes += s.agents * intervalMinutes;
    scheduledMinutes += s.scheduled * intervalMinutes;
    peak = Math.max(peak, s.scheduled);
    out.push({ start: iv.start, offered: iv.offered, ahtSeconds: aht, agents: s.agents, scheduled: s.scheduled, serviceLevel: s.serviceLevel, occupancy: s.occupancy });
  });
  return { intervalMinutes, intervals: out, agentHours: agentMinutes / 60, scheduledHours: scheduledMinutes / 60, peakScheduled: peak };
}
