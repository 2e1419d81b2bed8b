import { BarChart as Bars } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts our charts draw, so a surface that imports this carries bars and nothing else of echarts;
// the portal never imports it.
echarts.use([Bars, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type BarOption = echarts.EChartsCoreOption;

/**
 * An SVG bar chart that follows its container's width. Every chart of ours repeats a table beside it (which
 * screen readers use), so the chart itself is an image whose name is the summary.
 */
export function BarChart({ option, summary, height, testId }: { option: BarOption; summary: string; height: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({ aria: { enabled: true }, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={el} role="img" aria-label={summary} data-testid={testId} style={{ width: '100%', height }} />;
}
