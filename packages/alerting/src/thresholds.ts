// The alert thresholds: alerting.json (beside this package's package.json),
// the one source of every number the alert rules, the runbooks and the report
// use, with JEWELRY_ALERT_<KEY> overrides from the environment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDurationSetting, tryParseDuration, UsageError } from '@jewelry/ops-kit';
import { spanMetricsBoundsSeconds } from './span-metrics';

/** The file, shipped with the package. */
export const THRESHOLDS_FILE = join(__dirname, '..', 'alerting.json');

export interface Thresholds {
  /** Runbook links are `<base>docs/runbooks/<file>`; empty: the repository-relative path. */
  readonly runbook_base_url: string;
  /** AL-1: share of a service's requests answering 5xx. */
  readonly http_5xx_ratio_max: number;
  readonly http_5xx_window: string;
  readonly http_5xx_min_request_rate: number;
  readonly http_5xx_for: string;
  /** AL-4: p95 of the HTTP server response time. */
  readonly http_latency_p95_max_seconds: number;
  readonly http_latency_window: string;
  readonly http_latency_for: string;
  /** AL-4: ERROR/FATAL records per service over the window. */
  readonly errors_max: number;
  readonly errors_window: string;
  readonly errors_for: string;
  /** AL-3: new orders per second (possible DDoS). */
  readonly order_rate_max: number;
  readonly order_rate_window: string;
  readonly order_rate_for: string;
  readonly order_anomaly_factor: number;
  readonly order_anomaly_min_rate: number;
  readonly order_anomaly_baseline: string;
  readonly order_anomaly_for: string;
  readonly order_drop_factor: number;
  readonly order_drop_min_rate: number;
  readonly order_drop_window: string;
  readonly order_drop_for: string;
  readonly order_drop_hour_from_utc: number;
  readonly order_drop_hour_to_utc: number;
  /** AL-2: a price calculation longer than this is an incident (a bound of the span-metrics histogram). */
  readonly price_calc_max_seconds: number;
  readonly price_calc_span_name: string;
  readonly price_calc_window: string;
  /** ST-4. */
  readonly es_disk_used_warning: number;
  readonly es_disk_used_critical: number;
  readonly es_yellow_for: string;
  readonly es_red_for: string;
  readonly es_absent_for: string;
  /** AL-7. */
  readonly stuck_orders_max: number;
  readonly stuck_orders_for: string;
  readonly telemetry_lost_window: string;
}

export type ThresholdKey = keyof Thresholds;

type Env = Record<string, string | undefined>;

/** JEWELRY_ALERT_<KEY>: the key in upper case (order_rate_max → JEWELRY_ALERT_ORDER_RATE_MAX). */
export function thresholdVariable(key: string): string {
  return `JEWELRY_ALERT_${key.toUpperCase()}`;
}

export interface LoadOptions {
  /** Another thresholds file (tests). */
  readonly file?: string;
  /**
   * The span-metrics histogram bounds (seconds) price_calc_max_seconds must be
   * one of; default: read from collector/config.metrics.yaml when the
   * repository is there (the check is skipped where it is not).
   */
  readonly spanMetricsBounds?: readonly number[] | null;
}

/**
 * The thresholds with the JEWELRY_ALERT_* overrides of `env` applied (numbers
 * stay numbers), and JEWELRY_RUNBOOK_BASE_URL for the runbook links; checked
 * (durations in the one grammar, written back in canonical form). Throws a
 * UsageError naming the key or variable that is wrong.
 */
export function loadThresholds(env: Env = process.env, options: LoadOptions = {}): Thresholds {
  const file = options.file ?? THRESHOLDS_FILE;
  let base: Record<string, unknown>;
  try {
    base = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`cannot read the alert thresholds ${file}: ${(err as Error).message}`);
  }
  delete base['//'];
  const config: Record<string, unknown> = { ...base };
  for (const key of Object.keys(base)) {
    const name = thresholdVariable(key);
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (typeof base[key] === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got '${raw}'`);
      config[key] = n;
    } else {
      config[key] = raw;
    }
  }
  if (env.JEWELRY_RUNBOOK_BASE_URL !== undefined && env.JEWELRY_ALERT_RUNBOOK_BASE_URL === undefined) {
    config.runbook_base_url = env.JEWELRY_RUNBOOK_BASE_URL;
  }
  const bounds = options.spanMetricsBounds === undefined ? spanMetricsBoundsSeconds() : options.spanMetricsBounds;
  return validate(config, bounds ?? undefined);
}

/** The committed values, without any machine's overrides (what the committed rules and runbooks show). */
export function defaultThresholds(options: LoadOptions = {}): Thresholds {
  return loadThresholds({}, options);
}

const DURATION_KEY = /_(window|for|baseline)$/;

function validate(c: Record<string, unknown>, bounds: readonly number[] | undefined): Thresholds {
  for (const [k, v] of Object.entries(c)) {
    if (!DURATION_KEY.test(k)) continue;
    // A `for` may be zero (fire at once); a window may not.
    const ms = tryParseDuration(String(v), { allowZero: k.endsWith('_for') });
    if (ms === undefined) throw new UsageError(`${k} must be a duration like 5m (${thresholdVariable(k)}), got '${String(v)}'`);
    // Prometheus takes no fractions ("1.5h"): the canonical form of the same duration ("90m").
    c[k] = ms === 0 ? '0m' : formatDurationSetting(ms);
  }
  for (const k of ['order_drop_hour_from_utc', 'order_drop_hour_to_utc']) {
    const v = c[k];
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 24)
      throw new UsageError(`${k} must be an hour from 0 to 24, got ${String(v)}`);
  }
  const factor = c.order_drop_factor as number;
  if (!(factor > 0 && factor < 1)) throw new UsageError(`order_drop_factor must be between 0 and 1, got ${factor}`);
  if (bounds && !bounds.includes(c.price_calc_max_seconds as number)) {
    throw new UsageError(
      `price_calc_max_seconds must be a span-metrics bucket bound (${bounds.join(', ')}; collector/config.metrics.yaml), got ${String(c.price_calc_max_seconds)}`,
    );
  }
  return c as unknown as Thresholds;
}
