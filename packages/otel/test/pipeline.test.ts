import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { BoundedLogProcessor, CountingExporter, DropReporter, DistroLog, TelemetryAccounting } from '@jewelry/otel/internals';

/** An exporter whose batches stay pending until the test settles them. */
class ManualExporter<T> {
  pending: { items: T[]; done: (r: ExportResult) => void }[] = [];
  export(items: T[], done: (r: ExportResult) => void): void {
    this.pending.push({ items, done });
  }
  settle(code: ExportResultCode): void {
    const next = this.pending.shift()!;
    next.done({ code, error: code === ExportResultCode.FAILED ? new Error('ECONNREFUSED 127.0.0.1:4318') : undefined });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

class Passthrough implements LogRecordProcessor {
  seen = 0;
  onEmit(): void {
    this.seen += 1;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const record = {} as SdkLogRecord;

describe('telemetry accounting: nothing is dropped silently', () => {
  test('the bounded processor admits up to the limit, then drops and counts', () => {
    const accounting = new TelemetryAccounting();
    const inner = new Passthrough();
    const bounded = new BoundedLogProcessor(inner, accounting, 3);
    for (let i = 0; i < 5; i++) bounded.onEmit(record);
    expect(inner.seen).toBe(3);
    expect(accounting.snapshot().logs).toEqual({ accepted: 3, exported: 0, failed: 0, droppedQueueFull: 2, inFlight: 3 });
  });

  test('the counting exporter books batches as exported or failed and frees the queue', () => {
    const accounting = new TelemetryAccounting();
    const manual = new ManualExporter<number>();
    const failures: number[] = [];
    const counting = new CountingExporter(manual, 'logs', accounting, (_s, n) => failures.push(n));
    for (let i = 0; i < 5; i++) accounting.accept('logs');
    const results: ExportResultCode[] = [];
    counting.export([1, 2, 3], (r) => results.push(r.code));
    counting.export([4, 5], (r) => results.push(r.code));
    manual.settle(ExportResultCode.SUCCESS);
    manual.settle(ExportResultCode.FAILED);
    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.FAILED]);
    expect(failures).toEqual([2]);
    expect(accounting.snapshot().logs).toMatchObject({ accepted: 5, exported: 3, failed: 2, inFlight: 0 });
    expect(accounting.lost('logs')).toBe(2);
  });

  test('an exporter that throws is a failed export, not an exception in the service', () => {
    const accounting = new TelemetryAccounting();
    accounting.accept('spans');
    const throwing = { export: () => { throw new Error('boom'); }, shutdown: () => Promise.resolve() };
    const counting = new CountingExporter<number>(throwing, 'spans', accounting, () => undefined);
    let code: ExportResultCode | undefined;
    expect(() => counting.export([1], (r) => (code = r.code))).not.toThrow();
    expect(code).toBe(ExportResultCode.FAILED);
    expect(accounting.snapshot().spans.failed).toBe(1);
  });

  test('the reporter says what was lost, per signal and reason, only when it grew', () => {
    const accounting = new TelemetryAccounting();
    const lines: string[] = [];
    const log = new DistroLog({});
    log.warn = (m: string) => void lines.push(m);
    const reporter = new DropReporter(accounting, log, 60000);
    reporter.reportIfGrown();
    expect(lines).toEqual([]);
    accounting.accept('logs');
    accounting.resolve('logs', 1, false);
    accounting.dropQueueFull('logs');
    reporter.onExportFailure('logs', 1, new Error('ECONNREFUSED'));
    reporter.reportIfGrown();
    reporter.reportIfGrown();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('export of 1 logs failed: ECONNREFUSED');
    expect(lines[1]).toBe('telemetry lost since start — logs: 2 of 2 (queue full 1, export failed 1)');
  });
});
