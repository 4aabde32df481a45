// Schedule adherence (issue 4, items 2 and 6). Pure: the roster's shifts and the agents' state changes
// come in as arguments.
//
//   scheduled working time  each shift minus its breaks
//   in adherence            scheduled working time during which the agent's state was a working one
//                           (ready, on_call, acw — answering, talking or wrapping up)
//   adherence               in-adherence minutes / scheduled working minutes, per agent and local day
//   outside schedule        minutes in a working state while not scheduled to work (shown, not counted)
// A state lasts from its change to the agent's next change (or the end of the window); before the first
// known change the agent counts as logged out.

export const WORKING_STATES: ReadonlySet<string> = new Set(['ready', 'on_call', 'acw']);

export interface AdherenceShift {
  agentId: string;
  day: number;
  startMs: number;
  endMs: number;
  breaks: { startMs: number; endMs: number }[];
}

export interface StateChange {
  agentId: string;
  state: string;
  atMs: number;
}

export interface AdherenceRow {
  agentId: string;
  day: number;
  scheduledMinutes: number;
  inAdherenceMinutes: number;
  outsideScheduleMinutes: number;
  /** in-adherence / scheduled, null with nothing scheduled. */
  adherence: number | null;
}

type Span = [number, number];

function subtract(span: Span, holes: readonly { startMs: number; endMs: number }[]): Span[] {
  let parts: Span[] = [span];
  for (const h of holes) {
    parts = parts.flatMap(([a, b]): Span[] => {
      if (h.endMs <= a || h.startMs >= b) return [[a, b]];
      const out: Span[] = [];
      if (h.startMs > a) out.push([a, h.startMs]);
      if (h.endMs < b) out.push([h.endMs, b]);
      return out;
    });
  }
  return parts;
}

const overlap = (x: Span, y: Span) => Math.max(0, Math.min(x[1], y[1]) - Math.max(x[0], y[0]));

/** Adherence per agent and day over [fromMs, toMs); `dayOf` maps an instant to the roster's day number. */
export function adherence(shifts: readonly AdherenceShift[], changes: readonly StateChange[], fromMs: number, toMs: number, dayOf: (ms: number) => number): AdherenceRow[] {
  // working spans per agent from the state changes
  const byAgent = new Map<string, StateChange[]>();
  for (const c of changes) byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
  const working = new Map<string, Span[]>();
  for (const [agent, list] of byAgent) {
    list.sort((a, b) => a.atMs - b.atMs);
    const spans: Span[] = [];
    list.forEach((c, i) => {
      if (!WORKING_STATES.has(c.state)) return;
      const a = Math.max(fromMs, c.atMs);
      const b = Math.min(toMs, i + 1 < list.length ? list[i + 1].atMs : toMs);
      if (b > a) spans.push([a, b]);
    });
    working.set(agent, spans);
  }
  const rows = new Map<string, AdherenceRow>();
  const row = (agentId: string, day: number) => {
    const key = `${agentId}|${day}`;
    let r = rows.get(key);
    if (!r) {
      r = { agentId, day, scheduledMinutes: 0, inAdherenceMinutes: 0, outsideScheduleMinutes: 0, adherence: null };
      rows.set(key, r);
    }
    return r;
  };
  const scheduledByAgent = new Map<string, Span[]>();
  for (const s of shifts) {
    const span: Span = [Math.max(fromMs, s.startMs), Math.min(toMs, s.endMs)];
    if (span[1] <= span[0]) continue;
    const parts = subtract(span, s.breaks);
    scheduledByAgent.set(s.agentId, [...(scheduledByAgent.get(s.agentId) ?? []), ...parts]);
    const r = row(s.agentId, s.day);
    const w = working.get(s.agentId) ?? [];
    for (const p of parts) {
      r.scheduledMinutes += (p[1] - p[0]) / 60_000;
      for (const x of w) r.inAdherenceMinutes += overlap(p, x) / 60_000;
    }
  }
  for (const [agent, spans] of working) {
    const sched = scheduledByAgent.get(agent) ?? [];
    for (const x of spans) {
      let outside = (x[1] - x[0]) / 60_000;
      for (const p of sched) outside -= overlap(p, x) / 60_000;
      if (outside > 1e-9) {
        const d = dayOf(x[0]);
        if (d >= 0) row(agent, d).outsideScheduleMinutes += outside;
      }
    }
  }
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return [...rows.values()]
    .map((r) => ({
      ...r, scheduledMinutes: round1(r.scheduledMinutes), inAdherenceMinutes: round1(r.inAdherenceMinutes), outsideScheduleMinutes: round1(r.outsideScheduleMinutes),
      adherence: r.scheduledMinutes > 0 ? r.inAdherenceMinutes / r.scheduledMinutes : null,
    }))
    .sort((a, b) => a.agentId.localeCompare(b.agentId) || a.day - b.day);
}
