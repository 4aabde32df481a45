// The ESM build: the CommonJS lib/ one comes through Vite as { default: … }.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErlangCurvePoint } from '../../../shared/workforce';

// Service level (and occupancy, ASA) against the number of agents, around the answer.
// Only the ECharts parts used here are bundled.
echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export function ErlangCurveChart(props: { curve: ErlangCurvePoint[]; agents: number; serviceLevelTarget?: number; targetSeconds: number }) {
  const { t } = useTranslation('workforce');
  const { curve, agents, serviceLevelTarget, targetSeconds } = props;
  const option = useMemo(() => {
    const pct = (v: number) => Math.round(v * 1000) / 10;
    const sl = `${t('chart.serviceLevel')} (${t('result.withinTarget', { seconds: targetSeconds })})`;
    return {
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => String(v),
      },
      legend: { top: 0, data: [sl, t('chart.occupancy'), t('chart.asa')] },
      grid: { left: 48, right: 56, top: 36, bottom: 40 },
      xAxis: { type: 'category', name: t('chart.agents'), nameLocation: 'middle', nameGap: 26, data: curve.map((p) => p.agents) },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
        { type: 'value', name: t('chart.asa'), min: 0, splitLine: { show: false } },
      ],
      series: [
        {
          name: sl, type: 'line', data: curve.map((p) => pct(p.serviceLevel)), symbolSize: 6, lineStyle: { width: 3 },
          markLine: {
            symbol: 'none', silent: true,
            data: [
              ...(serviceLevelTarget !== undefined
                ? [{ yAxis: pct(serviceLevelTarget), label: { formatter: t('chart.target', { value: `${pct(serviceLevelTarget)} %` }), position: 'insideEndTop' }, lineStyle: { type: 'dashed', color: '#cf1322' } }]
                : []),
              { xAxis: String(agents), label: { formatter: t('chart.chosen', { value: agents }), position: 'insideEndTop' }, lineStyle: { type: 'solid', color: '#389e0d' } },
            ],
          },
        },
        { name: t('chart.occupancy'), type: 'line', data: curve.map((p) => pct(p.occupancy)), symbol: 'none', lineStyle: { type: 'dashed' } },
        {
          name: t('chart.asa'), type: 'line', yAxisIndex: 1, symbol: 'none', lineStyle: { type: 'dotted' },
          data: curve.map((p) => Math.round(p.asaSeconds * 10) / 10),
        },
      ],
    };
  }, [curve, agents, serviceLevelTarget, targetSeconds, t]);
  return (
    <div role="img" aria-label={t('chart.title')} data-testid="erlang-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320 }} />
    </div>
  );
}
