import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  Alert, App, Button, Card, Col, DatePicker, Drawer, Empty, Form, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import {
  type BreachItem, type ComplianceGroup, type ComplianceReport, COMPLIANCE_GOAL, COMPLIANCE_WARN, REPORT_GROUP_BY, type ReportGroupBy, type TargetFigures,
} from '../../../shared/reports';
import { splitMinutes } from '../../../shared/sla';
import { can, useMe } from '../../app/session';
import { csrfToken, get, qs } from '../../lib/api';
import { BUSINESS_TZ, dayjs, formatDateTime } from '../../lib/format';
import { GroupChart, SatisfactionChart, TARGET_COLORS, TrendChart } from './compliance-charts';

// 服务承诺达成: how often each commitment was kept over a period, per commitment, site, team, owner or first
// responder — % met per target coloured against the goal, the charts, the callback results, a drill-down to
// the late cases, and the same table as CSV or Excel.

type Range = [dayjs.Dayjs, dayjs.Dayjs];

function thisMonth(): Range {
  const today = dayjs(dayjs().tz(BUSINESS_TZ).format('YYYY-MM-DD'));
  return [today.startOf('month'), today];
}

export function pctColor(p: number | null): string {
  if (p === null) return 'default';
  return p >= COMPLIANCE_GOAL ? 'success' : p >= COMPLIANCE_WARN ? 'warning' : 'error';
}

interface Filters { range: Range; groupBy: ReportGroupBy; commitmentId?: string; siteId?: string }

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function filtersOf(sp: URLSearchParams): Filters {
  const [from, to] = [sp.get('from') ?? '', sp.get('to') ?? ''];
  const groupBy = sp.get('groupBy') as ReportGroupBy | null;
  return {
    range: DAY.test(from) && DAY.test(to) ? [dayjs(from), dayjs(to)] : thisMonth(),
    groupBy: groupBy && (REPORT_GROUP_BY as readonly string[]).includes(groupBy) ? groupBy : 'commitment',
    commitmentId: sp.get('commitmentId') ?? undefined,
    siteId: sp.get('siteId') ?? undefined,
  };
}

