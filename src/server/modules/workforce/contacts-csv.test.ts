import { describe, expect, it } from 'vitest';
import { CsvMapping } from '../../../shared/contacts';
import { mapCsvRow, mapJsonRecord, mappingProblems, parseSeconds, parseTime } from './contacts-csv';

const mapping = CsvMapping.parse({
  columns: { callId: 'id', queue: 'q', agent: 'ag', offeredAt: 'in', answeredAt: 'ans', abandonedAt: 'abn', endedAt: 'end', talkSeconds: 'talk', holdSeconds: 'hold', acwSeconds: 'acw', callerNumber: 'ani' },
  timeZone: 'Asia/Shanghai',
  dateFormat: 'yyyy-MM-dd HH:mm:ss',
});
const row = (over: Record<string, string> = {}) => ({ id: 'c1', q: '10000', ag: 'A01', in: '2026-11-02 09:00:00', ans: '2026-11-02 09:00:12', abn: '', end: '', talk: '95', hold: '0:20', acw: '30', ani: '138-0000-0001', ...over });

describe('CSV mapping', () => {
  it('reads Shanghai wall-clock times as UTC instants and derives the wait', () => {
    const r = mapCsvRow(row(), mapping);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.contact.offeredAt.toISOString()).toBe('2026-11-02T01:00:00.000Z');
    expect(r.contact).toMatchObject({ waitSeconds: 12, talkSeconds: 95, holdSeconds: 20, acwSeconds: 30, agent: 'A01', callerNumber: '13800000001', abandonedAt: null });
  });
  it('abandoned calls: the wait runs to the abandon (or end) time; handle times are dropped', () => {
    const r = mapCsvRow(row({ ans: '', abn: '2026-11-02 09:00:40', talk: '' }), mapping);
    expect(r.ok && r.contact).toMatchObject({ waitSeconds: 40, talkSeconds: 0, acwSeconds: 0, agent: null });
    const e = mapCsvRow(row({ ans: '', end: '2026-11-02 09:00:03', talk: '' }), mapping);
    expect(e.ok && e.contact.waitSeconds).toBe(3);
  });
  it('talk time from the end time when no talk column value', () => {
    const r = mapCsvRow(row({ talk: '', end: '2026-11-02 09:02:12' }), mapping);
    expect(r.ok && r.contact.talkSeconds).toBe(120);
  });
  it('bad rows come back with a reason and parameters', () => {
    expect(mapCsvRow(row({ in: '02/11/2026 09:00' }), mapping)).toEqual({ ok: false, problem: { reason: 'bad_time', params: { field: 'offeredAt', value: '02/11/2026 09:00' } } });
    expect(mapCsvRow(row({ q: ' ' }), mapping)).toEqual({ ok: false, problem: { reason: 'missing_value', params: { field: 'queue' } } });
    expect(mapCsvRow(row({ ans: '2026-11-02 08:59:00' }), mapping)).toEqual({ ok: false, problem: { reason: 'time_order', params: { field: 'answeredAt' } } });
    expect(mapCsvRow(row({ ans: '', abn: '', end: '' }), mapping)).toEqual({ ok: false, problem: { reason: 'no_outcome', params: {} } });
    expect(mapCsvRow(row({ talk: 'abc' }), mapping)).toEqual({ ok: false, problem: { reason: 'bad_number', params: { field: 'talkSeconds', value: 'abc' } } });
  });
  it('other date formats and zones', () => {
    expect(parseTime('2026/11/2 9:00:00', { dateFormat: 'yyyy/M/d H:mm:ss', timeZone: 'Asia/Shanghai' })?.toISOString()).toBe('2026-11-02T01:00:00.000Z');
    expect(parseTime('20261102090000', { dateFormat: 'yyyyMMddHHmmss', timeZone: 'UTC' })?.toISOString()).toBe('2026-11-02T09:00:00.000Z');
    expect(parseTime('1793581200', { dateFormat: 'epoch', timeZone: 'Asia/Shanghai' })?.toISOString()).toBe('2026-11-02T01:00:00.000Z');
    expect(parseTime('2026-11-02T09:00:00', { dateFormat: 'iso', timeZone: 'Asia/Shanghai' })?.toISOString()).toBe('2026-11-02T01:00:00.000Z');
    expect(parseTime('', { dateFormat: 'iso', timeZone: 'UTC' })).toBeNull();
    expect(parseSeconds('1:02:03')).toBe(3723);
    expect(parseSeconds('12.6')).toBe(13);
    expect(parseSeconds('x')).toBeUndefined();
  });
  it('mapping problems: unmapped required fields, unknown zone, columns not in the file', () => {
    const bad = CsvMapping.parse({ columns: { queue: 'q' }, timeZone: 'Mars/Olympus' });
    expect(mappingProblems(bad).map((p) => p.reason)).toEqual(['field_not_mapped', 'field_not_mapped', 'field_not_mapped', 'bad_time_zone']);
    expect(mappingProblems(mapping, ['id', 'q'])).toContainEqual({ reason: 'column_missing', params: { field: 'offeredAt', column: 'in' } });
  });
  it('JSON records use ISO times with their offset', () => {
    const r = mapJsonRecord({ callId: 'j', queue: 'Q', offeredAt: '2026-11-02T09:00:00+08:00', answeredAt: '2026-11-02T01:00:05Z', talkSeconds: 10 });
    expect(r.ok && r.contact).toMatchObject({ waitSeconds: 5, talkSeconds: 10 });
  });
});
