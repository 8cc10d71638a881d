import type { Link, SpanStatus } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace';
import { defaultMasker } from '@jewelry/masking';

/**
 * The span with its name, attributes (keys too), event names and attributes,
 * link attributes and status message masked. A span with nothing to mask —
 * most of them — is handed on as it is: it has ended, and nothing is copied.
 * Otherwise a copy, everything unmasked shared with the original, which stays
 * untouched for other processors. The copy is a plain object literal, so every
 * copy has the same shape and the serializer's property reads stay fast (a
 * view with the live span as prototype cost 7 % of a request's CPU in the bench).
 */
function maskedSpan(span: ReadableSpan): ReadableSpan {
  const name = defaultMasker.maskText(span.name);
  const status = maskedStatus(span.status);
  // The SDK's own attribute maps (data properties only): the same map back when nothing in it is masked.
  const attributes = defaultMasker.maskAttributesOrSame(span.attributes);
  const links = maskedList(span.links, maskedLink);
  const events = maskedList(span.events, maskedEvent);
  if (name === span.name && status === span.status && attributes === span.attributes && links === span.links && events === span.events)
    return span;
  const context = span.spanContext();
  return {
    name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status,
    attributes,
    links,
    events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

function maskedStatus(status: SpanStatus): SpanStatus {
  if (!status.message) return status;
  const message = defaultMasker.maskText(status.message);
  return message === status.message ? status : { ...status, message };
}

/** The list itself when no item changed, else a copy with the changed items. */
function maskedList<T>(items: T[], mask: (item: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const masked = mask(item);
    if (out === undefined && masked !== item) out = items.slice(0, i);
    out?.push(masked);
  }
  return out ?? items;
}

function maskedEvent(event: TimedEvent): TimedEvent {
  const name = defaultMasker.maskText(event.name);
  const attributes = event.attributes && defaultMasker.maskAttributesOrSame(event.attributes);
  if (name === event.name && attributes === event.attributes) return event;
  return { ...event, name, ...(attributes ? { attributes } : {}) };
}

function maskedLink(link: Link): Link {
  const attributes = link.attributes && defaultMasker.maskAttributesOrSame(link.attributes);
  return attributes === link.attributes ? link : { ...link, attributes };
}

/**
 * SEC-1 for spans, at export: name, attributes (keys too), events, links and
 * status message of every span of a batch are masked before the batch goes on
 * to be held and encoded, so nothing unmasked leaves the process. Masking a
 * whole batch in one go, not each span as it ends, halved what masking cost
 * an order in the realistic bench (issue 16: 100 → 48 µs per order on Node 24,
 * one run, 3 rounds): between two ends the service runs its own code, which
 * pushes the masker's rules, key cache and memo out of the CPU's caches.
 *
 * A span whose masking throws is left out of its batch alone (never
 * unmasked) and goes to `onMaskingError`, which books it as lost; the rest of
 * the batch is exported. The batch processor gets its result once the masked
 * batch has been handed on.
 */
export class MaskingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly onMaskingError: (error: Error) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    // The batch processor hands over a full batch from inside span.end(): masking 512 spans
    // there made the request that ended the span wait for all of them. The batch is masked on
    // the next turn of the event loop (in the export's own context: tracing stays suppressed).
    setImmediate(() => this.maskAndExport(spans, resultCallback));
  }

  private maskAndExport(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const masked: ReadableSpan[] = [];
    for (const span of spans) {
      try {
        masked.push(maskedSpan(span));
      } catch (error) {
        this.onMaskingError(error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (masked.length === 0) resultCallback({ code: ExportResultCode.SUCCESS });
    else this.inner.export(masked, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush ? this.inner.forceFlush() : Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
