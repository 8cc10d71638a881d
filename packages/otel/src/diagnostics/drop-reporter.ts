import { metrics } from '@opentelemetry/api';
import type { RedeliveryListener } from '../pipeline/redelivering-exporter';
import type { AccountedSignal, TelemetryAccounting } from '../pipeline/telemetry-accounting';
import type { DistroLog } from './distro-log';

/**
 * Makes lost telemetry visible while the service runs: the first lost batch
 * of each signal at once (with the reason), each outage of the collector when
 * it starts and ends, then a running total whenever losses grew, and the same
 * numbers as metrics.
 */
export class DropReporter implements RedeliveryListener {
  private timer: NodeJS.Timeout | undefined;
  private lastReported: Record<AccountedSignal, number> = { spans: 0, logs: 0 };
  private readonly firstFailureSeen = new Set<AccountedSignal>();

  constructor(
    private readonly accounting: TelemetryAccounting,
    private readonly log: DistroLog,
    private readonly intervalMillis: number,
  ) {}

  onLost = (signal: AccountedSignal, count: number, error: Error | undefined): void => {
    if (this.firstFailureSeen.has(signal)) return;
    this.firstFailureSeen.add(signal);
    this.log.warn(
      `export of ${count} ${signal} failed${error ? `: ${error.message}` : ''}; they are lost (counted). The service keeps running; totals follow every ${Math.round(this.intervalMillis / 1000)} s while losses grow.`,
    );
  };

  onDeferred = (signal: AccountedSignal, held: number, error: Error | undefined): void => {
    this.log.warn(
      `export of ${signal} failed${error ? `: ${error.message}` : ''}; holding ${held} and retrying (up to the queue size, then new ones are dropped and counted)`,
    );
  };

  onResumed = (signal: AccountedSignal): void => {
    this.log.info(`export of ${signal} works again; held records are being delivered`);
  };

  start(): void {
    this.timer = setInterval(() => this.reportIfGrown(), this.intervalMillis);
    this.timer.unref();
    this.registerMetrics();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The summary line, or undefined when nothing was lost. */
  summary(): string | undefined {
    const s = this.accounting.snapshot();
    const parts = (['logs', 'spans'] as const)
      .filter((signal) => this.accounting.lost(signal) > 0)
      .map(
        (signal) =>
          `${signal}: ${this.accounting.lost(signal)} of ${this.accounting.handed(signal)} (queue full ${s[signal].droppedQueueFull}, export failed ${s[signal].failed}${
            s[signal].droppedAfterShutdown > 0 ? `, after shutdown ${s[signal].droppedAfterShutdown}` : ''
          })`,
      );
    return parts.length ? `telemetry lost since start — ${parts.join('; ')}` : undefined;
  }

  reportIfGrown(): void {
    const grown = (['logs', 'spans'] as const).some((signal) => this.accounting.lost(signal) > this.lastReported[signal]);
    if (!grown) return;
    this.lastReported = { spans: this.accounting.lost('spans'), logs: this.accounting.lost('logs') };
    const line = this.summary();
    if (line) this.log.warn(line);
  }

  private registerMetrics(): void {
    const meter = metrics.getMeter('@jewelry/otel');
    meter
      .createObservableCounter('jewelry.otel.telemetry.lost', {
        description: 'Spans and log records the SDK could not deliver, by signal and reason.',
      })
      .addCallback((result) => {
        const s = this.accounting.snapshot();
        for (const signal of ['spans', 'logs'] as const) {
          result.observe(s[signal].droppedQueueFull, { signal, reason: 'queue_full' });
          result.observe(s[signal].failed, { signal, reason: 'export_failed' });
          result.observe(s[signal].droppedAfterShutdown, { signal, reason: 'after_shutdown' });
        }
      });
    meter
      .createObservableGauge('jewelry.otel.telemetry.in_flight', { description: 'Spans and log records queued or being exported.' })
      .addCallback((result) => {
        for (const signal of ['spans', 'logs'] as const) result.observe(this.accounting.inFlight(signal), { signal });
      });
  }
}
