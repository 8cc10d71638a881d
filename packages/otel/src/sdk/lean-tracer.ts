import {
  context as contextApi,
  diag,
  INVALID_SPAN_CONTEXT,
  SamplingDecision,
  SpanKind,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { isTracingSuppressed, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { IdGenerator, Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import { LeanSpan, NO_LINKS, type LeanSpanProcessor, type LeanTracerParts, type ResolvedSpanLimits } from './lean-span';

/** What every lean tracer of one provider shares: the provider's configuration, resolved as the SDK's TracerProvider resolves it. */
export interface LeanTracerConfig {
  readonly resource: Resource;
  readonly sampler: Sampler;
  readonly limits: ResolvedSpanLimits;
  readonly idGenerator: IdGenerator;
  readonly processors: readonly SpanProcessor[];
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** The provider's span processors, called in order, as the SDK's MultiSpanProcessor calls them. */
function processorOf(processors: readonly SpanProcessor[]): LeanSpanProcessor {
  return {
    onStart: (span, parent) => {
      for (const p of processors) p.onStart(span, parent);
    },
    onEnding: (span) => {
      for (const p of processors) p.onEnding?.(span);
    },
    onEnd: (span) => {
      for (const p of processors) p.onEnd(span);
    },
  };
}

/**
 * The SDK's Tracer (sdk-trace 2.x Tracer.startSpan, startActiveSpan) with
 * LeanSpan for its spans: the same parent, suppression, id, sampling and
 * trace-state rules, the attributes a span starts with (and those a sampler
 * adds) validated once, by the span.
 */
export class LeanTracer implements Tracer {
  private readonly parts: LeanTracerParts;

  constructor(
    scope: InstrumentationScope,
    private readonly config: LeanTracerConfig,
  ) {
    this.parts = { resource: config.resource, scope, limits: config.limits, processor: processorOf(config.processors) };
  }

  startSpan(name: string, options?: SpanOptions, context: Context = contextApi.active()): Span {
    // A root span is asked for: the parent in the context is left out.
    if (options?.root) context = trace.deleteSpan(context);
    const parentSpan = trace.getSpan(context);
    if (isTracingSuppressed(context)) {
      diag.debug('Instrumentation suppressed, returning Noop Span');
      return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    }
    const parent = parentSpan?.spanContext();
    const { idGenerator, sampler } = this.config;
    const spanId = idGenerator.generateSpanId();
    let traceId: string;
    let traceState: SpanContext['traceState'];
    let validParent: SpanContext | undefined;
    // A lean span's own context is valid: only another's (a remote parent, say) is checked.
    if (!parent || (!(parentSpan instanceof LeanSpan) && !trace.isSpanContextValid(parent))) {
      traceId = idGenerator.generateTraceId();
    } else {
      traceId = parent.traceId;
      traceState = parent.traceState;
      validParent = parent;
    }
    const kind = options?.kind ?? SpanKind.INTERNAL;
    const attributes = options?.attributes;
    const links = options?.links;
    const sampling = sampler.shouldSample(context, traceId, name, kind, attributes ?? NO_ATTRIBUTES, links ?? NO_LINKS);
    traceState = sampling.traceState ?? traceState;
    const traceFlags = sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const spanContext: SpanContext = { traceId, spanId, traceFlags, traceState };
    if (sampling.decision === SamplingDecision.NOT_RECORD) {
      diag.debug('Recording is off, propagating context in a non-recording span');
      return trace.wrapSpanContext(spanContext);
    }
    const span = new LeanSpan(this.parts, spanContext, name, kind, validParent, options?.startTime);
    if (attributes) span.setAttributes(attributes);
    if (sampling.attributes) span.setAttributes(sampling.attributes);
    if (links) span.addLinks(links);
    this.parts.processor.onStart(span, context);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    arg2?: F | SpanOptions,
    arg3?: F | Context,
    arg4?: F,
  ): ReturnType<F> | undefined {
    let options: SpanOptions | undefined;
    let parentContext: Context | undefined;
    let fn: F;
    // By the number of arguments, as the SDK's Tracer tells them apart.
    if (arguments.length < 2) return undefined;
    if (arguments.length === 2) {
      fn = arg2 as F;
    } else if (arguments.length === 3) {
      options = arg2 as SpanOptions;
      fn = arg3 as F;
    } else {
      options = arg2 as SpanOptions;
      parentContext = arg3 as Context;
      fn = arg4 as F;
    }
    const parent = parentContext ?? contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}
