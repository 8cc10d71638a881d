import { TraceFlags, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { TelemetryAccounting } from './telemetry-accounting';

/**
 * In front of the BatchSpanProcessor: admits a span only while fewer than
 * `limit` are unresolved, and counts the rest as dropped. The batch processor
 * behind it gets the same limit, so it never reaches its own silent drop.
 */
export class BoundedSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly accounting: TelemetryAccounting,
    private readonly limit: number,
    /** What the batch processor hands its batches to; a flush waits for it too. */
    private readonly downstream?: { forceFlush(): Promise<void> },
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    // Unsampled spans are never exported (the batch processor skips them too), so they are not booked.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (!this.accounting.admit('spans', this.limit)) return;
    this.inner.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush();
    await this.downstream?.forceFlush();
  }

  shutdown(): Promise<void> {
    this.accounting.close('spans');
    return this.inner.shutdown();
  }
}
