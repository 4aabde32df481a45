import { DateTime } from 'luxon';
import type { ContactRecordInput, CsvField, CsvMapping } from '../../../shared/contacts';
import { REQUIRED_CSV_FIELDS } from '../../../shared/contacts';

// Turning one CSV row (or one ingested JSON record) into a typed contact, pure: the mapping says
// which column holds which field, in which time zone and date format. A row that cannot be used
// comes back as a reason key (translated at display: contacts.row.<reason> in platform/i18n.ts)
// with its parameters, so the import keeps the good rows and reports the bad ones by line.

export interface ParsedContact {
  callId: string;
  queue: string;
  agent: string | null;
  offeredAt: Date;
  answeredAt: Date | null;
  abandonedAt: Date | null;
  waitSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  acwSeconds: number;
  disposition: string | null;
  callerNumber: string | null;
}

export interface RowProblem { reason: string; params: Record<string, string | number> }
export type RowResult = { ok: true; contact: ParsedContact } | { ok: false; problem: RowProblem };

const bad = (reason: string, params: Record<string, string | number> = {}): RowResult => ({ ok: false, problem: { reason, params } });

/** The mapping's problems before any row is read: missing required fields, an unknown time zone. */
export function mappingProblems(mapping: CsvMapping, headers?: readonly string[]): RowProblem[] {
  const out: RowProblem[] = [];
  for (const f of REQUIRED_CSV_FIELDS) if (!mapping.columns[f]) out.push({ reason: 'field_not_mapped', params: { field: f } });
  if (!mapping.columns.answeredAt && !mapping.columns.abandonedAt && !mapping.columns.endedAt) out.push({ reason: 'field_not_mapped', params: { field: 'answeredAt' } });
  if (!DateTime.now().setZone(mapping.timeZone).isValid) out.push({ reason: 'bad_time_zone', params: { zone: mapping.timeZone } });
  if (headers) {
    for (const [field, column] of Object.entries(mapping.columns)) {
      if (column && !headers.includes(column)) out.push({ reason: 'column_missing', params: { field, column } });
    }
  }
  return out;
}

/** A time cell in the mapping's format and zone; null when empty, undefined when unreadable. */
export function parseTime(value: string, mapping: Pick<CsvMapping, 'dateFormat' | 'timeZone'>): Date | null | undefined {
  const v = value.trim();
  if (!v) return null;
  let dt: DateTime;
  if (mapping.dateFormat === 'iso') dt = DateTime.fromISO(v, { zone: mapping.timeZone });
  else if (mapping.dateFormat === 'epoch') dt = /^\d+(\.\d+)?$/.test(v) ? DateTime.fromSeconds(Number(v), { zone: 'utc' }) : DateTime.invalid('not a number');
  else dt = DateTime.fromFormat(v, mapping.dateFormat, { zone: mapping.timeZone });
  return dt.isValid ? dt.toJSDate() : undefined;
}

/** Seconds as a whole number: "95", "95.0", or "mm:ss" / "hh:mm:ss" as switches print them. */
export function parseSeconds(value: string): number | null | undefined {
  const v = value.trim();
  if (!v) return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v));
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(v);
  if (m) return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  return undefined;
}

const MAX_SECONDS = 86_400;

/** Build a contact from cell values by field (already picked out of the row by the mapping), checking it makes sense. */
export function buildContact(cells: Partial<Record<CsvField, string>>, mapping: Pick<CsvMapping, 'dateFormat' | 'timeZone'>): RowResult {
  for (const f of REQUIRED_CSV_FIELDS) if (!cells[f]?.trim()) return bad('missing_value', { field: f });
  const times: Partial<Record<'offeredAt' | 'answeredAt' | 'abandonedAt' | 'endedAt', Date | null>> = {};
  for (const f of ['offeredAt', 'answeredAt', 'abandonedAt', 'endedAt'] as const) {
    const t = parseTime(cells[f] ?? '', mapping);
    if (t === undefined) return bad('bad_time', { field: f, value: (cells[f] ?? '').slice(0, 40) });
    times[f] = t;
  }
  const secs: Partial<Record<'talkSeconds' | 'holdSeconds' | 'acwSeconds', number | null>> = {};
  for (const f of ['talkSeconds', 'holdSeconds', 'acwSeconds'] as const) {
    const s = parseSeconds(cells[f] ?? '');
    if (s === undefined || (s !== null && s > MAX_SECONDS)) return bad('bad_number', { field: f, value: (cells[f] ?? '').slice(0, 40) });
    secs[f] = s;
  }
  const offeredAt = times.offeredAt!;
  const answeredAt = times.answeredAt ?? null;
  const abandonedAt = answeredAt ? null : (times.abandonedAt ?? times.endedAt ?? null);
  if (!answeredAt && !abandonedAt) return bad('no_outcome');
  const outcomeAt = (answeredAt ?? abandonedAt)!;
  const waitSeconds = Math.round((outcomeAt.getTime() - offeredAt.getTime()) / 1000);
  if (waitSeconds < 0) return bad('time_order', { field: answeredAt ? 'answeredAt' : 'abandonedAt' });
  if (waitSeconds > MAX_SECONDS) return bad('wait_too_long');
  let talk = secs.talkSeconds ?? null;
  if (talk === null && answeredAt && times.endedAt) {
    talk = Math.round((times.endedAt.getTime() - answeredAt.getTime()) / 1000);
    if (talk < 0) return bad('time_order', { field: 'endedAt' });
  }
  const agent = cells.agent?.trim() || null;
  const caller = cells.callerNumber ? cells.callerNumber.replace(/[^\d+]/g, '') : '';
  return {
    ok: true,
    contact: {
      callId: cells.callId!.trim().slice(0, 128),
      queue: cells.queue!.trim(),
      agent: answeredAt ? agent : null,
      offeredAt,
      answeredAt,
      abandonedAt,
      waitSeconds,
      talkSeconds: answeredAt ? (talk ?? 0) : 0,
      holdSeconds: answeredAt ? (secs.holdSeconds ?? 0) : 0,
      acwSeconds: answeredAt ? (secs.acwSeconds ?? 0) : 0,
      disposition: cells.disposition?.trim() || null,
      callerNumber: caller || null,
    },
  };
}

/** A CSV record (header → value) through the mapping. */
export function mapCsvRow(row: Record<string, string>, mapping: CsvMapping): RowResult {
  const cells: Partial<Record<CsvField, string>> = {};
  for (const [field, column] of Object.entries(mapping.columns) as [CsvField, string][]) cells[field] = row[column] ?? '';
  return buildContact(cells, mapping);
}

/** A JSON record from POST /contacts/ingest (ISO times, numbers already typed). */
export function mapJsonRecord(r: ContactRecordInput): RowResult {
  const s = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return buildContact({
    callId: r.callId, queue: r.queue, agent: r.agent ?? '', offeredAt: r.offeredAt, answeredAt: r.answeredAt ?? '',
    abandonedAt: r.abandonedAt ?? '', endedAt: r.endedAt ?? '', talkSeconds: s(r.talkSeconds), holdSeconds: s(r.holdSeconds),
    acwSeconds: s(r.acwSeconds), disposition: r.disposition ?? '', callerNumber: r.callerNumber ?? '',
  }, { dateFormat: 'iso', timeZone: 'UTC' });
}
