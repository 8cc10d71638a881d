import type { Attributes } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { defaultMasker } from '@jewelry/masking';

/**
 * A view of the span with masked name, attributes, event attributes and
 * status message; everything else is read through from the original span
 * (its prototype), which stays untouched for other processors.
 */
function maskedSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    name: { value: defaultMasker.maskText(span.name), enumerable: true },
    attributes: { value: defaultMasker.maskAttributes(span.attributes) as Attributes, enumerable: true },
    events: {
      value: span.events.map((event) =>
        event.attributes ? { ...event, attributes: defaultMasker.maskAttributes(event.attributes) as Attributes } : event,
      ),
      enumerable: true,
    },
    status: {
      value: span.status.message ? { ...span.status, message: defaultMasker.maskText(span.status.message) } : span.status,
      enumerable: true,
    },
  }) as ReadableSpan;
}

/** SEC-1 for spans: URLs, query strings, messaging payload ids and error messages are masked before export. */
export class MaskingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(maskedSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush ? this.inner.forceFlush() : Promise.resolve();
  }
}
