// The overhead section end to end with tiny settings: the four variants of
// the benchmark app really start, answer, and (the instrumented ones) export
// spans and logs to the sink; the ratios are against bare.
import { liveChildCount } from '../dist/child-processes';
import { run } from '../dist/overhead/run';
import type { SectionResult } from '../dist/section-result';

const TINY = { BENCH_DURATION: '1', BENCH_WARMUP: '0', BENCH_ROUNDS: '1', BENCH_STARTS: '1' };

describe('bench overhead section', () => {
  let result: SectionResult;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries(TINY)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    try {
      result = await run();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 60_000);

  const row = (variant: string): Record<string, string | number> => {
    const found = result.rows.find((r) => r.variant === variant);
    if (!found) throw new Error(`no row for ${variant}`);
    return found;
  };

  it('measures the four variants, every request answered 2xx', () => {
    expect(result.section).toBe('overhead');
    expect(result.rows.map((r) => r.variant)).toEqual(['bare', 'jewelry', 'stock', 'elastic']);
    for (const r of result.rows) {
      expect(r.failed).toBe(0);
      expect(r['req/s']).toBeGreaterThan(0);
      expect(r['start ms']).toBeGreaterThan(0);
      expect(r['CPU us/req']).toBeGreaterThan(0);
      expect(r['RSS MB']).toBeGreaterThan(10);
      for (const c of result.columns) expect(r).toHaveProperty([c]);
    }
  });

  it('the instrumented variants exported spans and logs to the sink; bare exported nothing', () => {
    expect(row('bare')).toMatchObject({ 'span exp': 0, 'log exp': 0, 'metric exp': 0, check: 'ok' });
    for (const v of ['jewelry', 'stock', 'elastic']) {
      expect(row(v)['span exp']).toBeGreaterThan(0);
      expect(row(v)['span KB']).toBeGreaterThan(0);
      // At least the HTTP server span of every request.
      expect(row(v)['spans/req']).toBeGreaterThanOrEqual(1);
      expect(row(v)['log exp']).toBeGreaterThan(0);
      expect(row(v)['log KB']).toBeGreaterThan(0);
      // Each request writes exactly one event; all of them reached the sink.
      expect(row(v)['logs/req']).toBeGreaterThanOrEqual(0.95);
      expect(row(v)['logs/req']).toBeLessThan(1.2);
      expect(row(v).check).toBe('ok');
    }
    expect(result.summary.comparisonValid).toBe(true);
  });

  it('ratios and added start-up times are against bare', () => {
    const bare = row('bare');
    expect(bare['x bare']).toBe(1);
    expect(bare['+start ms']).toBe(0);
    for (const v of ['jewelry', 'stock', 'elastic']) {
      const r = row(v);
      expect(r['x bare']).toBeCloseTo(Number(r['req/s']) / Number(bare['req/s']), 1);
      expect(Number(r['+start ms'])).toBeCloseTo(Number(r['start ms']) - Number(bare['start ms']), -1);
      expect(result.summary[`${v}Ratio`]).toBe(r['x bare']);
      expect(Math.round(Number(result.summary[`${v}StartupAddedMs`]))).toBeCloseTo(Number(r['+start ms']), -1);
    }
  });

  it('has the summary keys, the targets computed from them', () => {
    const s = result.summary;
    for (const key of ['jewelryRatio', 'stockRatio', 'elasticRatio', 'jewelryStartupAddedMs', 'stockStartupAddedMs', 'elasticStartupAddedMs']) {
      expect(typeof s[key]).toBe('number');
    }
    expect(s.targetRatio85).toBe(Number(s.jewelryRatio) >= 0.85);
    expect(s.targetBeatsOthers).toBe(Number(row('jewelry')['req/s']) > Number(row('stock')['req/s']) && Number(row('jewelry')['req/s']) > Number(row('elastic')['req/s']));
    expect(s.targetStartupThird).toBe(Number(s.jewelryStartupAddedMs) <= Number(s.stockStartupAddedMs) / 3);
    expect(result.notes.join('\n')).toMatch(/@opentelemetry\/auto-instrumentations-node 0\.81\./);
  });

  it('leaves no process behind', () => {
    expect(liveChildCount()).toBe(0);
  });
});
