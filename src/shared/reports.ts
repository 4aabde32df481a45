import { z } from 'zod';
import { SLA_CLOCKS, SLA_TARGETS } from './sla';
import { IsoInstant, Uuid } from './common';

// Compliance reporting (issue 3, item 6): how often each service commitment
// was kept, per commitment, site, team, person or first responder, over the
// cases CREATED in a period of Asia/Shanghai days.

export const REPORT_GROUP_BY = ['commitment', 'site', 'team', 'person', 'first_responder'] as const;
export type ReportGroupBy = (typeof REPORT_GROUP_BY)[number];

/** % met at or above GOAL shows green, at or above WARN amber, below red. */
export const COMPLIANCE_GOAL = 95;
export const COMPLIANCE_WARN = 80;

/** The longest period one report covers (days). */
export const MAX_REPORT_DAYS = 366;

/** The group key of cases that have no owner / team: "none". */
export const NO_GROUP = 'none';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD' });

export const ComplianceQuery = z.object({
  /** First day of the period (Asia/Shanghai), inclusive. */
  from: Day,
  /** Last day of the period (Asia/Shanghai), inclusive. */
  to: Day,
  groupBy: z.enum(REPORT_GROUP_BY).default('commitment'),
  /** Only cases received at this site or below it. */
  siteId: Uuid.optional(),
  commitmentId: Uuid.optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});
export type ComplianceQuery = z.infer<typeof ComplianceQuery>;

export const TargetFigures = z.object({
  target: z.enum(SLA_TARGETS),
  /** The clock the times are measured on: business minutes or plain minutes (mixed when commitments differ). */
  clock: z.enum([...SLA_CLOCKS, 'mixed']),
  met: z.number().int(),
  breached: z.number().int(),
  /** Not decided yet: running, paused or not started. */
  running: z.number().int(),
  /** met ÷ (met + breached) × 100, one decimal; null when nothing is decided. */
  percentMet: z.number().nullable(),
  /** Minutes from the start of the clock to the moment the target was reached (met or late), over the targets that were reached. */
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});
export type TargetFigures = z.infer<typeof TargetFigures>;

export const CallbackFigures = z.object({
  /** Callback tasks of these cases that are closed: completed, unreachable or refused. */
  closed: z.number().int(),
  reached: z.number().int(),
  /** reached ÷ closed × 100. */
  reachRate: z.number().nullable(),
  resolvedYes: z.number().int(),
  /** resolved yes ÷ reached × 100. */
  resolvedRate: z.number().nullable(),
  meanSatisfaction: z.number().nullable(),
  /** Counts of satisfaction 1, 2, 3, 4, 5. */
  satisfaction: z.array(z.number().int()).length(5),
});
export type CallbackFigures = z.infer<typeof CallbackFigures>;

export const ComplianceGroup = z.object({
  /** The commitment, org unit or user id; "none" for cases without one. */
  key: z.string(),
  name: z.string(),
  cases: z.number().int(),
  breaches: z.number().int(),
  targets: z.array(TargetFigures),
  callbacks: CallbackFigures,
});
export type ComplianceGroup = z.infer<typeof ComplianceGroup>;

export const TrendPoint = z.object({
  /** First day of the bucket (Asia/Shanghai). */
  start: z.string(),
  target: z.enum(SLA_TARGETS),
  met: z.number().int(),
  breached: z.number().int(),
  percentMet: z.number().nullable(),
});

export const ComplianceReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The instants the period covers: [fromInstant, toInstant). */
  fromInstant: IsoInstant,
  toInstant: IsoInstant,
  timezone: z.literal('Asia/Shanghai'),
  /** Which cases count: those created in the period that a commitment covers. */
  basis: z.literal('cases_created'),
  groupBy: z.enum(REPORT_GROUP_BY),
  generatedAt: IsoInstant,
  goal: z.number(),
  total: ComplianceGroup,
  groups: z.array(ComplianceGroup),
  trend: z.object({ bucket: z.enum(['day', 'week']), points: z.array(TrendPoint) }),
});
export type ComplianceReport = z.infer<typeof ComplianceReport>;

export const BreachQuery = z.object({
  from: Day,
  to: Day,
  groupBy: z.enum(REPORT_GROUP_BY).default('commitment'),
  /** A group's key from the report ("none" for cases without one); absent: every group. */
  group: z.string().max(60).optional(),
  target: z.enum(SLA_TARGETS).optional(),
  siteId: Uuid.optional(),
  commitmentId: Uuid.optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BreachQuery = z.infer<typeof BreachQuery>;

export const BreachItem = z.object({
  caseId: Uuid,
  number: z.string(),
  subject: z.string(),
  status: z.string(),
  target: z.enum(SLA_TARGETS),
  /** Null for a missed update cycle (it has no single due instant). */
  dueAt: IsoInstant.nullable(),
  /** When the target was reached late; null while it is still overdue. */
  metAt: IsoInstant.nullable(),
  /** Wall-clock minutes past the due instant (until reached, or until now). */
  lateMinutes: z.number().nullable(),
  groupKey: z.string(),
  groupName: z.string(),
});
export type BreachItem = z.infer<typeof BreachItem>;
export const BreachPage = z.object({ items: z.array(BreachItem), nextCursor: z.string().nullable() });
