import { TraceFlags, type Attributes, type Link } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { TracerProvider, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { stableHash } from '@jewelry/masking';
import {
  buildPipeline,
  BoundedSpanProcessor,
  MaskingLogProcessor,
  MaskingSpanExporter,
  TelemetryAccounting,
} from '@jewelry/otel/internals';
import { readDistroConfig } from '@jewelry/otel/presets';

const nameToken = (name: string): string => `[name:${stableHash(name.toLowerCase())}]`;

/** Records what a processor hands on when a span ends. */
class EndedSpans implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Records the batches an exporter is handed. */
class ExportedBatches implements SpanExporter {
  readonly batches: ReadableSpan[][] = [];
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.batches.push(spans);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** What a MaskingSpanExporter hands on for `batch`, with the errors it reported and its result, once it has (next turn). */
async function exportThroughMasking(batch: ReadableSpan[]) {
  const inner = new ExportedBatches();
  const errors: string[] = [];
  const results: ExportResult[] = [];
  new MaskingSpanExporter(inner, (error) => void errors.push(error.message)).export(batch, (result) => void results.push(result));
  // Nothing yet: the batch is masked on the next turn of the event loop, not inside span.end().
  expect([inner.batches, errors, results]).toEqual([[], [], []]);
  await new Promise((resolve) => setImmediate(resolve));
  return { batches: inner.batches, errors, results };
}

/** The span a MaskingSpanExporter hands on for `span` exported alone, and nothing else of the SDK. */
async function endThroughMasking(span: ReadableSpan): Promise<ReadableSpan> {
  const { batches, errors } = await exportThroughMasking([span]);
  expect(errors).toEqual([]);
  expect(batches).toHaveLength(1);
  expect(batches[0]).toHaveLength(1);
  return batches[0]![0]!;
}

function span(overrides: Partial<ReadableSpan>): ReadableSpan {
  const context = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
  return {
    name: 'GET /orders',
    kind: 0,
    spanContext: () => context,
    parentSpanContext: undefined,
    startTime: [0, 0],
    endTime: [0, 1],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    duration: [0, 1],
    ended: true,
    resource: {} as ReadableSpan['resource'],
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...overrides,
  };
}

describe('SEC-1 masking at the source: spans', () => {
  test('span links’ attributes are masked, the linked context kept', async () => {
    const link: Link = {
      context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
      attributes: { 'messaging.message.id': 'msg-17', 'customer.email': 'ivan.petrov@example.com', note: 'card 4111 1111 1111 1111' },
    };
    const out = await endThroughMasking(span({ links: [link, { context: link.context }] }));
    expect(out.links).toEqual([
      {
        context: link.context,
        attributes: { 'messaging.message.id': 'msg-17', 'customer.email': '***@example.com', note: 'card **** **** **** 1111' },
      },
      { context: link.context },
    ]);
  });

  test('span event names and attributes, attribute keys, span name and status message are masked', async () => {
    const out = await endThroughMasking(
      span({
        name: 'notify ivan.petrov@example.com',
        status: { code: 2, message: 'declined for +7 916 123 45 67' },
        attributes: { 'ivan.petrov@example.com': 'vip', 'order.id': 'ORD-2026-000123' } as Attributes,
        events: [
          { name: 'retry for Анна Смирнова', time: [0, 0], attributes: { password: 'S3cr3t!' } },
          { name: 'done', time: [0, 1] },
        ],
      }),
    );
    expect(out.name).toBe('notify ***@example.com');
    expect(out.status.message).toBe('declined for +7*******67');
    expect(out.attributes).toEqual({ '***@example.com': 'vip', 'order.id': 'ORD-2026-000123' });
    expect(out.events).toEqual([
      { name: `retry for ${nameToken('Анна Смирнова')}`, time: [0, 0], attributes: { password: '[REDACTED]' } },
      { name: 'done', time: [0, 1] },
    ]);
  });
});

describe('SEC-1 masking at the source: what is copied', () => {
  const link: Link = {
    context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
    attributes: { 'messaging.message.id': 'msg-17' },
  };
  const clean = (): Partial<ReadableSpan> => ({
    name: 'POST /orders',
    status: { code: 2, message: 'upstream timeout' },
    attributes: {
      'http.request.method': 'POST',
      'http.route': '/orders',
      'server.port': 3000,
      'messaging.message.id': '729ab93a-2b88-4910-9b44-000000000001',
    },
    events: [
      { name: 'retry', time: [0, 0], attributes: { attempt: 2 } },
      { name: 'done', time: [0, 1] },
    ],
    links: [link],
  });

  test('a span with nothing to mask is handed on as it is', async () => {
    const original = span(clean());
    expect(await endThroughMasking(original)).toBe(original);
  });

  test.each([
    ['name', { name: 'notify ivan.petrov@example.com' }],
    ['status message', { status: { code: 2, message: 'declined for +7 916 123 45 67' } }],
    ['attribute', { attributes: { 'http.route': '/orders', 'customer.email': 'ivan.petrov@example.com' } }],
    [
      'event name',
      {
        events: [
          { name: 'retry', time: [0, 0] },
          { name: 'mail to ivan.petrov@example.com', time: [0, 1] },
        ],
      },
    ],
    [
      'event attribute',
      {
        events: [
          { name: 'done', time: [0, 0] },
          { name: 'retry', time: [0, 1], attributes: { password: 'S3cr3t!pass' } },
        ],
      },
    ],
    ['link attribute', { links: [link, { context: link.context, attributes: { note: 'card 4111 1111 1111 1111' } }] }],
  ] as Array<[string, Partial<ReadableSpan>]>)(
    'a personal %s: a masked copy, the original untouched, the rest shared',
    async (_what, change) => {
      const original = span({ ...clean(), ...change });
      const before = JSON.stringify(original);
      const out = await endThroughMasking(original);
      expect(out).not.toBe(original);
      expect(JSON.stringify(out)).not.toMatch(/ivan\.petrov@|916 123|S3cr3t|4111 1111 1111 1111/);
      expect(JSON.stringify(original)).toBe(before);
      expect(out.spanContext()).toBe(original.spanContext());
      for (const field of ['attributes', 'events', 'links', 'status'] as const) {
        if (!(field in change)) expect(out[field]).toBe(original[field]);
      }
      // Unchanged items of a changed list are the originals.
      if (change.events) expect(out.events[0]).toBe(original.events[0]);
      if (change.links) expect(out.links[0]).toBe(original.links[0]);
    },
  );
});

describe('SEC-1 spans are masked at export, a batch at a time', () => {
  const personal = { email: 'ivan.petrov@example.com', phone: '+7 916 123 45 67', password: 'S3cr3t!pass-2026', name: 'Анна Смирнова' };
  const leaks = (text: string): string[] => Object.values(personal).filter((value) => text.includes(value));
  const sampled = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
  /** A span whose masking throws: a name that cannot be read. */
  const unreadable = (traceFlags: number): ReadableSpan =>
    ({
      ...span({}),
      spanContext: () => ({ ...sampled, traceFlags }),
      get name(): string {
        throw new TypeError('name is not readable');
      },
    }) as ReadableSpan;

  function endPersonalSpan(provider: TracerProvider): void {
    const tracer = provider.getTracer('test');
    const s = tracer.startSpan(`notify ${personal.email}`, {
      attributes: { 'customer.email': personal.email, 'order.id': 'ORD-2026-000123' },
    });
    s.addEvent(`retry for ${personal.name}`, { password: personal.password, 'enduser.phone': personal.phone });
    s.setStatus({ code: 2, message: `declined for ${personal.phone}` });
    s.end();
  }

  /** Spans as the SDK ends them, unmasked (the batch processor's queue holds these). */
  function endedSpans(count: number): ReadableSpan[] {
    const ended = new EndedSpans();
    const provider = new TracerProvider({ spanProcessors: [ended] });
    for (let i = 0; i < count; i++) endPersonalSpan(provider);
    return ended.spans;
  }

  test('every span of a batch is masked before the batch goes on; one that cannot be masked is left out alone, the others go on', async () => {
    const [first, second] = endedSpans(2);
    expect(first!.name).toBe(`notify ${personal.email}`);
    const { batches, errors, results } = await exportThroughMasking([first!, unreadable(TraceFlags.SAMPLED), second!]);
    expect(errors).toEqual(['name is not readable']);
    expect(results).toEqual([{ code: ExportResultCode.SUCCESS }]);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(2);
    for (const ended of batches[0]!) {
      expect(leaks(JSON.stringify({ ...ended, spanContext: ended.spanContext() }))).toEqual([]);
      expect(ended.name).toBe('notify ***@example.com');
      expect(ended.attributes).toEqual({ 'customer.email': '***@example.com', 'order.id': 'ORD-2026-000123' });
      expect(ended.events[0]!.attributes).toEqual({ password: '[REDACTED]', 'enduser.phone': '+7*******67' });
      expect(ended.status.message).toBe('declined for +7*******67');
    }
    // The SDK's own spans are untouched (another processor may still read them).
    expect(first!.name).toBe(`notify ${personal.email}`);
  });

  test('a batch none of whose spans can be masked: nothing goes on, the batch is done', async () => {
    const { batches, errors, results } = await exportThroughMasking([unreadable(TraceFlags.SAMPLED), unreadable(TraceFlags.SAMPLED)]);
    expect(batches).toEqual([]);
    expect(errors).toHaveLength(2);
    expect(results).toEqual([{ code: ExportResultCode.SUCCESS }]);
  });

  test('an unsampled span is neither queued nor booked, so never masked', () => {
    const accounting = new TelemetryAccounting();
    const queued = new EndedSpans();
    const bounded = new BoundedSpanProcessor(queued, accounting, 10);
    bounded.onEnd(unreadable(TraceFlags.NONE));
    expect(queued.spans).toEqual([]);
    expect(accounting.snapshot().spans).toMatchObject({ accepted: 0, failed: 0, inFlight: 0 });
  });

  describe('the distribution’s own pipeline, OTEL_TRACES_EXPORTER=console', () => {
    let printed: unknown[];
    let dir: jest.SpyInstance;
    beforeEach(() => {
      printed = [];
      dir = jest.spyOn(console, 'dir').mockImplementation((item: unknown) => void printed.push(item));
    });
    afterEach(() => dir.mockRestore());

    function consolePipeline() {
      const accounting = new TelemetryAccounting();
      const lost: string[] = [];
      const listener = {
        onLost: (signal: string, count: number, error?: Error) => void lost.push(`${count} ${signal}: ${error?.message}`),
        onDeferred: () => undefined,
        onResumed: () => undefined,
      };
      const config = readDistroConfig({ OTEL_TRACES_EXPORTER: 'console', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' });
      const pipeline = buildPipeline(config, accounting, listener);
      return { accounting, lost, pipeline, provider: new TracerProvider({ spanProcessors: pipeline.spanProcessors }) };
    }

    test('the console exporter prints the masked span; it is booked as exported', async () => {
      const { accounting, provider } = consolePipeline();
      endPersonalSpan(provider);
      await provider.forceFlush();
      expect(printed).toHaveLength(1);
      const text = JSON.stringify(printed);
      expect(leaks(text)).toEqual([]);
      expect(text).toContain('***@example.com');
      expect(text).toContain(nameToken(personal.name));
      expect(accounting.snapshot().spans).toMatchObject({ accepted: 1, exported: 1, failed: 0, inFlight: 0 });
      await provider.shutdown();
    });

    test('a span whose masking throws: the caller is not disturbed, nothing of it is exported, it is lost, counted and reported; the rest of its batch flows', async () => {
      const { accounting, lost, pipeline, provider } = consolePipeline();
      const [processor] = pipeline.spanProcessors;
      expect(() => processor!.onEnd(unreadable(TraceFlags.SAMPLED))).not.toThrow();
      endPersonalSpan(provider);
      expect(accounting.snapshot().spans).toMatchObject({ accepted: 2, exported: 0, failed: 0, inFlight: 2 });
      await provider.forceFlush();
      expect(lost).toEqual(['1 spans: masking a span failed, so it is not exported: name is not readable']);
      expect(printed).toHaveLength(1);
      expect(leaks(JSON.stringify(printed))).toEqual([]);
      expect(accounting.snapshot().spans).toMatchObject({ accepted: 2, exported: 1, failed: 1, inFlight: 0 });
      await provider.shutdown();
    });
  });
});

describe('SEC-1 masking at the source: log records of any logger', () => {
  test('attributes are one scope, keys are masked, event name and severity text too', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new MaskingLogProcessor(), new SimpleLogRecordProcessor({ exporter })] });
    provider.getLogger('test').emit({
      body: 'order ORD-2026-000123 for ivan.petrov@example.com',
      severityText: 'INFO',
      eventName: 'notify ivan.petrov@example.com',
      attributes: { recipient: "John O'Connor", note: "called John O'Connor", 'anna@mail.ru': 'vip', 'order.id': 'ORD-2026-000123' },
    });
    await provider.forceFlush();
    const [record] = exporter.getFinishedLogRecords();
    const token = nameToken("John O'Connor");
    expect(record!.body).toBe('order ORD-2026-000123 for ***@example.com');
    expect(record!.eventName).toBe('notify ***@example.com');
    expect(record!.severityText).toBe('INFO');
    expect(record!.attributes).toEqual({ recipient: token, note: `called ${token}`, '***@mail.ru': 'vip', 'order.id': 'ORD-2026-000123' });
  });

  test('body and attributes are one scope: a password or name under its key is also cut out of the message (plain winston)', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new MaskingLogProcessor(), new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('@opentelemetry/winston-transport');
    logger.emit({
      body: "record Dear John O'Connor, your password S3cr3t!Pass was reset. Regards, John",
      attributes: { recipient: "John O'Connor", password: 'S3cr3t!Pass' },
    });
    logger.emit({
      body: { text: 'reset for Masha-2026', user: { password: 'Masha-2026' } },
      attributes: { 'order.id': 'ORD-2026-000123' },
    });
    await provider.forceFlush();
    const [text, map] = exporter.getFinishedLogRecords();
    const token = nameToken("John O'Connor");
    expect(text!.body).toBe(`record Dear ${token}, your password [REDACTED] was reset. Regards, ${nameToken('John')}`);
    expect(text!.attributes).toEqual({ recipient: token, password: '[REDACTED]' });
    expect(map!.body).toEqual({ text: 'reset for [REDACTED]', user: { password: '[REDACTED]' } });
    expect(map!.attributes).toEqual({ 'order.id': 'ORD-2026-000123' });
  });
});
