import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The jewelry-otel3 variant's preload, made by bench/otel3/build.mjs (npm run bench runs it). */
export const OTEL3_PRELOAD = join(__dirname, '..', '..', 'otel3', '.install', 'dist', 'preload.js');

/**
 * The ways the same benchmark app is started. Each preload is resolved
 * to a file path from this package, so the child needs no particular cwd.
 */
export type VariantKind =
  | 'bare'
  | 'context-floor'
  | 'jewelry'
  | 'jewelry-baseline'
  | 'jewelry-official-encoder'
  | 'jewelry-official-spans'
  | 'jewelry-context-frame'
  | 'jewelry-no-memory-reducer'
  | 'jewelry-no-spans'
  | 'jewelry-no-logs'
  | 'jewelry-otel3'
  | 'stock'
  | 'elastic'
  | 'datadog';

/** The instrumented variants other than ours: the peers the targets compare with. */
export const PEERS: readonly VariantKind[] = ['stock', 'elastic', 'datadog'];

export interface VariantSpec {
  kind: VariantKind;
  /** What it is, for the table and notes. */
  label: string;
  /** Module given to `node --require`; none for bare. */
  preload: string | undefined;
  /** Variables only this variant gets (on top of the shared ones). */
  env: Record<string, string> | ((shared: SharedEnvOptions) => Record<string, string>);
  /** False for a variant that correlates its log lines but does not export them (dd-trace): no log records are expected. */
  exportsLogs: boolean;
  /** False for a variant told to export no spans (jewelry-no-spans): spans arriving are the problem then. Default true. */
  exportsSpans?: boolean;
  /**
   * Whether the shared OTEL_* settings apply. Not for dd-trace: it honours
   * OTEL_TRACES_EXPORTER=otlp and would then send OTLP/JSON instead of its
   * own agent protocol, which is not how it is used.
   */
  otelEnv: boolean;
  /** How long to leave the process idle after the load before SIGTERM, so it sends what it holds (0: it flushes on SIGTERM). */
  settleMs: number;
  /** The oldest Node it runs on ("22.15.0"); on older lines it is left out. */
  minNode?: string;
  /** The first Node it does not run on ("24.0.0"); there and above it is left out. */
  belowNode?: string;
  /** Not in the default BENCH_VARIANTS: measured when named. */
  optIn?: boolean;
  /** Node options of this variant's command line, before the preload (V8 flags NODE_OPTIONS does not take). */
  nodeArgs?: readonly string[];
}

/** A Node.js binary the variants run on: the bench's own, or another line (scripts/node-lines.js). */
export interface NodeRuntime {
  /** Major line, "20". */
  line: string;
  /** "20.20.2". */
  version: string;
  execPath: string;
}

/** One process configuration measured: a spec on one Node runtime. */
export interface Variant extends VariantSpec {
  /** Row name: the kind on the bench's own Node, `<kind>@<line>` on another line (`jewelry@24`). */
  name: string;
  node: NodeRuntime;
}

