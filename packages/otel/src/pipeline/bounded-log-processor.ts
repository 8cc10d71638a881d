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

  onEmit(logRecord: SdkLogRecord, context?: Context): void {
    if (!this.accounting.admit('logs', this.limit)) return;
    this.inner.onEmit(logRecord, context);
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush();
    await this.downstream?.forceFlush();
  }

  shutdown(): Promise<void> {
    this.accounting.close('logs');
    return this.inner.shutdown();
  }
}
