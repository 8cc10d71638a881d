// The profile section: how samples are charged to layers (synthetic profiles),
// and a tiny real run — the instrumented service's samples land in the SDK's
// layers, bare's do not.
import { layerSamples, ownLayer, type CpuProfile } from '../dist/profile/layers';
import { layerTable, ownLayersShare, profileApp, profileRuntime, run } from '../dist/profile/run';
import { withServiceStack } from './with-service-stack';
import { liveChildCount } from '../dist/child-processes';
import type { SectionResult } from '../dist/section-result';
import { withEnv } from './with-env';

/** A profile from stacks (root first), one sample per stack. */
function profile(stacks: [string, string][][]): CpuProfile {
  const nodes: CpuProfile['nodes'] = [{ id: 1, callFrame: { functionName: '(root)', url: '' }, children: [] }];
  const samples: number[] = [];
  for (const stack of stacks) {
    let parent = nodes[0]!;
    for (const [functionName, url] of stack) {
      let child = nodes.find(
        (n) => parent.children?.includes(n.id) && n.callFrame.functionName === functionName && n.callFrame.url === url,
      );
      if (!child) {
        child = { id: nodes.length + 1, callFrame: { functionName, url }, children: [] };
        nodes.push(child);
        parent.children!.push(child.id);
      }
      parent = child;
    }
    samples.push(parent.id);
  }
  return { nodes, samples, timeDeltas: samples.map(() => 1000) };
}

const HTTP = '/n/@opentelemetry/instrumentation-http/build/src/http.js';
const APP = 'file:///w/bench/dist/overhead/app.js';

