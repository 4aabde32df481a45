import type { ComplianceGroup, ComplianceReport, ReportGroupBy } from '../../../shared/reports';
import type { SlaTargetName } from '../../../shared/sla';
import type { Locale } from '../../platform/i18n';

// The compliance report as a table: one row per group and a total row, the
// columns in the caller's language. CSV is UTF-8 with a byte-order mark (so
// Excel opens Chinese correctly) and CRLF line ends; XLSX has the same table
// and a sheet describing the period and how the figures are counted. No
// personal data: groups are commitments, org units and staff names.

type Words = Record<string, string>;

const W: Record<Locale, Words> = {
  'zh-CN': {
    commitment: '服务承诺', site: '营业厅/站点', team: '班组', person: '处理人', first_responder: '首问负责人',
    cases: '工单数', breaches: '超时次数', met: '达成', breached: '超时', running: '未定', pct: '达成率(%)', median: '中位用时(分钟)', p90: '90分位用时(分钟)',
    cbClosed: '回访结案', cbReached: '回访接通', cbReach: '接通率(%)', cbYes: '问题已解决', cbYesRate: '解决率(%)', cbMean: '平均满意度', sat: '满意度',
    acknowledgement: '受理确认', firstResponse: '首次响应', nextUpdate: '进展更新', resolution: '解决时限', callback: '回访',
    sheet: '服务承诺达成', info: '说明', period: '统计期间', basis: '统计口径',
    basisText: '统计期间内（北京时间）新建、且有服务承诺覆盖的工单；已取消和已合并的工单不计。达成率 = 达成 ÷（达成 + 超时）；用时为计时开始至达成目标的分钟数，按工作时间计时的目标为工作分钟。',
    generated: '生成时间', groupBy: '分组',
  },
  'zh-TW': {
    commitment: '服務承諾', site: '營業廳/站點', team: '班組', person: '處理人', first_responder: '首問負責人',
    cases: '工單數', breaches: '逾時次數', met: '達成', breached: '逾時', running: '未定', pct: '達成率(%)', median: '中位用時(分鐘)', p90: '90分位用時(分鐘)',
    cbClosed: '回訪結案', cbReached: '回訪接通', cbReach: '接通率(%)', cbYes: '問題已解決', cbYesRate: '解決率(%)', cbMean: '平均滿意度', sat: '滿意度',
    acknowledgement: '受理確認', firstResponse: '首次回應', nextUpdate: '進度更新', resolution: '解決時限', callback: '回訪',
    sheet: '服務承諾達成', info: '說明', period: '統計期間', basis: '統計口徑',
    basisText: '統計期間內（北京時間）新建、且有服務承諾涵蓋的工單；已取消和已合併的工單不計。達成率 = 達成 ÷（達成 + 逾時）；用時為計時開始至達成目標的分鐘數，按工作時間計時的目標為工作分鐘。',
    generated: '產生時間', groupBy: '分組',
  },
  en: {
    commitment: 'Commitment', site: 'Site', team: 'Team', person: 'Owner', first_responder: 'First responder',
    cases: 'Cases', breaches: 'Breaches', met: 'met', breached: 'breached', running: 'undecided', pct: '% met', median: 'median (min)', p90: 'p90 (min)',
    cbClosed: 'Callbacks closed', cbReached: 'Reached', cbReach: 'Reach rate (%)', cbYes: 'Resolved yes', cbYesRate: 'Resolved rate (%)', cbMean: 'Mean satisfaction', sat: 'Satisfaction',
    acknowledgement: 'Acknowledgement', firstResponse: 'First response', nextUpdate: 'Next update', resolution: 'Resolution', callback: 'Callback',
    sheet: 'SLA compliance', info: 'About', period: 'Period', basis: 'Basis',
    basisText: 'Cases created in the period (Beijing time) that a commitment covers; cancelled and merged cases excluded. % met = met ÷ (met + breached); times are the minutes the clock counted until the target was reached, working minutes for business-hours targets.',
    generated: 'Generated at', groupBy: 'Grouped by',
  },
};

export interface ReportTable { header: string[]; rows: (string | number | null)[][] }

/** The targets any group reports, in the report's order. */
function targetsOf(report: ComplianceReport): SlaTargetName[] {
  return report.total.targets.map((t) => t.target);
}

export function reportTable(report: ComplianceReport, locale: Locale): ReportTable {
  const w = W[locale];
  const targets = targetsOf(report);
  const header = [w[report.groupBy], w.cases, w.breaches];
  for (const t of targets) {
    for (const k of ['met', 'breached', 'running', 'pct', 'median', 'p90']) header.push(locale === 'en' ? `${w[t]} ${w[k]}` : `${w[t]}${w[k]}`);
  }
  header.push(w.cbClosed, w.cbReached, w.cbReach, w.cbYes, w.cbYesRate, w.cbMean, ...[1, 2, 3, 4, 5].map((n) => `${w.sat} ${n}`));
  const row = (g: ComplianceGroup) => {
    const r: (string | number | null)[] = [g.name, g.cases, g.breaches];
    for (const t of targets) {
      const f = g.targets.find((x) => x.target === t);
      r.push(f?.met ?? 0, f?.breached ?? 0, f?.running ?? 0, f?.percentMet ?? null, f?.medianMinutes ?? null, f?.p90Minutes ?? null);
    }
    const c = g.callbacks;
    r.push(c.closed, c.reached, c.reachRate, c.resolvedYes, c.resolvedRate, c.meanSatisfaction, ...c.satisfaction);
    return r;
  };
  return { header, rows: [...report.groups.map(row), row(report.total)] };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // Quote what would break the row, and what a spreadsheet would run as a formula.
  const guarded = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(guarded) || guarded !== s ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function toCsv(report: ComplianceReport, locale: Locale): Buffer {
  const { header, rows } = reportTable(report, locale);
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function toXlsx(report: ComplianceReport, locale: Locale): Promise<Buffer> {
  const w = W[locale];
  const { header, rows } = reportTable(report, locale);
  // Loaded on the first export, not at start-up (exceljs alone takes ~0.5 s to load).
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Manyi';
  book.created = new Date(report.generatedAt);
  const sheet = book.addWorksheet(w.sheet, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.getRow(rows.length + 1).font = { bold: true };
  sheet.getColumn(1).width = 28;
  for (let i = 2; i <= header.length; i++) sheet.getColumn(i).width = Math.max(10, Math.min(24, header[i - 1].length * 2));
  const info = book.addWorksheet(w.info);
  info.addRows([
    [w.period, `${report.from} – ${report.to} (Asia/Shanghai)`],
    [w.groupBy, w[report.groupBy as ReportGroupBy]],
    [w.basis, w.basisText],
    [w.generated, report.generatedAt],
  ]);
  info.getColumn(1).width = 16;
  info.getColumn(2).width = 100;
  return Buffer.from(await book.xlsx.writeBuffer());
}
