// The masking section end to end with tiny settings, against the stack's
// Elasticsearch (BENCH_ES_URL; `npm run bench` starts a node of its own):
// every record stored with masking on and off, for both kinds of records,
// and the CPU figures come from the collector process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackEndpoints } from '@jewelry/cli';
import { liveChildCount } from '../dist/child-processes';
import { isMaskingProcessor, logsPipelineProcessors, logsProcessorsOverlay } from '../dist/masking/collector-process';
import { run } from '../dist/masking/run';
import { maskingSettings } from '../dist/masking/settings';
import type { SectionResult } from '../dist/section-result';
import { withEnv } from './with-env';

const TINY = { BENCH_MASKING_RECORDS: '1000', BENCH_MASKING_ROUNDS: '1', BENCH_ES_URL: stackEndpoints().elasticsearchUrl };
const CONFIG = join(__dirname, '..', '..', 'collector', 'config.yaml');

describe('bench masking section', () => {
  let result: SectionResult;

  beforeAll(async () => {
    result = await withEnv(TINY, run);
  }, 240_000);

  it('measures both kinds of records with masking on and off, and stores every record', () => {
    expect(result.rows.map((r) => `${r.records} ${r.masking}`)).toEqual([
      'like the logger writes on',
      'like the logger writes off',
      'full of personal data on',
      'full of personal data off',
    ]);
    for (const r of result.rows) {
      expect(r.stored).toBe(1000);
      expect(r['collector cpu s/10k']).toBeGreaterThan(0);
      expect(r['records/s']).toBeGreaterThan(0);
    }
    expect(result.summary).toMatchObject({ config: 'collector/config.yaml', lost: 0 });
    expect(result.summary.targetLoggerMaskingAtMost20Pct).toBe((result.summary.loggerMaskingAddedPct as number) <= 20);
    expect(liveChildCount()).toBe(0);
  });

  it('"off" is the product pipeline without its masking processors, the BEFORE config’s generated OTTL included', () => {
    const product = logsPipelineProcessors(readFileSync(CONFIG, 'utf8'));
    expect(product).toEqual(['memory_limiter', 'masking', 'hygiene', 'transform/ecs_logs', 'writealias']);
    expect(product.filter((p) => !isMaskingProcessor(p))).toEqual(['memory_limiter', 'hygiene', 'transform/ecs_logs', 'writealias']);
    expect(['transform/mask_logs', 'transform/limits', 'transform/ecs_logs'].filter(isMaskingProcessor)).toEqual(['transform/mask_logs']);
    expect(logsProcessorsOverlay(['a', 'b'])).toBe('service:\n  pipelines:\n    logs:\n      processors: [a, b]\n');
  });

  it('refuses settings it cannot use, naming them', () => {
    expect(() => maskingSettings({ BENCH_MASKING_RECORDS: 'lots' })).toThrow(
      'BENCH_MASKING_RECORDS=lots: expected a positive whole number',
    );
    expect(() => maskingSettings({ BENCH_MASKING_SHAPES: 'logger,weird' })).toThrow('unknown shape "weird"');
    expect(() => maskingSettings({ BENCH_MASKING_CONFIG: '/nonexistent/config.yaml' })).toThrow('does not exist');
    expect(maskingSettings({})).toMatchObject({ records: 20_000, rounds: 3, shapes: ['logger', 'personal'] });
  });
});