export const VARIANT_SPECS: readonly VariantSpec[] = [
  { kind: 'bare', label: 'node app.js', preload: undefined, env: {}, exportsLogs: false, otelEnv: true, settleMs: 0 },
  {
    // No tracer: an AsyncLocalStorage entered per request (context-floor-preload.ts), what every Node tracer pays
    // before its first span, so that a target on a line can be read against what no tracer can avoid there.
    kind: 'context-floor',
    label: 'node app.js with an AsyncLocalStorage entered per request, no tracer (the floor under every tracer on the line)',
    preload: join(__dirname, 'context-floor-preload.js'),
    env: {},
    exportsLogs: false,
    exportsSpans: false,
    otelEnv: false,
    settleMs: 0,
    optIn: true,
  },
  {
    kind: 'jewelry',
    label: '--require @jewelry/otel (shop-api preset)',
    preload: '@jewelry/otel',
    env: {},
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
  },
  {
    // Another build of ours (a checkout of an earlier commit, built), beside this one in the same run:
    // what a change saves, without comparing runs the machine's drift separates.
    kind: 'jewelry-baseline',
    label: `--require $BENCH_JEWELRY_BASELINE (another build of @jewelry/otel: ${process.env.BENCH_JEWELRY_BASELINE ?? 'not set'})`,
    preload: process.env.BENCH_JEWELRY_BASELINE,
    env: {},
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
    optIn: true,
  },
  {
    // Ours with the official OTLP serializer instead of ours (packages/otel/src/otlp): what the encoder saves, in the same run.
    kind: 'jewelry-official-encoder',
    label: '--require @jewelry/otel with JEWELRY_OTLP_ENCODER=official',
    preload: '@jewelry/otel',
    env: { JEWELRY_OTLP_ENCODER: 'official' },
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
    optIn: true,
  },
  {
    // Ours with the SDK's spans instead of ours (packages/otel/src/sdk/lean-span.ts): what the lean spans save, in the same run.
    kind: 'jewelry-official-spans',
    label: '--require @jewelry/otel with JEWELRY_SPANS=official',
    preload: '@jewelry/otel',
    env: { JEWELRY_SPANS: 'official' },
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
    optIn: true,
  },
  {
    // Node 22's AsyncLocalStorage on AsyncContextFrame (the default from Node 24 on): no promise hooks,
    // which on Node 20 and 22 make every await of the service pay for context propagation.
    kind: 'jewelry-context-frame',
    label: '--require @jewelry/otel under NODE_OPTIONS=--experimental-async-context-frame (Node 22.7 to 23; Node 24 has it by default)',
    preload: '@jewelry/otel',
    env: { NODE_OPTIONS: '--experimental-async-context-frame' },
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
    minNode: '22.7.0',
    // Node 24 refuses the flag: AsyncContextFrame is its default.
    belowNode: '24.0.0',
    optIn: true,
  },
  {
    // Ours without V8's memory reducer. An idle process (BENCH_IDLE) gets a memory-reducing GC about 8 s after its
    // last full one; on Node 24 the heap then grows slowly until its committed memory grows by 10 MB, which under
    // load can take a full GC every second: the command-line flag users can set, and what the reducer costs ours.
    kind: 'jewelry-no-memory-reducer',
    label: 'node --no-memory-reducer --require @jewelry/otel (a V8 flag: NODE_OPTIONS does not take it)',
    preload: '@jewelry/otel',
    env: {},
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
    optIn: true,
    nodeArgs: ['--no-memory-reducer'],
  },
  {
    // Ours without one signal: what spans, and what log records, cost the whole process (GC, caches and
    // all), next to the profile section's per-layer shares, which the profiler's own cost inflates.
    kind: 'jewelry-no-spans',
    label: '--require @jewelry/otel with OTEL_TRACES_EXPORTER=none: no spans recorded (context still propagated, logs exported)',
    preload: '@jewelry/otel',
    env: { OTEL_TRACES_EXPORTER: 'none' },
    exportsLogs: true,
    exportsSpans: false,
    otelEnv: true,
    settleMs: 0,
    optIn: true,
  },
  {
    kind: 'jewelry-no-logs',
    label: '--require @jewelry/otel with OTEL_LOGS_EXPORTER=none: no log records exported (spans as usual)',
    preload: '@jewelry/otel',
    env: { OTEL_LOGS_EXPORTER: 'none' },
    exportsLogs: false,
    otelEnv: true,
    settleMs: 0,
    optIn: true,
  },
  {
    kind: 'jewelry-otel3',
    label:
      '--require bench/otel3/.install/dist/preload.js (our source on OpenTelemetry JS 3.x, Node ≥ 22.15; built by bench/otel3/build.mjs)',
    preload: OTEL3_PRELOAD,
    env: {},
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
    minNode: '22.15.0',
  },
  {
    kind: 'stock',
    label: '--require @opentelemetry/auto-instrumentations-node/register',
    preload: '@opentelemetry/auto-instrumentations-node/register',
    env: {},
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
  },
  {
    kind: 'elastic',
    label: '--require @elastic/opentelemetry-node',
    preload: '@elastic/opentelemetry-node',
    // EDOT Node sends winston records only on opt-in (its instrumentations.js sets
    // disableLogSending:true for bunyan/pino/winston unless this is true).
    env: { ELASTIC_OTEL_NODE_ENABLE_LOG_SENDING: 'true' },
    exportsLogs: true,
    otelEnv: true,
    settleMs: 0,
  },
  {
    kind: 'datadog',
    label: '--require dd-trace/init (5.x, spans to a fake agent, logs correlated)',
    preload: 'dd-trace/init',
    // The sink plays the agent (PUT /v0.4/traces); nothing else of Datadog's runs: no remote
    // configuration, no telemetry, no runtime metrics (its default), no profiler (its default).
    env: (shared) => ({
      DD_TRACE_AGENT_URL: shared.endpoint,
      DD_SERVICE: 'shop-api',
      DD_ENV: 'production',
      DD_LOGS_INJECTION: 'true',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
      DD_TRACE_STARTUP_LOGS: 'false',
    }),
    exportsLogs: false,
    otelEnv: false,
    // dd-trace sends every 2 s (DD_TRACE_FLUSH_INTERVAL) and not on SIGTERM: one interval and a bit.
    settleMs: 2500,
  },
];

