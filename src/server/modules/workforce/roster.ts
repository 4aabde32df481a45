// Roster generation and checking (issue 4, item 6). Pure and deterministic: the week, the requirement,
// the shift templates, the agents and the rest rules come in as arguments; the same input always gives
// the same roster.
//
// The week is cut into slots of `slotMinutes` from local Monday 00:00 (frame.dayStartsMs[0]); required[s]
// is the number of agents who must be working (not on a break) in slot s. A shift covers a slot by the
// fraction of the slot it works, so a 15-minute break inside a 30-minute slot counts half.
//
// Method (a covering heuristic, then a local search, then an assignment):
//   1. candidates   every template on every day it may run, its breaks in the middle of their windows;
//                   cost = paid minutes (length − unpaid breaks).
//   2. greedy cover repeatedly add the candidate with the most uncovered slot-agents per paid hour,
//                   gain(j) = Σ_s min(cover_j(s), max(0, required(s) − covered(s))), score = gain / paid.
//                   While every slot of the best candidate still lacks at least its cover, adding it again
//                   keeps the same (best) score, so k copies are added at once — the same result as one at
//                   a time, much faster. Stops when nothing is lacking or no candidate helps (the slots
//                   still lacking are reported: the templates cannot cover them).
//   3. breaks       each break moves, within its window, to the slot start that leaves the least shortfall,
//                   preferring where the surplus is largest (this staggers breaks).
//   4. improve      drop any shift whose removal leaves no new shortfall; replace a shift by a cheaper
//                   candidate when that leaves no new shortfall; take out two shifts of a day and re-cover
//                   greedily from that day's candidates when that costs less; repeat while anything
//                   changes (≤ 4 rounds).
//   5. assign       shifts in start order go to the eligible agent with the fewest days, then fewest minutes,
//                   so far (then the agent list order). Eligible: the day is not one the agent is
//                   unavailable, no shift yet that day, at least minRestHours since the agent's last shift
//                   ended, the run of consecutive working days stays ≤ maxConsecutiveDays, days worked stay
//                   ≤ 7 − minDaysOff, and paid hours stay ≤ the agent's (or the rules') weekly limit.
//                   Last week counts: rest runs from the end of the agent's last shift there
//                   (restFromMs) and a run of working days reaching Monday adds the days before it
//                   (daysWorkedBefore). Shifts nobody can take stay unassigned and are reported.
//   6. days         when shifts stay unassigned because agents run out of working days (many short
//                   shifts), steps 2–5 run again with a fixed cost per shift added to its paid minutes
//                   (120, 240, 480, 960), which favours fewer, longer shifts; the first roster that
//                   assigns every shift is kept (else the one leaving the fewest unassigned).
// Greedy covering is not always optimal (set multicover is NP-hard); `requiredHours` (Σ required × slot)
// is a lower bound on the working hours, and the unit tests compare with a brute-force optimum on small
// instances.

export interface BreakRule {
  lengthMinutes: number;
  paid: boolean;
  /** The break may start from this many minutes after the shift starts … */
  earliestMinute: number;
  /** … up to this many minutes after (inclusive). */
  latestMinute: number;
}

export interface ShiftTemplateSpec {
  id: string;
  name?: string;
  /** Local start, minutes after midnight (may run past midnight). */
  startMinute: number;
  lengthMinutes: number;
  breaks: BreakRule[];
  /** Days it may run: 0 = Monday … 6 = Sunday. */
  days: number[];
}

export interface RosterRules {
  minRestHours: number;
  maxConsecutiveDays: number;
  maxWeeklyHours: number;
  minDaysOff: number;
}

export interface AgentSpec {
  id: string;
  maxWeeklyHours?: number | null;
  /** Days the agent does not work: 0 = Monday … 6 = Sunday. */
  unavailableDays?: number[];
  /** End of the agent's last shift before this week (from the previous week's roster): rest counts from it. */
  restFromMs?: number | null;
  /** Working days in a row up to the day before day 0 (from the previous week's roster). */
  daysWorkedBefore?: number;
}

