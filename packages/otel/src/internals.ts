/**
 * `@jewelry/otel/internals`: the pipeline building blocks, importable without
 * starting the SDK — for this package's unit tests and for benchmarks. Not a
 * stable API.
 */
export { TelemetryAccounting, type SignalCounts, type AccountedSignal } from './pipeline/telemetry-accounting';
export { RedeliveringExporter, type RedeliveryListener, type RedeliveryOptions } from './pipeline/redelivering-exporter';
export { BoundedLogProcessor } from './pipeline/bounded-log-processor';
export { BoundedSpanProcessor } from './pipeline/bounded-span-processor';
export { MaskingSpanExporter } from './pipeline/masking-span-exporter';
export { MaskingLogProcessor } from './pipeline/masking-log-processor';
export { buildPipeline, logRecordProcessors, type Pipeline } from './pipeline/build-pipeline';
export { DirectLogEntry } from './pipeline/direct-log-entry';
export { sdkLogAttributes, resolveLogRecordLimits, type ResolvedLogRecordLimits } from './pipeline/sdk-log-attributes';
export { DropReporter } from './diagnostics/drop-reporter';
export { DistroLog } from './diagnostics/distro-log';
export { LazyExporter, LazyMetricExporter, temporalityFor } from './pipeline/lazy-exporter';
export { createOtlpExporter } from './pipeline/create-exporters';
export { loadBundle, type LoadBundleOptions } from './loader/load-bundle';
export { JewelryContextManager } from './sdk/context-manager';
export { PooledIdGenerator } from './sdk/pooled-id-generator';
export { JewelryTracerProvider } from './sdk/tracer-provider';
export { expressRouteOf, recordExpressRoute } from './instrumentations/express-route';
export { codeCacheFile } from './loader/code-cache-file';
export { bypassingSuppressedRequests, httpConfig, outgoingRequestIsSuppressed } from './instrumentations/http-config';
export { patchingStacksByAssignment } from './instrumentations/aws-sdk-config';
export { withLeanServerSpans } from './instrumentations/http-server-span';
export { installShutdown, type ShutdownDeps, type ShutdownControl } from './shutdown';
