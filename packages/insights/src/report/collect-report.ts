// AL-8: the numbers of a report, read from Elasticsearch (one search with
// three aggregations, plus the stuck-order scan) and from Prometheus when it
// answers. Rendering is elsewhere (render-html.ts, render-markdown.ts).
import { loadThresholds, type Thresholds } from '@jewelry/alerting';
import { events, fields, logRecordFields } from '@jewelry/schema';
import type { EsClient } from '@jewelry/elasticsearch';
import { UsageError, parseDuration } from '@jewelry/ops-kit';
import { findStuckOrders, type StuckOrdersResult } from '../stuck-orders/find-stuck-orders';
import { LOG_INDICES } from '../trace/trace-query';
import { collectPrometheus, type PrometheusSection } from './prometheus';
import type { Point } from './svg-charts';

/**
 * The alert thresholds the report marks (from @jewelry/alerting, the numbers
 * the Prometheus rules use, JEWELRY_ALERT_* overrides included).
 */
export interface ReportAlerts {
  /** AL-1: 5xx above this share of a service's requests. */
  readonly errorRatio: number;
  /** AL-3: new orders above this rate look like a DDoS. */
  readonly orderRatePerSecond: number;
  /** AL-2: a price calculation longer than this is an incident. */
  readonly slowPriceCalculationMs: number;
}

export function reportAlerts(t: Thresholds): ReportAlerts {
  return {
    errorRatio: t.http_5xx_ratio_max,
    orderRatePerSecond: t.order_rate_max,
    slowPriceCalculationMs: t.price_calc_max_seconds * 1000,
  };
}

export interface ReportOptions {
  /** The period, ending now: `24h`, `7d`, … or milliseconds. Default 24h. */
  since?: string | number;
  /** End of the period; default now. */
  now?: Date | number;
  /** Time bucket of the charts; default chosen for ~50–100 points. */
  bucketMillis?: number;
  /** Prometheus base URL; null skips the section (it then says so). */
  prometheusUrl?: string | null;
  /** Stuck-order limit and final statuses (see findStuckOrders). */
  olderThan?: string | number;
  finalStatuses?: readonly string[];
  /** Log index patterns; default every log class of every service. */
  indices?: string;
  /** The thresholds to mark; default the alert thresholds with this environment's JEWELRY_ALERT_* overrides. */
  thresholds?: Thresholds;
}

export interface ServiceErrors {
  service: string;
  error: number;
  fatal: number;
}

export interface ReportData {
  generatedAt: string;
  period: { from: string; to: string; fromMillis: number; toMillis: number; since: string; bucketMillis: number };
  elasticsearch: string;
  indices: string;
  orders: {
    total: number;
    /** Orders per second in each bucket (x: bucket start). */
    perSecond: Point[];
    meanPerSecond: number;
    peakPerSecond: number;
    peakAt: string | null;
    bySource: { source: string; count: number }[];
  };
  errors: {
    total: number;
    byService: ServiceErrors[];
    topTypes: { type: string; count: number }[];
  };
  priceCalculation: {
    count: number;
    p50Millis: number | null;
    p95Millis: number | null;
    p99Millis: number | null;
    maxMillis: number | null;
    /** Calculations longer than the AL-2 limit (alerts.slowPriceCalculationMs). */
    slow: number;
    p95: Point[];
    p50: Point[];
  };
  stuck: StuckOrdersResult;
  prometheus: PrometheusSection | { skipped: true; note: string };
  /** The thresholds the renderers mark. */
  alerts: ReportAlerts;
}

const BUCKETS = [
  10_000,
  30_000,
  60_000,
  5 * 60_000,
  10 * 60_000,
  15 * 60_000,
  30 * 60_000,
  3_600_000,
  2 * 3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  86_400_000,
];

/** The smallest bucket that gives at most `maxPoints` points over the period. */
export function chooseBucket(periodMillis: number, maxPoints = 96): number {
  return BUCKETS.find((b) => periodMillis / b <= maxPoints) ?? Math.ceil(periodMillis / maxPoints / 86_400_000) * 86_400_000;
}