describe('profile layers', () => {
  test('a frame is charged to its own layer; Node frames to the first claimed frame above, past context wrappers', () => {
    const counts = layerSamples(
      profile([
        [['incomingRequest', HTTP]],
        [
          ['incomingRequest', HTTP],
          ['run', 'node:async_hooks'],
          ['writev', ''],
        ],
        [
          ['handler', APP],
          ['run', 'node:async_hooks'],
          ['emit', 'node:events'],
          ['writev', ''],
        ],
        [['serializeSpan', '/n/@opentelemetry/otlp-transformer/build/src/trace.js']],
        [['(garbage collector)', '']],
        [['(idle)', '']],
        [['(program)', '']],
        [['run', 'node:async_hooks']],
        [['processTicks', 'node:internal/process/task_queues']],
      ]),
    );
    expect(Object.fromEntries(counts)).toEqual({
      'HTTP instrumentation': 2,
      'service: app, Express, logger (also in bare)': 1,
      'encoding (OTLP protobuf)': 1,
      'garbage collection': 1,
      'context propagation': 1,
      'Node runtime (also in bare)': 1,
    });
  });

  test("what http.request does under the HTTP instrumentation's wrapper is its caller's; the wrapper's own work stays the instrumentation's", () => {
    const SMITHY = '/n/node_modules/@smithy/node-http-handler/dist-cjs/index.js';
    const EXPORTER = '/n/@opentelemetry/otlp-exporter-base/build/src/transport/http-transport-utils.js';
    const OWN_HTTP = 'file:///w/packages/otel/dist/instrumentations/http-config.js';
    const counts = layerSamples(
      profile([
        [
          ['handle', SMITHY],
          ['outgoingRequest', HTTP],
          ['request', 'node:http'],
          ['ClientRequest', 'node:_http_client'],
        ],
        [
          ['handle', SMITHY],
          ['outgoingRequest', HTTP],
          ['request', 'node:http'],
          ['ClientRequest', 'node:_http_client'],
          ['addRequest', 'node:_http_agent'],
        ],
        [
          ['sendWithHttp', EXPORTER],
          ['outgoingRequest', HTTP],
          ['request', 'node:http'],
          ['ClientRequest', 'node:_http_client'],
        ],
        [
          ['handle', SMITHY],
          ['outgoingRequest', HTTP],
          ['URL', 'node:internal/url'],
        ],
        [
          ['handle', SMITHY],
          ['outgoingRequest', HTTP],
        ],
        // Our bypass of a suppressed request (http-config.ts) hands it straight to Node: the caller's work too.
        [
          ['handle', SMITHY],
          ['outgoingRequest', OWN_HTTP],
          ['request', 'node:http'],
          ['ClientRequest', 'node:_http_client'],
        ],
      ]),
    );
    expect(Object.fromEntries(counts)).toEqual({
      'service: app, Express, logger (also in bare)': 3,
      'export (HTTP to the collector)': 1,
      'HTTP instrumentation': 2,
    });
  });

  test("our own files count where they work: masking, the logger's export, the route, batching, our OTLP encoder, our spans", () => {
    for (const file of ['lean-span', 'lean-tracer', 'pooled-id-generator'])
      expect(ownLayer({ functionName: 'x', url: `file:///w/packages/otel/dist/sdk/${file}.js` })).toBe('spans (SDK)');
    expect(ownLayer({ functionName: 'writeSpan', url: 'file:///w/packages/otel/dist/otlp/encode-spans.js' })).toBe(
      'encoding (OTLP protobuf)',
    );
    expect(ownLayer({ functionName: 'string', url: 'file:///w/packages/otel/dist/otlp/proto-writer.js' })).toBe('encoding (OTLP protobuf)');
    expect(ownLayer({ functionName: 'createLeanSpanExporter', url: 'file:///w/packages/otel/dist/otlp/lean-exporters.js' })).toBe(
      'export (HTTP to the collector)',
    );
    expect(ownLayer({ functionName: 'onEmit', url: 'file:///w/packages/otel/dist/pipeline/masking-log-processor.js' })).toBe('masking');
    for (const url of [
      'file:///w/packages/logger/dist/otel-export.js',
      'file:///w/packages/logger/dist/write-time-context.js',
      'file:///w/packages/otel/dist/pipeline/direct-log-entry.js',
      'file:///w/packages/otel/dist/pipeline/sdk-log-attributes.js',
    ]) {
      expect(ownLayer({ functionName: 'emit', url })).toBe('log bridge (winston → OTel record)');
    }
    expect(ownLayer({ functionName: 'recordExpressRoute', url: 'file:///w/packages/otel/dist/instrumentations/express-route.js' })).toBe(
      'Express instrumentation',
    );
    expect(ownLayer({ functionName: 'export', url: 'file:///w/packages/otel/dist/pipeline/redelivering-exporter.js' })).toBe(
      'batching and accounting',
    );
  });

  test("BENCH_PROFILE_NODE_LINE: the bench's own Node unless another line is named; a bad one is refused", () => {
    const own = process.versions.node.split('.')[0]!;
    expect(profileRuntime({}).execPath).toBe(process.execPath);
    expect(profileRuntime({ BENCH_PROFILE_NODE_LINE: own }).version).toBe(process.versions.node);
    expect(() => profileRuntime({ BENCH_PROFILE_NODE_LINE: 'lts' })).toThrow(/a Node major line/);
  });

  test('the table is the median per layer over rounds, added = jewelry − bare', () => {
    const m = (o: Record<string, number>) => new Map(Object.entries(o)) as never;
    const rows = layerTable([
      { variant: 'bare', perRequest: m({ 'garbage collection': 10 }) },
      { variant: 'bare', perRequest: m({ 'garbage collection': 30 }) },
      { variant: 'jewelry', perRequest: m({ 'garbage collection': 40, 'spans (SDK)': 5 }) },
      { variant: 'jewelry', perRequest: m({ 'garbage collection': 60, 'spans (SDK)': 7 }) },
    ]);
    expect(rows.find((r) => r.layer === 'garbage collection')).toEqual({ layer: 'garbage collection', bare: 20, jewelry: 50, added: 30 });
    expect(rows.find((r) => r.layer === 'spans (SDK)')).toEqual({ layer: 'spans (SDK)', bare: 0, jewelry: 6, added: 6 });
  });

  test("our own layers' share of jewelry's CPU: net of what bare spends in them, without the layers bare has too", () => {
    const m = (o: Record<string, number>) => new Map(Object.entries(o)) as never;
    const rows = layerTable([
      { variant: 'bare', perRequest: m({ masking: 40, 'service: app, Express, logger (also in bare)': 900, 'garbage collection': 30 }) },
      {
        variant: 'jewelry',
        perRequest: m({
          masking: 70,
          'encoding (OTLP protobuf)': 50,
          'spans (SDK)': 20,
          'service: app, Express, logger (also in bare)': 1000,
          'garbage collection': 60,
          'Node runtime (also in bare)': 50,
        }),
      },
    ]);
    // (70 − 40) + 50 + 20 = 100 of 1250: the service's, the runtime's and GC's growth are left out.
    expect(ownLayersShare(rows, 1250)).toBeCloseTo(0.08);
    expect(ownLayersShare(rows, 0)).toBeNaN();
  });
});

