// Erlang formulas for call-centre staffing (issue 4, item 3). Pure: every input is an
// argument, every unit is in the name (seconds, erlangs), no clock, no I/O, no factorials.
//
// Notation: λ arrivals per second = calls / periodSeconds; AHT mean handle time (seconds);
// A = λ·AHT offered traffic in erlangs; n agents (servers); T the service-level target
// (seconds); for Erlang A, mean patience 1/θ (seconds), exponential.
//
// Erlang B (M/M/n/n, lost calls): blocking by the recurrence
//     B(0) = 1,   B(k) = A·B(k−1) / (k + A·B(k−1))
// (e.g. Jagerman, "Some properties of the Erlang loss function", Bell Syst. Tech. J. 53 (1974);
// ITU-T E.501 / the classic Erlang B tables). Every step stays in [0, 1]: no factorial, no
// overflow; for n ≫ A it underflows gracefully to 0.
//
// Erlang C (M/M/n, infinite patience), from B (Cooper, "Introduction to Queueing Theory",
// 2nd ed. 1981, §3.4; Koole, "Call Center Mathematics", 2013, ch. 4):
//     C = n·B / (n − A·(1 − B))                       probability of waiting, A < n
//     SL(T) = 1 − C·exp(−(n − A)·T / AHT)              answered within T
//     ASA = C·AHT / (n − A)                            mean wait over all calls
//     Lq  = C·A / (n − A)                              mean queue length
//     occupancy = A / n
//
// Erlang A (Palm's M/M/n+M: exponential patience, mean 1/θ): Garnett, Mandelbaum & Reiman,
// "Designing a call center with impatient customers", MSOM 4 (2002); Mandelbaum & Zeltyn,
// "The Palm/Erlang-A queue, with applications to call centers" (2007 note). With a = nμ/θ and
// x = λ/θ (μ = 1/AHT), the stationary probabilities are π_k ∝ A^k/k! for k ≤ n and
// π_{n+j} = π_n·w_j(x) with
//     w_j(y) = y^j / ((a+1)(a+2)…(a+j)),     S0(y) = Σ_j w_j(y)   (= the "A(a, y)" of M&Z)
// so, with B = ErlangB(n, A):
//     π_n = B / (1 − B + B·S0(x)),    P(wait) = π_n·S0(x)
//     E[Lq] = π_n·S1(x), S1(y) = Σ_j j·w_j(y);    P(abandon) = θ·E[Lq]/λ = E[Lq]/x
// A caller who finds j waiting ahead moves up at rate nμ + iθ (i ahead) and abandons at rate θ;
// the virtual wait V_j is hypo-exponential with rates θ(a+i), i = 0…j, hence (telescoping)
//     P(served | j) = E[e^{−θV_j}] = a/(a+j+1),   E[V_j; served] = a/(a+j+1) · H_j/θ,
//     H_j = Σ_{i=1}^{j+1} 1/(a+i).
// The virtual-wait tail, derived by solving the Kolmogorov equations of that pure-death chain
// with a generating function (it is M&Z's formula):
//     P(V > t) = π_n · S0(x·e^{−θt}) · exp(x(1 − e^{−θt}) − nμt)
// and integrating it against the patience density in closed form (the same identity
// Σ j·w_j(y) = a + (y − a)·S0(y), applied at y = x and y = z = x·e^{−θT}):
//     P(abandon by T) = (π_n/x)·[S1(x) − exp(x(1 − e^{−θT}) − nμT)·S1(z)]
//     SL(T) = P(answered within T) = 1 − e^{−θT}·P(V > T) − P(abandon by T)
// SL counts answered-within-T over ALL offered calls (abandons count as misses) and ASA is the
// mean wait of ANSWERED calls; both tend to the Erlang C values as patience → ∞.
// The sums are taken in log space: they start at the largest term j* = max(0, ⌊y − a⌋)
// (log w_{j*} from log-gamma) and run both ways until a term is below 1e−17 of the sum.
//
// Inverse problems: the agents needed is the smallest n meeting every target (service level,
// ASA, maximum occupancy), searched upwards from ⌊A⌋+1 for Erlang C (each step is O(1): B(n)
// follows from B(n−1)) and by galloping + bisection for Erlang A (every measure is monotone in
// n). The traffic n agents can carry is found by bisection on A. Shrinkage turns agents on the
// phones into scheduled headcount: scheduled = ⌈agents / (1 − shrinkage)⌉.

