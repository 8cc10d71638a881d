import type { Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { writeAttributes, writeExportRequest, writeHrTime } from './encode-common';
import { type ProtoWriter, writerOfItsOwn } from './proto-writer';

/* ExportTraceServiceRequest (opentelemetry/proto/trace/v1), field numbers as in trace.proto. */

const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}

/** trace_id, span_id and trace_state: fields 1 to 3 of a Span and of a Span.Link alike. */
function writeContext(w: ProtoWriter, context: SpanContext): void {
  w.tag(1, 2);
  w.hexBytes(context.traceId);
  w.tag(2, 2);
  w.hexBytes(context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) {
    w.tag(3, 2);
    w.string(traceState);
  }
}

function writeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.tag(1, 1);
  writeHrTime(w, event.time);
  w.tag(2, 2);
  w.string(event.name);
  if (event.attributes) writeAttributes(w, event.attributes, 3);
  w.tag(4, 0);
  w.varint(event.droppedAttributesCount || 0);
}

function writeLink(w: ProtoWriter, link: Link): void {
  const context = link.context;
  writeContext(w, context);
  if (link.attributes) writeAttributes(w, link.attributes, 4);
  w.tag(5, 0);
  w.varint(link.droppedAttributesCount || 0);
  w.tag(6, 5);
  w.fixed32(spanFlags(context.traceFlags, context.isRemote));
}

function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const context: SpanContext = span.spanContext();
  const parent = span.parentSpanContext;
  writeContext(w, context);
  if (parent?.spanId) {
    w.tag(4, 2);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, 2);
  w.string(span.name);
  // SpanKind in the proto is the API's plus one (0 is "unspecified").
  if (span.kind != null) {
    w.tag(6, 0);
    w.varint(span.kind + 1);
  }
  w.tag(7, 1);
  writeHrTime(w, span.startTime);
  w.tag(8, 1);
  writeHrTime(w, span.endTime);
  if (span.attributes) writeAttributes(w, span.attributes, 9);
  w.tag(10, 0);
  w.varint(span.droppedAttributesCount);
  for (const event of span.events) w.message(11, event, writeEvent);
  w.tag(12, 0);
  w.varint(span.droppedEventsCount);
  for (const link of span.links) w.message(13, link, writeLink);
  w.tag(14, 0);
  w.varint(span.droppedLinksCount);
  w.tag(15, 2);
  const status = w.begin();
  if (span.status.message) {
    w.tag(2, 2);
    w.string(span.status.message);
  }
  w.tag(3, 0);
  w.varint(span.status.code);
  w.end(status);
  w.tag(16, 5);
  w.fixed32(spanFlags(context.traceFlags, parent?.isRemote));
}

const writer = writerOfItsOwn('traces');

/** The protobuf body of an OTLP/HTTP traces request. */
export function encodeSpans(spans: readonly ReadableSpan[]): Uint8Array {
  writer.reset();
  writeExportRequest(writer, spans, writeSpan);
  return writer.finish();
}
