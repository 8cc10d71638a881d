import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { AccountedSignal, TelemetryAccounting } from './telemetry-accounting';

interface Exporter<T> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export interface RedeliveryOptions {
  /** Batches sent at the same time while the collector answers. */
  concurrency: number;
  /** First pause after a failed attempt; doubles per failure up to maxBackoffMillis. */
  initialBackoffMillis: number;
  maxBackoffMillis: number;
  /** How long forceFlush() and shutdown() wait for the held batches. */
  drainTimeoutMillis: number;
}

export interface RedeliveryListener {
  /** A batch is lost for good: refused as malformed by the collector, or still held at shutdown. */
  onLost(signal: AccountedSignal, count: number, error: Error | undefined): void;
  /** Delivery failed and is retried; `held` records wait. */
  onDeferred(signal: AccountedSignal, held: number, error: Error | undefined): void;
  /** Delivery works again after deferrals. */
  onResumed(signal: AccountedSignal): void;
}

interface HeldBatch<T> {
  items: T[];
  sending: boolean;
}

/** 4xx other than 408/429: the collector read the request and refused it; sending it again cannot help. */
function isPermanent(error: Error | undefined): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && code >= 400 && code < 500 && code !== 408 && code !== 429;
}

/**
 * Holds every exported batch until the collector confirms it. The SDK's
 * OTLP exporter retries for its timeout and then discards; while the
 * collector restarts or is away for longer, that loses records the process
 * still has room for. Here a batch is acknowledged to the batch processor at
 * once and kept — in order, retried with backoff — until delivered. Memory
 * stays bounded because the records held here still count as in flight, so
 * the bounded processor in front refuses (and counts) new ones once the
 * queue size is reached: the buffer promise is "up to maxQueueSize records
 * survive an outage of any length".
 */
export class RedeliveringExporter<T> implements Exporter<T> {
  private readonly held: HeldBatch<T>[] = [];
  private active = 0;
  private backoffMillis = 0;
  private pausedUntil = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;
  private deferred = false;
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  /**
   * One deadline for all flushes of an outage: the batch processor flushes
   * its exporter once per batch, and a stopping service must not wait the
   * full drain time for each. Reset by the next delivery.
   */
  private drainDeadline: number | undefined;

  constructor(
    private readonly inner: Exporter<T>,
    private readonly signal: AccountedSignal,
    private readonly accounting: TelemetryAccounting,
    private readonly listener: RedeliveryListener,
    private readonly options: RedeliveryOptions,
  ) {}

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    if (this.closed) {
      this.lose(items.length, new Error('exporter already shut down'));
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter already shut down') });
      return;
    }
    this.held.push({ items, sending: false });
    resultCallback({ code: ExportResultCode.SUCCESS });
    this.schedulePump();
  }

  /**
   * The batch processor hands over a full batch from inside span.end() or
   * logger.emit() — the call of whichever request filled it. Encoding 512
   * records there made that one request wait for all of them (the bench's
   * p99); the send starts on the next turn of the event loop (the spans'
   * masking, before this exporter, waits for it too: masking-span-exporter.ts).
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Records held here or being sent. */
  pending(): number {
    return this.held.reduce((n, b) => n + b.items.length, 0);
  }

  forceFlush(): Promise<void> {
    return this.drain();
  }

  async shutdown(): Promise<void> {
    await this.drain();
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    const left = this.held.splice(0);
    const count = left.reduce((n, b) => n + b.items.length, 0);
    if (count > 0) this.lose(count, new Error(`still undelivered after ${this.options.drainTimeoutMillis} ms at shutdown`));
    await this.inner.shutdown();
  }

  private pump(): void {
    if (this.closed) return;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.wakeTimer ??= setTimeout(() => {
        this.wakeTimer = undefined;
        this.pump();
      }, wait).unref();
      return;
    }
    for (const batch of this.held) {
      if (this.active >= this.options.concurrency) break;
      if (!batch.sending) this.send(batch);
    }
    this.notifyIfDrained();
  }

  private send(batch: HeldBatch<T>): void {
    this.active += 1;
    batch.sending = true;
    let settled = false;
    const settle = (result: ExportResult): void => {
      if (settled) return;
      settled = true;
      this.active -= 1;
      batch.sending = false;
      this.onResult(batch, result);
    };
    try {
      this.inner.export(batch.items, settle);
    } catch (error) {
      settle({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  private onResult(batch: HeldBatch<T>, result: ExportResult): void {
    const index = this.held.indexOf(batch);
    if (index < 0) return; // already booked as lost by shutdown()
    if (result.code === ExportResultCode.SUCCESS) {
      this.held.splice(index, 1);
      this.accounting.resolve(this.signal, batch.items.length, true);
      this.backoffMillis = 0;
      this.drainDeadline = undefined;
      if (this.deferred) {
        this.deferred = false;
        this.listener.onResumed(this.signal);
      }
    } else if (isPermanent(result.error)) {
      this.held.splice(index, 1);
      this.lose(batch.items.length, result.error);
    } else {
      this.backoffMillis = Math.min(
        this.options.maxBackoffMillis,
        this.backoffMillis ? this.backoffMillis * 2 : this.options.initialBackoffMillis,
      );
      this.pausedUntil = Date.now() + this.backoffMillis;
      if (!this.deferred) {
        this.deferred = true;
        this.listener.onDeferred(this.signal, this.pending(), result.error);
      }
    }
    this.pump();
  }

  private lose(count: number, error: Error | undefined): void {
    this.accounting.resolve(this.signal, count, false);
    this.listener.onLost(this.signal, count, error);
  }

  /** Resolves when nothing is held, or at the drain deadline (the rest stays held). */
  private drain(): Promise<void> {
    if (this.held.length === 0) return Promise.resolve();
    this.drainDeadline ??= Date.now() + this.options.drainTimeoutMillis;
    const wait = this.drainDeadline - Date.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      timer.unref();
      const waiters = this.drainWaiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
      // A paused retry should not make a flush wait for the whole backoff.
      this.pausedUntil = Math.min(this.pausedUntil, Date.now());
      this.pump();
    });
  }

  private notifyIfDrained(): void {
    if (this.held.length > 0 || this.drainWaiters.length === 0) return;
    for (const done of this.drainWaiters.slice()) done();
  }
}
