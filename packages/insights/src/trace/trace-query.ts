import { classIndexPatterns, fields, type RetentionClass } from '@jewelry/schema';
import type { EsClient } from '@jewelry/elasticsearch';
import type { LogRecordView, SpanRecord, TraceView } from './trace-model';

type Source = Record<string, unknown>;
interface Hits {
  hits: { hits: { _source: Source }[] };
}

const patterns = (classes: RetentionClass[]): string => classes.flatMap((c) => classIndexPatterns(c)).join(',');
export const LOG_INDICES = patterns(['logs', 'errors', 'audit']);
export const TRACE_INDICES = patterns(['traces']);
const SEARCH_OPTIONS = 'ignore_unavailable=true&allow_no_indices=true';

/** A 32-hex string is a trace id; anything else is taken for an order id. */
export function isTraceId(value: string): boolean {
  return /^[0-9a-f]{32}$/i.test(value);
}

/** ISO-8601 with up to nanoseconds (the exporter writes 9 digits) → epoch ms with the fraction kept. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value ?? '');
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!m) return Date.parse(text);
  const fraction = Number(`0.${m[2] ?? '0'}`) * 1000;
  return Date.parse(`${m[1]}${m[3]}`) + fraction;
}

/** The business fields a log line shows: the schema's event fields plus the error type. */
const SHOWN_FIELDS = [
  ...Object.values(fields)
    .map((f) => f.name)
    .filter((n) => !['order.items', 'dashboard.filters'].includes(n)),
  'error.type',
];

function toSpan(s: Source): SpanRecord {
  return {
    spanId: String(s['span.id'] ?? s.SpanId ?? ''),
    parentId: (s['parent.id'] as string | undefined) || undefined,
    name: String(s['span.name'] ?? s.Name ?? ''),
    kind: String(s['span.kind'] ?? ''),
    service: String(s['service.name'] ?? 'unknown'),
    startMillis: parseTimestamp(s['@timestamp']),
    durationMillis: Number(s['event.duration'] ?? 0) / 1e6,
    failed: s['event.outcome'] === 'failure',
  };
}

function toLog(s: Source): LogRecordView {
  const shown: Record<string, unknown> = {};
  for (const name of SHOWN_FIELDS) if (s[name] !== undefined) shown[name] = s[name];
  return {
    timestampMillis: parseTimestamp(s['@timestamp']),
    level: String(s['log.level'] ?? 'info'),
    message: String(s.message ?? ''),
    service: String(s['service.name'] ?? 'unknown'),
    spanId: (s['span.id'] as string | undefined) || undefined,
    eventName: (s['event.name'] as string | undefined) || undefined,
    fields: shown,
  };
}

async function searchAll(client: EsClient, indices: string, query: unknown, size: number): Promise<Source[]> {
  const res = await client.post<Hits>(`/${indices}/_search?${SEARCH_OPTIONS}`, { size, query, sort: [{ '@timestamp': 'asc' }] });
  return res.body.hits.hits.map((h) => h._source);
}

/** Every span and log record of one trace. */
export async function readTrace(client: EsClient, traceId: string, limit = 2000): Promise<TraceView> {
  const query = { term: { 'trace.id': traceId.toLowerCase() } };
  const [spans, logs] = await Promise.all([searchAll(client, TRACE_INDICES, query, limit), searchAll(client, LOG_INDICES, query, limit)]);
  return { traceId: traceId.toLowerCase(), spans: spans.map(toSpan), logs: logs.map(toLog) };
}

/** The traces an order took part in, earliest first (its creation, then later updates or queries). */
export async function traceIdsOfOrder(client: EsClient, orderId: string): Promise<string[]> {
  const res = await client.post<{ aggregations?: { traces: { buckets: { key: string }[] } } }>(
    `/${LOG_INDICES}/_search?${SEARCH_OPTIONS}`,
    {
      size: 0,
      query: { term: { 'order.id': orderId } },
      aggs: {
        traces: { terms: { field: 'trace.id', size: 50, order: { first: 'asc' } }, aggs: { first: { min: { field: '@timestamp' } } } },
      },
    },
  );
  return (res.body.aggregations?.traces.buckets ?? []).map((b) => b.key);
}