export interface WeekFrame {
  /** UTC ms of local midnight of days 0 … 7 (8 entries: Monday of this week to Monday of the next). */
  dayStartsMs: number[];
  slotMinutes: number;
}

export interface ShiftBreak {
  startMs: number;
  endMs: number;
  paid: boolean;
}

export interface PlannedShift {
  agentId: string | null;
  templateId: string | null;
  day: number;
  startMs: number;
  endMs: number;
  breaks: ShiftBreak[];
  paidMinutes: number;
}

export interface GenerateInput {
  frame: WeekFrame;
  required: number[];
  templates: ShiftTemplateSpec[];
  agents: AgentSpec[];
  rules: RosterRules;
}

export interface GeneratedRoster {
  shifts: PlannedShift[];
  coverage: number[];
  /** Slots still short after covering: no template can cover them. */
  shortSlots: number[];
  unassigned: number;
  paidHours: number;
  /** Lower bound on working hours: Σ required × slot length. */
  requiredHours: number;
}

const MIN = 60_000;
const EPS = 1e-9;

export class RosterError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'RosterError';
  }
}

/** Problems with a template, as messages (empty when it is usable). */
export function templateProblems(t: Omit<ShiftTemplateSpec, 'id'>): string[] {
  const p: string[] = [];
  if (!Number.isInteger(t.startMinute) || t.startMinute < 0 || t.startMinute >= 1440) p.push('startMinute must be a whole number of minutes from 0 to 1439');
  if (!Number.isInteger(t.lengthMinutes) || t.lengthMinutes < 30 || t.lengthMinutes > 16 * 60) p.push('lengthMinutes must be from 30 to 960');
  if (t.days.length === 0) p.push('a template must run on at least one day');
  if (t.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) p.push('days are 0 (Monday) to 6 (Sunday)');
  let unpaid = 0;
  t.breaks.forEach((b, i) => {
    if (!(b.lengthMinutes > 0)) p.push(`break ${i + 1}: length must be positive`);
    if (b.earliestMinute < 0 || b.latestMinute < b.earliestMinute) p.push(`break ${i + 1}: its window must start at 0 or later and end after it starts`);
    if (b.latestMinute + b.lengthMinutes > t.lengthMinutes) p.push(`break ${i + 1}: it must end before the shift does`);
    if (!b.paid) unpaid += b.lengthMinutes;
  });
  if (unpaid >= t.lengthMinutes) p.push('unpaid breaks take the whole shift');
  return p;
}

// ---------------------------------------------------------------- coverage

/** Slot → fraction worked, for a shift (the worked time: the shift minus its breaks). */
export function shiftCover(frame: WeekFrame, nSlots: number, startMs: number, endMs: number, breaks: readonly ShiftBreak[]): { slots: number[]; frac: number[] } {
  const slotMs = frame.slotMinutes * MIN;
  const origin = frame.dayStartsMs[0];
  const slots: number[] = [];
  const frac: number[] = [];
  const first = Math.max(0, Math.floor((startMs - origin) / slotMs));
  const last = Math.min(nSlots - 1, Math.ceil((endMs - origin) / slotMs) - 1);
  for (let s = first; s <= last; s++) {
    const a = origin + s * slotMs;
    const b = a + slotMs;
    let worked = Math.max(0, Math.min(b, endMs) - Math.max(a, startMs));
    for (const br of breaks) worked -= Math.max(0, Math.min(b, br.endMs) - Math.max(a, br.startMs));
    if (worked > 0) {
      slots.push(s);
      frac.push(worked / slotMs);
    }
  }
  return { slots, frac };
}

/** Agents working per slot. */
export function coverageOf(frame: WeekFrame, nSlots: number, shifts: readonly Pick<PlannedShift, 'startMs' | 'endMs' | 'breaks'>[]): number[] {
  const c = new Array<number>(nSlots).fill(0);
  for (const sh of shifts) {
    const cov = shiftCover(frame, nSlots, sh.startMs, sh.endMs, sh.breaks);
    for (let i = 0; i < cov.slots.length; i++) c[cov.slots[i]] += cov.frac[i];
  }
  return c.map((x) => Math.round(x * 1000) / 1000);
}

