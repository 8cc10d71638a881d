import { context, trace, isSpanContextValid, type Context } from '@opentelemetry/api';

/** Where the OTel winston instrumentation stores the context active when the record was written. */
const INSTRUMENTATION_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');

export interface TraceIds {
  traceId: string;
  spanId: string;
}

/**
 * Trace and span id for a record. Winston may format a record later than it
 * was written (stream back-pressure), so the context captured at write time
 * wins over the one active now.
 */
export function traceIdsOf(info: Record<string | symbol, unknown>): TraceIds | undefined {
  if (typeof info.trace_id === 'string' && typeof info.span_id === 'string') {
    return { traceId: info.trace_id, spanId: info.span_id };
  }
  const captured = info[INSTRUMENTATION_CONTEXT] as Context | undefined;
  const spanContext = trace.getSpan(captured ?? context.active())?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : undefined;
}

/** Keys the winston instrumentation injects for third-party loggers; ours writes the ECS names instead. */
export const INJECTED_CORRELATION_KEYS = ['trace_id', 'span_id', 'trace_flags'] as const;
