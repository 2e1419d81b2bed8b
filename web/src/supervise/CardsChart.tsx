import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts drawn here: the supervise chunk carries them, the portal never does.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export interface CardBar {
  label: string;
  red: number;
  yellow: number;
}

/**
 * Red and yellow counts per group as stacked bars. The figure repeats the table beside it (which screen
 * readers use), so the chart itself is marked as an image with a summary.
 */
export function CardsChart({ bars, names, summary }: { bars: CardBar[]; names: { red: string; yellow: string }; summary: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 'center', data: [names.red, names.yellow], textStyle: { color: '#1f2937' } },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#374151' } },
      yAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { color: '#1f2937', width: 160, overflow: 'truncate' } },
      series: [
        { name: names.red, type: 'bar', stack: 'cards', data: bars.map((b) => b.red), itemStyle: { color: '#c62828', decal: { symbol: 'rect' } } },
        { name: names.yellow, type: 'bar', stack: 'cards', data: bars.map((b) => b.yellow), itemStyle: { color: '#d97706' } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [bars, names.red, names.yellow]);
  return <div ref={el} role="img" aria-label={summary} style={{ width: '100%', height: Math.max(160, 48 + bars.length * 36) }} />;
}
