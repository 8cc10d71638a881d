import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Attributes } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { encodeLogRecords, encodeSpans } from '../src/otlp';

/*
 * Our encoders must write the bytes the official serializer writes, for
 * everything a span or log record can hold: strings on both sides of the
 * short/long and ASCII/UTF-8 paths, messages whose length needs 1, 2 and 3
 * bytes, every AnyValue type, ids, trace state, links, events, several
 * resources and scopes.
 */

const russian = 'Иванов Иван Иванович, ул. Тверская, д. 7, кв. 12';
const strings = [
  '',
  'a',
  'x'.repeat(48),
  'x'.repeat(49),
  'y'.repeat(127),
  'y'.repeat(128),
  'z'.repeat(20_000),
  russian,
  'é',
  '😀 emoji and text',
  'lone \ud800 surrogate',
  'trailing \udc00',
  `mixed ${'ascii '.repeat(10)}ё`,
  'ü'.repeat(100),
  '中文'.repeat(3000),
];

function everyValue(): Attributes & Record<string, unknown> {
  const values: Record<string, unknown> = {
    int: 42,
    zero: 0,
    negative: -7,
    bigNegative: -(2 ** 40) - 3,
    big: 2 ** 60,
    beyondInt64: 2 ** 64,
    double: 3.14159,
    negativeDouble: -0.5,
    nan: Number.NaN,
    infinity: Number.POSITIVE_INFINITY,
    yes: true,
    no: false,
    strings: strings.slice(0, 8),
    numbers: [1, 2.5, -3],
    mixed: ['a', 1, true, null, undefined],
    empty: [],
    none: undefined,
    nothing: null,
    bytes: new Uint8Array([0, 1, 254, 255]),
  };
  strings.forEach((s, i) => (values[`s${i}`] = s));
  values[russian] = 'key in Cyrillic';
  return values as Attributes & Record<string, unknown>;
}

function sameBytes(ours: Uint8Array, official: Uint8Array | undefined): void {
  expect(official).toBeDefined();
  expect(ours.length).toBe(official!.length);
  expect(Buffer.compare(Buffer.from(ours), Buffer.from(official!))).toBe(0);
}

async function makeSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const spans: ReadableSpan[] = [];
  for (const resource of [resourceFromAttributes({ 'service.name': 'shop-api', 'host.name': russian }), resourceFromAttributes({})]) {
    const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    for (const scope of [provider.getTracer('scope-a', '1.2.3'), provider.getTracer('scope-b')]) {
      const parent = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
        traceState: new TraceState('vendor=value,other=x'),
      });
      const span = scope.startSpan(
        'POST /orders',
        {
          kind: SpanKind.SERVER,
          attributes: everyValue(),
          links: [
            {
              context: { traceId: 'ABCDEF0123456789abcdef0123456789', spanId: '0123456789abcdef', traceFlags: TraceFlags.NONE },
              attributes: { reason: russian },
            },
            { context: { traceId: '11111111111111111111111111111111', spanId: '2222222222222222', traceFlags: 1, isRemote: true } },
          ],
        },
        parent,
      );
      span.addEvent('order.created', { 'order.id': 'ORD-1', note: 'z'.repeat(300) });
      span.addEvent(russian);
      span.setStatus({ code: SpanStatusCode.ERROR, message: `failed: ${russian}` });
      span.end();
      const child = scope.startSpan('child', { kind: SpanKind.INTERNAL }, trace.setSpan(ROOT_CONTEXT, span));
      child.end();
      const plain = scope.startSpan('no attributes');
      plain.end();
    }
    await provider.forceFlush();
  }
  // Not shut down: the in-memory exporter forgets its spans then.
  spans.push(...exporter.getFinishedSpans());
  return spans;
}

async function makeLogRecords(): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'crm-api' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const loggers = [provider.getLogger('@jewelry/logger', '0.1.0'), provider.getLogger('winston')];
  const spanContext = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
  });
  for (const logger of loggers) {
    logger.emit({
      body: `order accepted for ${russian}`,
      severityNumber: SeverityNumber.INFO,
      severityText: 'info',
      attributes: everyValue(),
    });
    logger.emit({
      body: { event: 'order.created', nested: { list: [1, 'two', { three: russian }] } },
      context: spanContext,
      eventName: 'order.created',
    });
    logger.emit({ body: 12.5, severityNumber: SeverityNumber.UNSPECIFIED, timestamp: new Date('2026-12-06T10:00:00.123Z') });
    logger.emit({ body: 'z'.repeat(70_000) });
    logger.emit({});
  }
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

describe('OTLP encoders (src/otlp): the official serializer’s bytes', () => {
  test('spans: every attribute type, long and non-ASCII strings, ids, trace state, links, events, status, two resources and scopes', async () => {
    const spans = await makeSpans();
    expect(spans.length).toBe(12);
    sameBytes(encodeSpans(spans), ProtobufTraceSerializer.serializeRequest(spans));
    // One span at a time too: a message that fits in few bytes takes the other length paths.
    for (const span of spans) sameBytes(encodeSpans([span]), ProtobufTraceSerializer.serializeRequest([span]));
  });

  test('log records: string, map, number and empty bodies, severities, event names, trace context, a 70 KB body', async () => {
    const records = await makeLogRecords();
    expect(records.length).toBe(10);
    sameBytes(encodeLogRecords(records), ProtobufLogsSerializer.serializeRequest(records));
    for (const record of records) sameBytes(encodeLogRecords([record]), ProtobufLogsSerializer.serializeRequest([record]));
  });

  test('the scratch buffer is reused but every request is its own copy', async () => {
    const spans = await makeSpans();
    const first = encodeSpans(spans);
    const copy = Buffer.from(first);
    encodeSpans(spans.slice(0, 1));
    expect(Buffer.compare(Buffer.from(first), copy)).toBe(0);
  });

  test('timestamps: exact nanoseconds far from now, as the official serializer writes them', async () => {
    const spans = await makeSpans();
    const times: [number, number][] = [
      [0, 0],
      [1, 999_999_999],
      [1_733_480_000, 123_456_789],
      [4_294_967_295, 999_999_999],
      [18_000_000_000, 5],
    ];
    for (const time of times) {
      const span = { ...spans[0]!, spanContext: spans[0]!.spanContext, startTime: time, endTime: time, events: [] };
      sameBytes(encodeSpans([span]), ProtobufTraceSerializer.serializeRequest([span]));
    }
  });

  test('timestamps in one batch: the same second again, another second and back, a carry into the high word', async () => {
    const spans = await makeSpans();
    const times: [number, number][] = [
      [1_733_480_000, 0],
      [1_733_480_000, 999_999_999],
      [1_733_480_001, 5],
      [1_733_480_000, 7],
      [4, 294_967_295], // 2^32 - 1 ns
      [4, 294_967_296], // 2^32 ns: the low word wraps
      [4, 294_967_295],
      [0, 0],
    ];
    const batch = times.map((time, i) => ({
      ...spans[0]!,
      spanContext: spans[0]!.spanContext,
      startTime: time,
      endTime: times[(i + 1) % times.length]!,
      events: [],
    }));
    sameBytes(encodeSpans(batch), ProtobufTraceSerializer.serializeRequest(batch));
  });
});
