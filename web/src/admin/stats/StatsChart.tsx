import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts drawn here; the statistics page loads this chunk when it has figures to draw.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export interface RateSeries {
  name: string;
  color: string;
  /** Percentages, one per group; null where a group has no items. */
  values: (number | null)[];
}

/**
 * The rates of each group as grouped horizontal bars (percent). The table beside it holds the same figures for
 * screen readers, so the chart itself is an image with a summary.
 */
export default function StatsChart({ groups, series, summary }: { groups: string[]; series: RateSeries[]; summary: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
      legend: { top: 0, left: 'center', data: series.map((s) => s.name), textStyle: { color: '#1f2937' } },
      grid: { left: 8, right: 16, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { color: '#374151', formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: groups, axisLabel: { color: '#1f2937', width: 140, overflow: 'truncate' } },
      series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 10, data: s.values, itemStyle: { color: s.color } })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [groups, series]);
  return <div ref={el} role="img" aria-label={summary} data-testid="stats-chart" style={{ width: '100%', height: Math.max(200, 72 + groups.length * (series.length * 10 + 12)) }} />;
}
