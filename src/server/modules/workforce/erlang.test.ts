import { describe, expect, it } from 'vitest';
import {
  ErlangError, MAX_AGENTS, digamma, erlangAMetrics, erlangB, erlangBLines, erlangBTraffic, erlangC, erlangCMetrics,
  lnGammaRatio, maxTrafficErlangs, scheduledHeadcount, staffAgents, staffingCurve, trafficErlangs,
} from './erlang';

// Every expected value below is checked two independent ways: against the implementation's
// recurrence and against a reference written here from the textbook definition (exact
// rationals with BigInt for Erlang B and C; a truncated birth–death chain plus a uniformised
// tagged-customer chain for Erlang A). Published figures are cited where they come from a table.

// ------------------------------------------------------------------ references

/** A decimal as an exact fraction p/q (q a power of ten). */
function fraction(v: number): [bigint, bigint] {
  const s = v.toString();
  const dot = s.indexOf('.');
  if (dot < 0) return [BigInt(s), 1n];
  const decimals = s.length - dot - 1;
  return [BigInt(s.replace('.', '')), 10n ** BigInt(decimals)];
}

/** num/den as a float, keeping ~17 significant digits even for tiny ratios. */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = BigInt(Math.max(0, den.toString().length - num.toString().length + 20));
  return Number((num * 10n ** shift) / den) / 10 ** Number(shift);
}

/** Σ_{k≤n} A^k/k! and A^n/n!, both multiplied by q^n·n! so they are integers (A = p/q). */
function poissonTerms(a: number, n: number) {
  const [p, q] = fraction(a);
  // term_k = p^k q^(n−k) n!/k!; built from k = n downwards: term_{k−1} = term_k · q·k / p
  const terms: bigint[] = new Array(n + 1);
  terms[n] = p ** BigInt(n);
  for (let k = n; k >= 1; k--) terms[k - 1] = (terms[k] * q * BigInt(k)) / p; // exact: p^k divides p^n
  return { terms, p, q };
}

/** Erlang B exactly: (A^n/n!) / Σ_{k≤n} A^k/k!. */
function refErlangB(a: number, n: number): number {
  const { terms } = poissonTerms(a, n);
  return ratio(terms[n], terms.reduce((s, t) => s + t, 0n));
}

/** Erlang C exactly: (A^n/n! · n/(n−A)) / (Σ_{k<n} A^k/k! + A^n/n! · n/(n−A)). */
function refErlangC(a: number, n: number): number {
  const { terms, p, q } = poissonTerms(a, n);
  // n/(n − A) = n·q/(n·q − p)
  const k = BigInt(n) * q;
  const last = terms[n] * k;
  const below = terms.slice(0, n).reduce((s, t) => s + t, 0n) * (k - p);
  return ratio(last, below + last);
}

/** Erlang B in log space by a plain log-sum of ln(A^k/k!) — an independent check at 10,000 agents. */
function refErlangBLog(a: number, n: number): number {
  const logs: number[] = [];
  let l = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) l += Math.log(a) - Math.log(k);
    logs.push(l);
  }
  const m = Math.max(...logs.slice(-20000));
  const sum = logs.reduce((s, x) => s + Math.exp(x - m), 0);
  return Math.exp(logs[n] - m) / sum;
}

/**
 * Erlang A by brute force: the M/M/n+M chain truncated at n + K states, normalised directly;
 * service level from a uniformised tagged-customer chain (i callers ahead: moves up at rate
 * nμ + iθ, abandons at rate θ); answered-call wait by the recursion g_i = p_i·(f_{i−1}/r_i + g_{i−1}).
 */