const F = {
  timestamp: logRecordFields.timestamp.name,
  eventName: logRecordFields.eventName.name,
  level: logRecordFields.level.name,
  service: logRecordFields.serviceName.name,
  errorType: logRecordFields.errorType.name,
  source: fields.source.name,
  duration: fields.durationNs.name,
} as const;

interface Bucket {
  key: number;
  doc_count: number;
}
interface Terms<B = Bucket> {
  buckets: (B & { key: string; doc_count: number })[];
}
type Percentiles = { values: Record<string, number | null> };
interface ReportAnswer {
  aggregations?: {
    orders: { doc_count: number; per_bucket: { buckets: Bucket[] }; by_source: Terms };
    errors: { doc_count: number; by_service: Terms<{ by_level: Terms }>; by_type: Terms };
    price: {
      doc_count: number;
      overall: Percentiles;
      longest: { value: number | null };
      slow: { doc_count: number };
      per_bucket: { buckets: (Bucket & { pct: Percentiles })[] };
    };
  };
}

const nsToMs = (ns: number | null | undefined): number | null =>
  ns === null || ns === undefined || !Number.isFinite(ns) ? null : ns / 1e6;
const pct = (p: Percentiles, key: string): number | null => nsToMs(p.values[key] ?? p.values[`${key}.0`]);

/** The one Elasticsearch search behind the report's charts (exported so a test can read it). */
export function reportQuery(
  fromMillis: number,
  toMillis: number,
  bucketMillis: number,
  slowPriceCalculationMs: number,
): Record<string, unknown> {
  const histogram = {
    field: F.timestamp,
    fixed_interval: `${Math.round(bucketMillis / 1000)}s`,
    min_doc_count: 0,
    extended_bounds: { min: fromMillis, max: toMillis - 1 },
  };
  return {
    size: 0,
    track_total_hits: false,
    query: { range: { [F.timestamp]: { gte: fromMillis, lt: toMillis, format: 'epoch_millis' } } },
    aggs: {
      orders: {
        filter: { term: { [F.eventName]: events.orderCreated.name } },
        aggs: { per_bucket: { date_histogram: histogram }, by_source: { terms: { field: F.source, size: 10 } } },
      },
      errors: {
        filter: { terms: { [F.level]: ['error', 'fatal'] } },
        aggs: {
          by_service: { terms: { field: F.service, size: 50 }, aggs: { by_level: { terms: { field: F.level, size: 5 } } } },
          by_type: { terms: { field: F.errorType, size: 10 } },
        },
      },
      price: {
        filter: { term: { [F.eventName]: events.priceCalculationFinished.name } },
        aggs: {
          overall: { percentiles: { field: F.duration, percents: [50, 95, 99] } },
          longest: { max: { field: F.duration } },
          slow: { filter: { range: { [F.duration]: { gt: slowPriceCalculationMs * 1e6 } } } },
          per_bucket: { date_histogram: histogram, aggs: { pct: { percentiles: { field: F.duration, percents: [50, 95] } } } },
        },
      },
    },
  };
}

function resolveSince(value: string | number | undefined): { millis: number; text: string } {
  if (value === undefined) return { millis: parseDuration('24h'), text: '24h' };
  if (typeof value === 'number') {
    if (!(value > 0)) throw new UsageError(`since must be longer than zero, got ${value} ms`);
    return { millis: value, text: `${Math.round(value / 1000)}s` };
  }
  return { millis: parseDuration(value, 'since'), text: value.trim() };
}

