// Every knob of the stack, read once from the environment with working local
// defaults. Components receive this object and never read process.env themselves,
// so a test can run an isolated stack by passing overrides.
import { resolve } from 'node:path';
import { defaultCacheDir, defaultStackDir, repoRoot } from './paths';
import { UsageError } from './errors';

export interface StackSettings {
  /** Every component listens here and nowhere else. */
  readonly host: '127.0.0.1';
  readonly repoRoot: string;
  /** State: data dirs, pid files, logs (JEWELRY_STACK_DIR). */
  readonly stackDir: string;
  /** Downloads and builds, shared by clones (JEWELRY_CACHE_DIR). */
  readonly cacheDir: string;
  readonly rabbitmqPort: number;
  /** Erlang distribution port; RabbitMQ's own default is the AMQP port + 20000. */
  readonly rabbitmqDistPort: number;
  readonly esPort: number;
  readonly esTransportPort: number;
  readonly esVersion: string;
  readonly esJavaOpts: string;
  /** Primary shards of every log and trace index `es setup` templates (ES_INDEX_SHARDS). */
  readonly esIndexShards: number;
  /** Replicas of those indices (ES_INDEX_REPLICAS); 0 keeps a single node green. */
  readonly esIndexReplicas: number;
  readonly otlpHttpPort: number;
  readonly otlpGrpcPort: number;
  readonly collectorHealthPort: number;
  /** The collector's prometheus exporter (what Prometheus scrapes). */
  readonly collectorMetricsPort: number;
  /** The collector's own telemetry (queue sizes, send failures). */
  readonly collectorTelemetryPort: number;
  /** Builder version; undefined means "the release the manifest pins". */
  readonly otelcolVersion: string | undefined;
  readonly prometheusPort: number;
}

/** Newest 8.19 patch on the Maven repository we can reach; 9.x needs JDK 21+, the machines have 17. */
export const DEFAULT_ES_VERSION = '8.19.21';
export const DEFAULT_ES_JAVA_OPTS = '-Xms512m -Xmx512m';

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new UsageError(`${name} must be a port number (1-65535), got '${raw}'`);
  }
  return value;
}

function count(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 1024) {
    throw new UsageError(`${name} must be a whole number from ${min} to 1024, got '${raw}'`);
  }
  return value;
}

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

export function resolveSettings(overrides: Partial<StackSettings> = {}, env: Env = process.env): StackSettings {
  const root = overrides.repoRoot ?? repoRoot();
  const rabbitmqPort = overrides.rabbitmqPort ?? port(env, 'RABBITMQ_PORT', 5672);
  const otelcolVersion = env.OTELCOL_VERSION?.trim();
  const settings: StackSettings = {
    host: '127.0.0.1',
    repoRoot: root,
    stackDir: resolve(env.JEWELRY_STACK_DIR?.trim() || defaultStackDir(root)),
    cacheDir: resolve(env.JEWELRY_CACHE_DIR?.trim() || defaultCacheDir()),
    rabbitmqPort,
    rabbitmqDistPort: port(env, 'RABBITMQ_DIST_PORT', rabbitmqPort + 20000),
    esPort: port(env, 'ES_PORT', 9200),
    esTransportPort: port(env, 'ES_TRANSPORT_PORT', 9300),
    esVersion: text(env, 'ES_VERSION', DEFAULT_ES_VERSION),
    esJavaOpts: text(env, 'ES_JAVA_OPTS', DEFAULT_ES_JAVA_OPTS),
    esIndexShards: count(env, 'ES_INDEX_SHARDS', 1, 1),
    esIndexReplicas: count(env, 'ES_INDEX_REPLICAS', 0, 0),
    otlpHttpPort: port(env, 'OTLP_HTTP_PORT', 4318),
    otlpGrpcPort: port(env, 'OTLP_GRPC_PORT', 4317),
    collectorHealthPort: port(env, 'COLLECTOR_HEALTH_PORT', 13133),
    collectorMetricsPort: port(env, 'COLLECTOR_METRICS_PORT', 8889),
    collectorTelemetryPort: port(env, 'COLLECTOR_TELEMETRY_PORT', 8888),
    otelcolVersion: otelcolVersion ? (otelcolVersion.startsWith('v') ? otelcolVersion : `v${otelcolVersion}`) : undefined,
    prometheusPort: port(env, 'PROMETHEUS_PORT', 9090),
  };
  const merged = { ...settings, ...overrides };
  if (!/^\d+\.\d+\.\d+$/.test(merged.esVersion)) {
    throw new UsageError(`ES_VERSION must look like 8.19.21, got '${merged.esVersion}'`);
  }
  return { ...merged, stackDir: resolve(merged.stackDir), cacheDir: resolve(merged.cacheDir) };
}

/** What clients connect to. */
export interface StackEndpoints {
  /** guest/guest: RabbitMQ accepts that user on loopback only, which is all we listen on. */
  readonly amqpUrl: string;
  readonly elasticsearchUrl: string;
  /** Base URL for OTLP over HTTP (the SDK appends /v1/traces, /v1/logs, /v1/metrics). */
  readonly otlpHttpEndpoint: string;
  readonly otlpGrpcEndpoint: string;
  readonly collectorHealthUrl: string;
  readonly collectorMetricsUrl: string;
  readonly prometheusUrl: string;
}

export function stackEndpoints(settings: StackSettings = resolveSettings()): StackEndpoints {
  const h = settings.host;
  return {
    amqpUrl: `amqp://guest:guest@${h}:${settings.rabbitmqPort}`,
    elasticsearchUrl: `http://${h}:${settings.esPort}`,
    otlpHttpEndpoint: `http://${h}:${settings.otlpHttpPort}`,
    otlpGrpcEndpoint: `http://${h}:${settings.otlpGrpcPort}`,
    collectorHealthUrl: `http://${h}:${settings.collectorHealthPort}/`,
    collectorMetricsUrl: `http://${h}:${settings.collectorMetricsPort}/metrics`,
    prometheusUrl: `http://${h}:${settings.prometheusPort}`,
  };
}
