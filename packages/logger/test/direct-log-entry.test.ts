import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { createLogger, DIRECT_LOG_ENTRY_KEY, type DirectLogRecord } from '@jewelry/logger';
import { LineCapture } from './capture';
import { useInMemoryTracing } from './tracing';
import { instrumentWinston } from '../../../test/support/winston-instrumentation';

const KEY = Symbol.for(DIRECT_LOG_ENTRY_KEY);
type Global = typeof globalThis & { [KEY]?: { emit(record: DirectLogRecord): void } };

// Issue 16: where the distribution registered its direct entry, the logger hands its records there, not to the SDK's logger.
describe('the direct log entry', () => {
  useInMemoryTracing();
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  const handed: DirectLogRecord[] = [];
  let unpatch: () => void;
  beforeAll(() => {
    logs.setGlobalLoggerProvider(provider);
    unpatch = instrumentWinston();
  });
  afterAll(async () => {
    unpatch();
    await provider.shutdown();
    logs.disable();
  });
  beforeEach(() => {
    exporter.reset();
    handed.length = 0;
    (globalThis as Global)[KEY] = { emit: (record) => void handed.push(record) };
  });
  afterEach(() => delete (globalThis as Global)[KEY]);

  test('gets each record once, masked, with severity, exception, write-time context and span context; the SDK logger gets none', () => {
    const log = createLogger({ stream: new LineCapture() });
    const ids = trace.getTracer('test').startActiveSpan('handle order', (span) => {
      log.info('mail to anna.smirnova@example.com', { 'order.id': 'ORD-1', customer_email: 'anna.smirnova@example.com' });
      log.error('upload failed', { err: new Error('no bucket for anna.smirnova@example.com') });
      span.end();
      return span.spanContext();
    });
    log.warn('outside');

    expect(exporter.getFinishedLogRecords()).toEqual([]);
    expect(handed.map((r) => [r.severityText, r.severityNumber, r.body])).toEqual([
      ['info', 9, 'mail to ***@example.com'],
      ['error', 17, 'upload failed'],
      ['warn', 13, 'outside'],
    ]);
    const [info, error, warn] = handed;
    expect(info!.attributes).toEqual({ 'order.id': 'ORD-1', customer_email: '***@example.com' });
    expect(info!.spanContext).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId });
    expect(trace.getSpanContext(info!.context)?.spanId).toBe(ids.spanId);
    expect(info!.exception).toBeUndefined();
    expect(error!.exception?.message).toBe('no bucket for ***@example.com');
    expect(warn!.spanContext).toBeUndefined();
  });

  // winston formats every record, also those below its level, which its transports then skip.
  test('a record below the logger’s level is not exported, on either path', () => {
    const log = createLogger({ stream: new LineCapture(), level: 'info' });
    log.debug('below the level');
    log.info('at the level');
    const verbose = createLogger({ stream: new LineCapture(), level: 'debug' });
    verbose.debug('debug wanted');
    expect(handed.map((r) => r.body)).toEqual(['at the level', 'debug wanted']);

    delete (globalThis as Global)[KEY];
    log.debug('below the level, SDK path');
    expect(exporter.getFinishedLogRecords()).toEqual([]);
  });

  test('without the instrumentation’s transport (no log sending) nothing is handed over', () => {
    unpatch();
    try {
      createLogger({ stream: new LineCapture() }).info('stdout only');
      expect(handed).toEqual([]);
    } finally {
      unpatch = instrumentWinston();
    }
  });

  test('no entry registered: the SDK’s logger exports, as before', () => {
    delete (globalThis as Global)[KEY];
    createLogger({ stream: new LineCapture() }).info('through the SDK');
    expect(exporter.getFinishedLogRecords().map((r) => [r.body, r.instrumentationScope.name])).toEqual([
      ['through the SDK', '@jewelry/logger'],
    ]);
  });
});