/** The largest staff any computation will consider. */
export const MAX_AGENTS = 100_000;

export type ErlangErrorKind = 'invalid_input' | 'target_unreachable' | 'queue_unstable';

/** A computation that cannot be done: bad input, a target no staffing meets, or an unstable queue. */
export class ErlangError extends Error {
  constructor(readonly kind: ErlangErrorKind, message: string, readonly field?: string) {
    super(message);
    this.name = 'ErlangError';
  }
}

function requirePositive(value: number, field: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new ErlangError('invalid_input', `${field} must be a positive number (got ${value})`, field);
}
function requireAgents(agents: number, field = 'agents'): void {
  if (!Number.isInteger(agents) || agents < 1) throw new ErlangError('invalid_input', `${field} must be a whole number ≥ 1 (got ${agents})`, field);
  if (agents > MAX_AGENTS) throw new ErlangError('invalid_input', `${field} must be at most ${MAX_AGENTS} (got ${agents})`, field);
}
function requireTarget(targetSeconds: number): void {
  if (!Number.isFinite(targetSeconds) || targetSeconds < 0) throw new ErlangError('invalid_input', `targetSeconds must be ≥ 0 (got ${targetSeconds})`, 'targetSeconds');
}

// ---------------------------------------------------------------- traffic

export interface CallLoad {
  /** Calls offered in the period. */
  calls: number;
  periodSeconds: number;
  ahtSeconds: number;
}

/** Offered traffic A = calls × AHT / period, in erlangs. */
export function trafficErlangs({ calls, periodSeconds, ahtSeconds }: CallLoad): number {
  requirePositive(calls, 'calls');
  requirePositive(periodSeconds, 'periodSeconds');
  requirePositive(ahtSeconds, 'ahtSeconds');
  return (calls * ahtSeconds) / periodSeconds;
}

// ---------------------------------------------------------------- Erlang B

/** Erlang B blocking probability for `lines` servers offered `trafficErlangs` (recurrence, no factorials). */
export function erlangB(trafficErlangs: number, lines: number): number {
  requirePositive(trafficErlangs, 'trafficErlangs');
  if (!Number.isInteger(lines) || lines < 0 || lines > MAX_AGENTS) throw new ErlangError('invalid_input', `lines must be a whole number from 0 to ${MAX_AGENTS} (got ${lines})`, 'lines');
  return erlangBUnchecked(trafficErlangs, lines);
}

function erlangBUnchecked(a: number, n: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) {
    const ab = a * b;
    b = ab / (k + ab);
  }
  return b;
}

/** The fewest lines whose blocking is at most `blocking` (the classic Erlang B table, read the other way). */
export function erlangBLines(trafficErlangs: number, blocking: number): number {
  requirePositive(trafficErlangs, 'trafficErlangs');
  if (!(blocking > 0 && blocking < 1)) throw new ErlangError('invalid_input', `blocking must be between 0 and 1 (got ${blocking})`, 'blocking');
  let b = 1;
  for (let k = 1; k <= MAX_AGENTS; k++) {
    const ab = trafficErlangs * b;
    b = ab / (k + ab);
    if (b <= blocking) return k;
  }
  throw new ErlangError('target_unreachable', `more than ${MAX_AGENTS} lines would be needed`);
}

/** The most traffic `lines` servers carry with blocking at most `blocking` (bisection). */
export function erlangBTraffic(lines: number, blocking: number): number {
  requireAgents(lines, 'lines');
  if (!(blocking > 0 && blocking < 1)) throw new ErlangError('invalid_input', `blocking must be between 0 and 1 (got ${blocking})`, 'blocking');
  // B grows with A; B(A = lines/(1 − blocking)) ≥ blocking, so the answer is below that.
  return bisect((a) => erlangBUnchecked(a, lines) <= blocking, 0, lines / (1 - blocking) + 1);
}

