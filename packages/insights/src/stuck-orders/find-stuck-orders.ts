// AL-7: orders whose last status change is older than a limit and whose
// status is not final, read from Elasticsearch.
//
// One composite aggregation over `order.id` (paged with `after_key`, so every
// order is seen however many there are), restricted to the two events that
// say where an order stands: `order.status_changed` (EV-2) and
// `order.created` (EV-1). Per order, a top_hits of size 1 gives the latest
// status change (by @timestamp) and another the creation. Everything else —
// the age, the final statuses, "created but never changed" — is decided here,
// not in Elasticsearch: this build has no painless, so no bucket_selector.
import { events, fields, logRecordFields } from '@jewelry/schema';
import type { EsClient } from '@jewelry/elasticsearch';
import { UsageError, formatAge, formatDurationSetting, parseDuration } from '@jewelry/ops-kit';
import { LOG_INDICES, parseTimestamp } from '../trace/trace-query';

/** Statuses after which an order is done, unless `finalStatuses` says otherwise. */
export const DEFAULT_FINAL_STATUSES: readonly string[] = ['confirmed', 'delivered', 'cancelled', 'rejected'];
/** The limit when none is given: a week without a status change. */
export const DEFAULT_OLDER_THAN = '7d';
/** The status shown (and the metric label) for an order created but never changed. */
export const NEVER_CHANGED_STATUS = 'created';

const CREATED = events.orderCreated.name;
const STATUS_CHANGED = events.orderStatusChanged.name;
const F = {
  timestamp: logRecordFields.timestamp.name,
  eventName: logRecordFields.eventName.name,
  service: logRecordFields.serviceName.name,
  traceId: logRecordFields.traceId.name,
  orderId: fields.orderId.name,
  status: fields.toStatus.name,
  previousStatus: fields.fromStatus.name,
  customerId: fields.customerId.name,
  userId: fields.userId.name,
} as const;
const SOURCE_FIELDS = Object.values(F);

export interface StuckOrdersOptions {
  /** How long without a status change makes an order stuck: `7d`, `45m`, … or milliseconds. Default 7d. */
  olderThan?: string | number;
  /** Statuses that end an order (compared case-insensitively). Default DEFAULT_FINAL_STATUSES. */
  finalStatuses?: readonly string[];
  /** "Now" for the age; default the current time. */
  now?: Date | number;
  /** Index pattern(s) to search; default every log class of every service (`*-logs-*,*-logs,*-errors-*,…`). */
  indices?: string;
  /** Orders per composite page; default 1000. */
  pageSize?: number;
}

export interface StuckOrder {
  orderId: string;
  /** Status after the last change; `created` when the order never changed status. */
  status: string;
  /** Status before the last change, when known. */
  previousStatus: string | null;
  /** When the last status change (or the creation) happened, ISO-8601. */
  since: string;
  sinceMillis: number;
  ageMillis: number;
  /** `8d 3h`. */
  age: string;
  /** Service that logged the last change (or the creation). */
  service: string | null;
  /** Trace of that last change: `jewelry-otel trace <traceId>` shows it. */
  traceId: string | null;
  customerId: string | null;
  /** True when only `order.created` was found: stuck since its creation. */
  neverChanged: boolean;
}

export interface StuckOrdersResult {
  checkedAt: string;
  olderThan: string;
  olderThanMillis: number;
  /** Orders whose last change is before this are old enough to be stuck. */
  cutoff: string;
  finalStatuses: string[];
  indices: string;
  /** Orders with at least one `order.created` or `order.status_changed` record. */
  ordersSeen: number;
  /** Stuck orders, oldest first. */
  stuck: StuckOrder[];
  /** Stuck orders per last status. */
  byStatus: Record<string, number>;
  oldestAgeMillis: number | null;
  /** Elasticsearch round trips (composite pages). */
  pages: number;
  tookMillis: number;
}

type Source = Record<string, unknown>;
interface TopHit {
  _source: Source;
  sort?: unknown[];
}
interface TopHits {
  doc_count: number;
  doc: { hits: { hits: TopHit[] } };
}
interface OrderBucket {
  key: { order: string };
  last_change: TopHits;
  created: TopHits;
}
interface CompositeAnswer {
  aggregations?: { orders: { after_key?: { order: string }; buckets: OrderBucket[] } };
}

/** A field of a document whether it came flat (`"order.id": …`, as the collector writes) or nested. */
function read(source: Source, name: string): unknown {
  if (name in source) return source[name];
  let at: unknown = source;
  for (const part of name.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Source)[part];
  }
  return at;
}

function text(source: Source | undefined, name: string): string | null {
  if (!source) return null;
  const value = read(source, name);
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : null;
  return value === undefined || value === null || value === '' ? null : String(value);
}

function hitTime(hit: TopHit): number {
  const sorted = hit.sort?.[0];
  return typeof sorted === 'number' ? sorted : parseTimestamp(read(hit._source, F.timestamp));
}

