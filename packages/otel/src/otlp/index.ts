/**
 * `@jewelry/otel/otlp`: our OTLP http/protobuf encoders and the span and log
 * exporters built on them. A separate entry so the preload bundle does not
 * hold them: they are required at the first export (create-exporters.ts).
 */
export { encodeSpans } from './encode-spans';
export { encodeLogRecords } from './encode-logs';
export { createLeanSpanExporter, createLeanLogExporter } from './lean-exporters';
