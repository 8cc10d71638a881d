import { idleNote, readOverheadSettings } from '../dist/overhead/settings';
import { variantArgs, variantEnv, variantsFor, type NodeRuntime } from '../dist/overhead/variants';

const OWN: NodeRuntime = { line: '20', version: '20.20.2', execPath: '/usr/bin/node' };
const N24: NodeRuntime = { line: '24', version: '24.21.0', execPath: '/cache/node/24.21.0/bin/node' };
const SHARED = { endpoint: 'http://127.0.0.1:4318', metricIntervalMs: 5000, port: 3000 };

describe('bench variants', () => {
  test("the chosen kinds on the bench's own Node, then the other-line kinds on each other line, named <kind>@<line>", () => {
    const list = variantsFor(['bare', 'jewelry', 'datadog'], [N24], ['bare', 'jewelry'], OWN);
    expect(list.map((v) => [v.name, v.kind, v.node.execPath])).toEqual([
      ['bare', 'bare', '/usr/bin/node'],
      ['jewelry', 'jewelry', '/usr/bin/node'],
      ['datadog', 'datadog', '/usr/bin/node'],
      ['bare@24', 'bare', N24.execPath],
      ['jewelry@24', 'jewelry', N24.execPath],
    ]);
  });

  test('jewelry-otel3 (OpenTelemetry JS 3.x) only where Node is at least 22.15', () => {
    const old22: NodeRuntime = { line: '22', version: '22.9.0', execPath: '/n22' };
    const list = variantsFor(['bare', 'jewelry', 'jewelry-otel3'], [old22, N24], ['bare', 'jewelry', 'jewelry-otel3'], OWN);
    expect(list.map((v) => v.name)).toEqual(['bare', 'jewelry', 'bare@22', 'jewelry@22', 'bare@24', 'jewelry@24', 'jewelry-otel3@24']);
  });

  test('the OpenTelemetry variants share the OTEL_* settings; dd-trace gets its agent URL and none of them', () => {
    const [jewelry, datadog] = variantsFor(['bare', 'jewelry', 'datadog'], [], [], OWN).slice(1);
    const base = { PATH: '/bin', OTEL_TRACES_EXPORTER: 'console', DD_SERVICE: 'leaked', NODE_OPTIONS: '--inspect' };
    expect(variantEnv(jewelry!, base, SHARED)).toMatchObject({
      PATH: '/bin',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: SHARED.endpoint,
      OTEL_SERVICE_NAME: 'shop-api',
      PORT: '3000',
    });
    const [official] = variantsFor(['bare', 'jewelry-official-encoder'], [], [], OWN).slice(1);
    expect(variantEnv(official!, base, SHARED)).toMatchObject({ OTEL_TRACES_EXPORTER: 'otlp', JEWELRY_OTLP_ENCODER: 'official' });
    const [sdkSpans] = variantsFor(['bare', 'jewelry-official-spans'], [], [], OWN).slice(1);
    expect(variantEnv(sdkSpans!, base, SHARED)).toMatchObject({ OTEL_TRACES_EXPORTER: 'otlp', JEWELRY_SPANS: 'official' });
    // One signal off, over the shared settings that turn all three on.
    const [noSpans, noLogs] = variantsFor(['bare', 'jewelry-no-spans', 'jewelry-no-logs'], [], [], OWN).slice(1);
    expect(variantEnv(noSpans!, base, SHARED)).toMatchObject({ OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'otlp' });
    expect(variantEnv(noLogs!, base, SHARED)).toMatchObject({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none' });
    expect([noSpans!.exportsSpans, noLogs!.exportsLogs]).toEqual([false, false]);
    // Node 22's AsyncContextFrame flag only where Node has it (22.7 to 23).
    const n22: NodeRuntime = { line: '22', version: '22.22.0', execPath: '/n22' };
    const frame = variantsFor(['bare', 'jewelry-context-frame'], [n22, N24], ['bare', 'jewelry-context-frame'], OWN);
    expect(frame.map((v) => v.name)).toContain('jewelry-context-frame@22');
    expect(frame.map((v) => v.name)).not.toContain('jewelry-context-frame@24'); // Node 24 refuses the flag: it is its default
    expect(frame.map((v) => v.name)).not.toContain('jewelry-context-frame'); // the bench's own Node 20
    expect(
      variantEnv(
        frame.find((v) => v.kind === 'jewelry-context-frame')!,
        base,
        SHARED,
      ).NODE_OPTIONS,
    ).toBe('--experimental-async-context-frame');
    const dd = variantEnv(datadog!, base, SHARED);
    expect(dd).toMatchObject({
      DD_TRACE_AGENT_URL: SHARED.endpoint,
      DD_SERVICE: 'shop-api',
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
    });
    expect(Object.keys(dd).filter((k) => k.startsWith('OTEL_') || k === 'NODE_OPTIONS')).toEqual([]);
  });

  test('jewelry-no-memory-reducer: its V8 flag on the command line, before the preload (NODE_OPTIONS refuses it); the others get no flag of their own', () => {
    const [bare, jewelry, noReducer] = variantsFor(['bare', 'jewelry', 'jewelry-no-memory-reducer'], [], [], OWN);
    const args = variantArgs(noReducer!, '/app.js', ['--cpu-prof']);
    expect(args[0]).toBe('--cpu-prof');
    expect(args[1]).toBe('--no-memory-reducer');
    expect(args[2]).toBe('--require');
    expect(args[3]).toMatch(/otel\/dist\/entry\.js$/);
    expect(args[4]).toBe('/app.js');
    expect(variantArgs(jewelry!, '/app.js')).not.toContain('--no-memory-reducer');
    expect(variantArgs(bare!, '/app.js')).toEqual(['/app.js']);
    expect(variantEnv(noReducer!, {}, SHARED).NODE_OPTIONS).toBeUndefined();
  });

  test('BENCH_IDLE: no idle by default; seconds between warm-up and measured run, named in the load notes', () => {
    expect(readOverheadSettings({}).idleSec).toBe(0);
    expect(readOverheadSettings({ BENCH_IDLE: '12' }).idleSec).toBe(12);
    expect(() => readOverheadSettings({ BENCH_IDLE: '-1' })).toThrow(/BENCH_IDLE=-1: an integer ≥ 0/);
    expect(() => readOverheadSettings({ BENCH_IDLE: 'long' })).toThrow(/BENCH_IDLE=long/);
    expect(idleNote(0)).toBe('');
    expect(`3 s warm-up + ${idleNote(12)}10 s measured`).toBe(
      '3 s warm-up + 12 s idle (BENCH_IDLE: the requests after a quiet spell) + 10 s measured',
    );
  });

  test('settings: five variants, Node 22 and 24, three rounds by default; unknown names and a list without bare are refused', () => {
    const s = readOverheadSettings({});
    expect(s.variants).toEqual(['bare', 'jewelry', 'jewelry-otel3', 'stock', 'elastic', 'datadog']);
    expect(s.nodeLines).toEqual(['22', '24']);
    expect(s.otherLineVariants).toEqual(['bare', 'jewelry', 'jewelry-otel3', 'datadog']);
    expect(s.rounds).toBe(3);
    expect(readOverheadSettings({ BENCH_NODE_LINES: 'none' }).nodeLines).toEqual([]);
    expect(readOverheadSettings({ BENCH_VARIANTS: 'bare,jewelry,jewelry-official-encoder' }).variants).toContain(
      'jewelry-official-encoder',
    );
    expect(() => readOverheadSettings({ BENCH_VARIANTS: 'bare,newrelic' })).toThrow(/unknown variant\(s\) newrelic/);
    expect(() => readOverheadSettings({ BENCH_VARIANTS: 'jewelry,stock' })).toThrow(/bare is required/);
    expect(() => readOverheadSettings({ BENCH_NODE_LINES: 'lts' })).toThrow(/not a Node major line/);
    expect(() => readOverheadSettings({ BENCH_VARIANTS: 'bare,jewelry,jewelry-baseline' })).toThrow(/needs BENCH_JEWELRY_BASELINE/);
    expect(
      readOverheadSettings({
        BENCH_VARIANTS: 'bare,jewelry,jewelry-baseline',
        BENCH_JEWELRY_BASELINE: '/tmp/old/packages/otel/dist/entry.js',
      }).variants,
    ).toEqual(['bare', 'jewelry', 'jewelry-baseline']);
  });
});
