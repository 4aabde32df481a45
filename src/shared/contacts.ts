import { z } from 'zod';

// Contact-centre contracts (issue 4, items 1, 2, 7): queues, agent logins, contact records (CSV
// import, JSON ingest, CTI webhook), KPI reports and the wallboard. Shared by server and web.

/** Waiting-time thresholds (seconds) the rollup keeps counts for: the service-level target and the short-abandon threshold are chosen among them. */
export const SL_THRESHOLDS = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180] as const;
export type SlThreshold = (typeof SL_THRESHOLDS)[number];
export const INTERVAL_MINUTES = [15, 30, 60] as const;
export const FCR_DAYS = [1, 3, 7] as const;

/**
 * Service-level definitions in common use (the report names the one used):
 * - offered: answered within T / offered
 * - offered_minus_short: answered within T / (offered − short abandons)
 * - answered: answered within T / answered
 * - answered_plus_late_abandons: answered within T / (answered + abandoned after T)
 */
export const SL_VARIANTS = ['offered', 'offered_minus_short', 'answered', 'answered_plus_late_abandons'] as const;
export type SlVariant = (typeof SL_VARIANTS)[number];

export const AGENT_STATES = ['ready', 'not_ready', 'on_call', 'acw', 'logged_out'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Fields a CSV column can be mapped to. `queue` and `callId` and `offeredAt` are required. */
export const CSV_FIELDS = [
  'callId', 'queue', 'agent', 'offeredAt', 'answeredAt', 'abandonedAt', 'endedAt', 'talkSeconds', 'holdSeconds',
  'acwSeconds', 'disposition', 'callerNumber',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export const REQUIRED_CSV_FIELDS: readonly CsvField[] = ['callId', 'queue', 'offeredAt'];

/** Date formats a mapping may declare (luxon tokens); 'iso' accepts ISO 8601, 'epoch' seconds since 1970. */
export const DATE_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy/MM/dd HH:mm:ss', 'yyyy/M/d H:mm:ss', 'dd/MM/yyyy HH:mm:ss', 'MM/dd/yyyy HH:mm:ss', 'yyyyMMddHHmmss', 'iso', 'epoch'] as const;

export const CsvMapping = z.object({
  /** Field → the column header in the file. */
  columns: z.partialRecord(z.enum(CSV_FIELDS), z.string().min(1).max(200)),
  /** IANA zone of the times in the file (Asia/Shanghai for a Chinese switch). */
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
  dateFormat: z.enum(DATE_FORMATS).default('yyyy-MM-dd HH:mm:ss'),
  delimiter: z.string().min(1).max(1).default(','),
});
export type CsvMapping = z.infer<typeof CsvMapping>;

const uuid = z.string().uuid();
const iso = z.string().datetime({ offset: true });

// ---------------------------------------------------------------- queues and agents

export const QueueInput = z.object({
  orgUnitId: uuid,
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
});
export const QueueOutput = z.object({ id: uuid, orgUnitId: uuid, orgUnitName: z.string().optional(), code: z.string(), name: z.string(), active: z.boolean() });
export const QueueList = z.object({ items: z.array(QueueOutput) });

export const AgentInput = z.object({
  orgUnitId: uuid,
  loginId: z.string().trim().min(1).max(64),
  userId: uuid.nullable().optional(),
  name: z.string().trim().max(200).optional(),
});
export const AgentOutput = z.object({ id: uuid, orgUnitId: uuid, loginId: z.string(), userId: uuid.nullable(), name: z.string() });
export const AgentList = z.object({ items: z.array(AgentOutput) });

// ---------------------------------------------------------------- ingest

/** One call for POST /contacts/ingest (the same fields a CSV row maps to, already typed). */
export const ContactRecordInput = z.object({
  callId: z.string().trim().min(1).max(128),
  queue: z.string().trim().min(1).max(64),
  agent: z.string().trim().max(64).nullish(),
  offeredAt: iso,
  answeredAt: iso.nullish(),
  abandonedAt: iso.nullish(),
  endedAt: iso.nullish(),
  talkSeconds: z.number().int().min(0).max(86_400).nullish(),
  holdSeconds: z.number().int().min(0).max(86_400).nullish(),
  acwSeconds: z.number().int().min(0).max(86_400).nullish(),
  disposition: z.string().max(200).nullish(),
  callerNumber: z.string().max(40).nullish(),
});
export type ContactRecordInput = z.infer<typeof ContactRecordInput>;

export const IngestInput = z.object({
  /** The natural key's first half: re-sending a call id from the same source changes nothing. */
  source: z.string().trim().min(1).max(64),
  /** The unit whose queues and agents the codes refer to (default: the caller's own). */
  orgUnitId: uuid.optional(),
  records: z.array(ContactRecordInput).min(1).max(5000),
});
export const RowError = z.object({ line: z.number().int(), reason: z.string(), message: z.string(), raw: z.string().nullable().optional() });
export const IngestOutput = z.object({ inserted: z.number().int(), duplicates: z.number().int(), rejected: z.array(RowError) });

// ---------------------------------------------------------------- CSV import

export const SourceInput = z.object({
  orgUnitId: uuid,
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  mapping: CsvMapping,
});
export const SourceOutput = z.object({ id: uuid, orgUnitId: uuid, code: z.string(), name: z.string(), mapping: CsvMapping, updatedAt: z.string() });
export const SourceList = z.object({ items: z.array(SourceOutput) });

export const PreviewOutput = z.object({ headers: z.array(z.string()), rows: z.array(z.array(z.string())), delimiter: z.string() });

export const IMPORT_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed'] as const;
export const ImportJobOutput = z.object({
  id: uuid, sourceId: uuid, fileName: z.string(), fileBytes: z.number(), status: z.enum(IMPORT_STATUSES),
  linesDone: z.number().int(), bytesDone: z.number(), goodCount: z.number().int(), badCount: z.number().int(),
  duplicateCount: z.number().int(), error: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), finishedAt: z.string().nullable(),
});
export const ImportJobList = z.object({ items: z.array(ImportJobOutput) });
export const ImportErrorsOutput = z.object({ items: z.array(RowError), total: z.number().int() });

// ---------------------------------------------------------------- CTI webhook

export const CtiEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queued'), callId: z.string().min(1).max(128), queue: z.string().min(1).max(64), callerNumber: z.string().max(40).nullish(), at: iso }),
  z.object({ type: z.literal('ringing'), callId: z.string().min(1).max(128), queue: z.string().min(1).max(64), agent: z.string().min(1).max(64), callerNumber: z.string().max(40).nullish(), at: iso }),
  z.object({ type: z.literal('answered'), callId: z.string().min(1).max(128), queue: z.string().min(1).max(64).optional(), agent: z.string().min(1).max(64), callerNumber: z.string().max(40).nullish(), at: iso }),
  z.object({ type: z.literal('abandoned'), callId: z.string().min(1).max(128), at: iso }),
  z.object({
    type: z.literal('ended'), callId: z.string().min(1).max(128), at: iso,
    holdSeconds: z.number().int().min(0).max(86_400).optional(), acwSeconds: z.number().int().min(0).max(86_400).optional(), disposition: z.string().max(200).optional(),
  }),
  z.object({ type: z.literal('agent_state'), agent: z.string().min(1).max(64), state: z.enum(AGENT_STATES), reason: z.string().max(200).nullish(), at: iso }),
]);
export type CtiEvent = z.infer<typeof CtiEvent>;
export const CtiInput = z.object({
  /** The unit whose queue codes and agent logins the events use (default: the integration user's own). */
  orgUnitId: uuid.optional(),
  source: z.string().trim().min(1).max(64).default('cti'),
  events: z.array(CtiEvent).min(1).max(1000),
});
export const CtiOutput = z.object({ accepted: z.number().int(), screenPops: z.number().int() });

