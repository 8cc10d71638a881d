import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { AccountedSignal, TelemetryAccounting } from './telemetry-accounting';

interface Exporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** Wraps a span or log exporter and books each batch as exported or failed. */
export class CountingExporter<T> implements Exporter<T> {
  constructor(
    private readonly inner: Exporter<T>,
    private readonly signal: AccountedSignal,
    private readonly accounting: TelemetryAccounting,
    private readonly onFailure: (signal: AccountedSignal, count: number, error: Error | undefined) => void,
  ) {}

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    let settled = false;
    const settle = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      const delivered = result.code === ExportResultCode.SUCCESS;
      this.accounting.resolve(this.signal, items.length, delivered);
      if (!delivered) this.onFailure(this.signal, items.length, result.error);
      resultCallback(result);
    };
    try {
      this.inner.export(items, settle);
    } catch (error) {
      settle({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush ? this.inner.forceFlush() : Promise.resolve();
  }
}
