import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { TelemetryAccounting } from './telemetry-accounting';

/** The log counterpart of BoundedSpanProcessor: admits, or drops and counts, before the batch processor. */
export class BoundedLogProcessor implements LogRecordProcessor {
  constructor(
    private readonly inner: LogRecordProcessor,
    private readonly accounting: TelemetryAccounting,
    private readonly limit: number,
    /** What the batch processor hands its batches to; a flush waits for it too. */
    private readonly downstream?: { forceFlush(): Promise<void> },
  ) {}

  /** Set by shutdown(): the batch processor behind would drop what comes now without a word. */
  private closed = false;

  onEmit(logRecord: SdkLogRecord, context?: Context): void {
    if (this.closed) {
      this.accounting.dropAfterShutdown('logs');
      return;
    }
    if (this.accounting.inFlight('logs') >= this.limit) {
      this.accounting.dropQueueFull('logs');
      return;
    }
    this.accounting.accept('logs');
    this.inner.onEmit(logRecord, context);
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush();
    await this.downstream?.forceFlush();
  }

  shutdown(): Promise<void> {
    this.closed = true;
    return this.inner.shutdown();
  }
}