/** Whether `version` ("24.21.0") is at least `min`. */
export function nodeAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** The Node that runs the bench. */
export function ownRuntime(): NodeRuntime {
  return { line: process.versions.node.split('.')[0]!, version: process.versions.node, execPath: process.execPath };
}

export function isVariantKind(name: string): name is VariantKind {
  return VARIANT_SPECS.some((s) => s.kind === name);
}

/**
 * Every variant to measure: `kinds` on the bench's own Node, then
 * `otherLineKinds` on each other runtime (named `<kind>@<line>`), in that order.
 */
export function variantsFor(
  kinds: readonly VariantKind[],
  other: readonly NodeRuntime[] = [],
  otherLineKinds: readonly VariantKind[] = [],
  own: NodeRuntime = ownRuntime(),
): Variant[] {
  const pick = (list: readonly VariantKind[], node: NodeRuntime) =>
    VARIANT_SPECS.filter(
      (s) =>
        list.includes(s.kind) &&
        (!s.minNode || nodeAtLeast(node.version, s.minNode)) &&
        (!s.belowNode || !nodeAtLeast(node.version, s.belowNode)),
    );
  return [
    ...pick(kinds, own).map((spec) => ({ ...spec, name: spec.kind, node: own })),
    ...other.flatMap((node) => pick(otherLineKinds, node).map((spec) => ({ ...spec, name: `${spec.kind}@${node.line}`, node }))),
  ];
}

/** The variants on the bench's own Node. */
export const variants: readonly Variant[] = variantsFor(VARIANT_SPECS.map((s) => s.kind));

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
const INHERITED_BUT_DROPPED = /^(OTEL_|ELASTIC_|JEWELRY_|DD_|NODE_OPTIONS$|NODE_ENV$|BENCH_)/;

/**
 * The environment of a variant's process: the bench's own minus anything
 * that configures a tracer or Node, then the settings all OpenTelemetry
 * variants share (the same service name, OTLP endpoint and protocol, all
 * three signals on, the same metric interval), then the variant's own.
 */
export function variantEnv(variant: VariantSpec, base: NodeJS.ProcessEnv, shared: SharedEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!INHERITED_BUT_DROPPED.test(k)) env[k] = v;
  return {
    ...env,
    NODE_ENV: 'production',
    PORT: String(shared.port),
    ...(variant.otelEnv ? otelEnv(shared) : {}),
    ...(typeof variant.env === 'function' ? variant.env(shared) : variant.env),
  };
}

function otelEnv(shared: SharedEnvOptions): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: 'shop-api',
    OTEL_EXPORTER_OTLP_ENDPOINT: shared.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRIC_EXPORT_INTERVAL: String(shared.metricIntervalMs),
  };
}

/** `[--require <preload>] <app>` as the argument list of the variant's node. */
export function variantArgs(variant: Variant, appPath: string, extraNodeArgs: readonly string[] = []): string[] {
  const preload = variant.preload ? ['--require', require.resolve(variant.preload)] : [];
  return [...extraNodeArgs, ...(variant.nodeArgs ?? []), ...preload, appPath];
}
