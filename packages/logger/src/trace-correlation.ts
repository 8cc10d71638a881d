import { trace, isSpanContextValid, type Context, type SpanContext } from '@opentelemetry/api';

export interface TraceIds {
  traceId: string;
  spanId: string;
}

type Info = Record<string | symbol, unknown>;

/**
 * The span context of the context a record was written in
 * (write-time-context.ts), if valid; undefined outside any span. Checked
 * once per record: the same object gives the JSON line its ids and the
 * exported record its trace context.
 */
export function spanContextOf(written: Context): SpanContext | undefined {
  const spanContext = trace.getSpanContext(written);
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/**
 * Trace and span id for a record's JSON line: the instrumentation's
 * trace_id/span_id where it injected them, else those of `spanContext`.
 */
export function traceIdsOf(info: Info, spanContext: SpanContext | undefined): TraceIds | undefined {
  if (typeof info.trace_id === 'string' && typeof info.span_id === 'string') {
    return { traceId: info.trace_id, spanId: info.span_id };
  }
  return spanContext;
}

/** Keys the winston instrumentation injects for third-party loggers; ours writes the ECS names instead. */
export const INJECTED_CORRELATION_KEYS = ['trace_id', 'span_id', 'trace_flags'] as const;