// ---------------------------------------------------------------- Erlang C

/** Erlang C probability that a call waits: n·B / (n − A(1 − B)); 1 when A ≥ n (the queue grows without limit). */
export function erlangC(trafficErlangs: number, agents: number): number {
  requirePositive(trafficErlangs, 'trafficErlangs');
  requireAgents(agents);
  if (trafficErlangs >= agents) return 1;
  return erlangCFromB(trafficErlangs, agents, erlangBUnchecked(trafficErlangs, agents));
}

function erlangCFromB(a: number, n: number, b: number): number {
  return (n * b) / (n - a * (1 - b));
}

export interface ErlangCInput extends CallLoad {
  agents: number;
  targetSeconds: number;
}

export interface ErlangCResult {
  trafficErlangs: number;
  /** Probability that a call waits at all. */
  pWait: number;
  /** Fraction of calls answered within targetSeconds. */
  serviceLevel: number;
  /** Mean wait over all calls (those answered at once count as 0). */
  asaSeconds: number;
  occupancy: number;
  /** Mean number of calls waiting. */
  queueLength: number;
}

function cMetrics(a: number, n: number, b: number, ahtSeconds: number, targetSeconds: number): ErlangCResult {
  const c = erlangCFromB(a, n, b);
  const gap = n - a;
  return {
    trafficErlangs: a,
    pWait: c,
    serviceLevel: clamp01(1 - c * Math.exp((-gap * targetSeconds) / ahtSeconds)),
    asaSeconds: (c * ahtSeconds) / gap,
    occupancy: a / n,
    queueLength: (c * a) / gap,
  };
}

/** Erlang C measures for n agents. Throws queue_unstable when the traffic is not below the agents. */
export function erlangCMetrics(input: ErlangCInput): ErlangCResult {
  const a = trafficErlangs(input);
  requireAgents(input.agents);
  requireTarget(input.targetSeconds);
  if (a >= input.agents) {
    throw new ErlangError('queue_unstable', `${input.agents} agents cannot keep up with ${round(a)} erlangs: without abandonment the queue grows without limit (use more agents than erlangs, or Erlang A with a patience)`, 'agents');
  }
  return cMetrics(a, input.agents, erlangBUnchecked(a, input.agents), input.ahtSeconds, input.targetSeconds);
}

// ---------------------------------------------------------------- Erlang A

export interface ErlangAInput extends ErlangCInput {
  /** Mean time a caller is willing to wait before hanging up (exponential). */
  patienceSeconds: number;
}

export interface ErlangAResult {
  trafficErlangs: number;
  pWait: number;
  pAbandon: number;
  /** Answered within targetSeconds, as a fraction of all offered calls (abandons are misses). */
  serviceLevel: number;
  /** Mean wait of answered calls (those answered at once count as 0). */
  asaSeconds: number;
  /** Carried traffic per agent: A·(1 − pAbandon)/n. */
  occupancy: number;
  queueLength: number;
}

/** Most terms a single tail sum may take (guards absurd patience/AHT ratios). */
const MAX_TERMS = 20_000_000;
const TAIL_EPS = 1e-17;

interface TailSums {
  /** log w_{j*}: every sum below is divided by it. */
  logScale: number;
  s0: number;
  s1: number;
  /** Σ w_j · a/(a+j+1) · H_j */
  sh: number;
}

