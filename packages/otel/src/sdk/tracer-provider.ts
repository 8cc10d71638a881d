import type { Attributes, Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { defaultResource } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  ParentBasedSampler,
  RandomIdGenerator,
  TracerProvider,
  type TracerProviderOptions,
} from '@opentelemetry/sdk-trace';
import type { SpanImplementation } from '../config/distro-config';
import { LeanTracer, type LeanTracerConfig } from './lean-tracer';

/** What the SDK's Tracer calls per span for its own metrics (TracerMetrics.startSpan): the end callback back. */
interface SpanSelfMetrics {
  startSpan(...args: unknown[]): () => void;
}

const NOTHING = (): void => undefined;

/** The SDK's span metrics when they are off: nothing recorded, nothing built. */
export const NO_SPAN_SELF_METRICS: SpanSelfMetrics = { startSpan: () => NOTHING };

/** What a scope's spans start with instead of the attributes its instrumentation gives. */
export type StartAttributes = (attributes: Attributes) => Attributes;

export interface JewelryTracerOptions {
  /** The SDK's own span metrics (`otel.sdk.span.*`, OTEL_NODE_EXPERIMENTAL_SDK_METRICS); only the SDK's tracer records them. */
  selfMetrics: boolean;
  /** Rewrites of the attributes the spans of a scope start with, by scope name. */
  startAttributes?: Readonly<Record<string, StartAttributes>>;
  spans?: SpanImplementation;
}

/**
 * The SDK's TracerProvider, whose tracers make lean spans (lean-tracer.ts):
 * the provider still holds the span processors, flushes and shuts them down.
 * With the SDK's own span metrics on, or JEWELRY_SPANS=official, its tracers
 * are the SDK's; then, with the metrics off, they skip them: the SDK records
 * them on a no-op meter, but still builds two attribute maps and an end
 * callback per span (7 µs per order in the realistic service's profile,
 * issue 16). An SDK tracer without the field this reaches (another SDK
 * version) is left as it is.
 *
 * `startAttributes` rewrites the attributes the spans of a scope start with,
 * before they are validated and set: what an instrumentation writes and
 * nothing reads costs nothing further down.
 */
export class JewelryTracerProvider extends TracerProvider {
  private readonly selfMetrics: boolean;
  private readonly startAttributes: Readonly<Record<string, StartAttributes>>;
  private readonly lean: LeanTracerConfig | undefined;
  private readonly leanTracers = new Map<string, Tracer>();

  constructor(config: TracerProviderOptions, options: JewelryTracerOptions) {
    super(config);
    this.selfMetrics = options.selfMetrics;
    this.startAttributes = options.startAttributes ?? {};
    if ((options.spans ?? 'lean') === 'lean' && !options.selfMetrics) this.lean = leanConfig(config);
  }

  override getTracer(name: string, version?: string, options?: { schemaUrl?: string }): Tracer {
    const tracer = this.lean ? this.leanTracer(name, version, options?.schemaUrl) : super.getTracer(name, version, options);
    if (!this.selfMetrics) {
      const fields = tracer as unknown as { _tracerMetrics?: unknown };
      if (typeof (fields._tracerMetrics as Partial<SpanSelfMetrics> | undefined)?.startSpan === 'function')
        fields._tracerMetrics = NO_SPAN_SELF_METRICS;
    }
    const rewrite = Object.hasOwn(this.startAttributes, name) ? this.startAttributes[name] : undefined;
    // A tracer is handed out again and again: one with a startSpan of its own is wrapped already.
    if (rewrite && !Object.hasOwn(tracer, 'startSpan')) wrapStartSpan(tracer, rewrite);
    return tracer;
  }

  /** One per scope, as the SDK keeps them. */
  private leanTracer(name: string, version: string | undefined, schemaUrl: string | undefined): Tracer {
    const key = `${name}@${version || ''}:${schemaUrl || ''}`;
    let tracer = this.leanTracers.get(key);
    if (!tracer && this.lean) {
      tracer = new LeanTracer({ name, version, schemaUrl }, this.lean);
      this.leanTracers.set(key, tracer);
    }
    return tracer as Tracer;
  }
}

/** The provider's options resolved as the SDK's TracerProvider resolves them (its defaults included). */
function leanConfig(config: TracerProviderOptions): LeanTracerConfig {
  const limits = config.spanLimits;
  return {
    resource: config.resource ?? defaultResource(),
    sampler: config.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    limits: {
      attributeCountLimit: limits?.attributeCountLimit ?? 128,
      attributeValueLengthLimit: limits?.attributeValueLengthLimit ?? Infinity,
      eventCountLimit: limits?.eventCountLimit ?? 128,
      linkCountLimit: limits?.linkCountLimit ?? 128,
      attributePerEventCountLimit: limits?.attributePerEventCountLimit ?? 128,
      attributePerLinkCountLimit: limits?.attributePerLinkCountLimit ?? 128,
    },
    idGenerator: config.idGenerator ?? new RandomIdGenerator(),
    processors: config.spanProcessors ?? [],
  };
}

/** On the instance, so startActiveSpan (this.startSpan) goes through it too. */
function wrapStartSpan(tracer: Tracer, rewrite: StartAttributes): void {
  const stock = tracer.startSpan;
  tracer.startSpan = function startSpan(this: Tracer, name: string, options?: SpanOptions, context?: Context): Span {
    const attributes = options?.attributes;
    return stock.call(this, name, attributes ? { ...options, attributes: rewrite(attributes) } : options, context);
  };
}
