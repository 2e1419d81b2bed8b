import { useMemo } from 'react';
import { BarChart } from '../components/BarChart.js';

export interface CardBar {
  label: string;
  red: number;
  yellow: number;
}

/** Red and yellow counts per group as stacked bars; the supervise chunk carries echarts, the portal never does. */
export function CardsChart({ bars, names, summary }: { bars: CardBar[]; names: { red: string; yellow: string }; summary: string }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 'center', data: [names.red, names.yellow], textStyle: { color: '#1f2937' } },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#374151' } },
      yAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { color: '#1f2937', width: 160, overflow: 'truncate' } },
      series: [
        // The red bar carries a pattern as well, so the two are told apart without colour.
        { name: names.red, type: 'bar', stack: 'cards', data: bars.map((b) => b.red), itemStyle: { color: '#c62828', decal: { symbol: 'rect' } } },
        { name: names.yellow, type: 'bar', stack: 'cards', data: bars.map((b) => b.yellow), itemStyle: { color: '#d97706' } },
      ],
    }),
    [bars, names.red, names.yellow],
  );
  return <BarChart option={option} summary={summary} height={Math.max(160, 48 + bars.length * 36)} />;
}