function searchOf(f: Filters): Record<string, string> {
  const q = queryOf(f);
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

function queryOf(f: Filters) {
  return { from: f.range[0].format('YYYY-MM-DD'), to: f.range[1].format('YYYY-MM-DD'), groupBy: f.groupBy, commitmentId: f.commitmentId, siteId: f.siteId };
}

export function CompliancePage() {
  const { t, i18n } = useTranslation('reports');
  const { message } = App.useApp();
  const me = useMe();
  // The filters live in the address, so going back from a case to the report finds it as it was.
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersOf(search), [search]);
  const [drill, setDrill] = useState<{ group?: ComplianceGroup; target?: string } | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const set = (patch: Partial<Filters>) => setSearch(searchOf({ ...filters, ...patch }), { replace: true });
  const params = queryOf(filters);
  const report = useQuery({ queryKey: ['sla-compliance', params], queryFn: () => get<ComplianceReport>(`/reports/sla-compliance${qs(params)}`) });
  const commitments = useQuery({
    queryKey: ['commitments'], queryFn: () => get<{ items: { id: string; code: string; title: Record<string, string> }[] }>('/commitments'),
    enabled: can(me.data, 'case:read'), staleTime: 300_000,
  });
  const units = useQuery({
    queryKey: ['org-units', 'flat'], queryFn: () => get<{ items: { id: string; name: string; kind: string }[] }>('/org-units'),
    enabled: can(me.data, 'org:read'), staleTime: 300_000,
  });

  const duration = (minutes: number | null, clock: string) => {
    if (minutes === null) return t('cell.none');
    const { d, h, m } = splitMinutes(minutes, clock === 'business' ? 'business' : 'calendar');
    return [d ? t('duration.d', { n: d }) : '', h ? t('duration.h', { n: h }) : '', m || (!d && !h) ? t('duration.m', { n: m }) : ''].filter(Boolean).join('');
  };

  const download = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const res = await fetch(`/api/v1/reports/sla-compliance${qs({ ...params, format })}`, {
        headers: { 'accept-language': i18n.language, 'x-csrf-token': csrfToken() }, credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? res.statusText);
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `sla-compliance.${format}`;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      void message.error(t('export.failed', { msg: (e as Error).message }));
    } finally {
      setExporting(null);
    }
  };

  const data = report.data;
  const targets = data?.total.targets.map((x) => x.target) ?? [];
  const rows = data ? [...data.groups, { ...data.total, key: '__total' }] : [];

  const targetCell = (g: ComplianceGroup, target: string) => {
    const f = g.targets.find((x) => x.target === target) as TargetFigures | undefined;
    if (!f) return <Typography.Text type="secondary">{t('cell.none')}</Typography.Text>;
    return (
      <Tooltip title={<>{t('cell.median', { v: duration(f.medianMinutes, f.clock) })}<br />{t('cell.p90', { v: duration(f.p90Minutes, f.clock) })}{f.running ? <><br />{t('cell.running', { n: f.running })}</> : null}</>}>
        <div data-testid={`cell-${target}`}>
          <Tag color={pctColor(f.percentMet)} style={{ marginInlineEnd: 0, fontVariantNumeric: 'tabular-nums' }}>{f.percentMet === null ? '—' : `${f.percentMet}%`}</Tag>
          <div style={{ fontSize: 12, color: '#8c8c8c', whiteSpace: 'nowrap' }}>
            {f.breached > 0 && g.key !== undefined
              ? <a onClick={() => setDrill({ group: g.key === '__total' ? undefined : g, target })}>{t('cell.of', { met: f.met, decided: f.met + f.breached })}</a>
              : t('cell.of', { met: f.met, decided: f.met + f.breached })}
          </div>
        </div>
      </Tooltip>
    );
  };

  const columns: ColumnsType<ComplianceGroup> = [
    { title: t(`groupCol.${filters.groupBy}`), key: 'name', fixed: 'left', width: 200, render: (_, g) => (g.key === '__total' ? <strong>{g.name}</strong> : <span>{g.name}</span>) },
    { title: t('cols.cases'), dataIndex: 'cases', width: 72, align: 'right' },
    ...targets.map((target) => ({
      title: <span><span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: TARGET_COLORS[target], marginInlineEnd: 4 }} />{t(`targets.${target}`)}</span>,
      key: target, width: 116, render: (_: unknown, g: ComplianceGroup) => targetCell(g, target),
    })),
    { title: t('cols.breaches'), key: 'breaches', width: 72, align: 'right', render: (_, g) => (g.breaches > 0
      ? <a onClick={() => setDrill({ group: g.key === '__total' ? undefined : g })} data-testid="breach-link"><Typography.Text type="danger">{g.breaches}</Typography.Text></a>
      : 0) },
    { title: t('cols.reach'), key: 'reach', width: 96, align: 'right', render: (_, g) => (g.callbacks.reachRate === null ? '—' : `${g.callbacks.reachRate}%`) },
    { title: t('cols.resolvedRate'), key: 'resolved', width: 96, align: 'right', render: (_, g) => (g.callbacks.resolvedRate === null ? '—' : `${g.callbacks.resolvedRate}%`) },
    { title: t('cols.satisfaction'), key: 'sat', width: 90, align: 'right', render: (_, g) => g.callbacks.meanSatisfaction ?? '—' },
  ];

  const overall = useMemo(() => {
    if (!data) return null;
    const met = data.total.targets.reduce((s, x) => s + x.met, 0);
    const decided = data.total.targets.reduce((s, x) => s + x.met + x.breached, 0);
    return decided ? Math.round((met / decided) * 1000) / 10 : null;
  }, [data]);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('title')}</Typography.Title>
        <Space>
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} disabled={!data} onClick={() => void download('csv')} data-testid="export-csv">{t('export.csv')}</Button>
          <Button icon={<FileExcelOutlined />} loading={exporting === 'xlsx'} disabled={!data} onClick={() => void download('xlsx')} data-testid="export-xlsx">{t('export.xlsx')}</Button>
        </Space>
      </Space>
      <Card size="small">
        <Form layout="inline" size="small" style={{ rowGap: 8 }}>
          <Form.Item label={t('filters.period')}>
            <DatePicker.RangePicker allowClear={false} value={filters.range} onChange={(v) => v && v[0] && v[1] && set({ range: [v[0], v[1]] })} data-testid="report-range" />
          </Form.Item>
          <Form.Item label={t('filters.groupBy')}>
            <Select style={{ width: 150 }} value={filters.groupBy} onChange={(v) => set({ groupBy: v })} data-testid="report-group-by"
              options={REPORT_GROUP_BY.map((g) => ({ value: g, label: t(`groupBy.${g}`) }))} />
          </Form.Item>
          <Form.Item label={t('filters.commitment')}>
            <Select style={{ width: 200 }} allowClear placeholder={t('filters.allCommitments')} value={filters.commitmentId} onChange={(v) => set({ commitmentId: v })}
              options={(commitments.data?.items ?? []).map((c) => ({ value: c.id, label: c.title[i18n.language] ?? c.title['zh-CN'] ?? c.code }))} showSearch optionFilterProp="label" />
          </Form.Item>
          {can(me.data, 'org:read') && (
            <Form.Item label={t('filters.site')}>
              <Select style={{ width: 180 }} allowClear placeholder={t('filters.allSites')} value={filters.siteId} onChange={(v) => set({ siteId: v })}
                options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} showSearch optionFilterProp="label" />
            </Form.Item>
          )}
        </Form>
      </Card>
      {report.error && <Alert type="error" showIcon message={report.error.message} />}
      {data && (
        <Alert type="info" showIcon data-testid="report-basis"
          message={t('basis', { from: data.from, to: data.to, goal: COMPLIANCE_GOAL, warn: COMPLIANCE_WARN })} />
      )}
      {data && data.total.cases === 0 && <Card><Empty description={t('empty')} /></Card>}
      {data && data.total.cases > 0 && (
        <>
          <Row gutter={12}>
            <Col span={6}><Card size="small"><Statistic title={t('summary.cases')} value={data.total.cases} /></Card></Col>
            <Col span={6}><Card size="small"><Statistic title={t('summary.overall')} value={overall ?? '—'} suffix={overall === null ? undefined : '%'}
              valueStyle={{ color: overall === null ? undefined : overall >= COMPLIANCE_GOAL ? '#389e0d' : overall >= COMPLIANCE_WARN ? '#d48806' : '#cf1322' }} /></Card></Col>
            <Col span={6}><Card size="small"><Statistic title={t('summary.breaches')} value={data.total.breaches} valueStyle={{ color: data.total.breaches ? '#cf1322' : undefined }} /></Card></Col>
            <Col span={6}><Card size="small"><Statistic title={t('callbacks.mean')} value={data.total.callbacks.meanSatisfaction ?? '—'} suffix={data.total.callbacks.meanSatisfaction === null ? undefined : '/ 5'} /></Card></Col>
          </Row>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Table<ComplianceGroup>
              rowKey="key" size="small" dataSource={rows} columns={columns} pagination={false} scroll={{ x: 'max-content' }} data-testid="compliance-table"
              rowClassName={(g) => (g.key === '__total' ? 'manyi-total-row' : '')}
            />
          </Card>
          <Row gutter={12}>
            <Col span={12}><Card size="small" title={t('chart.byGroup')}><GroupChart report={data} /></Card></Col>
            <Col span={12}><Card size="small" title={t('chart.trend', { bucket: t(`chart.${data.trend.bucket}`) })}><TrendChart report={data} /></Card></Col>
          </Row>
          <CallbackPanel report={data} />
        </>
      )}
      <BreachDrawer filters={filters} drill={drill} onClose={() => setDrill(null)} duration={duration} />
    </Space>
  );
}

