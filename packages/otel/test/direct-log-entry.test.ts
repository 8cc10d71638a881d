import { Writable } from 'node:stream';
import { context, ROOT_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordLimits, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger, type JewelryLogger } from '@jewelry/logger';
import {
  DirectLogEntry,
  JewelryContextManager,
  logRecordProcessors,
  resolveLogRecordLimits,
  TelemetryAccounting,
} from '@jewelry/otel/internals';
import { encodeLogRecords } from '@jewelry/otel/otlp';
import { instrumentWinston } from '../../../test/support/winston-instrumentation';
import { capturingLogExporter } from './capturing-log-exporter';

const KEY = Symbol.for('@jewelry/otel.direct-log-entry.v1');
const NOW = 1_796_000_000_123;

/** The distribution's log pipeline (build-pipeline.ts) with a capturing exporter, its LoggerProvider, and the direct entry to the same processors. */
function logPipeline(limits: LogRecordLimits = {}, queueSize = 1000) {
  const accounting = new TelemetryAccounting();
  const { exporter: capture, exported } = capturingLogExporter();
  const ignore = () => undefined;
  const processors = logRecordProcessors(
    capture,
    accounting,
    { onLost: ignore, onDeferred: ignore, onResumed: ignore },
    { maxQueueSize: queueSize, maxExportBatchSize: 512, scheduledDelayMillis: 60_000, exportTimeoutMillis: 10_000 },
    { concurrency: 2, initialBackoffMillis: 5, maxBackoffMillis: 20, drainTimeoutMillis: 2000 },
  );
  const resource = resourceFromAttributes({ 'service.name': 'shop-api', 'service.namespace': 'jewelry' });
  const provider = new LoggerProvider({ resource, processors, logRecordLimits: limits });
  logs.disable();
  logs.setGlobalLoggerProvider(provider);
  const entry = new DirectLogEntry(processors, resource, resolveLogRecordLimits(limits));
  return { accounting, exported, provider, entry, resource };
}

type Path = 'sdk' | 'direct';

function choose(path: Path, entry: DirectLogEntry): void {
  if (path === 'direct') entry.register();
  else delete (globalThis as { [KEY]?: unknown })[KEY];
}

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const failure = Object.assign(new Error('S3 refused the upload of anna.smirnova@example.com'), {
  code: 'AccessDenied',
  stack: 'Error: S3 refused the upload of anna.smirnova@example.com\n    at upload (files.js:12:7)',
});
const crash = Object.assign(new TypeError('cannot read price of undefined'), {
  stack: 'TypeError: cannot read price of undefined\n    at price (mes.js:3:1)',
});

let sampled: Span;
const unsampled = trace.wrapSpanContext({
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.NONE,
});

/** The same log calls for both paths: fields of every kind, exceptions, a late-formatted record, records outside any span. */
function writeRecords(log: JewelryLogger): void {
  context.with(trace.setSpan(ROOT_CONTEXT, sampled), () => {
    log.info('order accepted for anna.smirnova@example.com', {
      'order.id': 'ORD-2026-000123',
      'customer.name': 'Анна Смирнова',
      phone: '+7 916 123-45-67',
      items: [{ sku: 'RING-585-17', qty: 1, price: 12500.5, engraving: 'Навсегда 💍' }],
      paid: false,
      coupon: null,
      scan: Buffer.from('solid 3d-model'),
      // Not attribute values for the SDK: dropped on both paths.
      when: new Date(0),
      tags: new Map([['a', 'b']]),
    });
    log.child({ 'http.request.id': 'req-7' }).warn('slow upload', { 'file.size': 10_485_760 });
    log.error('upload failed', { err: failure });
    log.error(crash);
    log.info('own exception fields', { 'exception.type': 'Mine', err: failure });
    log.events.orderCreated({
      orderId: 'ORD-2026-000123',
      customerId: 'cus_8842',
      source: 'shop-api',
      totalCost: 12500.5,
      items: [{ sku: 'RING-585-17', quantity: 1 }],
    });
    log.cork();
    log.info('written in the span, formatted after it');
  });
  log.uncork();
  context.with(trace.setSpan(ROOT_CONTEXT, unsampled), () => log.info('in an unsampled trace', { attempt: 2 }));
  log.fatal('broker unreachable', { 'server.address': '127.0.0.1', 'server.port': 5672 });
  log.debug('below the level');
  log.info('x'.repeat(40_000));
}

/** The records the pipeline exported for writeRecords() through `path`, all with the same clock. */
async function exportedThrough(path: Path, limits: LogRecordLimits): Promise<ReadableLogRecord[]> {
  const { provider, entry, exported, resource } = logPipeline(limits);
  choose(path, entry);
  const log = createLogger({ stream: discard(), name: 'orders', level: 'info' });
  const clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
  try {
    writeRecords(log);
  } finally {
    clock.mockRestore();
  }
  await provider.forceFlush();
  // The provider's resource, the very object (exporters group records by it).
  for (const record of exported) expect(record.resource).toBe(resource);
  return exported;
}

function fields(r: ReadableLogRecord) {
  return {
    body: r.body,
    severityText: r.severityText,
    severityNumber: r.severityNumber,
    keys: Object.keys(r.attributes),
    attributes: r.attributes,
    droppedAttributesCount: r.droppedAttributesCount,
    hrTime: r.hrTime,
    hrTimeObserved: r.hrTimeObserved,
    traceId: r.spanContext?.traceId,
    spanId: r.spanContext?.spanId,
    traceFlags: r.spanContext?.traceFlags,
    scope: { ...r.instrumentationScope },
    eventName: r.eventName,
  };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): void {
  expect(a).toBeDefined();
  expect(Buffer.compare(Buffer.from(a!), Buffer.from(b!))).toBe(0);
}