/** What the agent's browser receives on topic `contact.screen_pop`. */
export const ScreenPop = z.object({
  callId: z.string(),
  event: z.enum(['ringing', 'answered']),
  callerNumber: z.string().nullable(),
  queueName: z.string().nullable(),
  at: z.string(),
  customers: z.array(z.object({
    id: uuid, name: z.string(), phones: z.array(z.string()), valueTier: z.string(), lifecycle: z.string(), orgUnitName: z.string().optional(),
  })),
});
export type ScreenPop = z.infer<typeof ScreenPop>;
export const SCREEN_POP_TOPIC = 'contact.screen_pop';
export const WALLBOARD_TOPIC = 'contact.wallboard';

// ---------------------------------------------------------------- KPIs

const oneOf = (values: readonly number[], what: string) =>
  z.coerce.number().int().refine((v) => values.includes(v), { message: `${what} must be one of ${values.join(', ')}` });

export const KpiDefinition = z.object({
  slVariant: z.enum(SL_VARIANTS).default('offered'),
  slThresholdSeconds: oneOf(SL_THRESHOLDS, 'slThresholdSeconds').default(20),
  /** Abandons within this many seconds are short (0: none are). */
  shortAbandonSeconds: oneOf([0, ...SL_THRESHOLDS], 'shortAbandonSeconds').default(5),
  fcrDays: oneOf(FCR_DAYS, 'fcrDays').default(7),
});
export type KpiDefinition = { slVariant: SlVariant; slThresholdSeconds: SlThreshold; shortAbandonSeconds: 0 | SlThreshold; fcrDays: (typeof FCR_DAYS)[number] };