function CallbackPanel({ report }: { report: ComplianceReport }) {
  const { t } = useTranslation('reports');
  const c = report.total.callbacks;
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  return (
    <Card size="small" title={t('callbacks.title')} data-testid="callback-panel">
      <Row gutter={12} align="middle">
        <Col span={14}>
          <Row gutter={[12, 12]}>
            <Col span={8}><Statistic title={t('callbacks.closed')} value={c.closed} /></Col>
            <Col span={8}><Statistic title={t('callbacks.reached')} value={c.reached} /></Col>
            <Col span={8}><Statistic title={t('callbacks.reachRate')} value={pct(c.reachRate)} /></Col>
            <Col span={8}><Statistic title={t('callbacks.resolvedYes')} value={c.resolvedYes} /></Col>
            <Col span={8}><Statistic title={t('callbacks.resolvedRate')} value={pct(c.resolvedRate)} /></Col>
            <Col span={8}><Statistic title={t('callbacks.mean')} value={c.meanSatisfaction ?? '—'} /></Col>
          </Row>
        </Col>
        <Col span={10}>
          <Typography.Text type="secondary">{t('callbacks.distribution')}</Typography.Text>
          <SatisfactionChart counts={c.satisfaction} />
        </Col>
      </Row>
    </Card>
  );
}

