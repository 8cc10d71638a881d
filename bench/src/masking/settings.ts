import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { positiveInt } from '../pipeline/settings';
import { SHAPES, type RecordShape } from './records';

/** The masking section's knobs, each overridable by an environment variable. */
export interface MaskingSettings {
  /** Log records per measured run (BENCH_MASKING_RECORDS). */
  records: number;
  /** Rounds (BENCH_MASKING_ROUNDS): each shape with masking on and off, in turn; medians over rounds. */
  rounds: number;
  /** Records per OTLP request (BENCH_MASKING_BATCH) and requests in flight (BENCH_MASKING_CONCURRENCY). */
  batch: number;
  concurrency: number;
  shapes: RecordShape[];
  /** The collector config measured (BENCH_MASKING_CONFIG; default collector/config.yaml). */
  configFile: string;
  /** An Elasticsearch to write to instead of the bench's own (BENCH_ES_URL; the tests use the stack's). */
  esUrl: string | undefined;
  timeoutMillis: number;
}

export function maskingSettings(env: NodeJS.ProcessEnv = process.env, repoRoot = join(__dirname, '..', '..', '..')): MaskingSettings {
  const shapes = (env.BENCH_MASKING_SHAPES ?? SHAPES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of shapes)
    if (!(SHAPES as readonly string[]).includes(s))
      throw new Error(`BENCH_MASKING_SHAPES: unknown shape "${s}" (known: ${SHAPES.join(', ')})`);
  const configFile = resolve(env.BENCH_MASKING_CONFIG?.trim() || join(repoRoot, 'collector', 'config.yaml'));
  if (!existsSync(configFile)) throw new Error(`BENCH_MASKING_CONFIG: ${configFile} does not exist`);
  return {
    records: positiveInt(env, 'BENCH_MASKING_RECORDS', 20_000),
    rounds: positiveInt(env, 'BENCH_MASKING_ROUNDS', 3),
    batch: positiveInt(env, 'BENCH_MASKING_BATCH', 200),
    concurrency: positiveInt(env, 'BENCH_MASKING_CONCURRENCY', 4),
    shapes: shapes as RecordShape[],
    configFile,
    esUrl: env.BENCH_ES_URL?.trim() || undefined,
    timeoutMillis: positiveInt(env, 'BENCH_MASKING_TIMEOUT_S', 300) * 1000,
  };
}
