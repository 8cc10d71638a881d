import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The four ways the same benchmark app is started. Each preload is resolved
 * to a file path from this package, so the child needs no particular cwd.
 */
export type VariantName = 'bare' | 'jewelry' | 'stock' | 'elastic';

export interface Variant {
  name: VariantName;
  /** What it is, for the table and notes. */
  label: string;
  /** Module given to `node --require`; none for bare. */
  preload: string | undefined;
  /** Variables only this variant gets (on top of the shared ones). */
  env: Record<string, string>;
}

export const variants: readonly Variant[] = [
  { name: 'bare', label: 'node app.js', preload: undefined, env: {} },
  { name: 'jewelry', label: '--require @jewelry/otel (shop-api preset)', preload: '@jewelry/otel', env: {} },
  {
    name: 'stock',
    label: '--require @opentelemetry/auto-instrumentations-node/register',
    preload: '@opentelemetry/auto-instrumentations-node/register',
    env: {},
  },
  {
    name: 'elastic',
    label: '--require @elastic/opentelemetry-node',
    preload: '@elastic/opentelemetry-node',
    // EDOT Node sends winston records only on opt-in (its instrumentations.js sets
    // disableLogSending:true for bunyan/pino/winston unless this is true).
    env: { ELASTIC_OTEL_NODE_ENABLE_LOG_SENDING: 'true' },
  },
];

/** Version of a package as installed for this bench (for the notes); its package.json need not be exported. */
export function installedVersion(pkg: string): string {
  try {
    let dir = dirname(require.resolve(pkg));
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (json.name === pkg) return json.version ?? 'unknown';
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'unknown';
  }
}

export interface SharedEnvOptions {
  endpoint: string;
  metricIntervalMs: number;
  port: number;
}

// Variables of the bench's own environment that would change what a variant does.
const INHERITED_BUT_DROPPED = /^(OTEL_|ELASTIC_|JEWELRY_|NODE_OPTIONS$|NODE_ENV$|BENCH_)/;

/**
 * The environment of a variant's process: the bench's own minus anything
 * that configures OpenTelemetry or Node, then the settings all variants share
 * (the same service name, OTLP endpoint and protocol, all three signals on,
 * the same metric interval), then the variant's own.
 */
export function variantEnv(variant: Variant, base: NodeJS.ProcessEnv, shared: SharedEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!INHERITED_BUT_DROPPED.test(k)) env[k] = v;
  return {
    ...env,
    NODE_ENV: 'production',
    PORT: String(shared.port),
    OTEL_SERVICE_NAME: 'shop-api',
    OTEL_EXPORTER_OTLP_ENDPOINT: shared.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRIC_EXPORT_INTERVAL: String(shared.metricIntervalMs),
    ...variant.env,
  };
}

/** `node [--require <preload>] <app>` as an argument list for process.execPath. */
export function variantArgs(variant: Variant, appPath: string, extraNodeArgs: readonly string[] = []): string[] {
  const preload = variant.preload ? ['--require', require.resolve(variant.preload)] : [];
  return [...extraNodeArgs, ...preload, appPath];
}