/** The week day (0 … 6) an instant falls on, or −1 outside the week. */
export function dayOfInstant(frame: WeekFrame, ms: number): number {
  for (let d = 0; d < 7; d++) if (ms >= frame.dayStartsMs[d] && ms < frame.dayStartsMs[d + 1]) return d;
  return -1;
}

// ---------------------------------------------------------------- generation

interface Cand {
  t: ShiftTemplateSpec;
  tIndex: number;
  day: number;
  startMs: number;
  endMs: number;
  paid: number;
}

interface Sel {
  cand: Cand;
  breaks: ShiftBreak[];
  slots: number[];
  frac: number[];
}

function defaultBreaks(c: Cand, step: number): ShiftBreak[] {
  return c.t.breaks.map((b) => {
    const mid = (b.earliestMinute + b.latestMinute) / 2;
    const off = Math.min(b.latestMinute, b.earliestMinute + Math.round((mid - b.earliestMinute) / step) * step);
    return { startMs: c.startMs + off * MIN, endMs: c.startMs + (off + b.lengthMinutes) * MIN, paid: b.paid };
  });
}

/** A shift from a template on a day of the week, its breaks in the middle of their windows (a hand-added shift). */
export function shiftFromTemplate(frame: WeekFrame, t: ShiftTemplateSpec, day: number): PlannedShift {
  const startMs = frame.dayStartsMs[day] + t.startMinute * MIN;
  const paid = t.lengthMinutes - t.breaks.filter((b) => !b.paid).reduce((s, b) => s + b.lengthMinutes, 0);
  const cand: Cand = { t, tIndex: 0, day, startMs, endMs: startMs + t.lengthMinutes * MIN, paid };
  return { agentId: null, templateId: t.id, day, startMs, endMs: cand.endMs, breaks: defaultBreaks(cand, frame.slotMinutes), paidMinutes: paid };
}

/** Extra cost per shift (minutes) tried in turn when agents run out of days: 0 first (fewest paid hours). */
const DAY_COSTS = [0, 120, 240, 480, 960];

/** Generate a roster covering `required` with the fewest paid hours the heuristic finds, assigned under the rules. */
export function generateRoster(input: GenerateInput): GeneratedRoster {
  if (input.frame.dayStartsMs.length !== 8) throw new RosterError('the week frame needs 8 day starts');
  input.templates.forEach((t) => {
    const p = templateProblems(t);
    if (p.length) throw new RosterError(`template ${t.name ?? t.id}: ${p.join('; ')}`, 'templates');
  });
  let best: GeneratedRoster | undefined;
  for (const dayCost of DAY_COSTS) {
    const r = generateOnce(input, dayCost);
    if (r.unassigned === 0) return r;
    if (!best || r.unassigned < best.unassigned || (r.unassigned === best.unassigned && r.paidHours < best.paidHours)) best = r;
  }
  return best!;
}

