/**
 * Which layer of the service a sampled frame belongs to, for the profile
 * section's table (issue 16: where the CPU a distribution adds goes). A
 * sample is charged to the layer of its own frame, or — for a frame of Node
 * itself or of a library no layer claims (a Buffer write, a native call) — to
 * the first frame up the stack that a layer claims, passing over the context
 * wrappers that only hand control on (AsyncLocalStorage.run, a bound emit)
 * and the HTTP instrumentation's wrapper of a request the service makes
 * (what `http.request` does underneath is the caller's work, in bare too).
 */
export interface Frame {
  functionName: string;
  url: string;
}

export const LAYERS = [
  'HTTP instrumentation',
  'Express instrumentation',
  'aws-sdk instrumentation (S3)',
  'pg instrumentation',
  'amqplib instrumentation',
  'context propagation',
  'spans (SDK)',
  'per-request metrics',
  'log bridge (winston → OTel record)',
  'masking',
  'batching and accounting',
  'encoding (OTLP protobuf)',
  'export (HTTP to the collector)',
  'other SDK code',
  'garbage collection',
  'service: app, Express, logger (also in bare)',
  'Node runtime (also in bare)',
] as const;

export type Layer = (typeof LAYERS)[number];

/** The layers bare has too: what grows there under jewelry moves with the machine as much as with us. */
export const BARE_LAYERS: readonly Layer[] = [
  'garbage collection',
  'service: app, Express, logger (also in bare)',
  'Node runtime (also in bare)',
];

const RULES: [Layer, (url: string, fn: string) => boolean][] = [
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  // With our own wrappers around it (packages/otel/src/instrumentations/http-*.ts: the bypass of suppressed requests).
  ['HTTP instrumentation', (u) => /instrumentation-http\/|otel\/dist\/instrumentations\/http-/.test(u)],
  ['Express instrumentation', (u) => /instrumentation-express\/|express-route/.test(u)],
  ['aws-sdk instrumentation (S3)', (u) => /instrumentation-aws-sdk\//.test(u)],
  ['pg instrumentation', (u) => /instrumentation-pg\//.test(u)],
  ['amqplib instrumentation', (u) => /instrumentation-amqplib\/|amqplib-hooks/.test(u)],
  ['per-request metrics', (u) => /sdk-metrics\//.test(u)],
  [
    'log bridge (winston → OTel record)',
    (u) =>
      /instrumentation-winston\/|winston-transport\/|sdk-logs\/.*(LogRecordImpl|Logger\.js|MultiLogRecord|LoggerProvider|utils\/)|api-logs\/|logger\/dist\/(otel-export|direct-log-entry|write-time-context)|otel\/dist\/pipeline\/(direct-log-entry|sdk-log-attributes)/.test(
        u,
      ),
  ],
  ['masking', (u) => /masking/.test(u)],
  [
    'batching and accounting',
    (u) =>
      /Batch(Span|LogRecord)ProcessorBase|bounded-(span|log)-processor|redelivering-exporter|telemetry-accounting|lazy-exporter/.test(u),
  ],
  // Ours (packages/otel/src/otlp) as well as the official serializer.
  ['encoding (OTLP protobuf)', (u) => /otlp-transformer\/|protobufjs|otel\/dist\/otlp\/(encode-|proto-writer)/.test(u)],
  [
    'export (HTTP to the collector)',
    (u) => /otlp-exporter-base\/|exporter-(trace|logs|metrics)-otlp|otel\/dist\/otlp\/lean-exporters/.test(u),
  ],
  [
    'context propagation',
    (u) =>
      /context-async-hooks\/|context-manager|api\/build\/src\/(context|api\/context)|node:async_hooks|internal\/async_hooks|async_context_frame/.test(
        u,
      ),
  ],
  // The API's trace calls (getActiveSpan …) are charged to their caller: the logger makes them in bare too.
  // The SDK's spans, or ours (JEWELRY_SPANS=lean, the default), and the ids they take.
  ['spans (SDK)', (u) => /sdk-trace\/|otel\/dist\/sdk\/(lean-span|lean-tracer|pooled-id-generator|tracer-provider)/.test(u)],
  ['other SDK code', (u) => /@opentelemetry\/|packages\/otel\/dist|require-in-the-middle|import-in-the-middle|shimmer/.test(u)],
  // The service's own code and the libraries it calls — also those an instrumentation wraps (pg,
  // the AWS SDK, amqplib): their work is the service's, in bare too, not the wrapper's.
  [
    'service: app, Express, logger (also in bare)',
    (u) =>
      /bench\/dist\/|\/express\/|body-parser|\/router\/|packages\/logger|packages\/schema|\/winston|logform|raw-body|finalhandler|\/send\/|type-is|content-type|mime-|parseurl|qs\/|@jewelry\/(logger|schema)|examples\/common|@jewelry-examples|node_modules\/(pg|pg-pool|pg-protocol|pg-types|amqplib|@aws-sdk|@smithy|@aws-crypto)\//.test(
        u,
      ),
  ],
];

/** Frames whose own time is context propagation but that only pass control on: what runs under them is not. */
function transparent(f: Frame): boolean {
  return (
    /node:async_hooks|internal\/async_hooks|context-async-hooks\/|context-manager|api\/build\/src\/(context|api\/context)/.test(f.url) ||
    (f.url === 'node:events' && f.functionName === 'emit')
  );
}

/**
 * Node's own entry points that the HTTP instrumentation wraps (`http.request`,
 * `http.get`): under one of them runs the original — a request the caller
 * makes (an S3 put, an export), in bare too — so the wrapper right above is
 * passed over and the work is charged to whoever called it.
 */
function wrappedOriginal(f: Frame): boolean {
  return (f.url === 'node:http' || f.url === 'node:https') && (f.functionName === 'request' || f.functionName === 'get');
}

export function ownLayer(f: Frame): Layer | undefined {
  for (const [layer, test] of RULES) if (test(f.url, f.functionName)) return layer;
  return undefined;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Samples per layer (idle and the profiler's own program time left out).
 * Counts, not the recorded time deltas: a delta is wall time since the
 * previous sample, and on a busy machine it grows with the time the process
 * waited for a CPU. The caller turns shares of samples into CPU time with the
 * process's measured CPU.
 */
export function layerSamples(profile: CpuProfile): Map<Layer, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, Layer | null>();
  const layerOf = (id: number): Layer | null => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const frame = byId.get(id)!.callFrame;
    let layer: Layer | null = null;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)' || frame.functionName === '(root)') layer = null;
    else layer = ownLayer(frame) ?? null;
    if (layer === null && !['(idle)', '(program)', '(root)'].includes(frame.functionName)) {
      layer = 'Node runtime (also in bare)';
      let underOriginal = false;
      for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
        const up = byId.get(p)!.callFrame;
        if (up.functionName === '(root)') break;
        if (transparent(up)) continue;
        if (wrappedOriginal(up)) {
          underOriginal = true;
          continue;
        }
        const owner = ownLayer(up);
        if (owner === 'HTTP instrumentation' && underOriginal) continue;
        if (owner) {
          layer = owner;
          break;
        }
      }
    }
    memo.set(id, layer);
    return layer;
  };
  const times = new Map<Layer, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const layer = layerOf(profile.samples[i]!);
    if (layer === null) continue;
    times.set(layer, (times.get(layer) ?? 0) + 1);
  }
  return times;
}
