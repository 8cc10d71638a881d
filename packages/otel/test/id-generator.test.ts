import { context, propagation, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { PooledIdGenerator } from '../src/sdk/pooled-id-generator';
import { startSdk } from '../src/sdk/start-sdk';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const hex = (bytes: number[]): string => Buffer.from(bytes).toString('hex');

/** A fill that writes the byte lists given, one per refill, and counts the refills. */
function scripted(...fills: number[][]) {
  const state = { refills: 0 };
  const fill = (pool: Uint8Array): void => {
    const bytes = fills[state.refills++];
    if (!bytes) throw new Error('no more bytes scripted');
    pool.fill(0xee);
    pool.set(bytes);
  };
  return { state, fill };
}

describe('trace and span ids from pooled crypto random bytes', () => {
  test('W3C format (32 and 16 lowercase hex digits), never all zero, no repeats over a quarter of a million ids', () => {
    const ids = new PooledIdGenerator();
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const t = ids.generateTraceId();
      if (!TRACE_ID.test(t) || t === '0'.repeat(32)) throw new Error(`bad trace id ${t}`);
      traces.add(t);
      for (let j = 0; j < 4; j++) {
        const s = ids.generateSpanId();
        if (!SPAN_ID.test(s) || s === '0'.repeat(16)) throw new Error(`bad span id ${s}`);
        spans.add(s);
      }
    }
    expect(traces.size).toBe(50_000);
    expect(spans.size).toBe(200_000);
    // Two generators share nothing (no seed): a CSPRNG, unlike the SDK's Math.random.
    expect(new PooledIdGenerator().generateTraceId()).not.toBe(new PooledIdGenerator().generateTraceId());
  });

  test('each id is the next bytes of the pool, hex-encoded; an id never straddles a refill', () => {
    const first = Array.from({ length: 24 }, (_, i) => i * 11 + 1);
    const second = Array.from({ length: 24 }, (_, i) => 255 - i);
    const { state, fill } = scripted(first, second);
    const ids = new PooledIdGenerator(24, fill);
    expect(ids.generateTraceId()).toBe(hex(first.slice(0, 16)));
    expect(ids.generateSpanId()).toBe(hex(first.slice(16, 24)));
    expect(state.refills).toBe(1);
    // The pool is used up: the next id comes from a new draw.
    expect(ids.generateSpanId()).toBe(hex(second.slice(0, 8)));
    expect(state.refills).toBe(2);
    // 16 bytes are left: a trace id fits, then a span id would not (8 left of 24 − 8 − 16 = 0).
    expect(ids.generateTraceId()).toBe(hex(second.slice(8, 24)));
    expect(() => ids.generateSpanId()).toThrow('no more bytes scripted');
  });

  test('all-zero bytes are skipped, also across a refill (an all-zero id is invalid)', () => {
    const zeros = new Array<number>(24).fill(0);
    const next = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, ...new Array<number>(8).fill(0)];
    const { state, fill } = scripted(
      [...new Array<number>(8).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, ...new Array<number>(8).fill(0)],
      zeros,
      next,
    );
    const ids = new PooledIdGenerator(24, fill);
    expect(ids.generateSpanId()).toBe('0102030405060708');
    expect(ids.generateTraceId()).toBe(`${'0'.repeat(30)}01`);
    expect(state.refills).toBe(3);
  });

  test('a pool too small for a trace id is refused', () => {
    expect(() => new PooledIdGenerator(8)).toThrow(RangeError);
  });
});

describe('the SDK the distribution starts uses them', () => {
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  test('spans started through the global tracer get their ids from PooledIdGenerator', async () => {
    const traceIds = jest.spyOn(PooledIdGenerator.prototype, 'generateTraceId');
    const spanIds = jest.spyOn(PooledIdGenerator.prototype, 'generateSpanId');
    const ended: ReadableSpan[] = [];
    const recorder: SpanProcessor = {
      onStart: () => undefined,
      onEnd: (span) => void ended.push(span),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const sdk = startSdk({
      resource: resourceFromAttributes({ 'service.name': 'id-test' }),
      resourceDetectors: [],
      instrumentations: [],
      spanProcessors: [recorder],
      logRecordProcessors: [],
      metricReaders: [],
      instrumentationMetrics: false,
      warn: () => undefined,
      env: {},
    });
    try {
      trace.getTracer('test').startSpan('order').end();
      expect(ended).toHaveLength(1);
      const { traceId, spanId } = ended[0]!.spanContext();
      expect(traceIds).toHaveLastReturnedWith(traceId);
      expect(spanIds).toHaveLastReturnedWith(spanId);
    } finally {
      traceIds.mockRestore();
      spanIds.mockRestore();
      await sdk.shutdown();
    }
  });
});
