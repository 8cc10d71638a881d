// AL-7: stuck orders — the search, the CLI output and the Prometheus exporter.
export {
  findStuckOrders,
  stuckOrdersQuery,
  resolveOlderThan,
  normaliseStatuses,
  DEFAULT_FINAL_STATUSES,
  DEFAULT_OLDER_THAN,
  NEVER_CHANGED_STATUS,
  type StuckOrder,
  type StuckOrdersOptions,
  type StuckOrdersResult,
} from './find-stuck-orders';
export { formatStuckOrders, stuckOrderRows } from './format-stuck-orders';
export {
  renderStuckOrdersMetrics,
  escapeLabelValue,
  STUCK_ORDERS_METRIC,
  DEFAULT_METRICS_LISTEN,
  PROMETHEUS_CONTENT_TYPE,
  type StuckOrdersMetricsState,
} from './stuck-orders-metrics';
export {
  serveStuckOrderMetrics,
  serveUntilSignal,
  parseListenAddress,
  type ListenAddress,
  type MetricsServerOptions,
  type StuckOrdersMetricsServer,
} from './metrics-server';
