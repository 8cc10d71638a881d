/** The burst section's knobs (bench/README.md), each overridable by an environment variable. */
export interface BurstSettings {
  /** Seconds at the usual rate first, so Prometheus has a baseline (BENCH_BURST_WARM_S). */
  warmSeconds: number;
  /** Seconds of the burst (BENCH_BURST_S). */
  burstSeconds: number;
  /** Seconds at the usual rate after it (BENCH_BURST_COOL_S). */
  coolSeconds: number;
  /** The usual order rate, orders per second (BENCH_BURST_BASE_RATE; SPEC AL-3: about 4). */
  baseRate: number;
  /** Requests in flight during the burst (BENCH_BURST_CONNECTIONS): as many orders as the machine answers. */
  connections: number;
  /** Nodes of the bench's Elasticsearch (BENCH_BURST_ES_NODES). */
  esNodes: number;
  /** single or tiered (BENCH_BURST_TOPOLOGY). */
  topology: 'single' | 'tiered';
  /** MES's price calculation per order, ms (BENCH_BURST_PRICE_CALC_MS). */
  priceCalcMillis: number;
  /**
   * OrderRateTooHigh's limit in the bench's Prometheus, orders/s (BENCH_BURST_ALERT_RATE; default twice
   * the base rate). The product's 100/s is out of reach of four services, their broker, database,
   * S3, the collectors and Elasticsearch sharing two cores: the bench checks that the alert path
   * works under the burst, and reports separately whether 100/s was reached.
   */
  alertRate: number;
  /** Give up waiting for every accepted order to be searchable after this (BENCH_BURST_TIMEOUT_S). */
  timeoutMillis: number;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${raw}: expected a number ≥ ${min}`);
  return value;
}

export function burstSettings(env: NodeJS.ProcessEnv = process.env): BurstSettings {
  const topology = env.BENCH_BURST_TOPOLOGY?.trim() || 'tiered';
  if (topology !== 'single' && topology !== 'tiered') throw new Error(`BENCH_BURST_TOPOLOGY=${topology}: expected single or tiered`);
  return {
    warmSeconds: num(env, 'BENCH_BURST_WARM_S', 90),
    burstSeconds: num(env, 'BENCH_BURST_S', 60),
    coolSeconds: num(env, 'BENCH_BURST_COOL_S', 20, 0),
    baseRate: num(env, 'BENCH_BURST_BASE_RATE', 4),
    connections: num(env, 'BENCH_BURST_CONNECTIONS', 16),
    esNodes: num(env, 'BENCH_BURST_ES_NODES', 1),
    topology,
    priceCalcMillis: num(env, 'BENCH_BURST_PRICE_CALC_MS', 20, 0),
    timeoutMillis: num(env, 'BENCH_BURST_TIMEOUT_S', 300) * 1000,
    alertRate: num(env, 'BENCH_BURST_ALERT_RATE', 2 * num(env, 'BENCH_BURST_BASE_RATE', 4)),
  };
}
