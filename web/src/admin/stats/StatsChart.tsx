import { useMemo } from 'react';
import { BarChart } from '../../components/BarChart.js';

export interface RateSeries {
  name: string;
  color: string;
  /** Percentages, one per group; null where a group has no items. */
  values: (number | null)[];
}

/** The rates of each group as grouped horizontal bars (percent); the statistics page loads this chunk when it has figures. */
export default function StatsChart({ groups, series, summary }: { groups: string[]; series: RateSeries[]; summary: string }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      legend: { top: 0, left: 'center', data: series.map((s) => s.name), textStyle: { color: '#1f2937' } },
      grid: { left: 8, right: 16, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { color: '#374151', formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: groups, axisLabel: { color: '#1f2937', width: 140, overflow: 'truncate' } },
      series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 10, data: s.values, itemStyle: { color: s.color } })),
    }),
    [groups, series],
  );
  return <BarChart option={option} summary={summary} testId="stats-chart" height={Math.max(200, 72 + groups.length * (series.length * 10 + 12))} />;
}
