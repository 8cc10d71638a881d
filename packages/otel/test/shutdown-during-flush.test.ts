import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider, type SdkLogRecord } from '@opentelemetry/sdk-logs';
import { BoundedLogProcessor, DistroLog, installShutdown, RedeliveringExporter, TelemetryAccounting } from '@jewelry/otel/internals';

/** A collector that answers its first request late (as when the OTLP exporter is loaded on first use on a busy machine). */
class SlowFirstExporter {
  bodies: unknown[] = [];
  private calls = 0;
  export(items: SdkLogRecord[], done: (r: ExportResult) => void): void {
    const delay = this.calls++ === 0 ? 300 : 0;
    setTimeout(() => {
      this.bodies.push(...items.map((r) => r.body));
      done({ code: ExportResultCode.SUCCESS });
    }, delay);
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('a shutdown asked while a signal’s flush runs', () => {
  test('exports what the service wrote in between, and reports nothing lost', async () => {
    const accounting = new TelemetryAccounting();
    const collector = new SlowFirstExporter();
    const listener = { onLost: () => undefined, onDeferred: () => undefined, onResumed: () => undefined };
    const held = new RedeliveringExporter(collector, 'logs', accounting, listener, {
      concurrency: 1,
      initialBackoffMillis: 5,
      maxBackoffMillis: 20,
      drainTimeoutMillis: 2000,
    });
    const batch = new BatchLogRecordProcessor({ exporter: held, scheduledDelayMillis: 60_000 });
    const provider = new LoggerProvider({ processors: [new BoundedLogProcessor(batch, accounting, 100, held)] });
    const warnings: string[] = [];
    const log = new DistroLog({});
    log.warn = (m: string) => void warnings.push(m);
    const control = installShutdown({
      shutdownSdk: () => provider.shutdown(),
      flush: () => provider.forceFlush(),
      timeoutMillis: 5000,
      log,
      undelivered: () => (accounting.inFlight('logs') > 0 ? `${accounting.inFlight('logs')} logs not delivered` : undefined),
      lostSummary: () => undefined,
    });
    // installShutdown adds listeners to this (jest's) process: remove exactly those afterwards.
    const emitter = process as unknown as NodeJS.EventEmitter;
    const events = ['SIGTERM', 'SIGINT', 'beforeExit'];
    const before = new Map(events.map((e) => [e, emitter.listeners(e)]));
    try {
      const logger = provider.getLogger('test');
      logger.emit({ body: 'before the signal' });
      const signalFlush = control.flush(); // SIGTERM, the service has its own handler
      await new Promise((r) => setTimeout(r, 50));
      logger.emit({ body: 'service stopping' }); // written by the service's handler while the flush runs
      await control.shutdown(); // the service's own stop
      await signalFlush;
      expect(collector.bodies).toEqual(['before the signal', 'service stopping']);
      expect(warnings).toEqual([]);
      expect(accounting.inFlight('logs')).toBe(0);
    } finally {
      for (const event of events) {
        for (const l of emitter.listeners(event))
          if (!before.get(event)!.includes(l)) emitter.removeListener(event, l as (...args: unknown[]) => void);
      }
    }
  });
});
