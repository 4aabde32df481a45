import { DashboardOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Form, Select, Space, Table, Tabs, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { FCR_DAYS, SL_THRESHOLDS, SL_VARIANTS, type KpiReport, type KpiRow } from '../../../shared/contacts';
import { get, qs } from '../../lib/api';
import { BUSINESS_TZ, dayBoundary, dayjs, dayOf } from '../../lib/format';

// 话务报表: KPIs by interval (chart + table), queue, team and agent, with the service-level
// definition chosen here and named above every figure.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Group = 'interval' | 'queue' | 'team' | 'agent';
interface Filters { range: [dayjs.Dayjs, dayjs.Dayjs]; queueId?: string; intervalMinutes: number; slVariant: string; slThresholdSeconds: number; shortAbandonSeconds: number; fcrDays: number }

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const sec = (v: number | null) => (v === null ? '—' : v.toFixed(1));

export function useKpis(filters: Filters, groupBy: Group) {
  const from = dayBoundary(filters.range[0], 'start');
  const to = dayjs(dayBoundary(filters.range[1], 'end')).add(1, 'millisecond').toISOString();
  const params = { from, to, groupBy, queueId: filters.queueId, intervalMinutes: filters.intervalMinutes, slVariant: filters.slVariant,
    slThresholdSeconds: filters.slThresholdSeconds, shortAbandonSeconds: filters.shortAbandonSeconds, fcrDays: filters.fcrDays };
  return useQuery({ queryKey: ['contact-kpis', params], queryFn: () => get<KpiReport>(`/contacts/kpis${qs(params)}`), placeholderData: keepPreviousData });
}

function IntervalChart({ report }: { report: KpiReport }) {
  const { t } = useTranslation('contactCenter');
  const option = useMemo(() => {
    const labels = report.rows.map((r) => dayjs(r.key).tz(BUSINESS_TZ).format(report.rows.length > 96 ? 'MM-DD HH:mm' : 'HH:mm'));
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('kpi.chart.answered'), t('kpi.chart.abandoned'), t('kpi.chart.sl')] },
      grid: { left: 48, right: 56, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: labels },
      yAxis: [{ type: 'value', name: t('kpi.chart.volume') }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } }],
      series: [
        { name: t('kpi.chart.answered'), type: 'bar', stack: 'calls', data: report.rows.map((r) => r.answered), itemStyle: { color: '#1677ff' } },
        { name: t('kpi.chart.abandoned'), type: 'bar', stack: 'calls', data: report.rows.map((r) => r.abandoned), itemStyle: { color: '#ff7875' } },
        { name: t('kpi.chart.sl'), type: 'line', yAxisIndex: 1, symbol: 'none', data: report.rows.map((r) => (r.serviceLevel === null ? null : Math.round(r.serviceLevel * 1000) / 10)), itemStyle: { color: '#389e0d' } },
      ],
    };
  }, [report, t]);
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}

function KpiTable({ report, group, loading }: { report: KpiReport | undefined; group: Group; loading: boolean }) {
  const { t } = useTranslation('contactCenter');
  const rows = report ? [...report.rows, report.total] : [];
  return (
    <Table<KpiRow>
      size="small" rowKey="key" loading={loading} dataSource={rows} pagination={false} scroll={{ x: 980, y: 360 }} data-testid={`kpi-table-${group}`}
      locale={{ emptyText: <Empty description={t('kpi.empty')} /> }}
      rowClassName={(r) => (r.key === 'total' ? 'kpi-total-row' : '')}
      columns={[
        { title: group === 'interval' ? t('kpi.col.time') : t('kpi.col.name'), dataIndex: 'label', fixed: 'left', width: 160,
          render: (v: string, r) => (group === 'interval' && r.key !== 'total' ? dayjs(v).tz(BUSINESS_TZ).format('MM-DD HH:mm') : r.key === 'total' ? <b>{v}</b> : v) },
        { title: t('kpi.col.offered'), dataIndex: 'offered', align: 'right', width: 70 },
        { title: t('kpi.col.answered'), dataIndex: 'answered', align: 'right', width: 70 },
        { title: t('kpi.col.abandoned'), dataIndex: 'abandoned', align: 'right', width: 70 },
        { title: t('kpi.col.short'), dataIndex: 'shortAbandoned', align: 'right', width: 70 },
        { title: t('kpi.col.sl'), dataIndex: 'serviceLevel', align: 'right', width: 90, render: pct },
        { title: t('kpi.col.abandonRate'), dataIndex: 'abandonRate', align: 'right', width: 80, render: pct },
        { title: t('kpi.col.asa'), dataIndex: 'asaSeconds', align: 'right', width: 80, render: sec },
        { title: t('kpi.col.aht'), dataIndex: 'ahtSeconds', align: 'right', width: 80, render: sec },
        { title: t('kpi.col.occupancy'), dataIndex: 'occupancy', align: 'right', width: 80, render: pct },
        { title: t('kpi.col.fcr'), dataIndex: 'fcr', align: 'right', width: 90, render: pct },
      ]}
    />
  );
}

