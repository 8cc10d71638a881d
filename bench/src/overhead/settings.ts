import { isVariantKind, VARIANT_SPECS, type VariantKind } from './variants';

/** What the overhead section reads from the environment, with the defaults of `npm run bench`. */
export interface OverheadSettings {
  /** BENCH_VARIANTS: the variants run on the bench's own Node (default all five). */
  variants: VariantKind[];
  /** BENCH_NODE_LINES: other Node lines to run on too (default 22,24; `none` for none), installed by scripts/node-lines.js. */
  nodeLines: string[];
  /** BENCH_OTHER_LINE_VARIANTS: the variants run on those lines (default bare,jewelry,jewelry-otel3,datadog: the best peer of the bench's own line, so the issue-16 target is judged on every line). */
  otherLineVariants: VariantKind[];
  /** BENCH_DURATION: seconds of each measured load run. */
  durationSec: number;
  /** BENCH_WARMUP: seconds of load before each measured run, not counted (JIT, connection pools, first exports). */
  warmupSec: number;
  /**
   * BENCH_IDLE: seconds the service stays idle between the warm-up and the measured run (default 0): what it
   * pays on the requests after a quiet spell, as a service with uneven traffic does. V8 runs a memory-reducing
   * GC in a process idle for about 8 s after its last full GC; what follows differs per V8 (see the README).
   */
  idleSec: number;
  /** BENCH_ROUNDS: measured runs per variant (default 3: the targets read medians of at least 3); variants are interleaved within each round. */
  rounds: number;
  /** BENCH_STARTS: cold starts per variant for the start-up time (its median). */
  starts: number;
  /** BENCH_CONNECTIONS: concurrent autocannon connections. */
  connections: number;
  /** BENCH_METRIC_INTERVAL_MS: OTEL_METRIC_EXPORT_INTERVAL of every variant. */
  metricIntervalMs: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}=${raw}: an integer ≥ ${min} is required`);
  return value;
}

function listFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): string[] {
  return (env[name]?.trim() || fallback)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'none');
}

function kindsFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): VariantKind[] {
  const list = listFrom(env, name, fallback);
  const unknown = list.filter((k) => !isVariantKind(k));
  if (unknown.length)
    throw new Error(`${name}: unknown variant(s) ${unknown.join(', ')} (known: ${VARIANT_SPECS.map((s) => s.kind).join(', ')})`);
  if (!list.includes('bare')) throw new Error(`${name}=${list.join(',')}: bare is required, every ratio is against it`);
  if (list.includes('jewelry-baseline') && !env.BENCH_JEWELRY_BASELINE?.trim())
    throw new Error(
      `${name}: jewelry-baseline needs BENCH_JEWELRY_BASELINE, the entry of another build of @jewelry/otel (<checkout>/packages/otel/dist/entry.js)`,
    );
  return list as VariantKind[];
}

export function readOverheadSettings(env: NodeJS.ProcessEnv = process.env): OverheadSettings {
  const lines = listFrom(env, 'BENCH_NODE_LINES', '22,24');
  const badLine = lines.find((l) => !/^\d+$/.test(l));
  if (badLine) throw new Error(`BENCH_NODE_LINES: "${badLine}" is not a Node major line (22, 24)`);
  return {
    variants: kindsFrom(
      env,
      'BENCH_VARIANTS',
      VARIANT_SPECS.filter((s) => !s.optIn)
        .map((s) => s.kind)
        .join(','),
    ),
    nodeLines: lines,
    otherLineVariants: kindsFrom(env, 'BENCH_OTHER_LINE_VARIANTS', 'bare,jewelry,jewelry-otel3,datadog'),
    durationSec: intFrom(env, 'BENCH_DURATION', 10, 1),
    warmupSec: intFrom(env, 'BENCH_WARMUP', 3, 0),
    idleSec: intFrom(env, 'BENCH_IDLE', 0, 0),
    rounds: intFrom(env, 'BENCH_ROUNDS', 3, 1),
    starts: intFrom(env, 'BENCH_STARTS', 5, 1),
    connections: intFrom(env, 'BENCH_CONNECTIONS', 10, 1),
    metricIntervalMs: intFrom(env, 'BENCH_METRIC_INTERVAL_MS', 5000, 100),
  };
}

/** The load notes' words for BENCH_IDLE, between the warm-up and the measured seconds. */
export function idleNote(idleSec: number): string {
  return idleSec > 0 ? `${idleSec} s idle (BENCH_IDLE: the requests after a quiet spell) + ` : '';
}
