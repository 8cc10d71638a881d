import { SpanKind, TraceFlags } from '@opentelemetry/api';
import { execFile } from 'node:child_process';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createOtlpExporter } from '@jewelry/otel/internals';
import { OtlpReceiver } from '../../../test/support/otlp-receiver';

/*
 * The http/protobuf exporters with our encoder deliver what an independent
 * decoder (protobufjs, from the OTLP .proto files) reads back field for
 * field; JEWELRY_OTLP_ENCODER=official gives the official exporters.
 */

const resource = resourceFromAttributes({ 'service.name': 'shop-api' });
const scope = { name: '@jewelry/test', version: '1.0.0' };
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const time: [number, number] = [1765015200, 5];

function span(name: string): ReadableSpan {
  const context = { traceId, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
  return {
    name,
    kind: SpanKind.SERVER,
    spanContext: () => context,
    parentSpanContext: undefined,
    startTime: time,
    endTime: time,
    status: { code: 2, message: 'заказ не сохранён' },
    attributes: { 'http.route': '/orders', 'order.items': 3, note: 'x'.repeat(500) },
    links: [],
    events: [{ name: 'order.created', time, attributes: { 'order.id': 'ORD-1' } }],
    duration: [0, 0],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function record(body: unknown): ReadableLogRecord {
  return {
    hrTime: time,
    hrTimeObserved: time,
    severityNumber: 9,
    severityText: 'info',
    body: body as ReadableLogRecord['body'],
    attributes: { 'event.name': 'order.created', 'customer.city': 'Москва' },
    droppedAttributesCount: 0,
    spanContext: { traceId, spanId: '00f067aa0ba902b7', traceFlags: 1 },
    resource,
    instrumentationScope: scope,
  };
}

/**
 * Exports in a child Node: the exporters' HTTP transport loads its agent with
 * a dynamic import, which jest's module system refuses.
 */
function exportInChild(endpoint: string, encoder: string): Promise<string> {
  const script = `
    const { createOtlpExporter } = require('@jewelry/otel/internals');
    const { spans, records } = JSON.parse(process.env.ITEMS, (k, v) => v);
    const resource = { attributes: { 'service.name': 'shop-api' } };
    for (const s of spans) { const c = s.context; s.spanContext = () => c; s.resource = resource; s.instrumentationScope = SCOPE; }
    for (const r of records) { r.resource = resource; r.instrumentationScope = SCOPE; }
    const kinds = [];
    const send = (signal, items) => new Promise((resolve) => {
      const exporter = createOtlpExporter(signal, 'http/protobuf', process.env.ENCODER);
      kinds.push(exporter.constructor.name);
      exporter.export(items, (r) => resolve(r.code + (r.error ? ' ' + r.error.message : '')));
    });
    (async () => console.log(JSON.stringify({ kinds, codes: [await send('traces', spans), await send('logs', records)] })))();
  `.replace(/SCOPE/g, JSON.stringify(scope));
  const items = {
    spans: [span('POST /orders'), span('GET /orders/:id')].map((s) => ({ ...s, context: s.spanContext() })),
    records: [record('Заказ создан'), record({ order: { id: 'ORD-1', items: [1, 2] } })],
  };
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-e', script],
      { cwd: __dirname, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, ENCODER: encoder, ITEMS: JSON.stringify(items) } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim())),
    ),
  );
}

describe('OTLP http/protobuf exporters (src/otlp)', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
  });

  test('ours (the default) delivers, from a child process, spans and log records that an independent decoder reads back', async () => {
    const result = JSON.parse(await exportInChild(receiver.endpoint, 'lean')) as { kinds: string[]; codes: string[] };
    expect(result.codes).toEqual(['0', '0']);
    expect(result.kinds).toEqual(['OTLPExporterBase', 'OTLPExporterBase']);
    expect(receiver.spans.map((s) => s.name)).toEqual(['POST /orders', 'GET /orders/:id']);
    const [first] = receiver.spans;
    expect(first).toMatchObject({
      traceId,
      spanId: '00f067aa0ba902b7',
      kind: 2, // SERVER in the proto (the API's + 1)
      attributes: { 'http.route': '/orders', 'order.items': 3, note: 'x'.repeat(500) },
      status: { code: 2, message: 'заказ не сохранён' },
      resource: { 'service.name': 'shop-api' },
      scope: '@jewelry/test',
    });
    expect(first!.events).toEqual([{ name: 'order.created', attributes: { 'order.id': 'ORD-1' } }]);
    expect(receiver.logs.map((l) => l.body)).toEqual(['Заказ создан', { order: { id: 'ORD-1', items: [1, 2] } }]);
    expect(receiver.logs[0]).toMatchObject({ traceId, severityNumber: 9, attributes: { 'customer.city': 'Москва' } });
  });

  test('JEWELRY_OTLP_ENCODER=official: the official exporters; other protocols keep theirs', () => {
    expect(createOtlpExporter('traces', 'http/protobuf', 'official')).toBeInstanceOf(OTLPTraceExporter);
    expect(createOtlpExporter('logs', 'http/protobuf', 'official')).toBeInstanceOf(OTLPLogExporter);
    expect(createOtlpExporter('traces', 'http/json').constructor.name).toBe('OTLPTraceExporter');
  });
});