function generateOnce(input: GenerateInput, dayCost: number): GeneratedRoster {
  const { frame, required, templates, agents, rules } = input;
  const n = required.length;
  const step = frame.slotMinutes;

  const cands: Cand[] = [];
  templates.forEach((t, tIndex) => {
    const paid = t.lengthMinutes - t.breaks.filter((b) => !b.paid).reduce((s, b) => s + b.lengthMinutes, 0);
    for (const day of [...new Set(t.days)].sort((a, b) => a - b)) {
      const startMs = frame.dayStartsMs[day] + t.startMinute * MIN;
      cands.push({ t, tIndex, day, startMs, endMs: startMs + t.lengthMinutes * MIN, paid });
    }
  });
  cands.sort((a, b) => a.day - b.day || a.startMs - b.startMs || a.tIndex - b.tIndex);
  const candCover = cands.map((c) => {
    const breaks = defaultBreaks(c, step);
    return { breaks, ...shiftCover(frame, n, c.startMs, c.endMs, breaks) };
  });

  const cov = new Array<number>(n).fill(0);
  const sel: Sel[] = [];
  const add = (s: Sel, sign: 1 | -1) => { for (let i = 0; i < s.slots.length; i++) cov[s.slots[i]] += sign * s.frac[i]; };

  // 2. greedy cover
  for (;;) {
    let best = -1;
    let bestScore = EPS;
    for (let j = 0; j < cands.length; j++) {
      const { slots, frac } = candCover[j];
      let gain = 0;
      for (let i = 0; i < slots.length; i++) {
        const d = required[slots[i]] - cov[slots[i]];
        if (d > EPS) gain += Math.min(frac[i], d);
      }
      const score = gain / (cands[j].paid + dayCost);
      if (score > bestScore + EPS) { bestScore = score; best = j; }
    }
    if (best < 0) break;
    const { slots, frac, breaks } = candCover[best];
    let copies = Infinity;
    for (let i = 0; i < slots.length; i++) copies = Math.min(copies, Math.floor((required[slots[i]] - cov[slots[i]] + EPS) / frac[i]));
    copies = Math.max(1, Number.isFinite(copies) ? copies : 1);
    for (let k = 0; k < copies; k++) {
      const s: Sel = { cand: cands[best], breaks: breaks.map((b) => ({ ...b })), slots, frac };
      sel.push(s);
      add(s, 1);
    }
  }

  // Σ shortfall over the union of two slot lists, without allocating (a stamp per slot marks the ones seen)
  const seen = new Int32Array(n);
  let stamp = 0;
  const shortfallUnion = (a: readonly number[], b: readonly number[]) => {
    stamp++;
    let t = 0;
    for (const x of a) if (seen[x] !== stamp) { seen[x] = stamp; t += Math.max(0, required[x] - cov[x]); }
    for (const x of b) if (seen[x] !== stamp) { seen[x] = stamp; t += Math.max(0, required[x] - cov[x]); }
    return t;
  };
  const shortfallOver = (slots: Iterable<number>) => {
    let t = 0;
    for (const s of slots) t += Math.max(0, required[s] - cov[s]);
    return t;
  };

  // 3. breaks: where they leave the least shortfall, then where the surplus is largest
  const placeBreaks = (s: Sel) => {
    if (s.cand.t.breaks.length === 0) return;
    s.cand.t.breaks.forEach((rule, bi) => {
      add(s, -1);
      let bestBreak = s.breaks[bi];
      let bestKey: [number, number] = [Infinity, -Infinity];
      for (let off = rule.earliestMinute; off <= rule.latestMinute; off += step) {
        const br: ShiftBreak = { startMs: s.cand.startMs + off * MIN, endMs: s.cand.startMs + (off + rule.lengthMinutes) * MIN, paid: rule.paid };
        const trial = s.breaks.map((b, k) => (k === bi ? br : b));
        const c = shiftCover(frame, n, s.cand.startMs, s.cand.endMs, trial);
        for (let i = 0; i < c.slots.length; i++) cov[c.slots[i]] += c.frac[i];
        const short = shortfallUnion(c.slots, s.slots);
        for (let i = 0; i < c.slots.length; i++) cov[c.slots[i]] -= c.frac[i];
        const bs = shiftCover(frame, n, br.startMs, br.endMs, []);
        let surplus = 0;
        for (const x of bs.slots) surplus += cov[x] - required[x];
        if (short < bestKey[0] - EPS || (Math.abs(short - bestKey[0]) <= EPS && surplus > bestKey[1] + EPS)) {
          bestKey = [short, surplus];
          bestBreak = br;
        }
      }
      s.breaks = s.breaks.map((b, k) => (k === bi ? bestBreak : b));
      const c = shiftCover(frame, n, s.cand.startMs, s.cand.endMs, s.breaks);
      s.slots = c.slots;
      s.frac = c.frac;
      add(s, 1);
    });
  };
  for (const s of sel) placeBreaks(s);

  // 4. improve: drop redundant shifts, swap for cheaper ones
  const removable = (s: Sel) => {
    for (let i = 0; i < s.slots.length; i++) if (cov[s.slots[i]] - s.frac[i] < required[s.slots[i]] - EPS) return false;
    return true;
  };
  // candidates of a day and its neighbours, cheapest first: only they can stand in for a shift of that day
  // (a shift whose slots all have surplus is dropped by the removal pass instead)
  const near = Array.from({ length: 7 }, (_, d) => cands.map((_, j) => j).filter((j) => Math.abs(cands[j].day - d) <= 1)
    .sort((a, b) => cands[a].paid - cands[b].paid || a - b));
  const cost = (c: Cand) => c.paid + dayCost;
  /**
   * Take out two shifts of one day (of two kinds, or two of one kind) and re-cover what that leaves short
   * greedily from the candidates of that day and its neighbours; kept when it costs less and leaves no new
   * shortfall. This merges two short shifts into one long one, or splits one badly placed pair differently.
   */
  const pairMoves = (): boolean => {
    let improved = false;
    for (let day = 0; day < 7; day++) {
      const kinds = [...new Set(sel.filter((x) => x.cand.day === day).map((x) => x.cand))];
      for (let a = 0; a < kinds.length; a++) {
        for (let b = a; b < kinds.length; b++) {
          const ia = sel.findIndex((x) => x.cand === kinds[a]);
          const ib = sel.findIndex((x, k) => x.cand === kinds[b] && k !== ia);
          if (ia < 0 || ib < 0) continue;
          const removed = [sel[ia], sel[ib]];
          const touched = new Set([...removed[0].slots, ...removed[1].slots]);
          const shortBefore = shortfallOver(touched);
          const budget = cost(removed[0].cand) + cost(removed[1].cand);
          for (const r of removed) add(r, -1);
          const added: Sel[] = [];
          let spent = 0;
          for (;;) {
            if (shortfallOver(touched) <= shortBefore + EPS) break;
            let best = -1;
            let bestScore = EPS;
            for (const j of near[day]) {
              const { slots, frac } = candCover[j];
              let gain = 0;
              for (let i = 0; i < slots.length; i++) {
                const d = required[slots[i]] - cov[slots[i]];
                if (d > EPS && touched.has(slots[i])) gain += Math.min(frac[i], d);
              }
              const score = gain / cost(cands[j]);
              if (score > bestScore + EPS) { bestScore = score; best = j; }
            }
            if (best < 0 || spent + cost(cands[best]) >= budget - EPS) { spent = Infinity; break; }
            const cc = candCover[best];
            const x: Sel = { cand: cands[best], breaks: cc.breaks.map((br) => ({ ...br })), slots: cc.slots, frac: cc.frac };
            add(x, 1);
            added.push(x);
            spent += cost(cands[best]);
          }
          if (spent < budget - EPS) {
            for (const k of [ia, ib].sort((p, q) => q - p)) sel.splice(k, 1);
            for (const x of added) { sel.push(x); placeBreaks(x); }
            improved = true;
          } else {
            for (const x of added) add(x, -1);
            for (const r of removed) add(r, 1);
          }
        }
      }
    }
    return improved;
  };
  for (let round = 0; round < 4; round++) {
    let changed = false;
    const order = sel.map((_, i) => i).sort((a, b) => sel[b].cand.paid - sel[a].cand.paid || sel[b].cand.startMs - sel[a].cand.startMs);
    const dropped = new Set<number>();
    for (const i of order) {
      if (removable(sel[i])) {
        add(sel[i], -1);
        dropped.add(i);
        changed = true;
      }
    }
    if (dropped.size) {
      const kept = sel.filter((_, i) => !dropped.has(i));
      sel.length = 0;
      sel.push(...kept);
    }
    for (let i = 0; i < sel.length; i++) {
      const cur = sel[i];
      for (const j of near[cur.cand.day]) {
        if (cands[j].paid >= cur.cand.paid) break;
        const cc = candCover[j];
        const before = shortfallUnion(cur.slots, cc.slots);
        add(cur, -1);
        for (let k = 0; k < cc.slots.length; k++) cov[cc.slots[k]] += cc.frac[k];
        const after = shortfallUnion(cur.slots, cc.slots);
        if (after <= before + EPS) {
          sel[i] = { cand: cands[j], breaks: cc.breaks.map((b) => ({ ...b })), slots: cc.slots, frac: cc.frac };
          placeBreaks(sel[i]);
          changed = true;
          break;
        }
        for (let k = 0; k < cc.slots.length; k++) cov[cc.slots[k]] -= cc.frac[k];
        add(cur, 1);
      }
    }
    if (pairMoves()) changed = true;
    if (!changed) break;
  }

  // 5. assign to agents
  sel.sort((a, b) => a.cand.startMs - b.cand.startMs || b.cand.paid - a.cand.paid || a.cand.tIndex - b.cand.tIndex);
  const state = agents.map((a) => ({ days: new Array<boolean>(7).fill(false), minutes: 0, count: 0, lastEnd: a.restFromMs ?? -Infinity }));
  const shifts: PlannedShift[] = [];
  let unassigned = 0;
  for (const s of sel) {
    const { day, startMs, endMs, paid } = s.cand;
    let pick = -1;
    for (let a = 0; a < agents.length; a++) {
      const st = state[a];
      if (!eligible(agents[a], st, day, startMs, paid, rules)) continue;
      if (pick < 0) { pick = a; continue; }
      const p = state[pick];
      if (st.count < p.count || (st.count === p.count && st.minutes < p.minutes)) pick = a;
    }
    if (pick >= 0) {
      const st = state[pick];
      st.days[day] = true;
      st.minutes += paid;
      st.count += 1;
      st.lastEnd = endMs;
    } else unassigned++;
    shifts.push({ agentId: pick >= 0 ? agents[pick].id : null, templateId: s.cand.t.id, day, startMs, endMs, breaks: s.breaks, paidMinutes: paid });
  }

  const coverage = coverageOf(frame, n, shifts);
  const shortSlots: number[] = [];
  for (let s = 0; s < n; s++) if (coverage[s] < required[s] - 1e-6) shortSlots.push(s);
  return {
    shifts, coverage, shortSlots, unassigned,
    paidHours: shifts.reduce((t, s) => t + s.paidMinutes, 0) / 60,
    requiredHours: required.reduce((t, r) => t + r, 0) * (frame.slotMinutes / 60),
  };
}