export const KpiQuery = KpiDefinition.extend({
  from: iso,
  to: iso,
  groupBy: z.enum(['interval', 'queue', 'team', 'agent']).default('interval'),
  intervalMinutes: oneOf(INTERVAL_MINUTES, 'intervalMinutes').default(30),
  queueId: uuid.optional(),
  orgUnitId: uuid.optional(),
  agentId: uuid.optional(),
});

export const KpiRow = z.object({
  key: z.string(),
  label: z.string(),
  offered: z.number().int(),
  answered: z.number().int(),
  abandoned: z.number().int(),
  shortAbandoned: z.number().int(),
  answeredWithinTarget: z.number().int(),
  serviceLevel: z.number().nullable(),
  abandonRate: z.number().nullable(),
  asaSeconds: z.number().nullable(),
  ahtSeconds: z.number().nullable(),
  occupancy: z.number().nullable(),
  fcr: z.number().nullable(),
});
export type KpiRow = z.infer<typeof KpiRow>;
export const KpiReport = z.object({
  definition: z.object({
    slVariant: z.enum(SL_VARIANTS), slThresholdSeconds: z.number(), shortAbandonSeconds: z.number(), fcrDays: z.number(),
    /** The definition in words, in the caller's language: printed on every report. */
    text: z.string(),
  }),
  groupBy: z.enum(['interval', 'queue', 'team', 'agent']),
  intervalMinutes: z.number(),
  rows: z.array(KpiRow),
  total: KpiRow,
});
export type KpiReport = z.infer<typeof KpiReport>;

// ---------------------------------------------------------------- wallboard

export const WallboardQueue = z.object({
  queueId: uuid,
  code: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  longestWaitSeconds: z.number().int().nullable(),
  /** Agents by their current state (agents who handled this queue's calls today or are in its unit). */
  agents: z.record(z.string(), z.number().int()),
  today: KpiRow,
});
export const WallboardOutput = z.object({
  at: z.string(),
  definitionText: z.string(),
  queues: z.array(WallboardQueue),
});
export type WallboardOutput = z.infer<typeof WallboardOutput>;