function BreachDrawer({ filters, drill, onClose, duration }: {
  filters: Filters; drill: { group?: ComplianceGroup; target?: string } | null; onClose: () => void; duration: (m: number | null, clock: string) => string;
}) {
  const { t } = useTranslation('reports');
  const params = { ...queryOf(filters), group: drill?.group?.key, target: drill?.target, limit: 50 };
  const list = useInfiniteQuery({
    queryKey: ['sla-breaches', params],
    queryFn: ({ pageParam }) => get<{ items: BreachItem[]; nextCursor: string | null }>(`/reports/sla-compliance/breaches${qs({ ...params, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: drill !== null,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const title = drill?.group ? t('breaches.titleOf', { group: drill.group.name }) : t('breaches.title');
  return (
    <Drawer open={drill !== null} onClose={onClose} width={760} title={<>{title}{drill?.target ? <Tag style={{ marginInlineStart: 8 }} color={TARGET_COLORS[drill.target]}>{t(`targets.${drill.target}`)}</Tag> : null}</>} data-testid="breach-drawer">
      <Table<BreachItem>
        rowKey={(r) => `${r.caseId}:${r.target}`} size="small" loading={list.isPending} dataSource={items} pagination={false} locale={{ emptyText: t('breaches.empty') }}
        columns={[
          { title: t('breaches.case'), key: 'case', render: (_, r) => (
            <div>
              <Link to={`/cases/${r.caseId}`} className="manyi-mono">{r.number}</Link>
              <div style={{ maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{r.subject}</div>
            </div>
          ) },
          { title: t('breaches.target'), key: 'target', width: 100, render: (_, r) => <Tag color={TARGET_COLORS[r.target]}>{t(`targets.${r.target}`)}</Tag> },
          { title: t('breaches.due'), key: 'due', width: 140, render: (_, r) => formatDateTime(r.dueAt) || '—' },
          { title: t('breaches.late'), key: 'late', width: 150, render: (_, r) => (
            <Space direction="vertical" size={0}>
              <Typography.Text type="danger">{duration(r.lateMinutes, 'calendar')}</Typography.Text>
              {r.metAt === null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('breaches.stillOpen')}</Typography.Text>}
            </Space>
          ) },
        ]}
      />
      {list.hasNextPage && <div style={{ textAlign: 'center', marginTop: 12 }}><Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('breaches.more')}</Button></div>}
    </Drawer>
  );
}