/** The run of working days through `day` if it is worked, counting the days worked before the week when the run reaches day 0. */
function consecutiveRun(days: boolean[], day: number, before = 0): number {
  let run = 1;
  let d = day - 1;
  for (; d >= 0 && days[d]; d--) run++;
  if (d < 0) run += before;
  for (let e = day + 1; e < 7 && days[e]; e++) run++;
  return run;
}

function eligible(agent: AgentSpec, st: { days: boolean[]; minutes: number; count: number; lastEnd: number }, day: number, startMs: number, paid: number, rules: RosterRules): boolean {
  if (agent.unavailableDays?.includes(day)) return false;
  if (st.days[day]) return false;
  if (startMs - st.lastEnd < rules.minRestHours * 3_600_000) return false;
  if (consecutiveRun(st.days, day, agent.daysWorkedBefore ?? 0) > rules.maxConsecutiveDays) return false;
  if (st.count + 1 > 7 - rules.minDaysOff) return false;
  const limit = agent.maxWeeklyHours ?? rules.maxWeeklyHours;
  return (st.minutes + paid) / 60 <= limit + EPS;
}

// ---------------------------------------------------------------- checking

export type ViolationRule = 'unassigned' | 'overlap' | 'min_rest' | 'max_consecutive_days' | 'max_weekly_hours' | 'min_days_off' | 'unavailable_day' | 'two_shifts_one_day';

