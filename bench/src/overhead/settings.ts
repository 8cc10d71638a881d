/** What the overhead section reads from the environment, with the defaults of `npm run bench`. */
export interface OverheadSettings {
  /** BENCH_DURATION: seconds of each measured load run. */
  durationSec: number;
  /** BENCH_WARMUP: seconds of load before each measured run, not counted (JIT, connection pools, first exports). */
  warmupSec: number;
  /** BENCH_ROUNDS: measured runs per variant; variants are interleaved within each round. */
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

export function readOverheadSettings(env: NodeJS.ProcessEnv = process.env): OverheadSettings {
  return {
    durationSec: intFrom(env, 'BENCH_DURATION', 10, 1),
    warmupSec: intFrom(env, 'BENCH_WARMUP', 3, 0),
    rounds: intFrom(env, 'BENCH_ROUNDS', 2, 1),
    starts: intFrom(env, 'BENCH_STARTS', 5, 1),
    connections: intFrom(env, 'BENCH_CONNECTIONS', 10, 1),
    metricIntervalMs: intFrom(env, 'BENCH_METRIC_INTERVAL_MS', 5000, 100),
  };
}
