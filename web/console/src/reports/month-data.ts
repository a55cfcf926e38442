import type { EChartsCoreOption } from 'echarts/core';
import type { CountRow, MallPeriodReport, RateKey, ReportFigures } from './report-types';

export const TREND_RATES: RateKey[] = ['handlingRate', 'timelinessRate', 'satisfactionRate', 'closureRate'];

/** Each of the 12 months with its figures as the mall's yearly roll-ups hold them (null: no report yet). */
export const trendOf = (months: readonly string[], years: readonly (MallPeriodReport | undefined)[]): { month: string; figures: ReportFigures | null }[] => {
  const byMonth = new Map(years.flatMap((year) => year?.byMonth ?? []).map((entry) => [entry.month, entry.figures]));
  return months.map((month) => ({ month, figures: byMonth.get(month) ?? null }));
};

/** Rates as percentages with one decimal, as the tables print them. */
const percent = (rate: number | null | undefined): number | null => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);

export const trendOption = (trend: ReturnType<typeof trendOf>, names: { rate: (key: RateKey) => string; received: string }): EChartsCoreOption => ({
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  grid: { left: 48, right: 48, top: 40, bottom: 32 },
  xAxis: { type: 'category', data: trend.map((entry) => entry.month) },
  yAxis: [
    { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    { type: 'value', minInterval: 1 },
  ],
  series: [
    { name: names.received, type: 'bar', yAxisIndex: 1, data: trend.map((entry) => entry.figures?.received ?? 0), itemStyle: { color: '#c6d8f3' } },
    ...TREND_RATES.map((key) => ({ name: names.rate(key), type: 'line', connectNulls: false, data: trend.map((entry) => percent(entry.figures?.[key].rate)) })),
  ],
});

/** A horizontal bar per value of one dimension, largest on top (analytics sorts by count). */
export const countOption = (rows: readonly CountRow[], label: (key: string) => string, name: string): EChartsCoreOption => {
  const shown = [...rows].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 120, right: 32, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((row) => label(row.key)) },
    series: [{ name, type: 'bar', data: shown.map((row) => row.count), itemStyle: { color: '#1f5fbf' }, label: { show: true, position: 'right' } }],
  };
};
