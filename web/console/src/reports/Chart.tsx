import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// Only the pieces these charts use (tree-shaken echarts/core); this module is imported by chart routes only.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** One chart: SVG (text drawn with the page's CJK fonts), described for screen readers by ECharts' aria. */
export const Chart = ({ option, label, testId }: { option: EChartsCoreOption; label: string; testId?: string }) => (
  <div role="img" aria-label={label} data-testid={testId}>
    <ReactEChartsCore echarts={echarts} option={{ aria: { enabled: true }, ...option }} className="chart-box" opts={{ renderer: 'svg' }} notMerge />
  </div>
);