export function KpiDashboardPage() {
  const { t } = useTranslation('contactCenter');
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>({
    range: [dayOf(new Date().toISOString()).subtract(1, 'day'), dayOf(new Date().toISOString()).subtract(1, 'day')],
    intervalMinutes: 30, slVariant: 'offered', slThresholdSeconds: 20, shortAbandonSeconds: 5, fcrDays: 7,
  });
  const [tab, setTab] = useState<Group>('interval');
  const queues = useQuery({ queryKey: ['contact-queues'], queryFn: () => get<{ items: { id: string; code: string; name: string }[] }>('/contacts/queues') });
  const chart = useKpis(filters, 'interval');
  const table = useKpis(filters, tab);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('kpi.title')}</Typography.Title>
        <Button icon={<DashboardOutlined />} onClick={() => navigate('/contact-center/wallboard')}>{t('kpi.wallboard')}</Button>
      </Space>
      <Card size="small">
        <Form layout="inline" size="small" style={{ rowGap: 8 }}>
          <Form.Item label={t('kpi.period')}>
            <DatePicker.RangePicker allowClear={false} value={filters.range} onChange={(v) => v && v[0] && v[1] && set({ range: [v[0], v[1]] })} data-testid="kpi-range" />
          </Form.Item>
          <Form.Item label={t('kpi.queue')}>
            <Select style={{ width: 170 }} allowClear placeholder={t('kpi.allQueues')} value={filters.queueId} onChange={(v) => set({ queueId: v })}
              options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: `${q.code} ${q.name}` }))} data-testid="kpi-queue" />
          </Form.Item>
          <Form.Item label={t('kpi.interval')}>
            <Select style={{ width: 90 }} value={filters.intervalMinutes} onChange={(v) => set({ intervalMinutes: v })} options={[15, 30, 60].map((n) => ({ value: n, label: t('kpi.minutes', { n }) }))} />
          </Form.Item>
          <Form.Item label={t('kpi.variant')}>
            <Select style={{ width: 250 }} value={filters.slVariant} onChange={(v) => set({ slVariant: v })} options={SL_VARIANTS.map((v) => ({ value: v, label: t(`kpi.variants.${v}`) }))} data-testid="kpi-variant" />
          </Form.Item>
          <Form.Item label={t('kpi.threshold')}>
            <Select style={{ width: 80 }} value={filters.slThresholdSeconds} onChange={(v) => set({ slThresholdSeconds: v })} options={SL_THRESHOLDS.map((n) => ({ value: n, label: t('kpi.seconds', { n }) }))} />
          </Form.Item>
          <Form.Item label={t('kpi.shortAbandon')}>
            <Select style={{ width: 90 }} value={filters.shortAbandonSeconds} onChange={(v) => set({ shortAbandonSeconds: v })}
              options={[0, 5, 10, 15, 20].map((n) => ({ value: n, label: n === 0 ? t('kpi.none') : t('kpi.seconds', { n }) }))} />
          </Form.Item>
          <Form.Item label={t('kpi.fcrDays')}>
            <Select style={{ width: 80 }} value={filters.fcrDays} onChange={(v) => set({ fcrDays: v })} options={FCR_DAYS.map((n) => ({ value: n, label: t('kpi.days', { n }) }))} />
          </Form.Item>
        </Form>
      </Card>
      {chart.data && <Alert type="info" showIcon message={<span data-testid="kpi-definition">{t('kpi.definition')}：{chart.data.definition.text}</span>} />}
      <Card size="small" styles={{ body: { padding: 8 } }}>
        {chart.data && chart.data.rows.length > 0 ? <IntervalChart report={chart.data} /> : <Empty style={{ height: 200 }} description={t('kpi.empty')} />}
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs activeKey={tab} onChange={(k) => setTab(k as Group)} items={(['interval', 'queue', 'team', 'agent'] as const).map((g) => ({
          key: g, label: t(`kpi.by${g[0].toUpperCase()}${g.slice(1)}`),
          children: tab === g ? <KpiTable report={table.data} group={g} loading={table.isFetching} /> : null,
        }))} />
      </Card>
    </Space>
  );
}