export interface Violation {
  rule: ViolationRule;
  agentId: string | null;
  /** The shifts concerned (ids as given). */
  shiftIds: string[];
  message: string;
  /** Figures for the message: hours, days, limit. */
  params: Record<string, number>;
}

export interface CheckedShift {
  id: string;
  agentId: string | null;
  startMs: number;
  endMs: number;
  paidMinutes: number;
}

/** Every rule a roster breaks, per agent (used after hand edits: flagged, not refused). */
export function checkRoster(frame: WeekFrame, shifts: readonly CheckedShift[], agents: readonly AgentSpec[], rules: RosterRules): Violation[] {
  const out: Violation[] = [];
  const byAgent = new Map<string, CheckedShift[]>();
  for (const s of shifts) {
    if (!s.agentId) {
      out.push({ rule: 'unassigned', agentId: null, shiftIds: [s.id], message: 'nobody is assigned to this shift', params: {} });
      continue;
    }
    const list = byAgent.get(s.agentId) ?? [];
    list.push(s);
    byAgent.set(s.agentId, list);
  }
  const agentOf = new Map(agents.map((a) => [a.id, a]));
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.startMs - b.startMs);
    const agent = agentOf.get(agentId);
    const days = new Array<boolean>(7).fill(false);
    const perDay = new Map<number, string[]>();
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const d = dayOfInstant(frame, s.startMs);
      if (d >= 0) {
        days[d] = true;
        perDay.set(d, [...(perDay.get(d) ?? []), s.id]);
        if (agent?.unavailableDays?.includes(d)) out.push({ rule: 'unavailable_day', agentId, shiftIds: [s.id], message: `the agent does not work on day ${d + 1} of the week`, params: { day: d } });
      }
      if (i === 0 && agent?.restFromMs != null) {
        const gapH = (s.startMs - agent.restFromMs) / 3_600_000;
        if (gapH < rules.minRestHours - EPS) out.push({ rule: 'min_rest', agentId, shiftIds: [s.id], message: `only ${round1(gapH)} h of rest since last week's last shift (at least ${rules.minRestHours} h)`, params: { hours: round1(gapH), limit: rules.minRestHours } });
      }
      if (i > 0) {
        const prev = list[i - 1];
        const gapH = (s.startMs - prev.endMs) / 3_600_000;
        if (gapH < 0) out.push({ rule: 'overlap', agentId, shiftIds: [prev.id, s.id], message: 'two shifts of the same agent overlap', params: {} });
        else if (gapH < rules.minRestHours - EPS) out.push({ rule: 'min_rest', agentId, shiftIds: [prev.id, s.id], message: `only ${round1(gapH)} h of rest between shifts (at least ${rules.minRestHours} h)`, params: { hours: round1(gapH), limit: rules.minRestHours } });
      }
    }
    for (const [d, ids] of perDay) if (ids.length > 1) out.push({ rule: 'two_shifts_one_day', agentId, shiftIds: ids, message: 'two shifts start on the same day', params: { day: d } });
    let run = agent?.daysWorkedBefore ?? 0;
    let longest = 0;
    for (let d = 0; d < 7; d++) { run = days[d] ? run + 1 : 0; longest = Math.max(longest, run); }
    if (longest > rules.maxConsecutiveDays) out.push({ rule: 'max_consecutive_days', agentId, shiftIds: list.map((s) => s.id), message: `${longest} working days in a row (at most ${rules.maxConsecutiveDays})`, params: { days: longest, limit: rules.maxConsecutiveDays } });
    const worked = days.filter(Boolean).length;
    if (7 - worked < rules.minDaysOff) out.push({ rule: 'min_days_off', agentId, shiftIds: list.map((s) => s.id), message: `${7 - worked} days off this week (at least ${rules.minDaysOff})`, params: { days: 7 - worked, limit: rules.minDaysOff } });
    const hours = list.reduce((t, s) => t + s.paidMinutes, 0) / 60;
    const limit = agent?.maxWeeklyHours ?? rules.maxWeeklyHours;
    if (hours > limit + EPS) out.push({ rule: 'max_weekly_hours', agentId, shiftIds: list.map((s) => s.id), message: `${round1(hours)} paid hours this week (at most ${limit})`, params: { hours: round1(hours), limit } });
  }
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