describe('bench profile section (tiny run)', () => {
  let result: SectionResult;
  beforeAll(async () => {
    result = await withEnv({ BENCH_DURATION: '2', BENCH_WARMUP: '1', BENCH_ROUNDS: '1' }, run);
  }, 120_000);

  test("the instrumented service spends samples in the SDK's layers, bare in none of them; nothing is left running", () => {
    const row = (layer: string) => result.rows.find((r) => r.layer === layer)!;
    for (const layer of ['HTTP instrumentation', 'spans (SDK)', 'encoding (OTLP protobuf)']) {
      expect(row(layer)['bare us/req']).toBe(0);
      expect(Number(row(layer)['jewelry us/req'])).toBeGreaterThan(0);
    }
    expect(Number(row('service: app, Express, logger (also in bare)')['bare us/req'])).toBeGreaterThan(0);
    expect(Number(result.summary.jewelryCpuUsPerRequest)).toBeGreaterThan(0);
    // Our layers take some of jewelry's CPU, never all of it.
    expect(Number(result.summary.ownLayersSharePercent)).toBeGreaterThan(0);
    expect(Number(result.summary.ownLayersSharePercent)).toBeLessThan(100);
    expect(liveChildCount()).toBe(0);
  });
});

describe('bench profile section on the order path (tiny run, real stack)', () => {
  const section = withServiceStack({ BENCH_PROFILE_APP: 'realistic', BENCH_DURATION: '2', BENCH_WARMUP: '0', BENCH_ROUNDS: '1' }, run);

  test('BENCH_PROFILE_APP picks the service: overhead by default, realistic, nothing else', () => {
    expect(profileApp({})).toBe('overhead');
    expect(profileApp({ BENCH_PROFILE_APP: 'realistic' })).toBe('realistic');
    expect(() => profileApp({ BENCH_PROFILE_APP: 'shop' })).toThrow(/overhead or realistic/);
  });

  test('the S3, PostgreSQL and RabbitMQ instrumentations get samples of their own under jewelry, none in bare; nothing is left running', () => {
    const result = section();
    expect(result.summary.app).toBe('realistic');
    const row = (layer: string) => result.rows.find((r) => r.layer === layer)!;
    for (const layer of ['aws-sdk instrumentation (S3)', 'pg instrumentation', 'amqplib instrumentation']) {
      expect(row(layer)['bare us/req']).toBe(0);
    }
    const instrumented = ['aws-sdk instrumentation (S3)', 'pg instrumentation', 'amqplib instrumentation'].map((l) =>
      Number(row(l)['jewelry us/req']),
    );
    expect(instrumented.filter((us) => us > 0).length).toBeGreaterThanOrEqual(2);
    expect(Number(row('service: app, Express, logger (also in bare)')['bare us/req'])).toBeGreaterThan(0);
    expect(liveChildCount()).toBe(0);
  });
});
