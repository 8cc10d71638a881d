// Seeds business events with chosen @timestamps into the write aliases that
// `es setup` made, the way the collector writes them (flat dotted keys), for
// the stuck-orders and report tests.
import { randomBytes } from 'node:crypto';
import type { EsClient } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';

export type Doc = Record<string, unknown>;

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const traceId = (): string => randomBytes(16).toString('hex');

export function created(service: string, orderId: string, at: number, extra: Doc = {}): Doc {
  return {
    '@timestamp': new Date(at).toISOString(),
    'log.level': 'info',
    message: 'order created',
    'service.name': service,
    'event.name': 'order.created',
    'trace.id': traceId(),
    'order.id': orderId,
    'customer.id': `cus_${orderId}`,
    'order.source': service === 'partner-api' ? 'partner-api' : 'shop-api',
    ...extra,
  };
}

export function changed(service: string, orderId: string, at: number, from: string, to: string, extra: Doc = {}): Doc {
  return {
    '@timestamp': new Date(at).toISOString(),
    'log.level': 'info',
    message: 'order status changed',
    'service.name': service,
    'event.name': 'order.status_changed',
    'trace.id': traceId(),
    'order.id': orderId,
    'order.previous_status': from,
    'order.status': to,
    ...extra,
  };
}

/** Bulk-indexes each document into `<service>-<class>` (class from log.level), refreshed. */
export async function seed(client: EsClient, docs: readonly Doc[]): Promise<void> {
  const lines: string[] = [];
  for (const doc of docs) {
    const level = String(doc['log.level'] ?? 'info');
    const cls = ['warn', 'error', 'fatal'].includes(level) ? 'errors' : 'logs';
    lines.push(JSON.stringify({ index: { _index: writeAlias(String(doc['service.name']), cls) } }), JSON.stringify(doc));
  }
  // EsClient sends JSON; _bulk wants NDJSON, so this one goes through fetch.
  const res = await fetch(`${client.url}/_bulk?refresh=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
  const body = (await res.json()) as { errors: boolean; items: { index: { status: number; error?: unknown } }[] };
  if (!res.ok || body.errors) {
    throw new Error(`bulk: ${res.status} ${JSON.stringify(body.items.find((i) => i.index.error)?.index.error ?? body).slice(0, 400)}`);
  }
}