function refErlangA(o: { calls: number; periodSeconds: number; ahtSeconds: number; agents: number; targetSeconds: number; patienceSeconds: number }) {
  const lambda = o.calls / o.periodSeconds;
  const mu = 1 / o.ahtSeconds;
  const theta = 1 / o.patienceSeconds;
  const n = o.agents;
  const K = 4000;
  const w: number[] = [1];
  for (let k = 1; k <= n + K; k++) w.push(w[k - 1] * lambda / (Math.min(k, n) * mu + Math.max(0, k - n) * theta));
  const total = w.reduce((s, x) => s + x, 0);
  const pi = w.map((x) => x / total);
  let pWait = 0;
  let lq = 0;
  for (let j = 0; j <= K; j++) {
    pWait += pi[n + j];
    lq += j * pi[n + j];
  }
  const pAbandon = (theta * lq) / lambda;
  // served probability f_i and E[V; served] g_i with i callers ahead
  const f: number[] = [];
  const g: number[] = [];
  for (let i = 0; i <= K; i++) {
    const move = n * mu + i * theta;
    const r = move + theta;
    const fPrev = i === 0 ? 1 : f[i - 1];
    const gPrev = i === 0 ? 0 : g[i - 1];
    f.push((move / r) * fPrev);
    g.push((move / r) * (fPrev / r + gPrev));
  }
  let waitServed = 0;
  for (let j = 0; j <= K; j++) waitServed += pi[n + j] * g[j];
  // uniformisation: u_k(i) = P(served within k steps | i ahead)
  const J = 400;
  const Lambda = n * mu + (J + 1) * theta;
  const LT = Lambda * o.targetSeconds;
  let u = new Array(J + 1).fill(0);
  let acc = new Array(J + 1).fill(0);
  let pois = Math.exp(-LT);
  for (let k = 0; k < 20000; k++) {
    for (let i = 0; i <= J; i++) acc[i] += pois * u[i];
    const next = new Array(J + 1);
    for (let i = 0; i <= J; i++) {
      const pm = (n * mu + i * theta) / Lambda;
      const pa = theta / Lambda;
      next[i] = pm * (i === 0 ? 1 : u[i - 1]) + (1 - pm - pa) * u[i];
    }
    u = next;
    pois *= LT / (k + 1);
    if (k > LT && pois < 1e-18) break;
  }
  let sl = 1 - pWait;
  for (let j = 0; j <= J; j++) sl += pi[n + j] * acc[j];
  return { pWait, pAbandon, serviceLevel: sl, asaSeconds: waitServed / (1 - pAbandon), queueLength: lq };
}

const load = (calls: number, periodSeconds: number, ahtSeconds: number) => ({ calls, periodSeconds, ahtSeconds });

// ------------------------------------------------------------------ Erlang B

describe('Erlang B', () => {
  it('matches the classic table and the exact value', () => {
    // B(A=1, N=2) = (1/2)/(1 + 1 + 1/2) = 0.2 exactly.
    expect(erlangB(1, 2)).toBeCloseTo(0.2, 15);
    // Erlang B table (e.g. ITU-T E.501 / Cooper 1981 appendix): A = 10, N = 10 → 0.2146.
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    expect(erlangB(10, 10)).toBeCloseTo(refErlangB(10, 10), 14); // 0.21458234310734…
    expect(erlangB(5, 0)).toBe(1);
  });

  it('agrees with exact rationals across a grid', () => {
    for (const a of [0.5, 1, 2.5, 7, 10, 24, 45.5, 100]) {
      for (const n of [1, 2, 5, 10, 20, 50, 120]) {
        const ref = refErlangB(a, n);
        const got = erlangB(a, n);
        expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-13 * Math.max(ref, 1e-300) + 1e-300);
      }
    }
  });

  it('reads the table the other way: traffic carried at 1 % blocking', () => {
    // Published Erlang B table, 1 % grade of service: N = 10 → 4.461 E, N = 20 → 12.03 E, N = 100 → 84.06 E.
    expect(erlangBTraffic(10, 0.01)).toBeCloseTo(4.461, 3);
    expect(erlangBTraffic(20, 0.01)).toBeCloseTo(12.03, 2);
    expect(erlangBTraffic(100, 0.01)).toBeCloseTo(84.06, 2);
    // and each is where the exact blocking crosses 1 %
    expect(refErlangB(4.461, 10)).toBeLessThan(0.01);
    expect(refErlangB(4.462, 10)).toBeGreaterThan(0.01);
    expect(erlangBLines(4.461, 0.01)).toBe(10);
    expect(erlangBLines(4.462, 0.01)).toBe(11);
  });

  it('is stable at 10,000 lines (no factorials, no overflow)', () => {
    const got = erlangB(9500, 10_000);
    expect(got).toBeGreaterThan(0);
    expect(got).toBeCloseTo(refErlangBLog(9500, 10_000), 12);
    expect(erlangB(9999, 10_000)).toBeCloseTo(refErlangBLog(9999, 10_000), 12);
    expect(erlangB(10, 10_000)).toBe(0); // ~1e−25000 underflows to 0, not NaN
  });
});

// ------------------------------------------------------------------ Erlang C

