import type { EsClient } from '@jewelry/elasticsearch';
import { StackError } from '@jewelry/ops-kit';
import { renderWaterfall } from './render-waterfall';
import { isTraceId, readTrace, traceIdsOfOrder, LOG_INDICES, TRACE_INDICES } from './trace-query';
import type { TraceView } from './trace-model';

export interface TraceLookup {
  /** What was asked for. */
  query: string;
  kind: 'trace' | 'order';
  traces: TraceView[];
}

/** Thrown when nothing matches: the CLI prints the message and exits 1. */
export class NothingFoundError extends StackError {}

/** `jewelry-otel trace <trace-id | order-id>`: the traces, read from Elasticsearch. */
export async function lookupTrace(client: EsClient, query: string): Promise<TraceLookup> {
  const kind = isTraceId(query) ? 'trace' : 'order';
  const ids = kind === 'trace' ? [query] : await traceIdsOfOrder(client, query);
  const traces = (await Promise.all(ids.map((id) => readTrace(client, id)))).filter((t) => t.spans.length + t.logs.length > 0);
  if (traces.length === 0) {
    const what = kind === 'trace' ? `trace ${query}` : `order ${query} (no log record has order.id=${query})`;
    throw new NothingFoundError(
      `nothing found for ${what} in Elasticsearch at ${client.url} (searched ${TRACE_INDICES} and ${LOG_INDICES}); records arrive a few seconds after they are written`,
    );
  }
  return { query, kind, traces };
}

export function formatLookup(lookup: TraceLookup, color: boolean): string {
  const header = lookup.kind === 'order' ? [`order ${lookup.query}: ${lookup.traces.length} trace(s), earliest first`, ''] : [];
  return [...header, ...lookup.traces.map((t) => renderWaterfall(t, { color }))].join('\n\n');
}
