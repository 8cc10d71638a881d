// The overhead section end to end with tiny settings: the five variants of
// the benchmark app really start, answer, and (the instrumented ones) export
// spans and logs to the sink — dd-trace its spans to the sink playing its
// agent — bare, jewelry (2.x and 3.x) and datadog once more on Node 24; ratios and added costs are
// against bare on the same Node line.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { liveChildCount } from '../dist/child-processes';
import { run } from '../dist/overhead/run';
import type { SectionResult } from '../dist/section-result';
import { withEnv } from './with-env';

const TINY = {
  BENCH_DURATION: '1',
  BENCH_WARMUP: '0',
  BENCH_ROUNDS: '1',
  BENCH_STARTS: '1',
  BENCH_NODE_LINES: '24',
  BENCH_OTHER_LINE_VARIANTS: 'bare,jewelry,jewelry-otel3,datadog',
};
const INSTRUMENTED = ['jewelry', 'stock', 'elastic', 'datadog'];

describe('bench overhead section', () => {
  let result: SectionResult;

  beforeAll(async () => {
    // The OpenTelemetry JS 3.x build of our source (installed once into bench/otel3/.install).
    execFileSync(process.execPath, [join(__dirname, '..', 'otel3', 'build.mjs')], {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 240_000,
    });
    result = await withEnv(TINY, run);
  }, 150_000);

  const row = (variant: string): Record<string, string | number> => {
    const found = result.rows.find((r) => r.variant === variant);
    if (!found) throw new Error(`no row for ${variant}`);
    return found;
  };

  it('measures the five variants, then bare, jewelry, jewelry on OpenTelemetry JS 3.x and datadog on Node 24; every request answered 2xx', () => {
    expect(result.section).toBe('overhead');
    expect(result.rows.map((r) => r.variant)).toEqual([
      'bare',
      'jewelry',
      'stock',
      'elastic',
      'datadog',
      'bare@24',
      'jewelry@24',
      'jewelry-otel3@24',
      'datadog@24',
    ]);
    expect(result.notes.join('\n')).toMatch(
      /jewelry-otel3: the same @jewelry\/otel source bundled against OpenTelemetry JS 3\.x \(\{"sdk-trace":"3\./,
    );
    expect(result.notes.join('\n')).toMatch(/node v20\.[\d.]+, v24\.[\d.]+/);
    for (const r of result.rows) {
      expect(r.failed).toBe(0);
      expect(r['req/s']).toBeGreaterThan(0);
      expect(r['start ms']).toBeGreaterThan(0);
      expect(r['CPU us/req']).toBeGreaterThan(0);
      expect(r['RSS MB']).toBeGreaterThan(10);
      for (const c of result.columns) expect(r).toHaveProperty([c]);
    }
  });

  it('the instrumented variants exported spans and logs to the sink (datadog: spans to its agent, no log records); bare exported nothing', () => {
    expect(row('bare')).toMatchObject({ 'span exp': 0, 'log exp': 0, 'metric exp': 0, check: 'ok' });
    expect(row('datadog')['span exp']).toBeGreaterThan(0);
    expect(row('datadog')['spans/req']).toBeGreaterThanOrEqual(1);
    expect(row('datadog')).toMatchObject({ 'log exp': 0, 'metric exp': 0, check: 'ok' });
    for (const v of ['jewelry', 'stock', 'elastic', 'jewelry@24', 'jewelry-otel3@24']) {
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

  it('ratios, added CPU and added start-up times are against bare on the same Node line', () => {
    const bare = row('bare');
    expect(bare['x bare']).toBe(1);
    expect(bare['+start ms']).toBe(0);
    expect(bare['+CPU us/req']).toBe(0);
    for (const v of INSTRUMENTED) {
      const r = row(v);
      expect(r['x bare']).toBeCloseTo(Number(r['req/s']) / Number(bare['req/s']), 1);
      expect(Number(r['+start ms'])).toBeCloseTo(Number(r['start ms']) - Number(bare['start ms']), -1);
      expect(Number(r['+CPU us/req'])).toBeCloseTo(Number(r['CPU us/req']) - Number(bare['CPU us/req']), -1);
      expect(result.summary[`${v}Ratio`]).toBe(r['x bare']);
      expect(Math.round(Number(result.summary[`${v}StartupAddedMs`]))).toBeCloseTo(Number(r['+start ms']), -1);
      expect(Math.round(Number(result.summary[`${v}AddedCpuUs`]))).toBeCloseTo(Number(r['+CPU us/req']), -1);
    }
    const on24 = row('jewelry@24');
    expect(Number(on24['+CPU us/req'])).toBeCloseTo(Number(on24['CPU us/req']) - Number(row('bare@24')['CPU us/req']), -1);
    expect(Math.round(Number(result.summary['jewelryAddedCpuUs@24']))).toBeCloseTo(Number(on24['+CPU us/req']), -1);
    // The best peer is judged on Node 24 too, against bare on Node 24.
    const dd24 = row('datadog@24');
    expect(Number(dd24['+CPU us/req'])).toBeCloseTo(Number(dd24['CPU us/req']) - Number(row('bare@24')['CPU us/req']), -1);
    expect(result.summary['bestPeer@24']).toBe('datadog');
    expect(Number(result.summary['jewelryAddedCpuVsBestPeer@24'])).toBeCloseTo(
      Number(result.summary['jewelryAddedCpuUs@24']) / Number(result.summary['bestPeerAddedCpuUs@24']),
      1,
    );
    expect(result.summary['targetHalfBestPeerCpu@24']).toBe(
      Number(result.summary['jewelryAddedCpuUs@24']) <= Number(result.summary['bestPeerAddedCpuUs@24']) / 2,
    );
    const otel3 = row('jewelry-otel3@24');
    expect(Number(result.summary['otel3VsOtel2AddedCpu@24'])).toBeCloseTo(Number(otel3['+CPU us/req']) / Number(on24['+CPU us/req']), 1);
  });

  it('has the summary keys, the targets computed from them', () => {
    const s = result.summary;
    for (const v of INSTRUMENTED)
      for (const key of ['Ratio', 'StartupAddedMs', 'AddedCpuUs']) expect(typeof s[`${v}${key}`]).toBe('number');
    const peers = ['stock', 'elastic', 'datadog'];
    const best = peers.reduce((a, b) => (Number(s[`${a}AddedCpuUs`]) <= Number(s[`${b}AddedCpuUs`]) ? a : b));
    expect(s.bestPeer).toBe(best);
    expect(s.bestPeerAddedCpuUs).toBe(s[`${best}AddedCpuUs`]);
    expect(s.targetHalfBestPeerCpu).toBe(Number(s.jewelryAddedCpuUs) <= Number(s.bestPeerAddedCpuUs) / 2);
    expect(s.targetRatio85).toBe(Number(s.jewelryRatio) >= 0.85);
    expect(s.targetBeatsOthers).toBe(peers.every((p) => Number(row('jewelry')['req/s']) > Number(row(p)['req/s'])));
    expect(s.targetStartupThird).toBe(Number(s.jewelryStartupAddedMs) <= Number(s.stockStartupAddedMs) / 3);
    expect(result.notes.join('\n')).toMatch(/@opentelemetry\/auto-instrumentations-node 0\.81\./);
    expect(result.notes.join('\n')).toMatch(/dd-trace 5\./);
  });

  it('leaves no process behind', () => {
    expect(liveChildCount()).toBe(0);
  });
});

describe('bench overhead section: BENCH_IDLE and a variant with its own V8 flag', () => {
  it('jewelry-no-memory-reducer starts with the flag, answers and exports; each variant idles BENCH_IDLE seconds before its measured run', async () => {
    const began = Date.now();
    const result = await withEnv(
      { ...TINY, BENCH_NODE_LINES: 'none', BENCH_VARIANTS: 'bare,jewelry-no-memory-reducer', BENCH_IDLE: '2' },
      run,
    );
    // Two variants, each 2 s idle besides its start and 1 s of load.
    expect(Date.now() - began).toBeGreaterThanOrEqual(4000);
    expect(result.rows.map((r) => r.variant)).toEqual(['bare', 'jewelry-no-memory-reducer']);
    const flagged = result.rows[1]!;
    expect(flagged.failed).toBe(0);
    expect(flagged['req/s']).toBeGreaterThan(0);
    expect(flagged['span exp']).toBeGreaterThan(0);
    expect(flagged.check).toBe('ok');
    expect(result.notes.join('\n')).toMatch(/0 s warm-up \+ 2 s idle \(BENCH_IDLE: the requests after a quiet spell\) \+ 1 s measured/);
    expect(liveChildCount()).toBe(0);
  }, 60_000);
});