describe('Erlang C', () => {
  it('reproduces the Call Centre Helper worked example (100 calls / 30 min, AHT 180 s, 20 s target)', () => {
    // callcentrehelper.com, "Erlang C Formula – Made Simple With an Easy Worked Example":
    // A = 10 E; with 11 agents P(wait) = 68.21 %, service level 39.0 %, ASA 122.8 s;
    // 14 agents reach 80/20 (88.8 %); with 30 % shrinkage 20 must be scheduled.
    expect(trafficErlangs(load(100, 1800, 180))).toBe(10);
    const m11 = erlangCMetrics({ ...load(100, 1800, 180), agents: 11, targetSeconds: 20 });
    expect(m11.pWait).toBeCloseTo(0.6821, 4);
    expect(m11.pWait).toBeCloseTo(refErlangC(10, 11), 14);
    expect(m11.serviceLevel).toBeCloseTo(0.3896, 4);
    expect(m11.asaSeconds).toBeCloseTo(122.78, 2);
    expect(m11.occupancy).toBeCloseTo(10 / 11, 15);
    expect(m11.queueLength).toBeCloseTo(6.8212, 4);
    const m13 = erlangCMetrics({ ...load(100, 1800, 180), agents: 13, targetSeconds: 20 });
    expect(m13.pWait).toBeCloseTo(0.2853, 4); // exact: 0.28527045…
    expect(m13.pWait).toBeCloseTo(refErlangC(10, 13), 14);
    expect(m13.serviceLevel).toBeCloseTo(0.7956, 4); // 13 agents just miss 80 %
    const s = staffAgents({ ...load(100, 1800, 180), targetSeconds: 20, serviceLevel: 0.8, shrinkage: 0.3 });
    expect(s).toMatchObject({ model: 'erlang-c', agents: 14, scheduled: 20 });
    expect(s.serviceLevel).toBeCloseTo(0.8884, 4);
  });

  it('360 calls/h, AHT 240 s → 24 E; 80 % in 20 s needs 29 agents (28 give 76.1 %)', () => {
    // The common "24 erlangs" textbook example (e.g. Wikipedia, "Erlang (unit)" / Erlang C calculators):
    // 28 agents → 76.1 %, 29 → 84.0 %, 30 → 89.5 %. Examples that round up or add a margin quote 30.
    const at = (n: number) => erlangCMetrics({ ...load(360, 3600, 240), agents: n, targetSeconds: 20 });
    expect(at(28).serviceLevel).toBeCloseTo(0.7613, 4);
    expect(at(29).serviceLevel).toBeCloseTo(0.8403, 4);
    expect(at(30).serviceLevel).toBeCloseTo(0.8952, 4);
    for (const n of [28, 29, 30]) expect(at(n).pWait).toBeCloseTo(refErlangC(24, n), 14);
    expect(staffAgents({ ...load(360, 3600, 240), targetSeconds: 20, serviceLevel: 0.8 }).agents).toBe(29);
  });

  it('agrees with exact rationals across a grid', () => {
    for (const a of [0.5, 2, 9.5, 24, 60]) {
      for (const extra of [1, 2, 5, 13]) {
        const n = Math.floor(a) + extra;
        expect(erlangC(a, n)).toBeCloseTo(refErlangC(a, n), 13);
      }
    }
  });

  it('is stable at 10,000 agents and says when the queue is unstable', () => {
    const m = erlangCMetrics({ ...load(9900 * 12, 3600, 300), agents: 10_000, targetSeconds: 20 });
    const b = refErlangBLog(9900, 10_000);
    expect(m.pWait).toBeCloseTo((10_000 * b) / (10_000 - 9900 * (1 - b)), 12);
    expect(Number.isFinite(m.asaSeconds)).toBe(true);
    expect(erlangC(10, 10)).toBe(1);
    expect(() => erlangCMetrics({ ...load(100, 1800, 180), agents: 10, targetSeconds: 20 })).toThrow(expect.objectContaining({ kind: 'queue_unstable' }));
  });
});

// ------------------------------------------------------------------ Erlang A

