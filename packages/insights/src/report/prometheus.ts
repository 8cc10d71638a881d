// The report's Prometheus section: request rate and 5xx ratio per service
// over the period, when Prometheus is reachable and has the series. Several
// sources can carry them, depending on what the collector and the SDK export;
// the first that has data is used, and the report names it and its PromQL.
// Nothing here throws: an unreachable Prometheus or missing series become a
// sentence in the report.
import { errorMessage } from '@jewelry/ops-kit';

export interface PromSeries {
  labels: Record<string, string>;
  /** [epoch ms, value] */
  values: [number, number][];
}

export interface PromQueryResult {
  query: string;
  series: PromSeries[];
}

/** One way of getting request counts: a counter and the matcher that picks the 5xx (or failed) ones. */
export interface RequestMetricSource {
  /** Shown in the report. */
  name: string;
  /** A counter of server requests (selector with its matchers). */
  total: string;
  /** The same counter restricted to failed (5xx) requests. */
  failed: string;
  /** Label that names the service. */
  serviceLabel: string;
}

/**
 * Where request counts may come from, in order of preference:
 * 1. the SDK's stable HTTP server metric (`http.server.request.duration`,
 *    our preset opts into stable HTTP semconv), re-exposed by the
 *    collector's prometheus exporter with resource attributes as labels;
 * 2. the spanmetrics connector's calls counter (server spans; a 5xx server
 *    span has status ERROR);
 * 3. the old HTTP semconv metric (`http.server.duration`, ms).
 */
export const REQUEST_METRIC_SOURCES: readonly RequestMetricSource[] = [
  {
    name: 'SDK HTTP server metric (http.server.request.duration)',
    total: 'http_server_request_duration_seconds_count',
    failed: 'http_server_request_duration_seconds_count{http_response_status_code=~"5.."}',
    serviceLabel: 'service_name',
  },
  {
    name: 'collector span metrics (spanmetrics connector, server spans)',
    total: 'traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER"}',
    failed: 'traces_span_metrics_calls_total{span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"}',
    serviceLabel: 'service_name',
  },
  {
    name: 'SDK HTTP server metric, old semantic conventions (http.server.duration)',
    total: 'http_server_duration_milliseconds_count',
    failed: 'http_server_duration_milliseconds_count{http_status_code=~"5.."}',
    serviceLabel: 'service_name',
  },
];

export function requestRateQuery(source: RequestMetricSource, window: string): string {
  return `sum by (${source.serviceLabel}) (rate(${source.total}[${window}]))`;
}

/** Failed/total per service; 0 (not "no data") when a service had requests but no failure. */
export function errorRatioQuery(source: RequestMetricSource, window: string): string {
  const by = `sum by (${source.serviceLabel})`;
  const total = `${by} (rate(${source.total}[${window}]))`;
  return `(${by} (rate(${source.failed}[${window}])) or ${total} * 0) / ${total}`;
}

/** Prometheus duration text for a window or step: 90000 → "90s". */
export function promDuration(millis: number): string {
  return `${Math.max(1, Math.round(millis / 1000))}s`;
}

interface PromAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; values?: [number, string][] }[] };
}

export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
  constructor(
    message: string,
    /** true when Prometheus did not answer at all. */
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

export async function queryRange(
  baseUrl: string,
  query: string,
  startMillis: number,
  endMillis: number,
  stepMillis: number,
  timeoutMs = 5000,
): Promise<PromQueryResult> {
  const params = new URLSearchParams({
    query,
    start: String(startMillis / 1000),
    end: String(endMillis / 1000),
    step: promDuration(stepMillis),
  });
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query_range`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new PrometheusError(`Prometheus at ${baseUrl} is not reachable: ${cause?.code ?? cause?.message ?? errorMessage(err)}`, true);
  }
  let body: PromAnswer;
  try {
    body = (await res.json()) as PromAnswer;
  } catch {
    throw new PrometheusError(`${url} answered ${res.status} with something that is not Prometheus JSON`, true);
  }
  if (!res.ok || body.status !== 'success' || !body.data) {
    throw new PrometheusError(`Prometheus refused the query (${res.status}): ${body.error ?? 'no data'}`, false);
  }
  return {
    query,
    series: body.data.result.map((r) => ({
      labels: r.metric,
      values: (r.values ?? []).map(([t, v]) => [t * 1000, Number(v)] as [number, number]).filter(([, v]) => Number.isFinite(v)),
    })),
  };
}

export interface PrometheusSection {
  url: string;
  /** false: Prometheus did not answer; `note` says why. */
  reachable: boolean;
  /** The source used, when one had series. */
  source?: string;
  requestRate?: PromQueryResult;
  errorRatio?: PromQueryResult;
  /** Why a part is missing, for the report (also set when everything worked but a ratio query failed). */
  note?: string;
}

/**
 * Request rate and 5xx ratio per service over [start, end], or a note saying
 * why not (unreachable, or none of the sources has series).
 */
export async function collectPrometheus(
  url: string,
  startMillis: number,
  endMillis: number,
  stepMillis: number,
): Promise<PrometheusSection> {
  // rate() needs at least two scrapes (15 s apart) in its window.
  const window = promDuration(Math.max(stepMillis, 60_000));
  const tried: string[] = [];
  for (const source of REQUEST_METRIC_SOURCES) {
    let rate: PromQueryResult;
    try {
      rate = await queryRange(url, requestRateQuery(source, window), startMillis, endMillis, stepMillis);
    } catch (err) {
      const unreachable = err instanceof PrometheusError && err.unreachable;
      return { url, reachable: !unreachable, note: errorMessage(err) };
    }
    tried.push(source.total.split('{')[0]!);
    if (rate.series.length === 0) continue;
    try {
      const ratio = await queryRange(url, errorRatioQuery(source, window), startMillis, endMillis, stepMillis);
      return { url, reachable: true, source: source.name, requestRate: rate, errorRatio: ratio };
    } catch (err) {
      return { url, reachable: true, source: source.name, requestRate: rate, note: `the 5xx ratio query failed: ${errorMessage(err)}` };
    }
  }
  return {
    url,
    reachable: true,
    note: `Prometheus at ${url} answered, but has no request series in this period (looked for ${tried.join(', ')}): the services' HTTP metrics or the collector's span metrics are not scraped yet.`,
  };
}
