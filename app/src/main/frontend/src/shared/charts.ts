/**
 * ECharts for both apps, registered piece by piece so the bundle carries only the charts we draw.
 * Pages import `VChart` from here, never `echarts` directly.
 */
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import {
    DataZoomComponent,
    GridComponent,
    LegendComponent,
    MarkAreaComponent,
    MarkLineComponent,
    TitleComponent,
    TooltipComponent,
} from 'echarts/components'
import VChart from 'vue-echarts'

use([
    CanvasRenderer,
    BarChart,
    LineChart,
    PieChart,
    GridComponent,
    TooltipComponent,
    LegendComponent,
    MarkAreaComponent,
    MarkLineComponent,
    TitleComponent,
    DataZoomComponent,
])

export { VChart }

/** Quality colours shared by tags, bars and curve marks. */
export const QUALITY_COLOURS: Record<string, string> = {
    ACTUAL: '#0a6cff',
    ESTIMATED: '#f59e0b',
    EDITED: '#8b5cf6',
    PARTIAL: '#f59e0b',
    MISSING: '#c0c4cc',
}

/** TOU tariff colours: 尖 sharp, 峰 peak, 平 flat, 谷 valley (T1..T4). */
export const TOU_COLOURS = ['#e5484d', '#f59e0b', '#0a6cff', '#22a06b']
