import { z } from 'zod';
import { CASE_TYPES, CHANNELS, PRIORITIES } from './cases';
import { IsoInstant, Uuid } from './common';

// Service commitments (服务承诺) as SLA policies, and the clocks each case
// carries against the one that applies to it (issue 3, items 2–4). Shapes are
// checked here; meaning (at least one target, a calendar for business-minute
// targets, the calendar exists) is checked by the sla module.

export const SLA_TARGETS = ['acknowledgement', 'firstResponse', 'nextUpdate', 'resolution', 'callback'] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];

/** `business`: minutes of working time on a calendar; `calendar`: plain wall-clock minutes. */
export const SLA_CLOCKS = ['business', 'calendar'] as const;
export type SlaClockKind = (typeof SLA_CLOCKS)[number];

/** Statuses a commitment may pause its clocks in (waiting on the customer by default). */
export const PAUSABLE_STATUSES = ['new', 'accepted', 'in_progress', 'waiting_customer'] as const;
export const VALUE_TIERS = ['key', 'ordinary'] as const;
export const AREAS = ['urban', 'rural'] as const;

/** At most ten years of minutes: more is a typo, not a promise. */
const MAX_MINUTES = 10 * 366 * 24 * 60;

export const SlaTargetSpec = z.strictObject({
  minutes: z.number().int().positive().max(MAX_MINUTES),
  clock: z.enum(SLA_CLOCKS).default('business'),
});
export type SlaTargetSpec = z.infer<typeof SlaTargetSpec>;

export const SlaTargets = z.strictObject({
  acknowledgement: SlaTargetSpec.optional(),
  firstResponse: SlaTargetSpec.optional(),
  /** Repeating: after each customer update the next one is due within this many minutes. */
  nextUpdate: SlaTargetSpec.optional(),
  resolution: SlaTargetSpec.optional(),
  /** From the resolution to the callback (回访). */
  callback: SlaTargetSpec.optional(),
});
export type SlaTargets = z.infer<typeof SlaTargets>;

export const LocalizedText = z.strictObject({
  'zh-CN': z.string().trim().min(1).max(2000),
  'zh-TW': z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/** Which cases a commitment covers. An empty or absent condition means "any". */
export const CommitmentConditions = z.strictObject({
  caseTypes: z.array(z.enum(CASE_TYPES)).max(CASE_TYPES.length).default([]),
  /** The category and everything under it. */
  categoryId: Uuid.nullable().default(null),
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
  priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).default([]),
  valueTiers: z.array(z.enum(VALUE_TIERS)).max(VALUE_TIERS.length).default([]),
  /** The site (org unit) and everything under it. */
  siteId: Uuid.nullable().default(null),
  /** Urban or rural sites (org unit flag `rural`). */
  area: z.enum(AREAS).nullable().default(null),
});
export type CommitmentConditions = z.infer<typeof CommitmentConditions>;

const CommitmentFields = {
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_.-]+$/, { message: 'code: letters, digits, . _ -' }),
  title: LocalizedText,
  /** The published promise, as customers read it. */
  text: LocalizedText,
  active: z.boolean().default(true),
  conditions: CommitmentConditions.default({ caseTypes: [], categoryId: null, channels: [], priorities: [], valueTiers: [], siteId: null, area: null }),
  targets: SlaTargets,
  /** The calendar business-minute targets run on (the site's own calendar wins when `useSiteCalendar`). */
  calendarId: Uuid.nullable().default(null),
  useSiteCalendar: z.boolean().default(true),
  pauseStatuses: z.array(z.enum(PAUSABLE_STATUSES)).max(PAUSABLE_STATUSES.length).default(['waiting_customer']),
  /** Warn owners when this share of a target has elapsed. */
  warnAtPercent: z.number().int().min(1).max(99).default(80),
  /** Raise the case's escalation level by one on a breach. */
  escalateOnBreach: z.boolean().default(false),
  /** Last tie-break of the specificity rule: the higher rank wins. */
  rank: z.number().int().min(-1000).max(1000).default(0),
};

export const CommitmentInput = z.object(CommitmentFields);
export const CommitmentUpdateInput = z.object({ ...CommitmentFields, version: z.number().int().positive() });

