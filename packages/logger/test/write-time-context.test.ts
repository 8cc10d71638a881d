import { trace, type Span } from '@opentelemetry/api';
import winston from 'winston';
import Transport from 'winston-transport';
import { createLogger } from '@jewelry/logger';
import { LineCapture } from './capture';
import { useInMemoryTracing } from './tracing';
import { instrumentWinston } from '../../../test/support/winston-instrumentation';

const CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');

/** Keeps every record a logger hands its transports, as it is then. */
class Spy extends Transport {
  readonly records: Record<string | symbol, unknown>[] = [];
  override log(info: Record<string | symbol, unknown>, done: () => void): void {
    this.records.push({ ...info });
    done();
  }
}

function inSpan<T>(fn: (span: Span) => T): T {
  return trace.getTracer('test').startActiveSpan('handle order', (span) => {
    try {
      return fn(span);
    } finally {
      span.end();
    }
  });
}

const INJECTED = ['trace_id', 'span_id', 'trace_flags'];

// Issue 16: the winston instrumentation's correlation (trace_id/span_id/trace_flags on every record) is
// skipped on our loggers, which write trace.id/span.id themselves; its write-time context is kept.
describe('write-time context without the instrumentation’s correlation', () => {
  useInMemoryTracing();

  describe('under the real winston instrumentation', () => {
    let unpatch: () => void;
    beforeAll(() => (unpatch = instrumentWinston()));
    afterAll(() => unpatch());

    test('our records: no injected keys, the context captured, trace.id/span.id on the line; a plain winston logger still gets trace_id/span_id', () => {
      const out = new LineCapture();
      const ours = new Spy();
      const log = createLogger({ stream: out });
      log.add(ours);
      const theirs = new Spy();
      const plain = winston.createLogger({ transports: [theirs] });

      const ids = inSpan((span) => {
        log.info('order accepted', { 'order.id': 'ORD-1' });
        log.child({ 'http.request.id': 'req-7' }).warn('slow upload');
        plain.info('third-party record');
        return span.spanContext();
      });

      expect(ours.records).toHaveLength(2);
      for (const record of ours.records) {
        for (const key of INJECTED) expect(record).not.toHaveProperty(key);
        expect(trace.getSpanContext(record[CONTEXT] as never)?.spanId).toBe(ids.spanId);
      }
      expect(out.lines.map((l) => [l['trace.id'], l['span.id']])).toEqual([
        [ids.traceId, ids.spanId],
        [ids.traceId, ids.spanId],
      ]);
      expect(out.lines[1]).toMatchObject({ 'http.request.id': 'req-7', message: 'slow upload' });
      expect(theirs.records[0]).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, trace_flags: '01' });
    });

    test('a record formatted after its span ended (a corked stream) carries the span it was written in', () => {
      const out = new LineCapture();
      const log = createLogger({ stream: out });
      const ids = inSpan((span) => {
        log.cork();
        log.info('written in the span');
        return span.spanContext();
      });
      expect(out.lines).toHaveLength(0);
      log.uncork();
      expect(out.last()).toMatchObject({ message: 'written in the span', 'trace.id': ids.traceId, 'span.id': ids.spanId });
    });

    test('outside any span: no ids, nothing injected', () => {
      const out = new LineCapture();
      const ours = new Spy();
      const log = createLogger({ stream: out });
      log.add(ours);
      log.info('no span');
      expect(out.last()).not.toHaveProperty('trace.id');
      for (const key of INJECTED) expect(ours.records[0]).not.toHaveProperty(key);
    });

    test('with a format other than ours the records are not ours: the instrumentation correlates them again', () => {
      const ours = new Spy();
      const log = createLogger({ stream: new LineCapture() });
      log.configure({ format: winston.format.json(), transports: [ours] });
      const ids = inSpan((span) => {
        log.info('their format');
        return span.spanContext();
      });
      expect(ours.records[0]).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
    });

    test('another wrapper over the instrumentation’s write: left as it is (the instrumentation correlates)', () => {
      const proto = (require('winston/lib/winston/logger') as { prototype: { write: (...a: unknown[]) => unknown } }).prototype;
      const patched = proto.write;
      let calls = 0;
      proto.write = function someoneElsesWrite(this: unknown, ...args: unknown[]) {
        calls += 1;
        return patched.apply(this, args);
      };
      try {
        const ours = new Spy();
        const log = createLogger({ stream: new LineCapture() });
        log.add(ours);
        const ids = inSpan((span) => {
          log.info('wrapped twice');
          return span.spanContext();
        });
        expect(calls).toBe(1);
        expect(ours.records[0]).toMatchObject({ trace_id: ids.traceId });
      } finally {
        proto.write = patched;
      }
    });
  });

  test('without the instrumentation: no context stored, ids from the active span as before', () => {
    const out = new LineCapture();
    const ours = new Spy();
    const log = createLogger({ stream: out });
    log.add(ours);
    const ids = inSpan((span) => {
      log.info('no distribution');
      return span.spanContext();
    });
    expect(ours.records[0]).not.toHaveProperty([CONTEXT]);
    expect(out.last()).toMatchObject({ 'trace.id': ids.traceId, 'span.id': ids.spanId });
  });

  test('the instrumentation disabled after the logger was made: winston’s own write again', () => {
    const unpatch = instrumentWinston();
    const ours = new Spy();
    const log = createLogger({ stream: new LineCapture() });
    log.add(ours);
    log.info('patched');
    unpatch();
    log.info('unpatched');
    expect(ours.records.map((r) => CONTEXT in r)).toEqual([true, false]);
  });
});
