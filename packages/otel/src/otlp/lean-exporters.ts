import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import {
  LogsExporterMetricsHelper,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
} from '@opentelemetry/otlp-transformer';
import { encodeLogRecords } from './encode-logs';
import { encodeSpans } from './encode-spans';

/*
 * The OTLP http/protobuf span and log exporters with our encoders
 * (encode-spans.ts, encode-logs.ts) in place of the official serializer;
 * everything else is the official exporter's: the endpoint, headers,
 * timeout and compression from OTEL_EXPORTER_OTLP_*, the HTTP agent, its
 * retries and the reading of partial-success answers. Loaded at the first
 * export, like the official exporters (lazy-exporter.ts).
 */

const PROTOBUF = { 'Content-Type': 'application/x-protobuf' };

export function createLeanSpanExporter(): SpanExporter {
  const delegate = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', PROTOBUF),
    { serializeRequest: encodeSpans, deserializeResponse: ProtobufTraceSerializer.deserializeResponse },
    'otlp_http_span_exporter',
    TraceExporterMetricsHelper,
    undefined,
  );
  return new OTLPExporterBase(delegate) as SpanExporter;
}

export function createLeanLogExporter(): LogRecordExporter {
  const delegate = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions({}, 'LOGS', 'v1/logs', PROTOBUF),
    { serializeRequest: encodeLogRecords, deserializeResponse: ProtobufLogsSerializer.deserializeResponse },
    'otlp_http_log_exporter',
    LogsExporterMetricsHelper,
    undefined,
  );
  return new OTLPExporterBase(delegate) as LogRecordExporter;
}
