import { selectVariants, type PipelineVariant } from './variants';

/** The pipeline section's knobs, each overridable by an environment variable. */
export interface PipelineSettings {
  /** Log records per measured run (BENCH_PIPELINE_RECORDS). */
  records: number;
  /** Raw-then-pipeline rounds (BENCH_PIPELINE_ROUNDS); the ratio is reported per round and as the median. */
  rounds: number;
  /** Documents per raw _bulk request (BENCH_BULK_DOCS). */
  bulkDocs: number;
  /** Raw _bulk requests in flight at once (BENCH_BULK_CONCURRENCY), like the exporter's two consumers. */
  bulkConcurrency: number;
  /** Collector configurations to measure (BENCH_PIPELINE_VARIANTS, comma list; default all, product first). */
  variants: PipelineVariant[];
  /** Give up on a run that has not stored every record by then (BENCH_PIPELINE_TIMEOUT_S). */
  timeoutMillis: number;
}

/** A positive whole number from the environment, or `fallback`; anything else is an error that names the variable. */
export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}=${raw}: expected a positive whole number`);
  return value;
}

export function pipelineSettings(env: NodeJS.ProcessEnv = process.env): PipelineSettings {
  return {
    records: positiveInt(env, 'BENCH_PIPELINE_RECORDS', 150_000),
    rounds: positiveInt(env, 'BENCH_PIPELINE_ROUNDS', 2),
    bulkDocs: positiveInt(env, 'BENCH_BULK_DOCS', 2000),
    bulkConcurrency: positiveInt(env, 'BENCH_BULK_CONCURRENCY', 2),
    variants: selectVariants(env.BENCH_PIPELINE_VARIANTS),
    timeoutMillis: positiveInt(env, 'BENCH_PIPELINE_TIMEOUT_S', 300) * 1000,
  };
}