/** S0, S1 and the served-wait sum for w_j(y) = y^j / ((a+1)…(a+j)), from the largest term outwards. */
function tailSums(a: number, y: number, withWait: boolean): TailSums {
  const peak = Math.max(0, Math.floor(y - a));
  const spread = 40 * Math.sqrt(a + y + 1) + 100;
  if (peak + spread > MAX_TERMS) {
    throw new ErlangError('invalid_input', 'patienceSeconds is too long compared with ahtSeconds and the traffic for Erlang A; use Erlang C (no patience)', 'patienceSeconds');
  }
  const logScale = peak === 0 ? 0 : peak * Math.log(y) - lnGammaRatio(a + 1, peak);
  let s0 = 0;
  let s1 = 0;
  let sh = 0;
  // Upwards from the peak.
  let h = peak === 0 ? 1 / (a + 1) : digamma(a + peak + 2) - digamma(a + 1);
  const hAtPeak = h;
  let t = 1;
  for (let j = peak; j < peak + MAX_TERMS; j++) {
    s0 += t;
    s1 += j * t;
    if (withWait) sh += ((t * a) / (a + j + 1)) * h;
    if (j > peak && t * (j + 1) < TAIL_EPS * (s0 + s1)) break;
    t *= y / (a + j + 1);
    h += 1 / (a + j + 2);
    if (t === 0) break;
  }
  // Downwards from the peak.
  t = 1;
  h = hAtPeak;
  for (let j = peak - 1; j >= 0; j--) {
    t *= (a + j + 1) / y; // w_j = w_{j+1}·(a+j+1)/y
    h -= 1 / (a + j + 2);
    s0 += t;
    s1 += j * t;
    if (withWait) sh += ((t * a) / (a + j + 1)) * h;
    if (t < TAIL_EPS * s0) break;
  }
  return { logScale, s0, s1, sh };
}

/** Erlang A (M/M/n+M) measures for n agents with exponential patience. */
export function erlangAMetrics(input: ErlangAInput): ErlangAResult {
  const A = trafficErlangs(input);
  const n = input.agents;
  requireAgents(n);
  requireTarget(input.targetSeconds);
  requirePositive(input.patienceSeconds, 'patienceSeconds');
  return aMetrics(A, n, erlangBUnchecked(A, n), input.ahtSeconds, input.targetSeconds, input.patienceSeconds);
}

function aMetrics(A: number, n: number, b: number, ahtSeconds: number, targetSeconds: number, patienceSeconds: number): ErlangAResult {
  if (b === 0) {
    // Blocking underflowed (n ≫ A): nobody waits, to within 1e−300.
    return { trafficErlangs: A, pWait: 0, pAbandon: 0, serviceLevel: 1, asaSeconds: 0, occupancy: A / n, queueLength: 0 };
  }
  const ratio = patienceSeconds / ahtSeconds; // μ/θ
  const a = n * ratio; // nμ/θ
  const x = A * ratio; // λ/θ
  const full = tailSums(a, x, true);
  // log π_n = log B − log(1 − B + B·S0(x))
  const logS0x = full.logScale + Math.log(full.s0);
  const logPiN = Math.log(b) - logAddExp(Math.log1p(-b), Math.log(b) + logS0x);
  const piScaled = Math.exp(logPiN + full.logScale); // π_n · w_{j*}
  const pWait = clamp01(Math.exp(logPiN + logS0x));
  const queueLength = piScaled * full.s1;
  const pAbandon = clamp01(queueLength / x);
  const waitServedSeconds = piScaled * full.sh * patienceSeconds;
  const answered = 1 - pAbandon;
  const asaSeconds = answered > 0 ? waitServedSeconds / answered : Infinity;

  let serviceLevel: number;
  if (targetSeconds === 0) {
    serviceLevel = 1 - pWait;
  } else {
    const thetaT = targetSeconds / patienceSeconds;
    const z = x * Math.exp(-thetaT);
    const tail = tailSums(a, z, false);
    // log of exp(x(1 − e^{−θT}) − nμT)
    const logDecay = -x * Math.expm1(-thetaT) - (n * targetSeconds) / ahtSeconds;
    const pVirtualAbove = Math.exp(logPiN + tail.logScale + Math.log(tail.s0) + logDecay); // P(V > T)
    const abandonLate = Math.exp(logPiN + tail.logScale + logDecay) * tail.s1 / x;
    const abandonByT = Math.max(0, queueLength / x - abandonLate);
    serviceLevel = 1 - Math.exp(-thetaT) * pVirtualAbove - abandonByT;
  }
  return {
    trafficErlangs: A,
    pWait,
    pAbandon,
    serviceLevel: clamp01(serviceLevel),
    asaSeconds,
    occupancy: clamp01((A * answered) / n),
    queueLength,
  };
}

// ---------------------------------------------------------------- staffing

