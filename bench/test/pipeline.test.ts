// The pipeline section end to end with tiny settings, on its own real
// Elasticsearch and collector: both paths store every record, the counts come
// from Elasticsearch, the ratio is pipeline ÷ raw _bulk of the same round.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { liveChildCount } from '../dist/child-processes';
import { run } from '../dist/pipeline/run';
import { pipelineSettings } from '../dist/pipeline/settings';
import type { SectionResult } from '../dist/section-result';
import { withEnv } from './with-env';

const TINY = { BENCH_PIPELINE_RECORDS: '2000', BENCH_PIPELINE_ROUNDS: '1', BENCH_BULK_DOCS: '500' };

describe('bench pipeline section', () => {
  let result: SectionResult;

  beforeAll(async () => {
    result = await withEnv(TINY, run);
  }, 240_000);

  it('stores every record on every path, counted in Elasticsearch', () => {
    expect(result.rows.map((r) => r.path)).toEqual([
      'raw _bulk',
      'pipeline',
      'pipeline, no collector masking',
      'pipeline, queue in memory',
    ]);
    for (const r of result.rows) {
      expect(r.records).toBe(2000);
      expect(r.stored).toBe(2000);
      expect(r.lost).toBe(0);
      expect(r['records/s']).toBeGreaterThan(0);
    }
    expect(result.summary).toMatchObject({ pipelineLost: 0, targetZeroLost: true });
  });

  it('reports each pipeline against the raw _bulk of its round, and the target check against the product', () => {
    const [raw, pipeline, ...variants] = result.rows as [Record<string, number>, Record<string, number>, ...Record<string, number>[]];
    const ratio = Math.round((pipeline['records/s']! / raw['records/s']!) * 100) / 100;
    expect(Math.abs((result.summary.pipelineRatio as number) - ratio)).toBeLessThanOrEqual(0.02);
    expect(variants.map((v) => v['x raw'])).toEqual([result.summary['no-collector-maskingRatio'], result.summary['memory-queueRatio']]);
    expect(result.summary.targetPipeline70).toBe((result.summary.pipelineRatio as number) >= 0.7);
    expect(pipeline['cpu s/10k collector']).toBeGreaterThan(0);
    expect(pipeline['cpu s/10k service']).toBeGreaterThan(0);
  });

  it('leaves no process and no stack directory behind', () => {
    expect(liveChildCount()).toBe(0);
    const stackDir = join(__dirname, '..', '..', '.stack');
    const left = existsSync(stackDir) ? readdirSync(stackDir).filter((d) => d === `bench-${process.pid}`) : [];
    expect(left).toEqual([]);
  });

  it('refuses a setting that is not a positive whole number, naming it', () => {
    expect(() => pipelineSettings({ BENCH_PIPELINE_RECORDS: 'many' })).toThrow(
      'BENCH_PIPELINE_RECORDS=many: expected a positive whole number',
    );
    expect(() => pipelineSettings({ BENCH_PIPELINE_VARIANTS: 'product,turbo' })).toThrow('unknown variant "turbo"');
    expect(pipelineSettings({}).records).toBe(150_000);
  });
});
