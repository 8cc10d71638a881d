// Every knob of the stack, read once from the environment with working local
// defaults. Components receive this object and never read process.env themselves,
// so a test can run an isolated stack by passing overrides.
import { resolve } from 'node:path';
import { defaultCacheDir, defaultStackDir, repoRoot, UsageError } from '@jewelry/ops-kit';
import { defaultReplicas, flag, resolveScaleSettings, type ScaleSettings } from './scale-settings';

export interface StackSettings extends ScaleSettings {
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
  /** Replicas of those indices (ES_INDEX_REPLICAS); default 0 on one node (keeps it green), 1 on a cluster. */
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
  /** Prometheus scrape and rule evaluation interval (JEWELRY_PROMETHEUS_INTERVAL, default 15s; tests use 1s). */
  readonly prometheusInterval: string;
  /** Alertmanager's first wait and re-group wait (JEWELRY_ALERTMANAGER_GROUP_WAIT / _GROUP_INTERVAL, default 30s / 5m). */
  readonly alertmanagerGroupWait: string;
  readonly alertmanagerGroupInterval: string;
  /**
   * Every JEWELRY_* variable of the environment, handed to the collector: its
   * config reads several (JEWELRY_MAX_BODY_CHARS, JEWELRY_HOST_LOG_GLOBS,
   * JEWELRY_SPAN_METRICS_FLUSH_INTERVAL, …) and the stack starts it with a
   * clean environment.
   */
  readonly collectorPassthroughEnv: Readonly<Record<string, string>>;
  /** Config files laid over the distribution's own, in order (JEWELRY_COLLECTOR_EXTRA_CONFIG, comma-separated paths). */
  readonly collectorExtraConfigs: readonly string[];
  /** Alertmanager's HTTP port (ALERTMANAGER_PORT); Prometheus sends its alerts here. */
  readonly alertmanagerPort: number;
  /** The generic webhook receiver (ALERTMANAGER_WEBHOOK_URL); tests point it at their own listener. */
  readonly alertmanagerWebhookUrl: string;
  /** A Teams bridge (prometheus-msteams) URL (ALERTMANAGER_TEAMS_WEBHOOK_URL). */
  readonly alertmanagerTeamsWebhookUrl: string;
  /** Slack incoming-webhook URL (ALERTMANAGER_SLACK_WEBHOOK_URL), written to a 0600 secret file, never to the config. */
  readonly alertmanagerSlackWebhookUrl: string;
  /** SMTP relay host:port, sender, login (ALERTMANAGER_SMTP_SMARTHOST, _FROM, _USERNAME, _PASSWORD). */
  readonly alertmanagerSmtpSmarthost: string;
  readonly alertmanagerSmtpFrom: string;
  readonly alertmanagerSmtpUsername: string;
  readonly alertmanagerSmtpPassword: string;
  /** PostgreSQL's TCP port (PG_PORT); its unix socket lives in <stack dir>/postgres/run. */
  readonly pgPort: number;
  /** The role the services log in as (PG_USER), created with PG_PASSWORD, owner of PG_DATABASE. */
  readonly pgUser: string;
  readonly pgPassword: string;
  readonly pgDatabase: string;
  /** The S3-compatible server's port (S3_PORT). */
  readonly s3Port: number;
  /** Its one (root) account: S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, checked with SigV4 on every request. */
  readonly s3AccessKeyId: string;
  readonly s3SecretAccessKey: string;
  /** Created (idempotently) once the server is healthy (S3_BUCKET). */
  readonly s3Bucket: string;
  /** The region the server answers for (S3_REGION); clients must sign for the same one. */
  readonly s3Region: string;
  /** Release of the Versity S3 Gateway built from its Go module (VERSITYGW_VERSION); one cached build per version. */
  readonly versitygwVersion: string;
  /**
   * SEC-2/SEC-3 (JEWELRY_ES_SECURITY=true): the stack's Elasticsearch runs with
   * security on (users, roles, HTTP TLS, audit) and the collector receives OTLP
   * over TLS. Off by default: the tests and the demo talk to the plain local node.
   */
  readonly esSecurity: boolean;
  /** PEM files that replace the generated local certificates (JEWELRY_ES_TLS_CERT / _KEY / _CA); all three or none. */
  readonly esTlsCert: string | undefined;
  readonly esTlsKey: string | undefined;
  readonly esTlsCa: string | undefined;
  /** The collector's OTLP receiver certificate (JEWELRY_OTLP_TLS_CERT / _KEY); default: the generated node certificate. */
  readonly otlpTlsCert: string | undefined;
  readonly otlpTlsKey: string | undefined;
}

