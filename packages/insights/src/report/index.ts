// AL-8: the periodic report — data from Elasticsearch and Prometheus, inline SVG charts, HTML + Markdown.
export {
  collectReport,
  reportQuery,
  chooseBucket,
  reportAlerts,
  type ReportAlerts,
  type ReportData,
  type ReportOptions,
  type ServiceErrors,
} from './collect-report';
export {
  collectPrometheus,
  queryRange,
  requestRateQuery,
  errorRatioQuery,
  promDuration,
  PrometheusError,
  REQUEST_METRIC_SOURCES,
  type PrometheusSection,
  type PromQueryResult,
  type PromSeries,
  type RequestMetricSource,
} from './prometheus';
export {
  lineChart,
  barChart,
  niceTicks,
  timeTicks,
  formatTimeTick,
  formatNumber,
  escapeXml,
  PALETTE,
  type Point,
  type LineSeries,
  type BarSeries,
  type LineChartOptions,
  type BarChartOptions,
  type NiceScale,
  type Threshold,
} from './svg-charts';
export { renderReportHtml, durationUnit, formatMillis, formatLimit, STUCK_ROWS_SHOWN } from './render-html';
export { renderReportMarkdown } from './render-markdown';
export { writeReport, reportBaseName, DEFAULT_REPORT_DIR, type WriteReportOptions, type WrittenReport } from './write-report';
