import type { EsClient } from '@jewelry/elasticsearch';
import { lookupTrace, NothingFoundError, type TraceLookup } from './lookup-trace';
import type { TraceView } from './trace-model';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TraceWait {
  /** Services whose spans must be in the trace. */
  services: readonly string[];
  /** Event names that must be among its log records. */
  events: readonly string[];
  timeoutMillis: number;
  onStatus: (text: string) => void;
}

function missing(trace: TraceView | undefined, wait: TraceWait): string[] {
  const services = new Set(trace?.spans.map((s) => s.service) ?? []);
  const events = new Set(trace?.logs.map((l) => l.eventName) ?? []);
  return [...wait.services.filter((s) => !services.has(s)).map((s) => `spans of ${s}`), ...wait.events.filter((e) => !events.has(e))];
}

/**
 * Spans end (and are exported) after their children, so a trace is read in
 * pieces: what is still missing is a parent some span names, or the span a
 * log record was written in.
 */
function unresolved(trace: TraceView | undefined): string[] {
  if (!trace) return [];
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const parents = trace.spans.filter((s) => s.parentId && !ids.has(s.parentId)).length;
  const logs = trace.logs.filter((l) => l.spanId && !ids.has(l.spanId)).length;
  return [...(parents ? [`${parents} parent span(s)`] : []), ...(logs ? [`the spans of ${logs} log record(s)`] : [])];
}

/**
 * Polls Elasticsearch until the order's first trace holds what the scenario
 * produced: spans of every service on the path, the events of its end, and
 * every span that a span or a log record refers to.
 * Telemetry arrives in batches (SDK, collector, index refresh), so a few
 * seconds pass between the last request and a complete trace.
 */
export async function waitForOrderTrace(client: EsClient, orderId: string, wait: TraceWait): Promise<TraceLookup> {
  const started = Date.now();
  let last: TraceLookup | undefined;
  let lacking: string[] = ['anything'];
  while (Date.now() - started < wait.timeoutMillis) {
    try {
      last = await lookupTrace(client, orderId);
      lacking = missing(last.traces[0], wait);
      const pending = unresolved(last.traces[0]);
      const t = last.traces[0]!;
      const waitingFor = [...lacking, ...pending];
      wait.onStatus(
        `${((Date.now() - started) / 1000).toFixed(1)} s: ${t.spans.length} spans, ${t.logs.length} log records${waitingFor.length ? ` — waiting for ${waitingFor.join(', ')}` : ''}`,
      );
      if (waitingFor.length === 0) return last;
    } catch (err) {
      if (!(err instanceof NothingFoundError)) throw err;
      wait.onStatus(`${((Date.now() - started) / 1000).toFixed(1)} s: nothing indexed yet`);
    }
    await sleep(1000);
  }
  // Everything asked for is there, only some spans never arrived (not sampled, or lost): show what there is.
  if (last && lacking.length === 0) return last;
  throw new Error(
    `the trace of order ${orderId} was still incomplete after ${wait.timeoutMillis / 1000} s (missing: ${lacking.join(', ')}); ` +
      "see the collector log (.stack/collector/collector.log) and the services' output",
  );
}
