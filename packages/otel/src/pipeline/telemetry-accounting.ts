export type AccountedSignal = 'spans' | 'logs';

export interface SignalCounts {
  /** Handed to the export pipeline. */
  accepted: number;
  /** Confirmed delivered by the exporter. */
  exported: number;
  /** Lost in an export that failed after the exporter's own retries. */
  failed: number;
  /** Refused because the queue was full (the collector slower than the service, or away). */
  droppedQueueFull: number;
  /** Ended or emitted after the pipeline shut down (a request still finishing on SIGTERM): nothing can send it any more. */
  droppedAfterShutdown: number;
  /** Accepted and not yet resolved either way. */
  inFlight: number;
}

/**
 * Where every span and log record handed to the SDK ends up. The SDK's batch
 * processors drop silently when full and its exporters discard after a few
 * retries; these counts make both visible (reported on stderr, as metrics,
 * and by getTelemetryStats()).
 */
export class TelemetryAccounting {
  private readonly counts: Record<AccountedSignal, SignalCounts> = {
    spans: { accepted: 0, exported: 0, failed: 0, droppedQueueFull: 0, droppedAfterShutdown: 0, inFlight: 0 },
    logs: { accepted: 0, exported: 0, failed: 0, droppedQueueFull: 0, droppedAfterShutdown: 0, inFlight: 0 },
  };
  private readonly closed: Record<AccountedSignal, boolean> = { spans: false, logs: false };

  accept(signal: AccountedSignal): void {
    const c = this.counts[signal];
    c.accepted += 1;
    c.inFlight += 1;
  }

  dropQueueFull(signal: AccountedSignal): void {
    this.counts[signal].droppedQueueFull += 1;
  }

  /**
   * Books one span or record handed to the pipeline, for the bounded
   * processors in front of the batch processors: accepted while the pipeline
   * is open and fewer than `limit` are unresolved, else counted under its
   * reason. False: the caller drops it (the batch processor behind would drop
   * it without a word, or has shut down).
   */
  admit(signal: AccountedSignal, limit: number): boolean {
    if (this.closed[signal]) {
      this.counts[signal].droppedAfterShutdown += 1;
      return false;
    }
    if (this.counts[signal].inFlight >= limit) {
      this.dropQueueFull(signal);
      return false;
    }
    this.accept(signal);
    return true;
  }

  /** The signal's pipeline shut down: whatever is handed to it now is lost (after_shutdown). */
  close(signal: AccountedSignal): void {
    this.closed[signal] = true;
  }

  resolve(signal: AccountedSignal, count: number, delivered: boolean): void {
    const c = this.counts[signal];
    if (delivered) c.exported += count;
    else c.failed += count;
    c.inFlight = Math.max(0, c.inFlight - count);
  }

  inFlight(signal: AccountedSignal): number {
    return this.counts[signal].inFlight;
  }

  snapshot(): Record<AccountedSignal, SignalCounts> {
    return { spans: { ...this.counts.spans }, logs: { ...this.counts.logs } };
  }

  /** Records lost so far: failed exports, queue-full drops and those that came after shutdown. */
  lost(signal: AccountedSignal): number {
    const c = this.counts[signal];
    return c.failed + c.droppedQueueFull + c.droppedAfterShutdown;
  }

  /** Everything handed to the pipeline, whether it was admitted or not. */
  handed(signal: AccountedSignal): number {
    const c = this.counts[signal];
    return c.accepted + c.droppedQueueFull + c.droppedAfterShutdown;
  }
}
