import { SeverityNumber } from '@opentelemetry/api-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { writeAnyValue, writeAttributes, writeExportRequest, writeHrTime } from './encode-common';
import { type ProtoWriter, writerOfItsOwn } from './proto-writer';

/* ExportLogsServiceRequest (opentelemetry/proto/logs/v1), field numbers as in logs.proto. */

function writeLogRecord(w: ProtoWriter, record: ReadableLogRecord): void {
  w.tag(1, 1);
  writeHrTime(w, record.hrTime);
  if (record.severityNumber !== undefined && record.severityNumber !== SeverityNumber.UNSPECIFIED) {
    w.tag(2, 0);
    w.varint(record.severityNumber);
  }
  if (record.severityText) {
    w.tag(3, 2);
    w.string(record.severityText);
  }
  if (record.body !== undefined) {
    w.tag(5, 2);
    const at = w.begin();
    writeAnyValue(w, record.body);
    w.end(at);
  }
  if (record.attributes) writeAttributes(w, record.attributes, 6);
  w.tag(7, 0);
  w.varint(record.droppedAttributesCount);
  const context = record.spanContext;
  if (context?.traceFlags) {
    w.tag(8, 5);
    w.fixed32(context.traceFlags);
  }
  if (context?.traceId) {
    w.tag(9, 2);
    w.hexBytes(context.traceId);
  }
  if (context?.spanId) {
    w.tag(10, 2);
    w.hexBytes(context.spanId);
  }
  w.tag(11, 1);
  writeHrTime(w, record.hrTimeObserved);
  if (record.eventName) {
    w.tag(12, 2);
    w.string(record.eventName);
  }
}

const writer = writerOfItsOwn('logs');

/** The protobuf body of an OTLP/HTTP logs request. */
export function encodeLogRecords(records: readonly ReadableLogRecord[]): Uint8Array {
  writer.reset();
  writeExportRequest(writer, records, writeLogRecord);
  return writer.finish();
}
