import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  BoundedLogProcessor,
  BoundedSpanProcessor,
  DropReporter,
  DistroLog,
  RedeliveringExporter,
  TelemetryAccounting,
} from '@jewelry/otel/internals';

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
    expect(accounting.snapshot().logs).toEqual({
      accepted: 3,
      exported: 0,
      failed: 0,
      droppedQueueFull: 2,
      droppedAfterShutdown: 0,
      inFlight: 3,
    });
  });

  // A request still finishing on SIGTERM ends its span after the pipeline shut down: the batch processor
  // behind would drop it without a word, and it used to stay "in flight" for ever.
  test('what comes after shutdown is counted as lost for that reason, and never reaches the batch processor', async () => {
    const accounting = new TelemetryAccounting();
    const inner = new Passthrough();
    const logs = new BoundedLogProcessor(inner, accounting, 10);
    logs.onEmit(record);
    await logs.shutdown();
    logs.onEmit(record);
    logs.onEmit(record);
    expect(inner.seen).toBe(1);
    expect(accounting.snapshot().logs).toMatchObject({ accepted: 1, droppedAfterShutdown: 2, inFlight: 1 });
    expect(accounting.lost('logs')).toBe(2);

    const ended: ReadableSpan[] = [];
    const batch = {
      onStart: () => undefined,
      onEnd: (s: ReadableSpan) => void ended.push(s),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const spans = new BoundedSpanProcessor(batch, accounting, 10);
    const span = (flags: number) =>
      ({ spanContext: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: flags }) }) as ReadableSpan;
    spans.onEnd(span(1));
    await spans.shutdown();
    spans.onEnd(span(1));
    spans.onEnd(span(0)); // unsampled: never exported, so never booked, before or after shutdown
    expect(ended).toHaveLength(1);
    expect(accounting.snapshot().spans).toMatchObject({ accepted: 1, droppedAfterShutdown: 1, inFlight: 1 });

    const lines: string[] = [];
    const log = new DistroLog({});
    log.warn = (m: string) => void lines.push(m);
    new DropReporter(accounting, log, 60000).reportIfGrown();
    expect(lines).toEqual([
      'telemetry lost since start — logs: 2 of 3 (queue full 0, export failed 0, after shutdown 2); spans: 1 of 2 (queue full 0, export failed 0, after shutdown 1)',
    ]);
  });

  const options = { concurrency: 2, initialBackoffMillis: 5, maxBackoffMillis: 20, drainTimeoutMillis: 200 };
  const listener = () => {
    const events: string[] = [];
    return {
      events,
      onLost: (s: string, n: number, e?: Error) => void events.push(`lost ${n} ${s}: ${e?.message}`),
      onDeferred: (s: string, held: number) => void events.push(`deferred ${s} holding ${held}`),
      onResumed: (s: string) => void events.push(`resumed ${s}`),
    };
  };
  const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
  /** The exporter sends on the next turn of the event loop, not inside export() (the request that filled the batch). */
  const nextTurn = () => new Promise((r) => setImmediate(r));
  const httpError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });
  /**
   * Runs a test on a fake clock: the backoff is a few milliseconds, and a busy
   * machine that pauses the test between two lines (GC, another process) would
   * otherwise let a retry fall due before the test looks.
   */
  const onFakeClock = (body: () => void) => () => {
    jest.useFakeTimers({ now: 0 });
    try {
      body();
    } finally {
      jest.useRealTimers();
    }
  };
  const advance = (ms: number) => jest.advanceTimersByTime(ms);

  test('the redelivering exporter acknowledges at once and books a batch as exported when the collector confirms it', async () => {
    const accounting = new TelemetryAccounting();
    const manual = new ManualExporter<number>();
    const exporter = new RedeliveringExporter(manual, 'logs', accounting, listener(), options);
    for (let i = 0; i < 3; i++) accounting.accept('logs');
    const results: ExportResultCode[] = [];
    exporter.export([1, 2, 3], (r) => results.push(r.code));
    expect(results).toEqual([ExportResultCode.SUCCESS]);
    expect(accounting.inFlight('logs')).toBe(3);
    // Nothing is masked, encoded or sent inside export(): that would be the caller's span.end().
    expect(manual.pending).toHaveLength(0);
    await nextTurn();
    manual.settle(ExportResultCode.SUCCESS);
    expect(accounting.snapshot().logs).toMatchObject({ accepted: 3, exported: 3, failed: 0, inFlight: 0 });
  });

  test(
    'a batch the collector did not take (down, restarting) is held and sent again until delivered — nothing lost',
    onFakeClock(() => {
      const accounting = new TelemetryAccounting();
      const manual = new ManualExporter<number>();
      const l = listener();
      const exporter = new RedeliveringExporter(manual, 'logs', accounting, l, options);
      for (let i = 0; i < 5; i++) accounting.accept('logs');
      exporter.export([1, 2, 3], () => undefined);
      exporter.export([4, 5], () => undefined);
      advance(0); // the next turn of the event loop
      expect(manual.pending.map((p) => p.items)).toEqual([
        [1, 2, 3],
        [4, 5],
      ]);
      manual.settle(ExportResultCode.FAILED); // ECONNREFUSED
      manual.settle(ExportResultCode.FAILED);
      expect(manual.pending).toHaveLength(0);
      advance(9); // the backoff doubled: 5 ms after the first failure, 10 after the second
      expect(manual.pending).toHaveLength(0);
      advance(1);
      expect(manual.pending.map((p) => p.items)).toEqual([
        [1, 2, 3],
        [4, 5],
      ]);
      manual.settle(ExportResultCode.SUCCESS);
      manual.settle(ExportResultCode.SUCCESS);
      expect(accounting.snapshot().logs).toMatchObject({ exported: 5, failed: 0, inFlight: 0 });
      expect(l.events).toEqual(['deferred logs holding 5', 'resumed logs']);
    }),
  );

  test(
    'a batch in flight is never sent twice while an earlier one is retried',
    onFakeClock(() => {
      const accounting = new TelemetryAccounting();
      const manual = new ManualExporter<number>();
      const exporter = new RedeliveringExporter(manual, 'spans', accounting, listener(), options);
      exporter.export([1], () => undefined);
      exporter.export([2], () => undefined);
      exporter.export([3], () => undefined);
      advance(0); // the next turn of the event loop
      expect(manual.pending.map((p) => p.items)).toEqual([[1], [2]]);
      manual.settle(ExportResultCode.FAILED); // [1] fails while [2] is still in flight
      advance(5); // the first backoff
      expect(manual.pending.map((p) => p.items)).toEqual([[2], [1]]);
    }),
  );

  test('a batch the collector refuses as malformed (4xx) is lost at once, counted and reported', async () => {
    const accounting = new TelemetryAccounting();
    const l = listener();
    const refusing = {
      export: (_: number[], done: (r: ExportResult) => void) => done({ code: ExportResultCode.FAILED, error: httpError(400) }),
      shutdown: () => Promise.resolve(),
    };
    const exporter = new RedeliveringExporter(refusing, 'logs', accounting, l, options);
    accounting.accept('logs');
    accounting.accept('logs');
    exporter.export([1, 2], () => undefined);
    await nextTurn();
    expect(accounting.snapshot().logs).toMatchObject({ exported: 0, failed: 2, inFlight: 0 });
    expect(l.events).toEqual(['lost 2 logs: HTTP 400']);
  });

  test('an exporter that throws never throws into the service; what is still held at shutdown is booked as lost', async () => {
    const accounting = new TelemetryAccounting();
    const l = listener();
    const throwing = {
      export: () => {
        throw new Error('boom');
      },
      shutdown: () => Promise.resolve(),
    };
    const exporter = new RedeliveringExporter<number>(throwing, 'spans', accounting, l, options);
    accounting.accept('spans');
    let code: ExportResultCode | undefined;
    expect(() => exporter.export([1], (r) => (code = r.code))).not.toThrow();
    expect(code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();
    expect(accounting.snapshot().spans).toMatchObject({ exported: 0, failed: 1, inFlight: 0 });
    expect(l.events[0]).toBe('deferred spans holding 1');
    expect(l.events.at(-1)).toMatch(/^lost 1 spans: still undelivered after 200 ms at shutdown/);
  });

  test('during an outage the queue holds exactly its size; the rest is dropped and counted; all held records arrive afterwards', async () => {
    const accounting = new TelemetryAccounting();
    let collectorUp = false;
    const delivered: number[] = [];
    const collector = {
      export: (items: number[], done: (r: ExportResult) => void) =>
        setImmediate(() => {
          if (collectorUp) delivered.push(...items);
          done(collectorUp ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error('ECONNREFUSED') });
        }),
      shutdown: () => Promise.resolve(),
    };
    // forceFlush() returns once all is delivered; a long drain limit only keeps a stalled CI machine from cutting it short.
    const exporter = new RedeliveringExporter<number>(collector, 'logs', accounting, listener(), {
      ...options,
      drainTimeoutMillis: 10_000,
    });
    const batcher = {
      onEmit: (r: SdkLogRecord) => exporter.export([(r as unknown as { n: number }).n], () => undefined),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const bounded = new BoundedLogProcessor(batcher, accounting, 100, exporter);
    for (let n = 0; n < 150; n++) bounded.onEmit({ n } as unknown as SdkLogRecord);
    await tick(50);
    expect(accounting.snapshot().logs).toMatchObject({ accepted: 100, droppedQueueFull: 50, inFlight: 100, exported: 0, failed: 0 });
    collectorUp = true;
    await bounded.forceFlush();
    expect(accounting.snapshot().logs).toMatchObject({ exported: 100, failed: 0, inFlight: 0 });
    expect(new Set(delivered).size).toBe(100);
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
    reporter.onLost('logs', 1, new Error('ECONNREFUSED'));
    reporter.reportIfGrown();
    reporter.reportIfGrown();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('export of 1 logs failed: ECONNREFUSED');
    expect(lines[1]).toBe('telemetry lost since start — logs: 2 of 2 (queue full 1, export failed 1)');
  });
});
