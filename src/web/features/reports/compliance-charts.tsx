import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplianceReport } from '../../../shared/reports';

// The compliance charts: % met per group and target (bars, with the goal line), and the trend per day or week (lines).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export const TARGET_COLORS: Record<string, string> = {
  acknowledgement: '#1677ff', firstResponse: '#13c2c2', nextUpdate: '#722ed1', resolution: '#fa8c16', callback: '#52c41a',
};

const shorten = (s: string, n = 10) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function GroupChart({ report }: { report: ComplianceReport }) {
  const { t } = useTranslation('reports');
  const option = useMemo(() => {
    const groups = report.groups.slice(0, 20);
    const targets = report.total.targets.map((x) => x.target);
    return {
      animation: false,
      tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 48 },
      xAxis: { type: 'category' as const, data: groups.map((g) => g.name), axisLabel: { interval: 0, rotate: groups.length > 5 ? 20 : 0, formatter: (v: string) => shorten(v) } },
      yAxis: { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: targets.map((target, i) => ({
        name: t(`targets.${target}`), type: 'bar' as const, color: TARGET_COLORS[target], barMaxWidth: 22,
        data: groups.map((g) => g.targets.find((x) => x.target === target)?.percentMet ?? null),
        ...(i === 0 ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: '#cf1322', type: 'dashed' as const }, label: { formatter: t('chart.goal', { goal: report.goal }), position: 'insideEndTop' as const }, data: [{ yAxis: report.goal }] } } : {}),
      })),
    };
  }, [report, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} data-testid="compliance-group-chart" />;
}

export function TrendChart({ report }: { report: ComplianceReport }) {
  const { t } = useTranslation('reports');
  const option = useMemo(() => {
    const starts = [...new Set(report.trend.points.map((p) => p.start))].sort();
    const targets = report.total.targets.map((x) => x.target);
    return {
      animation: false,
      tooltip: { trigger: 'axis' as const, valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category' as const, data: starts.map((s) => s.slice(5)), boundaryGap: false },
      yAxis: { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: targets.map((target) => ({
        name: t(`targets.${target}`), type: 'line' as const, color: TARGET_COLORS[target], connectNulls: true, symbolSize: 5,
        data: starts.map((s) => report.trend.points.find((p) => p.start === s && p.target === target)?.percentMet ?? null),
      })),
    };
  }, [report, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} data-testid="compliance-trend-chart" />;
}

export function SatisfactionChart({ counts }: { counts: number[] }) {
  const { t } = useTranslation('reports');
  const option = useMemo(() => ({
    animation: false,
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    grid: { left: 32, right: 8, top: 8, bottom: 24 },
    xAxis: { type: 'category' as const, data: [1, 2, 3, 4, 5].map((n) => t('callbacks.score', { n })) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [{ type: 'bar' as const, name: t('callbacks.distribution'), barMaxWidth: 28, data: counts.map((v, i) => ({ value: v, itemStyle: { color: ['#cf1322', '#fa541c', '#faad14', '#73d13d', '#389e0d'][i] } })) }],
  }), [counts, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 150 }} data-testid="compliance-satisfaction-chart" />;
}
