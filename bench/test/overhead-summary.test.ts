// The overhead section's target arithmetic on figures made up for the
// purpose: the best peer is chosen per Node line, and the paired ratio
// cancels a machine that is slower in one round than in another, for added
// CPU and for req/s alike.
import { figuresFor, summaryFor, type VariantFigures } from '../dist/overhead/summarize';
import type { RoundResult } from '../dist/overhead/measure';
import type { VariantKind } from '../dist/overhead/variants';

/** A row whose added CPU per round is given; its median is the row's added CPU. */
function figures(kind: VariantKind, line: string, addedByRound: number[], own = true): VariantFigures {
  const sorted = [...addedByRound].sort((a, b) => a - b);
  const added = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const tally = { requests: 1, bytes: 1, items: 1 };
  return {
    variant: own ? kind : `${kind}@${line}`,
    kind,
    nodeLine: line,
    requestsPerSec: 1000,
    ratio: 1,
    pairedRatio: 1,
    p50Ms: 1,
    p99Ms: 1,
    failed: 0,
    cpuMicrosPerRequest: 300 + added,
    addedCpuMicrosPerRequest: added,
    addedCpuByRound: new Map(addedByRound.map((a, i) => [i + 1, a])),
    startupMs: 200,
    startupAddedMs: 0,
    rssMb: 100,
    hwmMb: 100,
    telemetry: { traces: tally, logs: tally, metrics: tally },
    telemetryBytesPerRequest: 1,
    spansPerRequest: 1,
    logsPerRequest: 1,
    problems: [],
  };
}

describe('overhead summary: issue 16 target per Node line', () => {
  // Round 2 ran on a machine twice as slow: every added cost doubled in it, for jewelry and its peers alike.
  const rows = [
    figures('bare', '20', [0, 0, 0]),
    figures('jewelry', '20', [100, 200, 110]),
    figures('stock', '20', [300, 600, 330]),
    figures('datadog', '20', [250, 500, 200]),
    figures('bare', '24', [0, 0, 0], false),
    figures('jewelry', '24', [120, 130, 125], false),
    figures('datadog', '24', [130, 120, 128], false),
  ];
  const s = summaryFor(rows);

  it('the bench line: best peer, ratio of medians, paired ratio, target', () => {
    expect(s.bestPeer).toBe('datadog');
    expect(s.bestPeerAddedCpuUs).toBe(250);
    expect(s.jewelryAddedCpuVsBestPeer).toBe(0.44); // 110 / 250
    // Round by round: 100/250, 200/500, 110/200 → 0.4, 0.4, 0.55; the median is 0.4.
    expect(s.jewelryAddedCpuVsBestPeerPaired).toBe(0.4);
    expect(s.targetHalfBestPeerCpu).toBe(true);
  });

  it('another line has its own best peer and target', () => {
    expect(s['bestPeer@24']).toBe('datadog');
    expect(s['bestPeerAddedCpuUs@24']).toBe(128);
    expect(s['jewelryAddedCpuVsBestPeer@24']).toBe(0.98); // 125 / 128
    expect(s['jewelryAddedCpuVsBestPeerPaired@24']).toBe(0.98); // 120/130, 130/120, 125/128 → 0.92, 1.08, 0.98
    expect(s['targetHalfBestPeerCpu@24']).toBe(false);
    expect(s['jewelryAddedCpuUs@24']).toBe(125);
  });

  it('a line without peers gets no comparison, and a missing round is left out of the pairs', () => {
    const t = summaryFor([
      figures('bare', '20', [0, 0]),
      figures('jewelry', '20', [100, 100]),
      { ...figures('datadog', '20', [200]), addedCpuByRound: new Map([[2, 400]]) },
      figures('bare', '22', [0], false),
      figures('jewelry', '22', [90], false),
    ]);
    expect(t.jewelryAddedCpuVsBestPeerPaired).toBe(0.25);
    expect(t['jewelryAddedCpuUs@22']).toBe(90);
    expect(t).not.toHaveProperty('bestPeer@22');
    expect(t).not.toHaveProperty('targetHalfBestPeerCpu@22');
  });
});

describe('figures: the paired req/s ratio', () => {
  const node = { line: '20', version: '20.20.2', execPath: '/n/20/node' };
  const spec = (kind: VariantKind) => ({
    kind,
    name: kind,
    node,
    label: kind,
    preload: undefined,
    env: {},
    exportsLogs: false,
    otelEnv: true,
    settleMs: 0,
  });
  const tally = (items: number) => ({
    traces: { requests: items, bytes: items, items },
    logs: { requests: 0, bytes: 0, items: 0 },
    metrics: { requests: 0, bytes: 0, items: 0 },
  });
  const round = (variant: string, n: number, rps: number): RoundResult => ({
    variant,
    round: n,
    load: { requestsPerSec: rps, p50Ms: 1, p99Ms: 2, requests: rps * 10, non2xx: 0, errors: 0 },
    warmupRequests: 0,
    memory: { rssMb: 100, hwmMb: 100 } as RoundResult['memory'],
    cpuSeconds: rps * 10 * 0.001,
    telemetry: tally(variant === 'bare' ? 0 : rps * 10),
    stderrTail: '',
  });

  it('is the median of the rounds’ own ratios: a round on a machine at half speed does not move it, where it moves the ratio of medians', () => {
    // Bare: 1000, 500 (the slow round), 1000 req/s; jewelry 900, 450, 600 — 0.9, 0.9, 0.6 of bare in its own round.
    const rounds = [
      round('bare', 1, 1000),
      round('jewelry', 1, 900),
      round('bare', 2, 500),
      round('jewelry', 2, 450),
      round('bare', 3, 1000),
      round('jewelry', 3, 600),
    ];
    const [, jewelry] = figuresFor([spec('bare'), spec('jewelry')], rounds, new Map());
    expect(jewelry!.pairedRatio).toBeCloseTo(0.9, 5);
    expect(jewelry!.ratio).toBeCloseTo(0.6, 5); // median 600 of 1000
  });
  it('a variant told to export no spans is invalid when spans arrive, not when none do; the others the other way round', () => {
    const noSpans = { ...spec('jewelry-no-spans'), exportsSpans: false };
    const rounds = [round('bare', 1, 1000), round('jewelry', 1, 900), { ...round('jewelry-no-spans', 1, 950), telemetry: tally(0) }];
    const [, jewelry, without] = figuresFor([spec('bare'), spec('jewelry'), noSpans], rounds, new Map());
    expect(jewelry!.problems).toEqual([]);
    expect(without!.problems).toEqual([]);
    const leaking = figuresFor([spec('bare'), noSpans], [round('bare', 1, 1000), round('jewelry-no-spans', 1, 950)], new Map())[1]!;
    expect(leaking.problems).toEqual(['INVALID: SPANS EXPORTED BY A VARIANT WITHOUT SPANS']);
    const silent = figuresFor(
      [spec('bare'), spec('jewelry')],
      [round('bare', 1, 1000), { ...round('jewelry', 1, 900), telemetry: tally(0) }],
      new Map(),
    )[1]!;
    expect(silent.problems).toEqual(['INVALID: NO SPANS EXPORTED']);
  });
});
