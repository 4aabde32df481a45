import type {
  ErlangAInput, ErlangAOutput, ErlangBInput, ErlangBOutput, ErlangCInput, ErlangCOutput, ErlangCapacityInput,
  ErlangCapacityOutput, ErlangStaffInput, ErlangStaffOutput,
} from '../../../shared/workforce';
import { AppError } from '../../platform/errors';
import {
  ErlangError, MAX_AGENTS, erlangAMetrics, erlangB, erlangCMetrics, maxTrafficErlangs, staffAgents, staffingCurve,
} from './erlang';

// The Erlang calculator's use cases: contract in → pure domain → contract out. The REST routes
// and the `manyi erlang` commands both call these, so both give the same figures.

/** Erlang B: blocking for a traffic and a number of lines. */
export function calculateErlangB(input: ErlangBInput): ErlangBOutput {
  return { blocking: erlangB(input.trafficErlangs, input.lines) };
}

/** Erlang C (no abandonment): waiting probability, service level, ASA, occupancy and queue for n agents. */
export function calculateErlangC(input: ErlangCInput): ErlangCOutput {
  const m = erlangCMetrics(input);
  return {
    trafficErlangs: m.trafficErlangs, pWait: m.pWait, serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds,
    occupancy: m.occupancy, queueLength: m.queueLength,
  };
}

/** Erlang A (callers abandon after a mean patience): the same measures plus the share who hang up. */
export function calculateErlangA(input: ErlangAInput): ErlangAOutput {
  const m = erlangAMetrics(input);
  return {
    pWait: m.pWait, pAbandon: m.pAbandon, serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds, occupancy: m.occupancy,
    trafficErlangs: m.trafficErlangs, queueLength: m.queueLength,
  };
}

const CURVE_HALF_WIDTH = 8;

/** Agents needed for the targets (Erlang A when a patience is given), scheduled headcount, and the curve around it. */
export function calculateStaff(input: ErlangStaffInput): ErlangStaffOutput {
  const s = staffAgents(input);
  const curve = staffingCurve({
    ...input,
    fromAgents: Math.max(1, s.agents - CURVE_HALF_WIDTH),
    toAgents: Math.min(MAX_AGENTS, s.agents + CURVE_HALF_WIDTH),
  });
  return {
    agents: s.agents, scheduled: s.scheduled, serviceLevel: s.serviceLevel, asaSeconds: s.asaSeconds, occupancy: s.occupancy,
    model: s.model, trafficErlangs: s.trafficErlangs, pWait: s.pWait, pAbandon: s.pAbandon ?? null, curve,
  };
}

/** The most traffic n agents carry within the targets, in erlangs and as calls per period. */
export function calculateCapacity(input: ErlangCapacityInput): ErlangCapacityOutput {
  const trafficErlangs = maxTrafficErlangs(input);
  const periodSeconds = input.periodSeconds ?? 3600;
  return { trafficErlangs, calls: (trafficErlangs * periodSeconds) / input.ahtSeconds, periodSeconds };
}

/**
 * The domain's refusals as API errors: bad input → 422 with the field; a target no staffing can
 * meet → 409 erlang_target_unreachable; agents ≤ traffic without abandonment → 409 erlang_queue_unstable.
 */
export function erlangAppError(err: unknown): unknown {
  if (!(err instanceof ErlangError)) return err;
  const details = [{ path: err.field ?? '', code: err.kind, message: err.message }];
  if (err.kind === 'invalid_input') return new AppError('validation_failed', {}, details);
  return new AppError('conflict', { reason: err.kind === 'queue_unstable' ? 'erlang_queue_unstable' : 'erlang_target_unreachable' }, details);
}
