import { join } from 'node:path';

/** A collector configuration the pipeline is measured with. */
export interface PipelineVariant {
  name: string;
  /** The row's label. */
  label: string;
  /** Laid over the collector's config (JEWELRY_COLLECTOR_EXTRA_CONFIG); none for the product. */
  overlay: string | undefined;
}

const OVERLAYS = join(__dirname, '..', '..', 'collector-overlays');

/**
 * The product, and two variants that each give up one promise, to show what
 * that promise costs in the same run: the collector's masking (SEC-1's second
 * line) and the on-disk queue (nothing lost when the collector is killed).
 */
export const PIPELINE_VARIANTS: readonly PipelineVariant[] = [
  { name: 'product', label: 'pipeline', overlay: undefined },
  { name: 'no-collector-masking', label: 'pipeline, no collector masking', overlay: join(OVERLAYS, 'no-collector-masking.yaml') },
  { name: 'memory-queue', label: 'pipeline, queue in memory', overlay: join(OVERLAYS, 'memory-queue.yaml') },
];

export function selectVariants(list: string | undefined): PipelineVariant[] {
  const names = (list ?? PIPELINE_VARIANTS.map((v) => v.name).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((name) => {
    const variant = PIPELINE_VARIANTS.find((v) => v.name === name);
    if (!variant)
      throw new Error(`BENCH_PIPELINE_VARIANTS: unknown variant "${name}" (known: ${PIPELINE_VARIANTS.map((v) => v.name).join(', ')})`);
    return variant;
  });
}
