import type { Attributes, Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { TracerProvider, type TracerProviderOptions } from '@opentelemetry/sdk-trace';

/** What the SDK's Tracer calls per span for its own metrics (TracerMetrics.startSpan): the end callback back. */
interface SpanSelfMetrics {
  startSpan(...args: unknown[]): () => void;
}

const NOTHING = (): void => undefined;

/** The SDK's span metrics when they are off: nothing recorded, nothing built. */
export const NO_SPAN_SELF_METRICS: SpanSelfMetrics = { startSpan: () => NOTHING };

/** What a scope's spans start with instead of the attributes its instrumentation gives. */
export type StartAttributes = (attributes: Attributes) => Attributes;

/**
 * The SDK's TracerProvider; when its own span metrics (`otel.sdk.span.*`,
 * OTEL_NODE_EXPERIMENTAL_SDK_METRICS) are off, its tracers skip them. The
 * SDK records them on a no-op meter then, but still builds two attribute
 * maps and an end callback per span: 7 µs per order in the realistic
 * service's profile (issue 16). A tracer without the field this reaches
 * (another SDK version) is left as it is.
 *
 * `startAttributes` rewrites the attributes the spans of a scope start with,
 * before the SDK validates them (twice) and sets them: what an
 * instrumentation writes and nothing reads costs nothing further down.
 */
export class JewelryTracerProvider extends TracerProvider {
  constructor(
    config: TracerProviderOptions,
    private readonly selfMetrics: boolean,
    private readonly startAttributes: Readonly<Record<string, StartAttributes>> = {},
  ) {
    super(config);
  }

  override getTracer(name: string, version?: string, options?: { schemaUrl?: string }): Tracer {
    const tracer = super.getTracer(name, version, options);
    if (!this.selfMetrics) {
      const fields = tracer as unknown as { _tracerMetrics?: unknown };
      if (typeof (fields._tracerMetrics as Partial<SpanSelfMetrics> | undefined)?.startSpan === 'function')
        fields._tracerMetrics = NO_SPAN_SELF_METRICS;
    }
    const rewrite = Object.hasOwn(this.startAttributes, name) ? this.startAttributes[name] : undefined;
    // The SDK hands out one tracer per scope again and again: one with a startSpan of its own is wrapped already.
    if (rewrite && !Object.hasOwn(tracer, 'startSpan')) wrapStartSpan(tracer, rewrite);
    return tracer;
  }
}

/** On the instance, so the SDK's startActiveSpan (this.startSpan) goes through it too. */
function wrapStartSpan(tracer: Tracer, rewrite: StartAttributes): void {
  const stock = tracer.startSpan;
  tracer.startSpan = function startSpan(this: Tracer, name: string, options?: SpanOptions, context?: Context): Span {
    const attributes = options?.attributes;
    return stock.call(this, name, attributes ? { ...options, attributes: rewrite(attributes) } : options, context);
  };
}
