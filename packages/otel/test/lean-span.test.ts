import {
  context,
  diag,
  DiagLogLevel,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing, TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type IdGenerator,
  type ReadableSpan,
  type Sampler,
  type SpanLimits,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { LeanSpan } from '../src/sdk/lean-span';
import { JewelryTracerProvider } from '../src/sdk/tracer-provider';
import type { SpanImplementation } from '../src/config/distro-config';

/** Ids counted up from 1: both implementations get the same ones in the same order. */
class CountingIds implements IdGenerator {
  private n = 0;
  generateTraceId(): string {
    return (++this.n).toString(16).padStart(32, '0');
  }
  generateSpanId(): string {
    return (++this.n).toString(16).padStart(16, '0');
  }
}

/** Every call a processor gets, in order, with what the span looked like then. */
class Recorder implements SpanProcessor {
  readonly ended: ReadableSpan[] = [];
  constructor(readonly calls: string[]) {}
  onStart(span: Span, parent: Context): void {
    this.calls.push(`start ${(span as unknown as ReadableSpan).name} parent=${trace.getSpan(parent)?.spanContext().spanId ?? '-'}`);
  }
  onEnding(span: Span): void {
    // Still writable here, as in the SDK: what a processor sets now is exported.
    span.setAttribute('ending.recording', span.isRecording());
    this.calls.push(`ending ${(span as unknown as ReadableSpan).name}`);
  }
  onEnd(span: ReadableSpan): void {
    this.calls.push(`end ${span.name} ended=${span.ended}`);
    this.ended.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface Run {
  spans: unknown[];
  calls: string[];
  diag: string[];
  returned: unknown[];
  classes: string[];
}

const RESOURCE = resourceFromAttributes({ 'service.name': 'shop-api' });

/** Runs `script` on a provider of that implementation; what ended, in a form both can be compared in (times as given or as durations). */
function run(
  spans: SpanImplementation,
  script: (tracer: Tracer, returned: unknown[]) => void,
  options: { limits?: SpanLimits; sampler?: Sampler; processors?: number } = {},
): Run {
  const calls: string[] = [];
  const recorders = Array.from({ length: options.processors ?? 1 }, () => new Recorder(calls));
  const provider = new JewelryTracerProvider(
    {
      resource: RESOURCE,
      idGenerator: new CountingIds(),
      spanProcessors: recorders,
      ...(options.limits ? { spanLimits: options.limits } : {}),
      ...(options.sampler ? { sampler: options.sampler } : {}),
    },
    { selfMetrics: false, spans },
  );
  const messages: string[] = [];
  const log = (level: string) => (message: string) => messages.push(`${level} ${message}`);
  diag.setLogger(
    { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('verbose') },
    { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
  );
  const returned: unknown[] = [];
  try {
    script(provider.getTracer('orders', '1.0.0'), returned);
  } finally {
    diag.disable();
  }
  const [first] = recorders;
  return {
    spans: (first?.ended ?? []).map(comparable),
    calls,
    diag: messages,
    returned,
    classes: (first?.ended ?? []).map((s) => (s instanceof LeanSpan ? 'lean' : 'sdk')),
  };
}

/** Epoch seconds after 2020: a time the span read from the clock, which differs between two runs. */
const clockTime = (t: [number, number]) => (t[0] > 1_577_836_800 ? 'clock' : t);

function comparable(span: ReadableSpan): unknown {
  return {
    name: span.name,
    kind: span.kind,
    context: span.spanContext(),
    parent: span.parentSpanContext,
    startTime: clockTime(span.startTime),
    endTime: clockTime(span.endTime),
    // The duration of a span timed on the monotonic clock differs between runs; given times give the same one.
    duration: span.startTime[0] > 1_577_836_800 && span.endTime[0] > 1_577_836_800 ? span.duration[0] >= 0 : span.duration,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events.map((e) => ({ ...e, time: clockTime(e.time) })),
    ended: span.ended,
    resource: span.resource === RESOURCE,
    scope: span.instrumentationScope,
    dropped: [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount],
  };
}

/** The same script on both: what ends, what the processors see, what diag says and what the calls return must be the same. */
function expectSame(script: (tracer: Tracer, returned: unknown[]) => void, options?: Parameters<typeof run>[2]): Run {
  const official = run('official', script, options);
  const lean = run('lean', script, options);
  expect(lean.spans).toEqual(official.spans);
  expect(lean.calls).toEqual(official.calls);
  // The same messages; the SDK checks a span's attributes and its links' before it applies the link limit, so the order may differ.
  expect([...lean.diag].sort()).toEqual([...official.diag].sort());
  expect(lean.returned).toEqual(official.returned);
  expect(official.classes.every((c) => c === 'sdk')).toBe(true);
  expect(lean.classes.every((c) => c === 'lean')).toBe(true);
  return lean;
}

const SECOND = 1_700_000_000;

describe('lean spans do what the SDK’s spans do', () => {
  test('an order’s spans: kinds, parents, attributes, events, status, the scope and resource', () => {
    const lean = expectSame((tracer) => {
      const server = tracer.startSpan('POST /orders', {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': 'POST', 'server.port': 3000, 'http.flag': true, 'url.path': '/orders' },
      });
      const ctx = trace.setSpan(ROOT_CONTEXT, server);
      const s3 = tracer.startSpan('S3.PutObject', { kind: SpanKind.CLIENT, attributes: { 'rpc.service': 'S3' } }, ctx);
      s3.setAttribute('aws.request.id', 'R1').setAttributes({ 'http.status_code': 200, 'aws.s3.key': 'orders/ORD-1' });
      s3.end();
      server.addEvent('order.created', { 'order.id': 'ORD-1', 'order.items': ['ring', 'chain'], 'order.total': 1250.5 });
      server.setAttribute('http.route', '/orders');
      server.setStatus({ code: SpanStatusCode.ERROR, message: 'Ошибка: заказ не создан' });
      server.updateName('POST /orders (failed)');
      server.end();
    });
    expect(lean.spans).toHaveLength(2);
    expect(lean.calls).toEqual([
      'start POST /orders parent=-',
      'start S3.PutObject parent=0000000000000001',
      'ending S3.PutObject',
      'end S3.PutObject ended=true',
      'ending POST /orders (failed)',
      'end POST /orders (failed) ended=true',
    ]);
  });

  test('invalid attributes are warned about and left out, on the span, its events and links, at start and later', () => {
    const lean = expectSame((tracer) => {
      const span = tracer.startSpan('x', {
        attributes: {
          '': 'empty key',
          nested: { a: 1 } as unknown as string,
          mixed: [1, 'two'] as unknown as number[],
          holes: ['a', null, undefined, 'b'] as unknown as string[],
          nothing: undefined,
          fine: 'ok',
        },
        links: [
          {
            context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 },
            attributes: { bad: {} as unknown as string, good: 1 },
          },
        ],
      });
      span.setAttribute('fn', (() => 1) as unknown as string);
      span.setAttribute('', 'x');
      span.setAttribute('null', null as unknown as string);
      span.addEvent('e', { '': 1, bad: [{}] as unknown as string[], good: [true, false] });
      span.end();
    });
    expect(lean.diag.filter((m) => m.startsWith('warn'))).not.toHaveLength(0);
    expect((lean.spans[0] as { attributes: Attributes }).attributes).toEqual({
      holes: ['a', null, undefined, 'b'],
      fine: 'ok',
      'ending.recording': true,
    });
  });

  test('limits: attribute count and length (strings and string arrays), events, links and their attributes', () => {
    const limits: SpanLimits = {
      attributeCountLimit: 3,
      attributeValueLengthLimit: 5,
      eventCountLimit: 2,
      linkCountLimit: 1,
      attributePerEventCountLimit: 1,
      attributePerLinkCountLimit: 1,
    };
    const link = (n: number) => ({
      context: { traceId: `${n}`.repeat(32), spanId: `${n}`.repeat(16), traceFlags: 1 },
      attributes: { a: 1, b: 2 },
    });
    const lean = expectSame(
      (tracer) => {
        const span = tracer.startSpan('x', {
          attributes: { a: 'Анна Иванова', b: ['abcdefgh', 'xy'], c: 1, d: 2 },
          links: [link(1), link(2)],
        });
        span.setAttribute('a', 'replaced value'); // an existing key still changes at the limit
        span.setAttribute('e', 'dropped');
        for (let i = 0; i < 4; i++) span.addEvent(`event ${i}`, { first: 'long event value', second: 2 });
        span.addLink(link(3));
        span.end();
      },
      { limits },
    );
    const span = lean.spans[0] as { attributes: Attributes; dropped: number[]; events: { name: string }[] };
    expect(span.attributes).toEqual({ a: 'repla', b: ['abcde', 'xy'], c: 1 });
    // d, e and the processor's ending.recording
    expect(span.dropped).toEqual([3, 2, 2]);
    expect(span.events.map((e) => e.name)).toEqual(['event 2', 'event 3']);
  });

  test('no events and no links allowed (limits of 0)', () => {
    expectSame(
      (tracer) => {
        const span = tracer.startSpan('x', { links: [{ context: { traceId: '1'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 } }] });
        span.addEvent('e');
        span.end();
      },
      { limits: { eventCountLimit: 0, linkCountLimit: 0 } },
    );
  });

  test('times: given as epoch ms, Date, HrTime and performance timestamps; a start time given, an end before the start', () => {
    expectSame((tracer) => {
      const a = tracer.startSpan('given', { startTime: [SECOND, 500] });
      a.addEvent('at hrtime', [SECOND, 900]);
      a.addEvent('at epoch ms', { k: 'v' }, SECOND * 1000 + 1);
      a.addEvent('at date', new Date(SECOND * 1000 + 2));
      a.addEvent('clock after a given start');
      a.end([SECOND + 1, 0]);
      const b = tracer.startSpan('backwards', { startTime: SECOND * 1000 });
      b.end(SECOND * 1000 - 5);
      const c = tracer.startSpan('performance timestamps', { startTime: performance.now() });
      c.addEvent('now', performance.now());
      c.end();
      tracer.startSpan('clock').end();
    });
  });

  test('status: UNSET ignored, OK final, a message kept only on ERROR and only as a string', () => {
    expectSame((tracer) => {
      const a = tracer.startSpan('a');
      a.setStatus({ code: SpanStatusCode.UNSET, message: 'ignored' });
      a.setStatus({ code: SpanStatusCode.ERROR, message: 42 as unknown as string });
      a.end();
      const b = tracer.startSpan('b');
      b.setStatus({ code: SpanStatusCode.OK, message: 'dropped' });
      b.setStatus({ code: SpanStatusCode.ERROR, message: 'too late' });
      b.end();
    });
  });

  test('exceptions: a string, an Error, an error with a code, one with nothing to record', () => {
    expectSame((tracer) => {
      const span = tracer.startSpan('x');
      span.recordException('plain text', [SECOND, 1]);
      const err = new TypeError('bad input');
      err.stack = 'TypeError: bad input\n    at here';
      span.recordException(err, [SECOND, 2]);
      span.recordException({ code: 'ECONNREFUSED', message: 'connect failed' }, [SECOND, 3]);
      span.recordException({} as Error, [SECOND, 4]);
      span.end();
    });
  });

  test('after end: nothing changes, each call warns, a second end is an error', () => {
    const lean = expectSame((tracer, returned) => {
      const span = tracer.startSpan('x', { attributes: { a: 1 } });
      span.end();
      returned.push(span.isRecording());
      span.setAttribute('b', 2).setAttributes({ c: 3 }).addEvent('e').addLink({ context: span.spanContext() });
      span.setStatus({ code: SpanStatusCode.ERROR }).updateName('renamed');
      span.end();
    });
    expect(lean.returned).toEqual([false]);
    expect(lean.diag.filter((m) => m.startsWith('error'))).toHaveLength(1);
  });

  test('parents: from the context, a root asked for, an invalid parent, trace state carried', () => {
    expectSame((tracer) => {
      const remote = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: 'f'.repeat(32),
        spanId: 'e'.repeat(16),
        traceFlags: TraceFlags.SAMPLED,
        traceState: new TraceState('vendor=1'),
        isRemote: true,
      });
      tracer.startSpan('child of remote', {}, remote).end();
      tracer.startSpan('root anyway', { root: true }, remote).end();
      const invalid = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
      tracer.startSpan('invalid parent', undefined, invalid).end();
    });
  });

  test('sampling: off, parent-based under an unsampled parent, by ratio; suppressed tracing gives the invalid span', () => {
    const script = (tracer: Tracer, returned: unknown[]) => {
      const unsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 0 });
      const dropped = tracer.startSpan('under unsampled', {}, unsampled);
      returned.push(dropped.isRecording(), dropped.spanContext());
      const suppressed = tracer.startSpan('suppressed', {}, suppressTracing(ROOT_CONTEXT));
      returned.push(suppressed.isRecording(), suppressed.spanContext());
      const root = tracer.startSpan('root');
      returned.push(root.isRecording(), root.spanContext().traceFlags);
      root.end();
    };
    expectSame(script);
    expectSame(script, { sampler: new AlwaysOffSampler() });
    expectSame(script, { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) }) });
    // A sampler that records without sampling, with attributes of its own and a trace state.
    const recordOnly: Sampler = {
      shouldSample: () => ({ decision: 1, attributes: { 'sampler.rule': 'keep' }, traceState: new TraceState('s=1') }),
      toString: () => 'recordOnly',
    };
    expectSame(script, { sampler: recordOnly });
    expectSame(script, { sampler: new AlwaysOnSampler() });
  });

  test('startActiveSpan: with a function only, options, a parent context; the span is active inside, the value returned', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const lean = expectSame((tracer, returned) => {
        returned.push(tracer.startActiveSpan('a', (span) => (span.end(), 'fn only')));
        returned.push(
          tracer.startActiveSpan('b', { kind: SpanKind.CONSUMER }, (span) => {
            const inner = tracer.startSpan('inside b');
            inner.end();
            span.end();
            return trace.getActiveSpan() === span;
          }),
        );
        const parent = tracer.startSpan('parent');
        returned.push(tracer.startActiveSpan('c', {}, trace.setSpan(ROOT_CONTEXT, parent), (span) => (span.end(), 'with parent')));
        parent.end();
        returned.push((tracer.startActiveSpan as (name: string) => unknown)('no function'));
      });
      expect(lean.returned).toEqual(['fn only', true, 'with parent', undefined]);
      // The span started inside b's function has b for its parent.
      const b = (lean.spans as { name: string; context: { spanId: string } }[]).find((s) => s.name === 'b');
      expect(lean.calls).toContain(`start inside b parent=${b?.context.spanId}`);
    } finally {
      context.disable();
    }
  });

  test('several processors are called in order', () => {
    const lean = expectSame(
      (tracer) => {
        tracer.startSpan('x').end();
      },
      { processors: 2 },
    );
    expect(lean.calls).toEqual(['start x parent=-', 'start x parent=-', 'ending x', 'ending x', 'end x ended=true', 'end x ended=true']);
  });
});

describe('JEWELRY_SPANS', () => {
  test('official, or the SDK’s own span metrics on, gives the SDK’s spans; lean is the default', () => {
    const kind = (provider: JewelryTracerProvider) => (provider.getTracer('t').startSpan('s') instanceof LeanSpan ? 'lean' : 'sdk');
    expect(kind(new JewelryTracerProvider({}, { selfMetrics: false }))).toBe('lean');
    expect(kind(new JewelryTracerProvider({}, { selfMetrics: false, spans: 'official' }))).toBe('sdk');
    expect(kind(new JewelryTracerProvider({}, { selfMetrics: true, spans: 'lean' }))).toBe('sdk');
    const provider = new JewelryTracerProvider({}, { selfMetrics: false });
    expect(provider.getTracer('t', '1')).toBe(provider.getTracer('t', '1'));
    expect(provider.getTracer('t', '1')).not.toBe(provider.getTracer('t', '2'));
  });
});