/** Newest 8.19 patch on the Maven repository we can reach; 9.x needs JDK 21+, the machines have 17. */
export const DEFAULT_ES_VERSION = '8.19.21';
export const DEFAULT_ES_JAVA_OPTS = '-Xms512m -Xmx512m';
/** Release of github.com/versity/versitygw that `stack up s3` builds (see stack/components/s3.ts). */
export const DEFAULT_VERSITYGW_VERSION = 'v1.8.0';
/** The S3 server's region unless S3_REGION says otherwise; clients must sign for the same one. */
export const DEFAULT_S3_REGION = 'us-east-1';

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

function file(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? resolve(raw) : undefined;
}

/** A Prometheus-style duration (1s, 500ms, 5m, 1h). */
function duration(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^\d+(ms|s|m|h|d)$/.test(value)) throw new UsageError(`${name} must be a duration like 1s, 500ms or 5m, got '${value}'`);
  return value;
}

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

/** A secret is taken as given (spaces and all); only an unset or empty variable means the default. */
function secret(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** S3's bucket naming rules (the subset every server agrees on): 3-63 of a-z 0-9 . -, starting and ending alphanumeric. */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

export function resolveSettings(overrides: Partial<StackSettings> = {}, env: Env = process.env): StackSettings {
  const root = overrides.repoRoot ?? repoRoot();
  const rabbitmqPort = overrides.rabbitmqPort ?? port(env, 'RABBITMQ_PORT', 5672);
  const otelcolVersion = env.OTELCOL_VERSION?.trim();
  const settings: Omit<StackSettings, keyof ScaleSettings> = {
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
    // -1: not set; follows the number of nodes below.
    esIndexReplicas: count(env, 'ES_INDEX_REPLICAS', -1, 0),
    otlpHttpPort: port(env, 'OTLP_HTTP_PORT', 4318),
    otlpGrpcPort: port(env, 'OTLP_GRPC_PORT', 4317),
    collectorHealthPort: port(env, 'COLLECTOR_HEALTH_PORT', 13133),
    collectorMetricsPort: port(env, 'COLLECTOR_METRICS_PORT', 8889),
    collectorTelemetryPort: port(env, 'COLLECTOR_TELEMETRY_PORT', 8888),
    otelcolVersion: otelcolVersion ? (otelcolVersion.startsWith('v') ? otelcolVersion : `v${otelcolVersion}`) : undefined,
    prometheusPort: port(env, 'PROMETHEUS_PORT', 9090),
    prometheusInterval: duration(env, 'JEWELRY_PROMETHEUS_INTERVAL', '15s'),
    alertmanagerGroupWait: duration(env, 'JEWELRY_ALERTMANAGER_GROUP_WAIT', '30s'),
    alertmanagerGroupInterval: duration(env, 'JEWELRY_ALERTMANAGER_GROUP_INTERVAL', '5m'),
    collectorPassthroughEnv: Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('JEWELRY_') && typeof e[1] === 'string'),
    ),
    collectorExtraConfigs: (env.JEWELRY_COLLECTOR_EXTRA_CONFIG ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => resolve(p)),
    alertmanagerPort: port(env, 'ALERTMANAGER_PORT', 9093),
    alertmanagerWebhookUrl: text(env, 'ALERTMANAGER_WEBHOOK_URL', 'http://127.0.0.1:9095/alerts'),
    alertmanagerTeamsWebhookUrl: text(env, 'ALERTMANAGER_TEAMS_WEBHOOK_URL', 'http://127.0.0.1:9096/teams'),
    // Port 9 (discard): unconfigured Slack fails fast and visibly in Alertmanager's log.
    alertmanagerSlackWebhookUrl: secret(env, 'ALERTMANAGER_SLACK_WEBHOOK_URL', 'http://127.0.0.1:9/slack-not-configured'),
    alertmanagerSmtpSmarthost: text(env, 'ALERTMANAGER_SMTP_SMARTHOST', '127.0.0.1:25'),
    alertmanagerSmtpFrom: text(env, 'ALERTMANAGER_SMTP_FROM', 'alertmanager@jewelry.invalid'),
    alertmanagerSmtpUsername: text(env, 'ALERTMANAGER_SMTP_USERNAME', ''),
    alertmanagerSmtpPassword: secret(env, 'ALERTMANAGER_SMTP_PASSWORD', ''),
    pgPort: port(env, 'PG_PORT', 5432),
    pgUser: text(env, 'PG_USER', 'jewelry'),
    pgPassword: secret(env, 'PG_PASSWORD', 'jewelry'),
    pgDatabase: text(env, 'PG_DATABASE', 'jewelry'),
    s3Port: port(env, 'S3_PORT', 9000),
    s3AccessKeyId: text(env, 'S3_ACCESS_KEY_ID', 'jewelry'),
    s3SecretAccessKey: secret(env, 'S3_SECRET_ACCESS_KEY', 'jewelry-secret-key'),
    s3Bucket: text(env, 'S3_BUCKET', 'jewelry-models'),
    s3Region: text(env, 'S3_REGION', DEFAULT_S3_REGION),
    versitygwVersion: text(env, 'VERSITYGW_VERSION', DEFAULT_VERSITYGW_VERSION),
    esSecurity: flag(env, 'JEWELRY_ES_SECURITY'),
    esTlsCert: file(env, 'JEWELRY_ES_TLS_CERT'),
    esTlsKey: file(env, 'JEWELRY_ES_TLS_KEY'),
    esTlsCa: file(env, 'JEWELRY_ES_TLS_CA'),
    otlpTlsCert: file(env, 'JEWELRY_OTLP_TLS_CERT'),
    otlpTlsKey: file(env, 'JEWELRY_OTLP_TLS_KEY'),
  };
  const base = { ...settings, ...overrides };
  // A cluster (issue 15): its node ports, the collector topology, ingestion security.
  const scale = resolveScaleSettings(env, base, overrides);
  const merged: StackSettings = {
    ...base,
    ...scale,
    esPort: scale.esHttpPorts[0]!,
    esTransportPort: scale.esTransportPorts[0]!,
    esIndexReplicas: base.esIndexReplicas >= 0 ? base.esIndexReplicas : defaultReplicas(scale.esNodes),
  };
  if (!/^\d+\.\d+\.\d+$/.test(merged.esVersion)) {
    throw new UsageError(`ES_VERSION must look like 8.19.21, got '${merged.esVersion}'`);
  }
  if (!isValidBucketName(merged.s3Bucket)) {
    throw new UsageError(`S3_BUCKET must be a bucket name (3-63 of a-z, 0-9, '.', '-'), got '${merged.s3Bucket}'`);
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(merged.s3Region)) {
    throw new UsageError(`S3_REGION must look like us-east-1, got '${merged.s3Region}'`);
  }
  if (!/^v?\d+\.\d+\.\d+$/.test(merged.versitygwVersion)) {
    throw new UsageError(`VERSITYGW_VERSION must look like v1.8.0, got '${merged.versitygwVersion}'`);
  }
  // PostgreSQL role and database names: NAMEDATALEN is 64 bytes; a NUL cannot be stored.
  for (const [name, value] of [
    ['PG_USER', merged.pgUser],
    ['PG_DATABASE', merged.pgDatabase],
  ] as const) {
    if (Buffer.byteLength(value) > 63 || value.includes('\0')) {
      throw new UsageError(`${name} must be at most 63 bytes without NUL, got '${value}'`);
    }
  }
  // It travels inside the Authorization header (Credential=<key>/<date>/...): no spaces, no '/'.
  if (!/^[\x21-\x2e\x30-\x7e]{3,128}$/.test(merged.s3AccessKeyId)) {
    throw new UsageError(`S3_ACCESS_KEY_ID must be 3-128 printable characters without spaces or '/', got '${merged.s3AccessKeyId}'`);
  }
  const tlsFiles = [merged.esTlsCert, merged.esTlsKey, merged.esTlsCa].filter((f) => f !== undefined).length;
  if (tlsFiles !== 0 && tlsFiles !== 3) {
    throw new UsageError('JEWELRY_ES_TLS_CERT, JEWELRY_ES_TLS_KEY and JEWELRY_ES_TLS_CA go together: set all three or none');
  }
  if ((merged.otlpTlsCert === undefined) !== (merged.otlpTlsKey === undefined)) {
    throw new UsageError('JEWELRY_OTLP_TLS_CERT and JEWELRY_OTLP_TLS_KEY go together: set both or neither');
  }
  const versitygwVersion = merged.versitygwVersion.startsWith('v') ? merged.versitygwVersion : `v${merged.versitygwVersion}`;
  return { ...merged, versitygwVersion, stackDir: resolve(merged.stackDir), cacheDir: resolve(merged.cacheDir) };
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
  readonly alertmanagerUrl: string;
  /** DATABASE_URL style, for `new pg.Client({ connectionString })`: postgres://jewelry:jewelry@127.0.0.1:5432/jewelry */
  readonly databaseUrl: string;
  /** The same, as `pg.ClientConfig` fields. */
  readonly postgres: PostgresEndpoint;
  /** http://127.0.0.1:9000 (path-style addressing only: no virtual-host DNS on loopback). */
  readonly s3Endpoint: string;
  /** Everything an `S3Client` needs, plus the bucket `stack up s3` creates. */
  readonly s3: S3Endpoint;
}

