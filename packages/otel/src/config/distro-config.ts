import { envBoolean, envList, envPositiveInt, envString, type ConfigWarning } from './env-values';
import { endpointFor, protocolFor, type OtlpProtocol, type Signal } from './otlp-protocol';

export type ExporterKind = 'otlp' | 'console' | 'none';

/** Which encoder the http/protobuf span and log exporters use: ours (src/otlp/, the default) or the official serializer. */
export type OtlpEncoder = 'lean' | 'official';

/** Whose spans the tracers make: ours (src/sdk/lean-span.ts, the default) or the SDK's SpanImpl. */
export type SpanImplementation = 'lean' | 'official';

export interface SignalConfig {
  exporter: ExporterKind;
  protocol: OtlpProtocol;
  endpoint: string;
}

export interface QueueConfig {
  /** Records held while the exporter is busy or the collector is away; beyond it they are dropped and counted. */
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

export interface DistroConfig {
  disabled: boolean;
  serviceName: string | undefined;
  presetOverride: string | undefined;
  signals: Record<Signal, SignalConfig>;
  logQueue: QueueConfig;
  spanQueue: QueueConfig;
  metricIntervalMillis: number;
  /** Upper bound on the flush at SIGTERM/SIGINT/exit, so an absent collector cannot hold the process. */
  shutdownTimeoutMillis: number;
  /** How often dropped-telemetry totals are reported while the service runs. */
  dropReportIntervalMillis: number;
  /** Held batches are retried until delivered (see RedeliveringExporter). */
  redelivery: { concurrency: number; initialBackoffMillis: number; maxBackoffMillis: number };
  /**
   * Whether instrumentations record their per-request metrics (http.server.request.duration,
   * http.client.request.duration, db.client.operation.duration, …). Off by default: the
   * collector derives request counts and latencies from the spans (span_metrics connector),
   * which is what the alerts read.
   */
  instrumentationMetrics: boolean;
  /**
   * The encoder of the http/protobuf span and log exporters: `lean` (ours,
   * src/otlp/: the same bytes at a fraction of the CPU) or `official`
   * (@opentelemetry/otlp-transformer's), from JEWELRY_OTLP_ENCODER.
   */
  otlpEncoder: OtlpEncoder;
  /**
   * Whose spans the tracers make: `lean` (src/sdk/lean-span.ts: the SDK's
   * behaviour, each attribute validated once) or `official` (the SDK's
   * SpanImpl), from JEWELRY_SPANS.
   */
  spans: SpanImplementation;
  enabledInstrumentations: string[] | undefined;
  disabledInstrumentations: string[];
  warnings: string[];
}

function exporterFor(signal: Signal, env: NodeJS.ProcessEnv, warn: ConfigWarning): ExporterKind {
  const name = `OTEL_${signal.toUpperCase()}_EXPORTER`;
  const values = envList(env, name) ?? ['otlp'];
  if (values.includes('none')) return 'none';
  const known = values.filter((v): v is ExporterKind => v === 'otlp' || v === 'console');
  if (known.length !== values.length) warn(`${name}=${values.join(',')}: only otlp, console and none are supported`);
  return known[0] ?? 'otlp';
}

function serviceNameFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const direct = envString(env, 'OTEL_SERVICE_NAME');
  if (direct) return direct;
  for (const pair of (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',')) {
    const [key, ...rest] = pair.split('=');
    if (key?.trim() === 'service.name' && rest.length) return decodeURIComponent(rest.join('=').trim());
  }
  return undefined;
}

/** A JEWELRY_* choice between our implementation (`lean`, the default) and the official package's. */
function leanOrOfficial(env: NodeJS.ProcessEnv, name: string, warn: ConfigWarning): 'lean' | 'official' {
  const value = envString(env, name)?.toLowerCase();
  if (value === undefined || value === 'lean') return 'lean';
  if (value === 'official') return value;
  warn(`${name}=${value} is not one of lean, official; using lean`);
  return 'lean';
}

/**
 * Everything the distribution reads from the environment, in one place: the
 * standard OTEL_* variables (the OTLP exporters also read their endpoint,
 * headers, timeout and compression variables themselves) plus our few
 * JEWELRY_* ones.
 */
export function readDistroConfig(env: NodeJS.ProcessEnv = process.env): DistroConfig {
  const warnings: string[] = [];
  const warn: ConfigWarning = (message) => warnings.push(message);
  const signal = (s: Signal): SignalConfig => {
    const protocol = protocolFor(s, env, warn);
    return { exporter: exporterFor(s, env, warn), protocol, endpoint: endpointFor(s, protocol, env) };
  };
  return {
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    serviceName: serviceNameFromEnv(env),
    presetOverride: envString(env, 'JEWELRY_PRESET'),
    signals: { traces: signal('traces'), metrics: signal('metrics'), logs: signal('logs') },
    // Logs come in bursts (an order touches many records at once), so the queue is several times the SDK default of 2048.
    // Batches of 512, not 1024: serializing a batch blocks the event loop (p99 41 → 25 ms in the bench).
    logQueue: {
      maxQueueSize: envPositiveInt(env, 'OTEL_BLRP_MAX_QUEUE_SIZE', 16384, warn),
      maxExportBatchSize: envPositiveInt(env, 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE', 512, warn),
      scheduledDelayMillis: envPositiveInt(env, 'OTEL_BLRP_SCHEDULE_DELAY', 1000, warn),
      exportTimeoutMillis: envPositiveInt(env, 'OTEL_BLRP_EXPORT_TIMEOUT', 10000, warn),
    },
    spanQueue: {
      maxQueueSize: envPositiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 8192, warn),
      maxExportBatchSize: envPositiveInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, warn),
      scheduledDelayMillis: envPositiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY', 1000, warn),
      exportTimeoutMillis: envPositiveInt(env, 'OTEL_BSP_EXPORT_TIMEOUT', 10000, warn),
    },
    metricIntervalMillis: envPositiveInt(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60000, warn),
    shutdownTimeoutMillis: envPositiveInt(env, 'JEWELRY_SHUTDOWN_TIMEOUT_MS', 5000, warn),
    dropReportIntervalMillis: envPositiveInt(env, 'JEWELRY_DROP_REPORT_INTERVAL_MS', 10000, warn),
    redelivery: {
      concurrency: envPositiveInt(env, 'JEWELRY_EXPORT_CONCURRENCY', 2, warn),
      initialBackoffMillis: envPositiveInt(env, 'JEWELRY_EXPORT_RETRY_INITIAL_MS', 250, warn),
      maxBackoffMillis: envPositiveInt(env, 'JEWELRY_EXPORT_RETRY_MAX_MS', 5000, warn),
    },
    instrumentationMetrics: envBoolean(env, 'JEWELRY_INSTRUMENTATION_METRICS', false, warn),
    otlpEncoder: leanOrOfficial(env, 'JEWELRY_OTLP_ENCODER', warn),
    spans: leanOrOfficial(env, 'JEWELRY_SPANS', warn),
    enabledInstrumentations: envList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations: envList(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? [],
    warnings: [...new Set(warnings)],
  };
}
