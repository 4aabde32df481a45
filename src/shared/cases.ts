import { z } from 'zod';
import { IsoInstant, PageQuery, Uuid, pageOf } from './common';
import { Phone } from './customers';

export const CASE_TYPES = ['inquiry', 'complaint', 'fault', 'request', 'suggestion', 'praise'] as const;
export const CHANNELS = ['counter', 'hotline', 'web', 'wechat', 'weibo', 'email', 'sms', 'letter', 'regulator'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CASE_STATUSES = ['new', 'accepted', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'cancelled'] as const;
/** 0 agent → 1 supervisor → 2 manager → 3 complaints office. */
export const ESCALATION_LEVELS = [0, 1, 2, 3] as const;
export const RESOLUTION_CODES = ['solved', 'explained', 'workaround', 'compensated', 'not_reproducible', 'customer_withdrew', 'duplicate', 'other'] as const;
export const REMEDIATION_KINDS = ['apology', 'credit', 'gift', 'goodwill'] as const;
export const WORK_ORDER_STEPS = ['accepted', 'on_site', 'done'] as const;
export const WORK_ORDER_STATUSES = ['dispatched', 'accepted', 'on_site', 'done', 'cancelled'] as const;

export type CaseType = (typeof CASE_TYPES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Number prefix per type: 投诉 TS, 咨询 ZX, 故障 GZ, 业务 YW, 建议 JY, 表扬 BY. */
export const CASE_NUMBER_PREFIX: Record<CaseType, string> = {
  complaint: 'TS', inquiry: 'ZX', fault: 'GZ', request: 'YW', suggestion: 'JY', praise: 'BY',
};

export const CaseCreateInput = z
  .object({
    type: z.enum(CASE_TYPES),
    channel: z.enum(CHANNELS),
    subject: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).default(''),
    categoryId: Uuid.optional(),
    priority: z.enum(PRIORITIES).default('normal'),
    customerId: Uuid.optional(),
    /** Create the customer inline (counter, phone). */
    customer: z.object({ name: z.string().trim().min(1).max(100), phone: Phone }).optional(),
    /** The site receiving the case; the creator's unit by default. */
    siteId: Uuid.optional(),
    externalRef: z.string().trim().max(100).optional(),
  })
  .refine((v) => Boolean(v.customerId) !== Boolean(v.customer), { message: 'customerId_or_customer', path: ['customerId'] });
export type CaseCreate = z.infer<typeof CaseCreateInput>;

export const CaseUpdateInput = z.object({
  version: z.number().int().positive(),
  subject: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  categoryId: Uuid.nullable().optional(),
  priority: z.enum(PRIORITIES).optional(),
  type: z.enum(CASE_TYPES).optional(),
  /** Move along the lifecycle: accepted, in_progress, waiting_customer (resolve/confirm/reopen/cancel have their own actions). */
  status: z.enum(['accepted', 'in_progress', 'waiting_customer']).optional(),
  externalRef: z.string().trim().max(100).nullable().optional(),
});

export const UserRef = z.object({ id: Uuid, name: z.string() });
export const GroupRef = z.object({ id: Uuid, name: z.string() });

export const CaseOutput = z.object({
  id: Uuid,
  number: z.string(),
  type: z.enum(CASE_TYPES),
  channel: z.enum(CHANNELS),
  status: z.enum(CASE_STATUSES),
  priority: z.enum(PRIORITIES),
  subject: z.string(),
  description: z.string(),
  categoryId: Uuid.nullable(),
  categoryPath: z.array(z.string()).optional(),
  customerId: Uuid,
  customerName: z.string().optional(),
  siteId: Uuid,
  siteName: z.string().optional(),
  firstResponderId: Uuid,
  firstResponder: UserRef.optional(),
  ownerId: Uuid.nullable(),
  owner: UserRef.nullable().optional(),
  groupId: Uuid.nullable(),
  group: GroupRef.nullable().optional(),
  escalationLevel: z.number().int(),
  isRepeat: z.boolean(),
  repeatOfId: Uuid.nullable(),
  mergedIntoId: Uuid.nullable(),
  externalRef: z.string().nullable(),
  resolutionCode: z.string().nullable(),
  resolutionSummary: z.string().nullable(),
  resolvedAt: IsoInstant.nullable(),
  confirmedAt: IsoInstant.nullable(),
  confirmation: z.enum(['satisfied', 'unsatisfied']).nullable(),
  closedAt: IsoInstant.nullable(),
  reopenCount: z.number().int(),
  transferCount: z.number().int(),
  version: z.number().int(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Case = z.infer<typeof CaseOutput>;

export const CaseListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  status: z.union([z.enum(CASE_STATUSES), z.array(z.enum(CASE_STATUSES))]).optional(),
  type: z.enum(CASE_TYPES).optional(),
  channel: z.enum(CHANNELS).optional(),
  priority: z.enum(PRIORITIES).optional(),
  categoryId: Uuid.optional(),
  siteId: Uuid.optional(),
  ownerId: Uuid.optional(),
  groupId: Uuid.optional(),
  firstResponderId: Uuid.optional(),
  customerId: Uuid.optional(),
  /** 'me' = owned by me; 'team' = my team's group queue. */
  queue: z.enum(['me', 'team', 'first_responder']).optional(),
  createdFrom: IsoInstant.optional(),
  createdTo: IsoInstant.optional(),
  isRepeat: z.enum(['true', 'false']).optional(),
});
export const CasePage = pageOf(CaseOutput);

export const TransferInput = z
  .object({ toUserId: Uuid.optional(), toGroupId: Uuid.optional(), reason: z.string().trim().min(2).max(500) })
  .refine((v) => v.toUserId || v.toGroupId, { message: 'toUserId_or_toGroupId', path: ['toUserId'] });

export const DispatchInput = z.object({
  groupId: Uuid,
  assigneeId: Uuid.optional(),
  instructions: z.string().trim().max(2000).default(''),
});
export const WorkOrderStepInput = z.object({ step: z.enum([...WORK_ORDER_STEPS, 'note']), note: z.string().trim().max(2000).default('') });
export const WorkOrderOutput = z.object({
  id: Uuid, number: z.string(), caseId: Uuid, caseNumber: z.string().optional(), groupId: Uuid, groupName: z.string().optional(),
  assigneeId: Uuid.nullable(), status: z.enum(WORK_ORDER_STATUSES), instructions: z.string(),
  steps: z.array(z.object({ step: z.string(), note: z.string(), actorId: Uuid, actorName: z.string().optional(), at: IsoInstant })),
  createdAt: IsoInstant, completedAt: IsoInstant.nullable(), version: z.number().int(),
});

export const EscalateInput = z.object({ level: z.number().int().min(1).max(3), reason: z.string().trim().min(2).max(500) });
export const ResolveInput = z.object({ summary: z.string().trim().min(2).max(5000), resolutionCode: z.enum(RESOLUTION_CODES) });
export const ConfirmInput = z.object({ satisfied: z.boolean().default(true), comment: z.string().trim().max(2000).optional() });
export const ReopenInput = z.object({ reason: z.string().trim().min(2).max(500) });
export const CancelInput = z.object({ reason: z.string().trim().min(2).max(500) });
export const MergeInput = z.object({ intoCaseId: Uuid, reason: z.string().trim().max(500).optional() });
export const LinkInput = z.object({ caseId: Uuid });
export const CommentInput = z.object({ body: z.string().trim().min(1).max(10_000), public: z.boolean().default(false) });
export const CommentOutput = z.object({ id: Uuid, caseId: Uuid, authorId: Uuid, authorName: z.string().optional(), body: z.string(), public: z.boolean(), createdAt: IsoInstant });

export const RemediationInput = z.object({
  kind: z.enum(REMEDIATION_KINDS),
  /** In fen (分): 5000 = ¥50.00. */
  amountCents: z.number().int().min(0).max(100_000_000).default(0),
  note: z.string().trim().max(1000).default(''),
});
export const RemediationDecisionInput = z.object({ approve: z.boolean(), note: z.string().trim().max(1000).optional() });
export const RemediationOutput = z.object({
  id: Uuid, caseId: Uuid, kind: z.enum(REMEDIATION_KINDS), amountCents: z.number().int(), note: z.string(),
  status: z.enum(['approved', 'pending', 'rejected']), requestedBy: Uuid, decidedBy: Uuid.nullable(), decidedAt: IsoInstant.nullable(), createdAt: IsoInstant,
});

export const AttachmentOutput = z.object({ id: Uuid, caseId: Uuid, filename: z.string(), contentType: z.string(), size: z.number().int(), uploadedBy: Uuid, createdAt: IsoInstant });

/** Timeline kinds: created, updated, status_changed, transferred, dispatched, work_order_step, escalated, remediation_requested,
 *  remediation_decided, commented, attachment_added, resolved, confirmed, reopened, cancelled, merged, merged_from, linked, repeat_flagged. */
export const TimelineEvent = z.object({
  id: z.number().int(),
  kind: z.string(),
  at: IsoInstant,
  actorId: Uuid.nullable(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export const TimelineOutput = z.object({ items: z.array(TimelineEvent) });

export const CategoryInput = z.object({
  parentId: Uuid.nullable().optional(),
  code: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
  nameZhCn: z.string().trim().min(1).max(100),
  nameZhTw: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  sort: z.number().int().default(0),
  active: z.boolean().default(true),
});
export const CategoryOutput = CategoryInput.extend({ id: Uuid, parentId: Uuid.nullable(), version: z.number().int() });