export async function collectReport(client: EsClient, options: ReportOptions = {}): Promise<ReportData> {
  const since = resolveSince(options.since);
  const toMillis = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const bucketMillis = options.bucketMillis ?? chooseBucket(since.millis);
  // Buckets start on round times; the first one begins at or before the period's start.
  const fromMillis = Math.floor((toMillis - since.millis) / bucketMillis) * bucketMillis;
  const indices = options.indices ?? LOG_INDICES;
  const alerts = reportAlerts(options.thresholds ?? loadThresholds());

  const [answer, stuck, prometheus] = await Promise.all([
    client.post<ReportAnswer>(
      `/${indices}/_search?ignore_unavailable=true&allow_no_indices=true`,
      reportQuery(fromMillis, toMillis, bucketMillis, alerts.slowPriceCalculationMs),
    ),
    findStuckOrders(client, {
      now: toMillis,
      indices,
      ...(options.olderThan === undefined ? {} : { olderThan: options.olderThan }),
      ...(options.finalStatuses === undefined ? {} : { finalStatuses: options.finalStatuses }),
    }),
    options.prometheusUrl === null || options.prometheusUrl === undefined
      ? Promise.resolve({ skipped: true as const, note: 'Prometheus was not asked (no Prometheus URL, or --no-prometheus).' })
      : collectPrometheus(options.prometheusUrl, fromMillis, toMillis, bucketMillis),
  ]);
  const a = answer.body.aggregations;

  // Orders per second: a bucket's count over the part of it inside the period (the last one is still running).
  const perSecond: Point[] = (a?.orders.per_bucket.buckets ?? [])
    .filter((b) => b.key >= fromMillis && b.key < toMillis)
    .map((b) => {
      const seconds = (Math.min(b.key + bucketMillis, toMillis) - b.key) / 1000;
      return { x: b.key, y: seconds > 0 ? b.doc_count / seconds : 0 };
    });
  // The peak leaves out a last bucket that has run for less than half its length: one order in
  // its first seconds would read as a burst.
  const settled = perSecond.filter((p) => Math.min(p.x + bucketMillis, toMillis) - p.x >= bucketMillis / 2);
  const peak = settled.reduce<Point | undefined>((best, p) => (best === undefined || (p.y ?? 0) > (best.y ?? 0) ? p : best), undefined);
  const totalOrders = a?.orders.doc_count ?? 0;

  const byService: ServiceErrors[] = (a?.errors.by_service.buckets ?? []).map((b) => {
    const level = (name: string): number => b.by_level.buckets.find((l) => l.key === name)?.doc_count ?? 0;
    return { service: b.key, error: level('error'), fatal: level('fatal') };
  });

  const priceBuckets = (a?.price.per_bucket.buckets ?? []).filter((b) => b.key >= fromMillis && b.key < toMillis);
  const price = a?.price;
  return {
    generatedAt: new Date(toMillis).toISOString(),
    period: {
      from: new Date(fromMillis).toISOString(),
      to: new Date(toMillis).toISOString(),
      fromMillis,
      toMillis,
      since: since.text,
      bucketMillis,
    },
    elasticsearch: client.url,
    indices,
    orders: {
      total: totalOrders,
      perSecond,
      meanPerSecond: totalOrders / ((toMillis - fromMillis) / 1000),
      peakPerSecond: peak?.y ?? 0,
      peakAt: peak && (peak.y ?? 0) > 0 ? new Date(peak.x).toISOString() : null,
      bySource: (a?.orders.by_source.buckets ?? []).map((b) => ({ source: b.key, count: b.doc_count })),
    },
    errors: {
      total: a?.errors.doc_count ?? 0,
      byService,
      topTypes: (a?.errors.by_type.buckets ?? []).map((b) => ({ type: b.key, count: b.doc_count })),
    },
    priceCalculation: {
      count: price?.doc_count ?? 0,
      p50Millis: price && price.doc_count > 0 ? pct(price.overall, '50') : null,
      p95Millis: price && price.doc_count > 0 ? pct(price.overall, '95') : null,
      p99Millis: price && price.doc_count > 0 ? pct(price.overall, '99') : null,
      maxMillis: nsToMs(price?.longest.value),
      slow: price?.slow.doc_count ?? 0,
      p95: priceBuckets.map((b) => ({ x: b.key, y: b.doc_count > 0 ? pct(b.pct, '95') : null })),
      p50: priceBuckets.map((b) => ({ x: b.key, y: b.doc_count > 0 ? pct(b.pct, '50') : null })),
    },
    stuck,
    prometheus,
    alerts,
  };
}
