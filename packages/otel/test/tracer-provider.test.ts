import { MeterProvider, MetricReader, type CollectionResult } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { JewelryTracerProvider, NO_SPAN_SELF_METRICS } from '../src/sdk/tracer-provider';

/** Records the spans that end. */
class EndedSpans implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  get names(): string[] {
    return this.spans.map((s) => s.name);
  }
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A reader collected on demand. */
class OnDemandReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function sumOf(result: CollectionResult, name: string): number {
  const metric = result.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []).reduce((n, p) => n + Number(p.value), 0);
}

describe('JewelryTracerProvider: the SDK’s own span metrics', () => {
  test('off (the default): the tracers skip them, spans are recorded as before, a tracer asked for again keeps it', async () => {
    const ended = new EndedSpans();
    const provider = new JewelryTracerProvider({ spanProcessors: [ended] }, { selfMetrics: false, spans: 'official' });
    const tracer = provider.getTracer('orders');
    // Reaches into the SDK's Tracer: if a new SDK version renames the field, this fails and says the cut is gone.
    expect((tracer as unknown as { _tracerMetrics: unknown })._tracerMetrics).toBe(NO_SPAN_SELF_METRICS);
    tracer.startSpan('POST /orders').end();
    provider.getTracer('orders').startSpan('publish').end();
    expect(provider.getTracer('orders')).toBe(tracer);
    expect(ended.names).toEqual(['POST /orders', 'publish']);
    await provider.shutdown();
  });

  test('on (OTEL_NODE_EXPERIMENTAL_SDK_METRICS): otel.sdk.span.started and .live are recorded', async () => {
    const reader = new OnDemandReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const provider = new JewelryTracerProvider({ meterProvider }, { selfMetrics: true });
    const tracer = provider.getTracer('orders');
    expect((tracer as unknown as { _tracerMetrics: unknown })._tracerMetrics).not.toBe(NO_SPAN_SELF_METRICS);
    const first = tracer.startSpan('POST /orders');
    tracer.startSpan('publish').end();
    let collected = await reader.collect();
    expect(sumOf(collected, 'otel.sdk.span.started')).toBe(2);
    expect(sumOf(collected, 'otel.sdk.span.live')).toBe(1);
    first.end();
    collected = await reader.collect();
    expect(sumOf(collected, 'otel.sdk.span.live')).toBe(0);
    await provider.shutdown();
    await meterProvider.shutdown();
  });
});

describe('JewelryTracerProvider: the attributes a scope’s spans start with', () => {
  // Prefixes every key: applied twice (a tracer wrapped again), the keys would say so.
  const prefixed = (attributes: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`x.${k}`, v])) as Record<string, string>;

  test('rewritten for that scope only, through startSpan and startActiveSpan, once however often the tracer is asked for', async () => {
    const ended = new EndedSpans();
    const provider = new JewelryTracerProvider(
      { spanProcessors: [ended] },
      { selfMetrics: false, startAttributes: { rewritten: prefixed } },
    );
    const tracer = provider.getTracer('rewritten');
    expect(provider.getTracer('rewritten')).toBe(tracer);
    tracer.startSpan('a', { attributes: { 'order.id': 'ORD-1' } }).end();
    tracer.startActiveSpan('b', { attributes: { 'file.id': 'f' } }, (span) => span.end());
    tracer.startSpan('c').end();
    provider
      .getTracer('other')
      .startSpan('d', { attributes: { 'order.id': 'ORD-2' } })
      .end();
    expect(ended.spans.map((s) => [s.name, s.attributes])).toEqual([
      ['a', { 'x.order.id': 'ORD-1' }],
      ['b', { 'x.file.id': 'f' }],
      ['c', {}],
      ['d', { 'order.id': 'ORD-2' }],
    ]);
    await provider.shutdown();
  });
});
