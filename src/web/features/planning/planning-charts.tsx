import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForecastOutput, RequirementOutput, RosterOutput } from './planning-model';
import { localStamp } from './planning-model';

// The planning charts: forecast (history, back-test, forecast), requirements per interval, roster coverage.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, MarkAreaComponent, CanvasRenderer]);

const timeAxis = (tz: string) => ({
  type: 'time' as const,
  axisLabel: { hideOverlap: true, formatter: (v: number) => localStamp(new Date(v).toISOString(), tz).slice(0, 5) },
});
const tooltip = (tz: string) => ({
  trigger: 'axis' as const,
  axisPointer: { type: 'line' as const },
  formatter: (items: { axisValue: number; marker: string; seriesName: string; value: [number, number] }[]) => {
    if (!items.length) return '';
    const head = localStamp(new Date(items[0].value[0]).toISOString(), tz);
    return [head, ...items.map((i) => `${i.marker}${i.seriesName}: ${Math.round(i.value[1] * 10) / 10}`)].join('<br/>');
  },
});
const pts = <T,>(xs: T[], x: (v: T) => string, y: (v: T) => number) => xs.map((v) => [Date.parse(x(v)), y(v)]);

export function ForecastChart({ forecast }: { forecast: ForecastOutput }) {
  const { t } = useTranslation('planning');
  const option = useMemo(() => {
    const tz = forecast.timezone;
    const bt = forecast.backtestIntervals;
    return {
      animation: false,
      tooltip: tooltip(tz),
      legend: { top: 0 },
      grid: { left: 44, right: 16, top: 32, bottom: 56 },
      xAxis: timeAxis(tz),
      yAxis: { type: 'value', min: 0 },
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      series: [
        { name: t('forecast.chartHistory'), type: 'line', showSymbol: false, lineStyle: { width: 1 }, color: '#8c8c8c', data: pts(forecast.history, (p) => p.start, (p) => p.offered) },
        { name: t('forecast.chartActual'), type: 'line', showSymbol: false, lineStyle: { width: 1.5 }, color: '#595959', data: pts(bt, (p) => p.start, (p) => p.actual) },
        { name: t('forecast.chartBacktest'), type: 'line', showSymbol: false, lineStyle: { width: 1.5, type: 'dashed' }, color: '#fa8c16', data: pts(bt, (p) => p.start, (p) => p.forecast) },
        { name: t('forecast.chartForecast'), type: 'line', showSymbol: false, lineStyle: { width: 2 }, color: '#1677ff', areaStyle: { opacity: 0.08 }, data: pts(forecast.intervals, (p) => p.start, (p) => p.offered) },
      ],
    };
  }, [forecast, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300 }} data-testid="forecast-chart" />;
}

export function RequirementChart({ requirement }: { requirement: RequirementOutput }) {
  const { t } = useTranslation('planning');
  const option = useMemo(() => {
    const tz = requirement.timezone;
    const iv = requirement.intervals;
    return {
      animation: false,
      tooltip: tooltip(tz),
      legend: { top: 0 },
      grid: { left: 44, right: 48, top: 32, bottom: 56 },
      xAxis: timeAxis(tz),
      yAxis: [{ type: 'value', min: 0 }, { type: 'value', min: 0, splitLine: { show: false } }],
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      series: [
        { name: t('requirements.chartScheduled'), type: 'line', step: 'start', showSymbol: false, color: '#1677ff', areaStyle: { opacity: 0.15 }, data: pts(iv, (p) => p.start, (p) => p.scheduled) },
        { name: t('requirements.chartAgents'), type: 'line', step: 'start', showSymbol: false, color: '#52c41a', data: pts(iv, (p) => p.start, (p) => p.agents) },
        { name: t('requirements.chartOffered'), type: 'line', yAxisIndex: 1, showSymbol: false, color: '#bfbfbf', lineStyle: { type: 'dashed' }, data: pts(iv, (p) => p.start, (p) => p.offered) },
      ],
    };
  }, [requirement, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} data-testid="requirement-chart" />;
}

export function CoverageChart({ roster }: { roster: RosterOutput }) {
  const { t } = useTranslation('planning');
  const option = useMemo(() => {
    const tz = roster.timezone;
    const cov = roster.coverage;
    return {
      animation: false,
      tooltip: tooltip(tz),
      legend: { top: 0 },
      grid: { left: 44, right: 16, top: 32, bottom: 56 },
      xAxis: timeAxis(tz),
      yAxis: { type: 'value', min: 0 },
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      series: [
        { name: t('roster.scheduled'), type: 'line', step: 'start', showSymbol: false, color: '#52c41a', areaStyle: { opacity: 0.25 }, data: pts(cov, (p) => p.start, (p) => p.scheduled) },
        { name: t('roster.required'), type: 'line', step: 'start', showSymbol: false, color: '#f5222d', lineStyle: { width: 1.5 }, data: pts(cov, (p) => p.start, (p) => p.required) },
      ],
    };
  }, [roster, t]);
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260 }} data-testid="coverage-chart" />;
}
