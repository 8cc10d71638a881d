import type { ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/*
 * The OTLP exporters (with the protobuf serializer behind them) take about
 * 25 ms to load, a tenth of what the distribution used to add to a service's
 * start-up — and nothing is exported before the first batch, a second later.
 * These stand-ins load the real exporter at its first use.
 */

interface BatchExporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** A span or log exporter created at its first export. */
export class LazyExporter<T> implements BatchExporter<T> {
  private inner: BatchExporter<T> | undefined;

  constructor(private readonly create: () => BatchExporter<T>) {}

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    this.inner ??= this.create();
    this.inner.export(items, resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner ? this.inner.shutdown() : Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return this.inner?.forceFlush ? this.inner.forceFlush() : Promise.resolve();
  }
}

/**
 * The OTLP metric exporter's choice of temporality, from
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE — the reader asks for it
 * when instruments are created, long before the first export, so it must be
 * known without loading the exporter. Same table as the exporter's.
 */
export function temporalityFor(preference: string | undefined): (type: InstrumentType) => AggregationTemporality {
  const { CUMULATIVE, DELTA } = AggregationTemporality;
  switch ((preference ?? 'cumulative').trim().toLowerCase()) {
    case 'delta':
      return (type) => (type === InstrumentType.UP_DOWN_COUNTER || type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER ? CUMULATIVE : DELTA);
    case 'lowmemory':
      return (type) => (type === InstrumentType.COUNTER || type === InstrumentType.HISTOGRAM ? DELTA : CUMULATIVE);
    default:
      return () => CUMULATIVE;
  }
}

/** A metric exporter created at its first export; its temporality comes from the environment. */
export class LazyMetricExporter implements PushMetricExporter {
  private inner: PushMetricExporter | undefined;
  readonly selectAggregationTemporality: (type: InstrumentType) => AggregationTemporality;

  constructor(
    private readonly create: () => PushMetricExporter,
    temporalityPreference: string | undefined,
  ) {
    this.selectAggregationTemporality = temporalityFor(temporalityPreference);
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner ??= this.create();
    this.inner.export(metrics, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.inner ? this.inner.forceFlush() : Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner ? this.inner.shutdown() : Promise.resolve();
  }
}
