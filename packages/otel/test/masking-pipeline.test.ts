import type { Attributes, Link } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { stableHash } from '@jewelry/masking';
import { MaskingLogProcessor, MaskingSpanExporter } from '@jewelry/otel/internals';

const nameToken = (name: string): string => `[name:${stableHash(name.toLowerCase())}]`;

/** The spans a MaskingSpanExporter hands on, and nothing else of the SDK. */
function exportThroughMasking(span: ReadableSpan): ReadableSpan {
  const exported: ReadableSpan[] = [];
  const inner: SpanExporter = {
    export: (spans, done) => {
      exported.push(...spans);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
  };
  new MaskingSpanExporter(inner).export([span], () => undefined);
  return exported[0]!;
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
  test('span links’ attributes are masked, the linked context kept', () => {
    const link: Link = {
      context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
      attributes: { 'messaging.message.id': 'msg-17', 'customer.email': 'ivan.petrov@example.com', note: 'card 4111 1111 1111 1111' },
    };
    const out = exportThroughMasking(span({ links: [link, { context: link.context }] }));
    expect(out.links).toEqual([
      {
        context: link.context,
        attributes: { 'messaging.message.id': 'msg-17', 'customer.email': '***@example.com', note: 'card **** **** **** 1111' },
      },
      { context: link.context },
    ]);
  });

  test('span event names and attributes, attribute keys, span name and status message are masked', () => {
    const out = exportThroughMasking(
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

  test('a span with nothing to mask is handed on as it is', () => {
    const original = span(clean());
    expect(exportThroughMasking(original)).toBe(original);
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
  ] as Array<[string, Partial<ReadableSpan>]>)('a personal %s: a masked copy, the original untouched, the rest shared', (_what, change) => {
    const original = span({ ...clean(), ...change });
    const before = JSON.stringify(original);
    const out = exportThroughMasking(original);
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