describe('Erlang A', () => {
  const base = { ...load(100, 1800, 180), targetSeconds: 20 };

  it('agrees with a brute-force birth–death chain and a uniformised tagged customer', () => {
    for (const c of [
      { ...base, agents: 12, patienceSeconds: 60 },
      { ...base, agents: 12, patienceSeconds: 180 },
      { ...base, agents: 8, patienceSeconds: 120 }, // overloaded: A = 10 > 8 agents, stable thanks to abandonment
      { ...load(30, 900, 300), agents: 9, targetSeconds: 30, patienceSeconds: 45 },
    ]) {
      const got = erlangAMetrics(c);
      const ref = refErlangA(c);
      expect(got.pWait).toBeCloseTo(ref.pWait, 10);
      expect(got.pAbandon).toBeCloseTo(ref.pAbandon, 10);
      expect(got.queueLength).toBeCloseTo(ref.queueLength, 9);
      expect(got.serviceLevel).toBeCloseTo(ref.serviceLevel, 9);
      expect(got.asaSeconds).toBeCloseTo(ref.asaSeconds, 8);
    }
    // Pinned after both methods agreed: A = 10 E, 12 agents, patience 180 s, 20 s target.
    const m = erlangAMetrics({ ...base, agents: 12, patienceSeconds: 180 });
    expect(m.pWait).toBeCloseTo(0.30322, 5);
    expect(m.pAbandon).toBeCloseTo(0.05309, 5);
    expect(m.serviceLevel).toBeCloseTo(0.80230, 5);
  });

  it('tends to Erlang C as patience → ∞', () => {
    const c = erlangCMetrics({ ...base, agents: 12 });
    const a = erlangAMetrics({ ...base, agents: 12, patienceSeconds: 1e10 });
    expect(a.pWait).toBeCloseTo(c.pWait, 5);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
    expect(a.asaSeconds).toBeCloseTo(c.asaSeconds, 3);
    expect(a.pAbandon).toBeLessThan(1e-5);
  });

  it('tends to Erlang B as patience → 0: whoever would wait abandons', () => {
    const a = erlangAMetrics({ ...base, agents: 12, patienceSeconds: 1e-6 });
    expect(a.pAbandon).toBeCloseTo(a.pWait, 6);
    expect(a.pWait).toBeCloseTo(refErlangB(10, 12), 6);
    expect(a.serviceLevel).toBeCloseTo(1 - a.pAbandon, 6);
  });

  it('improves monotonically with agents', () => {
    let prev = erlangAMetrics({ ...base, agents: 1, patienceSeconds: 90 });
    for (let n = 2; n <= 25; n++) {
      const m = erlangAMetrics({ ...base, agents: n, patienceSeconds: 90 });
      expect(m.pWait).toBeLessThanOrEqual(prev.pWait);
      expect(m.pAbandon).toBeLessThanOrEqual(prev.pAbandon);
      expect(m.serviceLevel).toBeGreaterThanOrEqual(prev.serviceLevel);
      expect(m.asaSeconds).toBeLessThanOrEqual(prev.asaSeconds);
      prev = m;
    }
  });

  it('is stable at 10,000 agents, under and over load', () => {
    const under = erlangAMetrics({ ...load(9800 * 12, 3600, 300), agents: 10_000, targetSeconds: 20, patienceSeconds: 120 });
    const c = erlangCMetrics({ ...load(9800 * 12, 3600, 300), agents: 10_000, targetSeconds: 20 });
    expect(under.pWait).toBeLessThan(c.pWait);
    expect(under.serviceLevel).toBeGreaterThan(0.9);
    const over = erlangAMetrics({ ...load(20_000 * 12, 3600, 300), agents: 10_000, targetSeconds: 20, patienceSeconds: 3600 });
    // Twice the traffic the agents can serve: half the callers must abandon.
    expect(over.pAbandon).toBeCloseTo(0.5, 9);
    expect(over.pWait).toBeCloseTo(1, 9);
    expect(over.occupancy).toBeCloseTo(1, 9);
    for (const v of Object.values(over)) expect(Number.isFinite(v)).toBe(true);
  });
});

// ------------------------------------------------------------------ inverse problems

