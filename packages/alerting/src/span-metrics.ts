// The bounds of the span-metrics histogram the collector builds
// (collector/config.metrics.yaml, connectors.span_metrics): AL-2's limit must
// be one of them, or "took longer than the limit" could not be read exactly
// from the buckets. Read from the config itself, so the bounds are written once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot, parseDuration } from '@jewelry/ops-kit';
import { parse } from 'yaml';

interface MetricsConfig {
  connectors?: { span_metrics?: { histogram?: { explicit?: { buckets?: unknown[] } } } };
}

/** The bucket bounds in seconds, from `configFile` (default: the repository's config.metrics.yaml); undefined when there is no such file. */
export function spanMetricsBoundsSeconds(configFile?: string): number[] | undefined {
  const file = configFile ?? defaultConfigFile();
  if (!file || !existsSync(file)) return undefined;
  const config = parse(readFileSync(file, 'utf8')) as MetricsConfig;
  const buckets = config.connectors?.span_metrics?.histogram?.explicit?.buckets ?? [];
  // The collector's durations (5ms, 2500ms, 1m, 1h) are written in the same grammar as ours.
  return buckets.map((b) => parseDuration(String(b), `${file}: span_metrics bucket`) / 1000);
}

function defaultConfigFile(): string | undefined {
  const root = findRepoRoot(__dirname);
  return root ? join(root, 'collector', 'config.metrics.yaml') : undefined;
}