export interface PostgresEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/**
 * ```ts
 * const { s3 } = stackEndpoints();
 * const client = new S3Client({
 *   endpoint: s3.endpoint, region: s3.region, forcePathStyle: s3.forcePathStyle,
 *   credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
 * });
 * ```
 */
export interface S3Endpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
  /** Always true: buckets are addressed as http://127.0.0.1:9000/<bucket>/<key>. */
  readonly forcePathStyle: true;
}

export function stackEndpoints(settings: StackSettings = resolveSettings()): StackEndpoints {
  const h = settings.host;
  return {
    amqpUrl: `amqp://guest:guest@${h}:${settings.rabbitmqPort}`,
    // Security mode (JEWELRY_ES_SECURITY) serves both over TLS; clients need the stack's CA.
    elasticsearchUrl: `${settings.esSecurity ? 'https' : 'http'}://${h}:${settings.esPort}`,
    otlpHttpEndpoint: `${settings.esSecurity ? 'https' : 'http'}://${h}:${settings.otlpHttpPort}`,
    otlpGrpcEndpoint: `${settings.esSecurity ? 'https' : 'http'}://${h}:${settings.otlpGrpcPort}`,
    collectorHealthUrl: `http://${h}:${settings.collectorHealthPort}/`,
    collectorMetricsUrl: `http://${h}:${settings.collectorMetricsPort}/metrics`,
    prometheusUrl: `http://${h}:${settings.prometheusPort}`,
    alertmanagerUrl: `http://${h}:${settings.alertmanagerPort}`,
    databaseUrl: postgresUrl(settings),
    postgres: {
      host: h,
      port: settings.pgPort,
      user: settings.pgUser,
      password: settings.pgPassword,
      database: settings.pgDatabase,
    },
    s3Endpoint: `http://${h}:${settings.s3Port}`,
    s3: {
      endpoint: `http://${h}:${settings.s3Port}`,
      region: settings.s3Region,
      accessKeyId: settings.s3AccessKeyId,
      secretAccessKey: settings.s3SecretAccessKey,
      bucket: settings.s3Bucket,
      forcePathStyle: true,
    },
  };
}

/** postgres://user:password@127.0.0.1:port/database, each part percent-encoded. */
export function postgresUrl(settings: StackSettings): string {
  const e = encodeURIComponent;
  return `postgres://${e(settings.pgUser)}:${e(settings.pgPassword)}@${settings.host}:${settings.pgPort}/${e(settings.pgDatabase)}`;
}