// Issue 16: @jewelry/logger's records take the direct entry, past the SDK's Logger and LogRecordImpl —
// and export exactly what the SDK's path exported.
describe('the direct log entry: the SDK path’s records, byte for byte', () => {
  let unpatch: () => void;
  const tracing = new TracerProvider();
  beforeAll(() => {
    context.setGlobalContextManager(new JewelryContextManager().enable());
    trace.setGlobalTracerProvider(tracing);
    sampled = trace.getTracer('test').startSpan('POST /orders');
    unpatch = instrumentWinston();
  });
  afterAll(async () => {
    unpatch();
    sampled.end();
    delete (globalThis as { [KEY]?: unknown })[KEY];
    logs.disable();
    trace.disable();
    context.disable();
    await tracing.shutdown();
  });

  const LIMITS: [string, LogRecordLimits][] = [
    ['default limits', {}],
    ['OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT=3', { attributeCountLimit: 3 }],
    ['OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT=5', { attributeValueLengthLimit: 5 }],
    ['count 2, length 0', { attributeCountLimit: 2, attributeValueLengthLimit: 0 }],
  ];

  test.each(LIMITS)('%s: the same records, fields and encoded requests', async (_name, limits) => {
    const sdk = await exportedThrough('sdk', limits);
    const direct = await exportedThrough('direct', limits);

    expect(sdk.map((r) => String(r.body).slice(0, 30))).toHaveLength(10); // debug is below the level: not exported
    // Each path was the one taken: the SDK's records are LogRecordImpls, the entry's frozen plain objects.
    expect(sdk.some((r) => Object.isFrozen(r))).toBe(false);
    expect(direct.every((r) => Object.isFrozen(r) && Object.isFrozen(r.attributes))).toBe(true);
    expect(direct.map(fields)).toEqual(sdk.map(fields));

    sameBytes(encodeLogRecords(direct), encodeLogRecords(sdk));
    sameBytes(ProtobufLogsSerializer.serializeRequest(direct), ProtobufLogsSerializer.serializeRequest(sdk));
    sameBytes(JsonLogsSerializer.serializeRequest(direct), JsonLogsSerializer.serializeRequest(sdk));
  });

  test('what the records hold: masked, trace context of the write, exception attributes, times of the call', async () => {
    const before = Date.now();
    const { provider, entry, exported } = logPipeline();
    choose('direct', entry);
    writeRecords(createLogger({ stream: discard(), level: 'info' }));
    const after = Date.now();
    await provider.forceFlush();

    const byBody = new Map(exported.map((r) => [String(r.body).slice(0, 40), r]));
    const accepted = byBody.get('order accepted for ***@example.com')!;
    expect(accepted.attributes).toMatchObject({
      'order.id': 'ORD-2026-000123',
      phone: '+7*******67',
      'customer.name': expect.stringMatching(/^\[name:/),
    });
    expect(accepted.attributes).not.toHaveProperty('when');
    expect(accepted.spanContext).toEqual(sampled.spanContext());
    expect(byBody.get('written in the span, formatted after it')!.spanContext?.spanId).toBe(sampled.spanContext().spanId);
    expect(byBody.get('in an unsampled trace')!.spanContext).toMatchObject({ spanId: '00f067aa0ba902b7', traceFlags: 0 });
    expect(byBody.get('broker unreachable')!.spanContext).toBeUndefined();
    expect(byBody.get('upload failed')!.attributes).toMatchObject({
      'exception.type': 'AccessDenied',
      'exception.message': 'S3 refused the upload of ***@example.com',
    });
    expect(byBody.get('own exception fields')!.attributes['exception.type']).toBe('Mine');
    for (const record of exported) {
      const millis = record.hrTime[0] * 1000 + record.hrTime[1] / 1e6;
      expect(millis).toBeGreaterThanOrEqual(before);
      expect(millis).toBeLessThanOrEqual(after);
      expect(record.hrTimeObserved).toEqual(record.hrTime);
    }
  });

  describe('accounting, flush and shutdown', () => {
    test('a full queue: dropped and counted', async () => {
      const { accounting, provider, entry, exported } = logPipeline({}, 3);
      choose('direct', entry);
      const log = createLogger({ stream: discard() });
      for (let i = 0; i < 5; i++) log.info('burst', { i });
      expect(accounting.snapshot().logs).toMatchObject({ accepted: 3, droppedQueueFull: 2 });
      await provider.forceFlush();
      expect(exported.map((r) => r.attributes.i)).toEqual([0, 1, 2]);
      expect(accounting.snapshot().logs).toMatchObject({ exported: 3, inFlight: 0 });
    });

    test('shutdown exports what was queued; a record after shutdown is dropped and counted (after_shutdown)', async () => {
      const { accounting, provider, entry, exported } = logPipeline();
      choose('direct', entry);
      const log = createLogger({ stream: discard() });
      log.info('queued before shutdown');
      expect(exported).toHaveLength(0);
      await provider.shutdown();
      expect(exported.map((r) => r.body)).toEqual(['queued before shutdown']);
      log.info('written while the service stops');
      expect(exported).toHaveLength(1);
      expect(accounting.snapshot().logs).toMatchObject({ accepted: 1, exported: 1, droppedAfterShutdown: 1, inFlight: 0 });
    });

    test('a processor that throws does not throw into the log call', () => {
      const resource = resourceFromAttributes({});
      const broken = {
        onEmit: () => {
          throw new Error('processor bug');
        },
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      };
      const { entry } = logPipeline();
      new DirectLogEntry([broken], resource, resolveLogRecordLimits({})).register();
      expect(() => createLogger({ stream: discard() }).info('still fine')).not.toThrow();
      choose('direct', entry);
    });
  });
});
