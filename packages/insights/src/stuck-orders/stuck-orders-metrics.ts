// The stuck-order count as Prometheus metrics (AL-7 → a Prometheus alert
// rule), in the text exposition format 0.0.4. No client library: a gauge
// family and a few single values are a dozen lines.
import type { StuckOrdersResult } from './find-stuck-orders';

/** The metric the alert rule reads: orders with no status change for longer than the limit, by last status. */
export const STUCK_ORDERS_METRIC = 'jewelry_stuck_orders';
/** The address `--serve` listens on when given none (9464: the port OpenTelemetry's Prometheus exporters use). */
export const DEFAULT_METRICS_LISTEN = '127.0.0.1:9464';
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface StuckOrdersMetricsState {
  /** The last successful check, if any. */
  last: StuckOrdersResult | undefined;
  /** Every status ever reported since start, so a status that drops to 0 reads 0 rather than vanishing. */
  statusesSeen: ReadonlySet<string>;
  /** The limit, for the threshold gauge even before the first check. */
  olderThanMillis: number;
  lastCheckOk: boolean;
  lastCheckSeconds: number | undefined;
  lastCheckAtMillis: number | undefined;
  checkErrors: number;
  checks: number;
}

/** Escapes a label value: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(Math.round(value * 1000) / 1000);
}

function gauge(lines: string[], name: string, help: string, samples: [string, number][]): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${num(value)}`);
}

/**
 * The /metrics page. `jewelry_stuck_orders{status}` keeps the values of the
 * last successful check while Elasticsearch is unreachable (an alert does not
 * flap on an outage); `jewelry_stuck_orders_last_check_success` and
 * `jewelry_stuck_orders_last_success_timestamp_seconds` tell how fresh they are.
 */
export function renderStuckOrdersMetrics(state: StuckOrdersMetricsState): string {
  const lines: string[] = [];
  const last = state.last;
  if (last) {
    const statuses = [...new Set([...state.statusesSeen, ...Object.keys(last.byStatus)])].sort();
    gauge(
      lines,
      STUCK_ORDERS_METRIC,
      'Orders whose last status change is older than the limit and whose status is not final (AL-7), by last status.',
      statuses.map((s) => [`{status="${escapeLabelValue(s)}"}`, last.byStatus[s] ?? 0]),
    );
    gauge(lines, `${STUCK_ORDERS_METRIC}_oldest_age_seconds`, "Age of the oldest stuck order's last status change; 0 when none is stuck.", [
      ['', (last.oldestAgeMillis ?? 0) / 1000],
    ]);
    gauge(lines, `${STUCK_ORDERS_METRIC}_orders_checked`, 'Orders seen by the last successful check.', [['', last.ordersSeen]]);
    gauge(lines, `${STUCK_ORDERS_METRIC}_last_success_timestamp_seconds`, 'When the last successful check ran (Unix time).', [
      ['', Date.parse(last.checkedAt) / 1000],
    ]);
  }
  gauge(lines, `${STUCK_ORDERS_METRIC}_older_than_seconds`, 'The limit: an order with no status change for longer is stuck.', [
    ['', state.olderThanMillis / 1000],
  ]);
  gauge(lines, `${STUCK_ORDERS_METRIC}_last_check_success`, '1 when the last check read Elasticsearch, 0 when it failed.', [
    ['', state.lastCheckOk ? 1 : 0],
  ]);
  if (state.lastCheckSeconds !== undefined) {
    gauge(lines, `${STUCK_ORDERS_METRIC}_check_duration_seconds`, 'How long the last check took.', [['', state.lastCheckSeconds]]);
  }
  lines.push(
    `# HELP ${STUCK_ORDERS_METRIC}_check_errors_total Checks that failed since start.`,
    `# TYPE ${STUCK_ORDERS_METRIC}_check_errors_total counter`,
    `${STUCK_ORDERS_METRIC}_check_errors_total ${state.checkErrors}`,
  );
  return `${lines.join('\n')}\n`;
}
