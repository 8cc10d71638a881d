// TR-*: an order's or a trace id's whole trace from Elasticsearch, as a waterfall.
export { lookupTrace, formatLookup, NothingFoundError, type TraceLookup } from './lookup-trace';
export { readTrace, traceIdsOfOrder, isTraceId, parseTimestamp, LOG_INDICES, TRACE_INDICES } from './trace-query';
export { renderWaterfall, formatDuration, type RenderOptions } from './render-waterfall';
export { buildSpanTree, type TraceView, type SpanRecord, type LogRecordView, type SpanNode } from './trace-model';
export { waitForOrderTrace, type TraceWait } from './wait-for-trace';
