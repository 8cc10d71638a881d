import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpEncoder } from '../config/distro-config';
import type { OtlpProtocol, Signal } from '../config/otlp-protocol';
import { LazyExporter, LazyMetricExporter } from './lazy-exporter';

/*
 * The OTLP exporter of each signal for the configured protocol. Only the
 * chosen protocol's package is loaded. Endpoint, headers, timeout and
 * compression are left to the exporters, which read the standard
 * OTEL_EXPORTER_OTLP_* variables themselves (default http://localhost:4318).
 */

const LEAN_EXPORTERS = '@jewelry/otel/otlp';
const PACKAGE_PART: Record<Signal, string> = { traces: 'trace', metrics: 'metrics', logs: 'logs' };
const CLASS_NAME: Record<Signal, string> = { traces: 'OTLPTraceExporter', metrics: 'OTLPMetricExporter', logs: 'OTLPLogExporter' };
const PROTOCOL_PART: Record<OtlpProtocol, string> = { 'http/protobuf': 'proto', 'http/json': 'http', grpc: 'grpc' };

interface ExporterOf {
  traces: SpanExporter;
  metrics: PushMetricExporter;
  logs: LogRecordExporter;
}

interface LeanExporters {
  createLeanSpanExporter(): SpanExporter;
  createLeanLogExporter(): LogRecordExporter;
}

/** e.g. traces + http/protobuf → new (require('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter)() */
export function createOtlpExporter<S extends Signal>(signal: S, protocol: OtlpProtocol, encoder: OtlpEncoder = 'lean'): ExporterOf[S] {
  if (protocol === 'http/protobuf' && encoder === 'lean' && signal !== 'metrics') {
    // By the package's own name, so the preload bundle leaves it out (@jewelry/* stays external).
    const lean = require(LEAN_EXPORTERS) as LeanExporters;
    return (signal === 'traces' ? lean.createLeanSpanExporter() : lean.createLeanLogExporter()) as ExporterOf[S];
  }
  const moduleName = `@opentelemetry/exporter-${PACKAGE_PART[signal]}-otlp-${PROTOCOL_PART[protocol]}`;
  const Exporter = (require(moduleName) as Record<string, new () => ExporterOf[S]>)[CLASS_NAME[signal]];
  if (!Exporter) throw new Error(`${moduleName} has no ${CLASS_NAME[signal]}`);
  return new Exporter();
}

/** The same, loaded at the first export (lazy-exporter.ts): start-up does not pay for the serializer. */
export function createLazyOtlpExporter<S extends Signal>(signal: S, protocol: OtlpProtocol, encoder: OtlpEncoder = 'lean'): ExporterOf[S] {
  if (signal === 'metrics') {
    return new LazyMetricExporter(
      () => createOtlpExporter('metrics', protocol),
      process.env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE,
    ) as unknown as ExporterOf[S];
  }
  return new LazyExporter(() => createOtlpExporter(signal, protocol, encoder) as SpanExporter) as unknown as ExporterOf[S];
}
