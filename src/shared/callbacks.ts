import { z } from 'zod';
import { CASE_TYPES } from './cases';
import { IsoInstant, PageQuery, Uuid, pageOf } from './common';

// Callbacks (回访): rules that create a task when a case is resolved, the
// agents' queue, attempts and their outcomes.

export const CALLBACK_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'refused'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** pending: still to call; completed: reached and recorded; unreachable: out of attempts; refused: the customer declined; cancelled. */
export const CALLBACK_STATUSES = ['pending', 'completed', 'unreachable', 'refused', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const DUE_UNITS = ['minutes', 'business_minutes'] as const;

export const CallbackRuleInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** Case types the rule covers; empty: every type. */
  caseTypes: z.array(z.enum(CASE_TYPES)).max(CASE_TYPES.length).default([]),
  /** A category: the rule covers it and every category below it; null: any category. */
  categoryId: Uuid.nullable().default(null),
  /** Percentage of the covered cases that get a callback (100 = every case); the draw is seeded by the case id. */
  samplePercent: z.number().int().min(0).max(100),
  /** The task is due this long after resolution (or by the covering commitment's callback target, when that is earlier)… */
  dueMinutes: z.number().int().min(1).max(60 * 24 * 60),
  /** …counted in plain minutes, or in business minutes of `calendarId`. */
  dueUnit: z.enum(DUE_UNITS).default('minutes'),
  calendarId: Uuid.nullable().default(null),
  /** Unanswered attempts (no answer, wrong number) after which the task closes as unreachable. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Minutes before a task whose attempt went unanswered is offered again. */
  retryAfterMinutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
  active: z.boolean().default(true),
}).refine((r) => r.dueUnit === 'minutes' || r.calendarId !== null, { message: 'business minutes need a calendar', path: ['calendarId'] });
export type CallbackRuleInput = z.infer<typeof CallbackRuleInput>;

export const CallbackRuleUpdate = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(100).optional(),
  caseTypes: z.array(z.enum(CASE_TYPES)).max(CASE_TYPES.length).optional(),
  categoryId: Uuid.nullable().optional(),
  samplePercent: z.number().int().min(0).max(100).optional(),
  dueMinutes: z.number().int().min(1).max(60 * 24 * 60).optional(),
  dueUnit: z.enum(DUE_UNITS).optional(),
  calendarId: Uuid.nullable().optional(),
  maxAttempts: z.number().int().min(1).max(10).optional(),
  retryAfterMinutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
  active: z.boolean().optional(),
});

export const CallbackRuleOutput = z.object({
  id: Uuid,
  name: z.string(),
  caseTypes: z.array(z.enum(CASE_TYPES)),
  categoryId: Uuid.nullable(),
  categoryName: z.string().nullable(),
  samplePercent: z.number().int(),
  dueMinutes: z.number().int(),
  dueUnit: z.enum(DUE_UNITS),
  calendarId: Uuid.nullable(),
  maxAttempts: z.number().int(),
  retryAfterMinutes: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type CallbackRule = z.infer<typeof CallbackRuleOutput>;
export const CallbackRuleList = z.object({ items: z.array(CallbackRuleOutput) });

export const CallbackAttemptOutput = z.object({
  id: Uuid,
  agentId: Uuid,
  agentName: z.string().nullable(),
  outcome: z.enum(CALLBACK_OUTCOMES),
  note: z.string().nullable(),
  at: IsoInstant,
});

export const CallbackTaskOutput = z.object({
  id: Uuid,
  caseId: Uuid,
  caseNumber: z.string(),
  caseType: z.enum(CASE_TYPES),
  caseSubject: z.string(),
  siteId: Uuid,
  siteName: z.string().nullable(),
  ruleId: Uuid.nullable(),
  ruleName: z.string().nullable(),
  status: z.enum(CALLBACK_STATUSES),
  dueAt: IsoInstant,
  overdue: z.boolean(),
  /** When it may be called again after an unanswered attempt; null: now. */
  nextAttemptAt: IsoInstant.nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  claimedBy: Uuid.nullable(),
  claimedByName: z.string().nullable(),
  resolved: z.boolean().nullable(),
  satisfaction: z.number().int().nullable(),
  comment: z.string().nullable(),
  completedAt: IsoInstant.nullable(),
  createdAt: IsoInstant,
  version: z.number().int(),
});
export type CallbackTask = z.infer<typeof CallbackTaskOutput>;

/** The call screen: the task, its attempts, the case in short and the customer with masked phone numbers. */
export const CallbackDetailOutput = CallbackTaskOutput.extend({
  attemptsLog: z.array(CallbackAttemptOutput),
  case: z.object({
    id: Uuid, number: z.string(), subject: z.string(), description: z.string(), status: z.string(),
    resolutionSummary: z.string().nullable(), resolvedAt: IsoInstant.nullable(), ownerName: z.string().nullable(), firstResponderName: z.string().nullable(),
  }).nullable(),
  customer: z.object({ id: Uuid, name: z.string(), phones: z.array(z.string()) }).nullable(),
});
export type CallbackDetail = z.infer<typeof CallbackDetailOutput>;

export const CallbackListQuery = PageQuery.extend({
  /** open: pending tasks (the queue); done: finished ones. */
  state: z.enum(['open', 'done']).default('open'),
  /** Only tasks claimed by me. */
  mine: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  caseId: Uuid.optional(),
});
export const CallbackPage = pageOf(CallbackTaskOutput);
export type CallbackPage = z.infer<typeof CallbackPage>;

export const CallbackSummary = z.object({ open: z.number().int(), overdue: z.number().int(), dueToday: z.number().int(), mine: z.number().int() });

export const CallbackAttemptInput = z.object({
  version: z.number().int().positive(),
  outcome: z.enum(CALLBACK_OUTCOMES),
  /** When reached: is the problem really solved? false reopens the case. */
  resolved: z.boolean().optional(),
  /** When reached: 1 (very dissatisfied) – 5 (very satisfied). */
  satisfaction: z.number().int().min(1).max(5).optional(),
  comment: z.string().trim().max(1000).optional(),
}).superRefine((v, ctx) => {
  if (v.outcome === 'reached') {
    if (v.resolved === undefined) ctx.addIssue({ code: 'custom', path: ['resolved'], message: 'required when the customer was reached' });
    if (v.satisfaction === undefined) ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'required when the customer was reached' });
  } else {
    if (v.resolved !== undefined) ctx.addIssue({ code: 'custom', path: ['resolved'], message: 'only when the customer was reached' });
    if (v.satisfaction !== undefined) ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: 'only when the customer was reached' });
  }
});
export type CallbackAttemptInput = z.infer<typeof CallbackAttemptInput>;

export const VersionBody = z.object({ version: z.number().int().positive() });

/** Live topic: the callback queue changed (payload {taskId}); queues refetch. */
export const CALLBACK_TOPIC = 'callback.queue';