export interface StaffTargets {
  /** Seconds within which `serviceLevel` of calls should be answered. */
  targetSeconds: number;
  /** Fraction of calls to answer within targetSeconds, e.g. 0.8. */
  serviceLevel?: number;
  /** Largest acceptable ASA. */
  asaSeconds?: number;
  /** Largest acceptable occupancy, e.g. 0.85. */
  maxOccupancy?: number;
  /** Mean patience: when given, the Erlang A model (with abandonment) is used. */
  patienceSeconds?: number;
}

export interface StaffInput extends CallLoad, StaffTargets {
  /** Fraction of paid time off the phones (breaks, training, absence), e.g. 0.3. */
  shrinkage?: number;
}

export interface StaffResult {
  model: 'erlang-c' | 'erlang-a';
  trafficErlangs: number;
  /** Smallest number of agents on the phones meeting every target. */
  agents: number;
  /** Headcount to schedule once shrinkage is allowed for. */
  scheduled: number;
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
  pWait: number;
  /** Erlang A only. */
  pAbandon?: number;
}

/** Scheduled headcount for `agents` on the phones: ⌈agents / (1 − shrinkage)⌉. */
export function scheduledHeadcount(agents: number, shrinkage: number): number {
  if (!Number.isFinite(agents) || agents < 0) throw new ErlangError('invalid_input', `agents must be ≥ 0 (got ${agents})`, 'agents');
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new ErlangError('invalid_input', `shrinkage must be at least 0 and below 1 (got ${shrinkage})`, 'shrinkage');
  // Round away binary noise first so 7/(1 − 0.3) is 10, not 11.
  return Math.ceil(Number((agents / (1 - shrinkage)).toPrecision(12)));
}

function validateTargets(t: StaffTargets): void {
  requireTarget(t.targetSeconds);
  if (t.serviceLevel === undefined && t.asaSeconds === undefined && t.maxOccupancy === undefined) {
    throw new ErlangError('invalid_input', 'give at least one target: serviceLevel, asaSeconds or maxOccupancy', 'serviceLevel');
  }
  if (t.serviceLevel !== undefined) {
    if (!(t.serviceLevel > 0 && t.serviceLevel <= 1)) throw new ErlangError('invalid_input', `serviceLevel must be above 0 and at most 1 (got ${t.serviceLevel})`, 'serviceLevel');
    if (t.serviceLevel >= 1) {
      throw new ErlangError('target_unreachable', `a service level of 100 % within ${t.targetSeconds} s cannot be guaranteed by any number of agents (calls arrive at random); aim below 1`, 'serviceLevel');
    }
  }
  if (t.asaSeconds !== undefined) {
    if (!(t.asaSeconds >= 0) || !Number.isFinite(t.asaSeconds)) throw new ErlangError('invalid_input', `asaSeconds must be ≥ 0 (got ${t.asaSeconds})`, 'asaSeconds');
    if (t.asaSeconds === 0) throw new ErlangError('target_unreachable', 'an average speed of answer of 0 s cannot be met: some calls always wait', 'asaSeconds');
  }
  if (t.maxOccupancy !== undefined && !(t.maxOccupancy > 0 && t.maxOccupancy <= 1)) {
    throw new ErlangError('invalid_input', `maxOccupancy must be above 0 and at most 1 (got ${t.maxOccupancy})`, 'maxOccupancy');
  }
  if (t.patienceSeconds !== undefined) requirePositive(t.patienceSeconds, 'patienceSeconds');
}

interface Measures {
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
}
// A hair of tolerance so 0.8 is met by 0.7999999999999999 from rounding.
const meets = (m: Measures, t: StaffTargets) =>
  (t.serviceLevel === undefined || m.serviceLevel >= t.serviceLevel - 1e-12) &&
  (t.asaSeconds === undefined || m.asaSeconds <= t.asaSeconds * (1 + 1e-12)) &&
  (t.maxOccupancy === undefined || m.occupancy <= t.maxOccupancy * (1 + 1e-12));

function unreachable(A: number): ErlangError {
  return new ErlangError('target_unreachable', `more than ${MAX_AGENTS} agents would be needed for ${round(A)} erlangs with these targets`);
}