export const Commitment = z.object({
  id: Uuid,
  code: z.string(),
  title: LocalizedText,
  text: LocalizedText,
  active: z.boolean(),
  conditions: CommitmentConditions,
  targets: SlaTargets,
  calendarId: Uuid.nullable(),
  calendarName: z.string().nullable(),
  useSiteCalendar: z.boolean(),
  pauseStatuses: z.array(z.string()),
  warnAtPercent: z.number().int(),
  escalateOnBreach: z.boolean(),
  rank: z.number().int(),
  version: z.number().int(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Commitment = z.infer<typeof Commitment>;
export const CommitmentList = z.object({ items: z.array(Commitment) });

/** What anyone may read without logging in: the promise, not its machinery. */
export const PublicCommitment = z.object({
  code: z.string(),
  title: LocalizedText,
  text: LocalizedText,
  caseTypes: z.array(z.string()),
  area: z.enum(AREAS).nullable(),
  targets: SlaTargets,
});
export const PublicCommitmentList = z.object({ items: z.array(PublicCommitment) });

export const SLA_STATES = ['running', 'at_risk', 'paused', 'met', 'breached', 'not_started', 'cancelled'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const SlaTargetClock = z.object({
  target: z.enum(SLA_TARGETS),
  minutes: z.number(),
  clock: z.enum(SLA_CLOCKS),
  /** Set when a regulator's deadline replaces the resolution target. */
  regulatorDeadline: z.boolean(),
  state: z.enum(SLA_STATES),
  startedAt: IsoInstant.nullable(),
  dueAt: IsoInstant.nullable(),
  warnAt: IsoInstant.nullable(),
  metAt: IsoInstant.nullable(),
  /** Minutes counted so far (business minutes on a business clock). */
  elapsedMinutes: z.number(),
  /** Minutes left (negative when overdue); null when not started. */
  leftMinutes: z.number().nullable(),
  /** Repeating targets: the current cycle (1 = after the first response). */
  cycle: z.number().int(),
  /** Repeating targets: earlier cycles that were late. */
  missedCycles: z.number().int(),
});
export type SlaTargetClock = z.infer<typeof SlaTargetClock>;

export const MatchReason = z.object({
  /** How many conditions the commitment sets (all of them hold). */
  score: z.number().int(),
  matched: z.array(z.object({ condition: z.string(), value: z.string() })),
  categoryDepth: z.number().int(),
  siteDepth: z.number().int(),
  rank: z.number().int(),
  /** Other active commitments that also matched but were less specific. */
  alsoMatched: z.array(z.string()),
});
export type MatchReason = z.infer<typeof MatchReason>;

export const CaseSla = z.object({
  caseId: Uuid,
  commitment: z.object({ id: Uuid, code: z.string(), title: z.string(), text: z.string(), version: z.number().int() }).nullable(),
  reason: MatchReason.nullable(),
  regulatorDeadline: IsoInstant.nullable(),
  calendar: z.object({ id: Uuid, name: z.string(), timezone: z.string() }).nullable(),
  paused: z.boolean(),
  targets: z.array(SlaTargetClock),
  nextEscalationAt: IsoInstant.nullable(),
  computedAt: IsoInstant,
});
export type CaseSla = z.infer<typeof CaseSla>;

export const RegulatorDeadlineInput = z.object({ deadline: IsoInstant.nullable() });

export const SlaAlert = z.object({
  id: z.number().int(),
  caseId: Uuid,
  target: z.enum(SLA_TARGETS),
  kind: z.enum(['warning', 'breach']),
  cycle: z.number().int(),
  dueAt: IsoInstant.nullable(),
  firedAt: IsoInstant,
  recipientIds: z.array(Uuid),
});
export const SlaAlertList = z.object({ items: z.array(SlaAlert) });

/**
 * A duration for display: business minutes as hours and minutes (a "day" of
 * business time depends on the calendar), plain minutes as days, hours, minutes.
 */
export function splitMinutes(minutes: number, clock: SlaClockKind): { d: number; h: number; m: number } {
  const total = Math.max(0, Math.round(Math.abs(minutes)));
  if (clock === 'business') return { d: 0, h: Math.floor(total / 60), m: total % 60 };
  return { d: Math.floor(total / 1440), h: Math.floor((total % 1440) / 60), m: total % 60 };
}

/** One case on the supervisor's watch list: its most urgent clock. */
export const SlaWatchItem = z.object({
  caseId: Uuid,
  number: z.string(),
  subject: z.string(),
  status: z.string(),
  priority: z.string(),
  ownerName: z.string().nullable(),
  siteName: z.string(),
  commitmentCode: z.string().nullable(),
  target: z.enum(SLA_TARGETS),
  state: z.enum(SLA_STATES),
  dueAt: IsoInstant.nullable(),
  leftMinutes: z.number().nullable(),
  clock: z.enum(SLA_CLOCKS),
});
export type SlaWatchItem = z.infer<typeof SlaWatchItem>;
export const SlaWatchList = z.object({ items: z.array(SlaWatchItem) });
export const SlaWatchQuery = z.object({
  withinHours: z.coerce.number().int().min(1).max(24 * 14).default(24),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
