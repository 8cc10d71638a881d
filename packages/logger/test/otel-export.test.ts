import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import Transport from 'winston-transport';
import { createLogger } from '@jewelry/logger';
import { LineCapture } from './capture';
import { useInMemoryTracing } from './tracing';

/** Stands in for the transport the OTel winston instrumentation adds to every logger it sees configured. */
class OpenTelemetryTransportV3 extends Transport {
  readonly seen: unknown[] = [];
  override log(info: unknown, done: () => void): void {
    this.seen.push(info);
    done();
  }
}

/** What the instrumentation does to winston's Logger.prototype.configure: push its transport onto the options. */
function withInstrumentationTransport<T>(make: () => T): { made: T; added: OpenTelemetryTransportV3[] } {
  const proto = require('winston/lib/winston/logger') as { prototype: { configure(o: { transports?: unknown[] }): void } };
  const original = proto.prototype.configure;
  const added: OpenTelemetryTransportV3[] = [];
  proto.prototype.configure = function (this: unknown, options: { transports?: unknown[] } = {}) {
    const transport = new OpenTelemetryTransportV3();
    added.push(transport);
    return original.call(this, { ...options, transports: [...((options.transports as unknown[]) ?? []), transport] });
  };
  try {
    return { made: make(), added };
  } finally {
    proto.prototype.configure = original;
  }
}

// Issue 16: under the distribution, @jewelry/logger exports its records itself, from the record it masked.
describe("OTel export of the logger's records", () => {
  useInMemoryTracing();
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  beforeAll(() => logs.setGlobalLoggerProvider(provider));
  afterAll(async () => {
    await provider.shutdown();
    logs.disable();
  });
  beforeEach(() => exporter.reset());

  test("replaces the instrumentation's transport: each record exported once, masked, with its trace ids, level and exception", () => {
    const out = new LineCapture();
    const { made: log, added } = withInstrumentationTransport(() => createLogger({ stream: out, name: 'orders' }));
    expect(added).toHaveLength(1);
    expect(log.transports).not.toContain(added[0]);

    let ids = { traceId: '', spanId: '' };
    trace.getTracer('test').startActiveSpan('handle order', (span) => {
      ids = span.spanContext();
      log.info('mail to anna.smirnova@example.com', {
        'order.id': 'ORD-1',
        customer_email: 'anna.smirnova@example.com',
        items: [{ sku: 'R1', qty: 2 }],
      });
      log.error('upload failed', { err: new Error('no bucket for anna.smirnova@example.com') });
      span.end();
    });
    log.fatal('broker unreachable');

    const records = exporter.getFinishedLogRecords();
    expect(records.map((r) => [r.severityText, r.severityNumber, r.instrumentationScope.name])).toEqual([
      ['info', 9, '@jewelry/logger'],
      ['error', 17, '@jewelry/logger'],
      ['fatal', 21, '@jewelry/logger'],
    ]);
    const [info, error, fatal] = records;
    expect(info!.body).toBe('mail to ***@example.com');
    expect(info!.attributes).toEqual({ 'order.id': 'ORD-1', customer_email: '***@example.com', items: [{ sku: 'R1', qty: 2 }] });
    expect(info!.spanContext).toMatchObject(ids);
    expect(error!.attributes).toMatchObject({ 'exception.type': 'Error', 'exception.message': 'no bucket for ***@example.com' });
    expect(String(error!.attributes['exception.stacktrace'])).toContain('otel-export.test');
    expect(fatal!.spanContext).toBeUndefined();
    // The JSON lines are the same records.
    expect(out.lines.map((l) => l.message)).toEqual(['mail to ***@example.com', 'upload failed', 'broker unreachable']);
    expect(added[0]!.seen).toEqual([]);
  });

  test('the context of the log call wins over the one active when winston formats the record', () => {
    const { made: log } = withInstrumentationTransport(() => createLogger({ stream: new LineCapture() }));
    const span = trace.getTracer('test').startSpan('write time');
    const info = {
      level: 'info',
      message: 'late',
      [Symbol.for('opentelemetry.js.contrib.winston.context')]: trace.setSpan(context.active(), span),
    };
    log.write(info);
    span.end();
    expect(exporter.getFinishedLogRecords()[0]!.spanContext?.spanId).toBe(span.spanContext().spanId);
  });

  test("configure() again: still exported once, by the logger; with another format the instrumentation's transport exports", () => {
    const out = new LineCapture();
    const { made: log, added } = withInstrumentationTransport(() => {
      const l = createLogger({ stream: out });
      l.configure({ level: 'info', transports: [new (require('winston').transports.Stream)({ stream: out })] });
      return l;
    });
    expect(added).toHaveLength(2);
    log.info('after configure');
    expect(exporter.getFinishedLogRecords()).toHaveLength(1);
    expect(added.every((t) => !log.transports.includes(t))).toBe(true);

    const { added: again } = withInstrumentationTransport(() =>
      log.configure({
        format: require('winston').format.json(),
        transports: [new (require('winston').transports.Stream)({ stream: out })],
      }),
    );
    log.info('not ours any more');
    expect(exporter.getFinishedLogRecords()).toHaveLength(1);
    expect(again[0]!.seen).toHaveLength(1);
  });

  test('without the instrumentation (no distribution) nothing is exported', () => {
    const log = createLogger({ stream: new LineCapture() });
    log.info('only on stdout');
    expect(exporter.getFinishedLogRecords()).toEqual([]);
  });
});
