import { ExportResultCode } from '@opentelemetry/core';
import {
  CumulativeTemporalitySelector,
  DeltaTemporalitySelector,
  LowMemoryTemporalitySelector,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { InstrumentType } from '@opentelemetry/sdk-metrics';
import { LazyExporter, LazyMetricExporter, temporalityFor } from '@jewelry/otel/internals';

// Issue 7: the OTLP exporters load at their first export, not at start-up.
describe('lazy exporters', () => {
  test('the real exporter is created at the first export, once, and gets every batch', () => {
    const batches: number[][] = [];
    let created = 0;
    const lazy = new LazyExporter<number>(() => {
      created += 1;
      return {
        export: (items, done) => {
          batches.push(items);
          done({ code: ExportResultCode.SUCCESS });
        },
        shutdown: () => Promise.resolve(),
      };
    });
    expect(created).toBe(0);
    const codes: ExportResultCode[] = [];
    lazy.export([1, 2], (r) => codes.push(r.code));
    lazy.export([3], (r) => codes.push(r.code));
    expect(created).toBe(1);
    expect(batches).toEqual([[1, 2], [3]]);
    expect(codes).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
  });

  test('shutting down an exporter that never exported loads nothing', async () => {
    let created = 0;
    const lazy = new LazyMetricExporter(() => {
      created += 1;
      throw new Error('must not load');
    }, undefined);
    await lazy.shutdown();
    await lazy.forceFlush();
    expect(created).toBe(0);
  });

  test.each([
    ['cumulative', CumulativeTemporalitySelector],
    [undefined, CumulativeTemporalitySelector],
    ['DELTA', DeltaTemporalitySelector],
    ['lowmemory', LowMemoryTemporalitySelector],
  ])('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=%s picks what the OTLP metric exporter would', (preference, expected) => {
    const ours = temporalityFor(preference);
    const types = Object.values(InstrumentType);
    expect(types.map((t) => ours(t))).toEqual(types.map((t) => expected(t)));
    expect(
      new LazyMetricExporter(() => {
        throw new Error('not loaded');
      }, preference).selectAggregationTemporality(InstrumentType.COUNTER),
    ).toBe(expected(InstrumentType.COUNTER));
  });
});