describe('staffing and capacity', () => {
  it('finds the smallest agents meeting every target (checked against a linear search)', () => {
    for (const calls of [5, 40, 100, 333, 1200]) {
      for (const patienceSeconds of [undefined, 30, 200]) {
        const targets = { targetSeconds: 20, serviceLevel: 0.8, asaSeconds: 30, maxOccupancy: 0.9, patienceSeconds };
        const s = staffAgents({ ...load(calls, 1800, 240), ...targets });
        const measure = (n: number) => (patienceSeconds === undefined
          ? erlangCMetrics({ ...load(calls, 1800, 240), agents: n, targetSeconds: 20 })
          : erlangAMetrics({ ...load(calls, 1800, 240), agents: n, targetSeconds: 20, patienceSeconds }));
        const ok = (n: number) => {
          if (patienceSeconds === undefined && n <= s.trafficErlangs) return false;
          const m = measure(n);
          return m.serviceLevel >= 0.8 && m.asaSeconds <= 30 && m.occupancy <= 0.9;
        };
        let n = 1;
        while (!ok(n)) n++;
        expect(s.agents).toBe(n);
      }
    }
  });

  it('applies the occupancy cap and shrinkage', () => {
    // 10 E with at most 70 % occupancy → ⌈10/0.7⌉ = 15 agents, although 14 meet 80/20.
    const s = staffAgents({ ...load(100, 1800, 180), targetSeconds: 20, serviceLevel: 0.8, maxOccupancy: 0.7, shrinkage: 0.25 });
    expect(s.agents).toBe(15);
    expect(s.scheduled).toBe(20);
    expect(scheduledHeadcount(7, 0.3)).toBe(10); // 7/0.7 = 10 exactly, not 11 from rounding
    expect(scheduledHeadcount(14, 0.3)).toBe(20);
    expect(scheduledHeadcount(14, 0)).toBe(14);
  });

  it('finds the traffic n agents can carry (bisection)', () => {
    const a = maxTrafficErlangs({ agents: 14, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8 });
    const at = (x: number) => erlangCMetrics({ calls: x, periodSeconds: 180, ahtSeconds: 180, agents: 14, targetSeconds: 20 }).serviceLevel;
    expect(at(a)).toBeGreaterThanOrEqual(0.8 - 1e-9);
    expect(at(a + 1e-6)).toBeLessThan(0.8);
    expect(a).toBeGreaterThan(10); // 14 agents did better than 80 % at 10 E
    const withAbandon = maxTrafficErlangs({ agents: 14, ahtSeconds: 180, targetSeconds: 20, serviceLevel: 0.8, patienceSeconds: 60 });
    expect(withAbandon).toBeGreaterThan(0);
    const sl = erlangAMetrics({ calls: withAbandon, periodSeconds: 180, ahtSeconds: 180, agents: 14, targetSeconds: 20, patienceSeconds: 60 }).serviceLevel;
    expect(sl).toBeCloseTo(0.8, 8);
  });

  it('gives the service level curve around the answer', () => {
    const curve = staffingCurve({ ...load(100, 1800, 180), targetSeconds: 20, fromAgents: 8, toAgents: 16 });
    expect(curve.map((p) => p.agents)).toEqual([11, 12, 13, 14, 15, 16]); // Erlang C: only n > A
    expect(curve[0].serviceLevel).toBeCloseTo(0.3896, 4);
  });

  it('says clearly when a target cannot be met', () => {
    const unreachable = expect.objectContaining({ kind: 'target_unreachable' });
    expect(() => staffAgents({ ...load(100, 1800, 180), targetSeconds: 0, serviceLevel: 1 })).toThrow(unreachable);
    expect(() => staffAgents({ ...load(100, 1800, 180), targetSeconds: 20, asaSeconds: 0 })).toThrow(unreachable);
    expect(() => staffAgents({ ...load(100, 1800, 180), targetSeconds: 20, maxOccupancy: 1e-5 })).toThrow(unreachable);
    expect(() => staffAgents({ ...load(3e6, 3600, 300), targetSeconds: 20, serviceLevel: 0.8 })).toThrow(unreachable);
    expect(() => staffAgents({ ...load(100, 1800, 180), targetSeconds: 20 })).toThrow(expect.objectContaining({ kind: 'invalid_input' }));
  });

  it('rejects zero or negative traffic, handle time and agents', () => {
    const invalid = (field: string) => expect.objectContaining({ kind: 'invalid_input', field });
    expect(() => trafficErlangs(load(0, 1800, 180))).toThrow(invalid('calls'));
    expect(() => trafficErlangs(load(-5, 1800, 180))).toThrow(invalid('calls'));
    expect(() => trafficErlangs(load(5, 1800, 0))).toThrow(invalid('ahtSeconds'));
    expect(() => erlangB(0, 3)).toThrow(ErlangError);
    expect(() => erlangC(5, 0)).toThrow(invalid('agents'));
    expect(() => erlangC(5, 2.5)).toThrow(invalid('agents'));
    expect(() => erlangC(5, MAX_AGENTS + 1)).toThrow(invalid('agents'));
    expect(() => erlangAMetrics({ ...load(100, 1800, 180), agents: 12, targetSeconds: 20, patienceSeconds: 0 })).toThrow(invalid('patienceSeconds'));
    expect(() => scheduledHeadcount(10, 1)).toThrow(invalid('shrinkage'));
  });
});

describe('special functions', () => {
  it('ln Γ ratio and digamma', () => {
    let s = 0;
    for (let i = 0; i < 5000; i++) s += Math.log(123.25 + i);
    expect(lnGammaRatio(123.25, 5000)).toBeCloseTo(s, 7);
    s = 0;
    for (let i = 0; i < 300; i++) s += Math.log(0.5 + i);
    expect(lnGammaRatio(0.5, 300)).toBeCloseTo(s, 9);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13); // −γ (Euler–Mascheroni)
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13); // −γ − 2 ln 2
  });
});
