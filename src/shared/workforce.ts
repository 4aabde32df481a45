import { z } from 'zod';

// Erlang calculator contracts (issue 4, items 3–4): the REST bodies and answers, which the CLI
// options mirror one for one (--calls → calls, --period → periodSeconds, --aht → ahtSeconds,
// --agents, --target-seconds, --service-level, --max-occupancy, --shrinkage, --patience).
// Shapes and ranges are checked here; whether a target can be met is the domain's answer
// (server/modules/workforce/erlang.ts).

/** The largest staff a calculation considers (also the domain's limit). */
export const ERLANG_MAX_AGENTS = 100_000;
const DAY_SECONDS = 86_400;

const positive = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be greater than 0` }).max(max, { error: `${what} must be at most ${max}` });
const fraction = (what: string) =>
  z.number({ error: `${what} must be a number` }).gt(0, { error: `${what} must be greater than 0` }).max(1, { error: `${what} must be at most 1 (it is a fraction: 0.8 = 80 %)` });

export const Agents = z.number({ error: 'agents must be a number' }).int({ error: 'agents must be a whole number' })
  .min(1, { error: 'agents must be at least 1' }).max(ERLANG_MAX_AGENTS, { error: `agents must be at most ${ERLANG_MAX_AGENTS}` });

const callLoad = {
  /** Calls offered in the period. */
  calls: positive('calls', 1e9),
  periodSeconds: positive('periodSeconds', 31 * DAY_SECONDS),
  ahtSeconds: positive('ahtSeconds', DAY_SECONDS),
};
const targetSeconds = z.number({ error: 'targetSeconds must be a number' }).min(0, { error: 'targetSeconds must be 0 or more' })
  .max(DAY_SECONDS, { error: `targetSeconds must be at most ${DAY_SECONDS}` });
const patienceSeconds = positive('patienceSeconds', DAY_SECONDS);

export const ErlangBInput = z.object({
  trafficErlangs: positive('trafficErlangs', 1e6),
  lines: z.number({ error: 'lines must be a number' }).int({ error: 'lines must be a whole number' }).min(1, { error: 'lines must be at least 1' })
    .max(ERLANG_MAX_AGENTS, { error: `lines must be at most ${ERLANG_MAX_AGENTS}` }),
});
export type ErlangBInput = z.infer<typeof ErlangBInput>;
export const ErlangBOutput = z.object({ blocking: z.number() });
export type ErlangBOutput = z.infer<typeof ErlangBOutput>;

export const ErlangCInput = z.object({ ...callLoad, agents: Agents, targetSeconds });
export type ErlangCInput = z.infer<typeof ErlangCInput>;
export const ErlangCOutput = z.object({
  trafficErlangs: z.number(),
  pWait: z.number(),
  serviceLevel: z.number(),
  asaSeconds: z.number(),
  occupancy: z.number(),
  queueLength: z.number(),
});
export type ErlangCOutput = z.infer<typeof ErlangCOutput>;

export const ErlangAInput = ErlangCInput.extend({ patienceSeconds });
export type ErlangAInput = z.infer<typeof ErlangAInput>;
export const ErlangAOutput = z.object({
  pWait: z.number(),
  pAbandon: z.number(),
  /** Answered within targetSeconds, over all offered calls (abandons are misses). */
  serviceLevel: z.number(),
  /** Mean wait of answered calls. */
  asaSeconds: z.number(),
  occupancy: z.number(),
  trafficErlangs: z.number(),
  queueLength: z.number(),
});
export type ErlangAOutput = z.infer<typeof ErlangAOutput>;

const targets = {
  targetSeconds,
  serviceLevel: fraction('serviceLevel').optional(),
  asaSeconds: z.number({ error: 'asaSeconds must be a number' }).min(0, { error: 'asaSeconds must be 0 or more' }).max(DAY_SECONDS).optional(),
  maxOccupancy: fraction('maxOccupancy').optional(),
  patienceSeconds: patienceSeconds.optional(),
};
const atLeastOneTarget = (v: { serviceLevel?: number; asaSeconds?: number; maxOccupancy?: number }) =>
  v.serviceLevel !== undefined || v.asaSeconds !== undefined || v.maxOccupancy !== undefined;
const oneTargetMessage = { error: 'give at least one target: serviceLevel, asaSeconds or maxOccupancy', path: ['serviceLevel'] };

export const ErlangStaffInput = z.object({
  ...callLoad,
  ...targets,
  shrinkage: z.number({ error: 'shrinkage must be a number' }).min(0, { error: 'shrinkage must be 0 or more' })
    .lt(1, { error: 'shrinkage must be below 1 (it is a fraction: 0.3 = 30 %)' }).optional(),
}).refine(atLeastOneTarget, oneTargetMessage);
export type ErlangStaffInput = z.infer<typeof ErlangStaffInput>;

export const ErlangCurvePoint = z.object({
  agents: z.number().int(),
  serviceLevel: z.number(),
  asaSeconds: z.number(),
  occupancy: z.number(),
  pAbandon: z.number().optional(),
});
export type ErlangCurvePoint = z.infer<typeof ErlangCurvePoint>;

export const ErlangStaffOutput = z.object({
  /** Smallest number of agents on the phones meeting every target. */
  agents: z.number().int(),
  /** Headcount to schedule: ⌈agents / (1 − shrinkage)⌉. */
  scheduled: z.number().int(),
  serviceLevel: z.number(),
  asaSeconds: z.number(),
  occupancy: z.number(),
  model: z.enum(['erlang-c', 'erlang-a']),
  trafficErlangs: z.number(),
  pWait: z.number(),
  pAbandon: z.number().nullable(),
  /** Measures around the answer (about ±8 agents), for a chart of service level against agents. */
  curve: z.array(ErlangCurvePoint),
});
export type ErlangStaffOutput = z.infer<typeof ErlangStaffOutput>;

export const ErlangCapacityInput = z.object({
  agents: Agents,
  ahtSeconds: callLoad.ahtSeconds,
  /** Period for expressing the answer as calls; 3600 (an hour) when omitted. */
  periodSeconds: callLoad.periodSeconds.optional(),
  ...targets,
}).refine(atLeastOneTarget, oneTargetMessage);
export type ErlangCapacityInput = z.infer<typeof ErlangCapacityInput>;
export const ErlangCapacityOutput = z.object({
  trafficErlangs: z.number(),
  /** Calls per periodSeconds at that traffic. */
  calls: z.number(),
  periodSeconds: z.number(),
});
export type ErlangCapacityOutput = z.infer<typeof ErlangCapacityOutput>;