function topHit(agg: TopHits): TopHit | undefined {
  return agg.doc_count > 0 ? agg.doc.hits.hits[0] : undefined;
}

export function resolveOlderThan(value: string | number | undefined): number {
  if (value === undefined) return parseDuration(DEFAULT_OLDER_THAN);
  if (typeof value === 'number') {
    if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`older-than must be longer than zero, got ${value} ms`);
    return value;
  }
  return parseDuration(value, 'older-than');
}

export function normaliseStatuses(statuses: readonly string[]): string[] {
  return [
    ...new Set(
      statuses
        .flatMap((s) => s.split(','))
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/** The composite search for one page of orders (exported for tests and for the curious). */
export function stuckOrdersQuery(pageSize: number, after?: { order: string }): Record<string, unknown> {
  const top = (order: 'asc' | 'desc') => ({
    top_hits: { size: 1, sort: [{ [F.timestamp]: { order } }], _source: { includes: SOURCE_FIELDS } },
  });
  return {
    size: 0,
    track_total_hits: false,
    query: { bool: { filter: [{ terms: { [F.eventName]: [CREATED, STATUS_CHANGED] } }, { exists: { field: F.orderId } }] } },
    aggs: {
      orders: {
        composite: { size: pageSize, sources: [{ order: { terms: { field: F.orderId } } }], ...(after ? { after } : {}) },
        aggs: {
          last_change: { filter: { term: { [F.eventName]: STATUS_CHANGED } }, aggs: { doc: top('desc') } },
          created: { filter: { term: { [F.eventName]: CREATED } }, aggs: { doc: top('asc') } },
        },
      },
    },
  };
}

/** Where one order stands, from its latest status change or (failing that) its creation. */
function orderState(bucket: OrderBucket, now: number): StuckOrder | undefined {
  const change = topHit(bucket.last_change);
  const created = topHit(bucket.created);
  const last = change ?? created;
  if (!last) return undefined;
  const sinceMillis = hitTime(last);
  if (!Number.isFinite(sinceMillis)) return undefined;
  return {
    orderId: bucket.key.order,
    status: change ? (text(change._source, F.status) ?? 'unknown') : NEVER_CHANGED_STATUS,
    previousStatus: change ? text(change._source, F.previousStatus) : null,
    since: new Date(sinceMillis).toISOString(),
    sinceMillis,
    ageMillis: now - sinceMillis,
    age: formatAge(now - sinceMillis),
    service: text(last._source, F.service),
    traceId: text(last._source, F.traceId),
    // EV-2 has customer.id as optional: the creation (EV-1, required there) fills the gap.
    customerId: text(change?._source, F.customerId) ?? text(created?._source, F.customerId),
    neverChanged: change === undefined,
  };
}

/**
 * Every order whose last `order.status_changed` (by @timestamp) is older
 * than `olderThan` and whose status is not final; an order with only
 * `order.created` counts from its creation. Reads all orders, page by page.
 */
export async function findStuckOrders(client: EsClient, options: StuckOrdersOptions = {}): Promise<StuckOrdersResult> {
  const started = Date.now();
  const olderThanMillis = resolveOlderThan(options.olderThan);
  const finalStatuses = normaliseStatuses(options.finalStatuses ?? DEFAULT_FINAL_STATUSES);
  const final = new Set(finalStatuses);
  const now = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const cutoff = now - olderThanMillis;
  const indices = options.indices ?? LOG_INDICES;
  const pageSize = options.pageSize ?? 1000;

  const stuck: StuckOrder[] = [];
  let ordersSeen = 0;
  let pages = 0;
  let after: { order: string } | undefined;
  for (;;) {
    const res = await client.post<CompositeAnswer>(
      `/${indices}/_search?ignore_unavailable=true&allow_no_indices=true`,
      stuckOrdersQuery(pageSize, after),
    );
    pages += 1;
    const orders = res.body.aggregations?.orders;
    const buckets = orders?.buckets ?? [];
    ordersSeen += buckets.length;
    for (const bucket of buckets) {
      const state = orderState(bucket, now);
      if (state && state.sinceMillis < cutoff && !final.has(state.status.toLowerCase())) stuck.push(state);
    }
    if (buckets.length < pageSize || !orders?.after_key) break;
    after = orders.after_key;
  }

  stuck.sort((a, b) => a.sinceMillis - b.sinceMillis || a.orderId.localeCompare(b.orderId));
  const byStatus: Record<string, number> = {};
  for (const order of stuck) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
  return {
    checkedAt: new Date(now).toISOString(),
    olderThan: typeof options.olderThan === 'string' ? options.olderThan.trim() : formatDurationSetting(olderThanMillis),
    olderThanMillis,
    cutoff: new Date(cutoff).toISOString(),
    finalStatuses,
    indices,
    ordersSeen,
    stuck,
    byStatus,
    oldestAgeMillis: stuck[0]?.ageMillis ?? null,
    pages,
    tookMillis: Date.now() - started,
  };
}