/** Smallest n meeting every target with Erlang C: upwards from ⌊A⌋+1, B(n) carried from B(n−1). */
function staffC(A: number, aht: number, t: StaffTargets): { n: number; m: ErlangCResult } {
  let n = Math.floor(A) + 1;
  if (t.maxOccupancy !== undefined) n = Math.max(n, Math.ceil(A / t.maxOccupancy - 1e-9));
  if (n > MAX_AGENTS) throw unreachable(A);
  let b = erlangBUnchecked(A, n);
  for (;;) {
    const m = cMetrics(A, n, b, aht, t.targetSeconds);
    if (meets(m, t)) return { n, m };
    if (n >= MAX_AGENTS) throw unreachable(A);
    n += 1;
    b = (A * b) / (n + A * b);
  }
}

/**
 * Smallest n meeting every target with Erlang A. Every measure is monotone in n, so: start from
 * the Erlang C answer (cheap, and usually within a few agents), gallop down or up to bracket the
 * answer, then bisect.
 */
function staffA(A: number, aht: number, patience: number, t: StaffTargets): { n: number; m: ErlangAResult } {
  const at = (n: number) => aMetrics(A, n, erlangBUnchecked(A, n), aht, t.targetSeconds, patience);
  let guess = 1;
  try {
    guess = staffC(A, aht, t).n;
  } catch {
    guess = Math.max(1, Math.min(MAX_AGENTS, Math.floor(A)));
  }
  let lo: number; // fails (0: below every staffing)
  let hi: number; // meets
  let mHi: ErlangAResult;
  const mGuess = at(guess);
  if (meets(mGuess, t)) {
    hi = guess;
    mHi = mGuess;
    lo = 0;
    for (let step = 1; hi - step >= 1; step *= 2) {
      const m = at(hi - step);
      if (!meets(m, t)) {
        lo = hi - step;
        break;
      }
      hi -= step;
      mHi = m;
    }
  } else {
    lo = guess;
    for (let step = 1; ; step *= 2) {
      if (lo >= MAX_AGENTS) throw unreachable(A);
      const n = Math.min(MAX_AGENTS, lo + step);
      const m = at(n);
      if (meets(m, t)) {
        hi = n;
        mHi = m;
        break;
      }
      lo = n;
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const m = at(mid);
    if (meets(m, t)) {
      hi = mid;
      mHi = m;
    } else lo = mid;
  }
  return { n: hi, m: mHi };
}

/** The agents needed for the targets (Erlang C, or Erlang A when patienceSeconds is given), and the headcount to schedule. */
export function staffAgents(input: StaffInput): StaffResult {
  const A = trafficErlangs(input);
  validateTargets(input);
  const shrinkage = input.shrinkage ?? 0;
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new ErlangError('invalid_input', `shrinkage must be at least 0 and below 1 (got ${shrinkage})`, 'shrinkage');
  if (input.patienceSeconds !== undefined) {
    const { n, m } = staffA(A, input.ahtSeconds, input.patienceSeconds, input);
    return {
      model: 'erlang-a', trafficErlangs: A, agents: n, scheduled: scheduledHeadcount(n, shrinkage),
      serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds, occupancy: m.occupancy, pWait: m.pWait, pAbandon: m.pAbandon,
    };
  }
  const { n, m } = staffC(A, input.ahtSeconds, input);
  return {
    model: 'erlang-c', trafficErlangs: A, agents: n, scheduled: scheduledHeadcount(n, shrinkage),
    serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds, occupancy: m.occupancy, pWait: m.pWait,
  };
}

export interface CurvePoint {
  agents: number;
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
  pAbandon?: number;
}

/** Measures for each staffing level from `fromAgents` to `toAgents` (Erlang C skips unstable levels). */
export function staffingCurve(input: CallLoad & StaffTargets & { fromAgents: number; toAgents: number }): CurvePoint[] {
  const A = trafficErlangs(input);
  requireTarget(input.targetSeconds);
  requireAgents(input.fromAgents, 'fromAgents');
  requireAgents(input.toAgents, 'toAgents');
  const out: CurvePoint[] = [];
  let b = erlangBUnchecked(A, input.fromAgents);
  for (let n = input.fromAgents; n <= input.toAgents; n++) {
    if (n > input.fromAgents) b = (A * b) / (n + A * b);
    if (input.patienceSeconds !== undefined) {
      const m = aMetrics(A, n, b, input.ahtSeconds, input.targetSeconds, input.patienceSeconds);
      out.push({ agents: n, serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds, occupancy: m.occupancy, pAbandon: m.pAbandon });
    } else if (n > A) {
      const m = cMetrics(A, n, b, input.ahtSeconds, input.targetSeconds);
      out.push({ agents: n, serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds, occupancy: m.occupancy });
    }
  }
  return out;
}

export interface CapacityInput extends StaffTargets {
  agents: number;
  ahtSeconds: number;
}

/** The most traffic (erlangs) `agents` can take while meeting every target (bisection on A). */
export function maxTrafficErlangs(input: CapacityInput): number {
  requireAgents(input.agents);
  requirePositive(input.ahtSeconds, 'ahtSeconds');
  validateTargets(input);
  const n = input.agents;
  const ok = (A: number) => {
    const b = erlangBUnchecked(A, n);
    if (input.patienceSeconds !== undefined) return meets(aMetrics(A, n, b, input.ahtSeconds, input.targetSeconds, input.patienceSeconds), input);
    return A < n && meets(cMetrics(A, n, b, input.ahtSeconds, input.targetSeconds), input);
  };
  // Erlang C can never carry n erlangs; Erlang A is bounded by the occupancy or service targets —
  // double the bracket until it fails.
  let hi = n;
  if (input.patienceSeconds !== undefined) {
    while (ok(hi)) {
      hi *= 2;
      if (hi > 1e9) throw new ErlangError('target_unreachable', 'these targets put no limit on the traffic (set a service level, ASA or occupancy target)');
    }
  }
  const tiny = n * 1e-9;
  if (!ok(tiny)) throw new ErlangError('target_unreachable', `${n} agents cannot meet these targets at any traffic`);
  return bisect(ok, tiny, hi);
}

// ---------------------------------------------------------------- numerics

/** Largest x in [lo, hi] with ok(x), for ok true at lo and monotone (true then false); relative precision 1e−12. */
function bisect(ok: (x: number) => boolean, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function logAddExp(p: number, q: number): number {
  if (p === -Infinity) return q;
  if (q === -Infinity) return p;
  const m = Math.max(p, q);
  return m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

/**
 * ln Γ(z + k) − ln Γ(z) = Σ_{i=0}^{k−1} ln(z + i) for z > 0, k ≥ 0, from Stirling's series
 * written with log1p so that large z does not cancel catastrophically (Abramowitz & Stegun 6.1.41).
 */
export function lnGammaRatio(z: number, k: number): number {
  if (k === 0) return 0;
  if (k < 64) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.log(z + i);
    return s;
  }
  // Shift small z up so Stirling is accurate.
  let shift = 0;
  let zz = z;
  while (zz < 16) {
    shift += Math.log(zz) - Math.log(zz + k); // R(z, k) = R(z + 1, k) + ln z − ln(z + k)
    zz += 1;
  }
  const z2 = zz + k;
  // (z2 − ½) ln z2 − (zz − ½) ln zz − k = (zz − ½)·ln(z2/zz) + k·ln z2 − k
  const main = (zz - 0.5) * Math.log1p(k / zz) + k * Math.log(z2) - k;
  return main + stirlingTail(z2) - stirlingTail(zz) + shift;
}

function stirlingTail(z: number): number {
  const r = 1 / z;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
}

/** Digamma ψ(z) for z > 0 (recurrence up to 12, then the asymptotic series, A&S 6.3.18). */
export function digamma(z: number): number {
  let acc = 0;
  while (z < 12) {
    acc -= 1 / z;
    z += 1;
  }
  const r = 1 / z;
  const r2 = r * r;
  return acc + Math.log(z) - 0.5 * r - r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 / 132))));
}
