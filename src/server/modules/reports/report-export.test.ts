import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ComplianceGroup, ComplianceReport } from '../../../shared/reports';
import { reportTable, toCsv, toXlsx } from './report-export';

const group = (key: string, name: string, over: Partial<ComplianceGroup> = {}): ComplianceGroup => ({
  key, name, cases: 4, breaches: 1,
  targets: [
    { target: 'acknowledgement', clock: 'calendar', met: 3, breached: 1, running: 0, percentMet: 75, medianMinutes: 12.5, p90Minutes: 40 },
    { target: 'resolution', clock: 'business', met: 2, breached: 0, running: 2, percentMet: 100, medianMinutes: 300, p90Minutes: 420 },
  ],
  callbacks: { closed: 2, reached: 1, reachRate: 50, resolvedYes: 1, resolvedRate: 100, meanSatisfaction: 4, satisfaction: [0, 0, 0, 1, 0] },
  ...over,
});

const report = (groups: ComplianceGroup[]): ComplianceReport => ({
  from: '2026-03-01', to: '2026-03-31', fromInstant: '2026-02-28T16:00:00.000Z', toInstant: '2026-03-31T16:00:00.000Z', timezone: 'Asia/Shanghai',
  basis: 'cases_created', groupBy: 'site', generatedAt: '2026-04-01T00:00:00.000Z', goal: 95,
  total: group('total', '合计'), groups, trend: { bucket: 'day', points: [] },
});

describe('compliance export', () => {
  it('one row per group and a total, the targets of the report as column blocks', () => {
    const { header, rows } = reportTable(report([group('a', '甲营业厅'), group('b', '乙营业厅', { targets: [] })]), 'zh-CN');
    expect(header.slice(0, 9)).toEqual(['营业厅/站点', '工单数', '超时次数', '受理确认达成', '受理确认超时', '受理确认未定', '受理确认达成率(%)', '受理确认中位用时(分钟)', '受理确认90分位用时(分钟)']);
    expect(header).toHaveLength(3 + 2 * 6 + 6 + 5);
    expect(rows).toHaveLength(3);
    expect(rows[0].slice(0, 9)).toEqual(['甲营业厅', 4, 1, 3, 1, 0, 75, 12.5, 40]);
    // A group without a target gets zeros and empty figures, not a shifted row.
    expect(rows[1].slice(3, 9)).toEqual([0, 0, 0, null, null, null]);
    expect(rows[2][0]).toBe('合计');
  });

  it('CSV: BOM, CRLF, quoting, and names that a spreadsheet would run as formulas are defused', () => {
    const csv = toCsv(report([group('a', '=HYPERLINK("x")'), group('b', '甲, 乙')]), 'en');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0].startsWith('Site,Cases,Breaches,Acknowledgement met,')).toBe(true);
    expect(lines[1].startsWith('"\'=HYPERLINK(""x"")",4,1,')).toBe(true);
    expect(lines[2].startsWith('"甲, 乙",4,')).toBe(true);
    expect(lines[4]).toBe('');
  });

  it('XLSX: the table and an about sheet, readable back', async () => {
    const book = new ExcelJS.Workbook();
    const buf = await toXlsx(report([group('a', '甲营业厅')]), 'zh-TW');
    await book.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['服務承諾達成', '說明']);
    expect(book.worksheets[0].getCell('A2').value).toBe('甲营业厅');
    expect(book.worksheets[0].getCell('G2').value).toBe(75);
    expect(book.worksheets[1].getCell('B1').value).toBe('2026-03-01 – 2026-03-31 (Asia/Shanghai)');
  });
});
