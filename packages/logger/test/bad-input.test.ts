import { trace } from '@opentelemetry/api';
import { createLogger, DEFAULT_SIZE_LIMITS, getEventDiagnostics, sizeLimitsFromEnv } from '@jewelry/logger';
import { LineCapture } from './capture';
import { useInMemoryTracing } from './tracing';

/** Issue 7: what careless callers hand the logger (the end-to-end side is test/e2e/bad-input-*.test.ts). */
describe('bad input to the logger (SEC-1, issue 7)', () => {
  test('the schema warning and lastErrors name the problem, never the value given (it may be personal)', () => {
    const warnings: string[] = [];
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(((w: string | Error) => {
      warnings.push(String(w));
    }) as typeof process.emitWarning);
    try {
      const out = new LineCapture();
      const log = createLogger({ stream: out });
      const loose = log.events as unknown as Record<string, (f: unknown) => void>;
      loose.notificationSent!({
        customerId: 'cus_1',
        orderId: 'ORD-1',
        notificationType: 'order_confirmed',
        notificationChannel: 'Olga Petrova <olga.p@example.org>, +7 916 123-45-67',
      });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('notification.channel: "…" is not one of');
      for (const value of ['Olga Petrova', 'olga.p@example.org', '916 123-45-67']) {
        expect(warnings[0]).not.toContain(value);
        expect(getEventDiagnostics().lastErrors.join(' ')).not.toContain(value);
      }
      // The record keeps the whole problem, masked like every value of the record.
      expect(out.last()['event.schema_errors']).toEqual([expect.stringContaining('***@example.org')]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('oversized records are bounded at the source and marked (ST-3, issue 7)', () => {
  const exporter = useInMemoryTracing();
  const make = () => {
    const out = new LineCapture();
    return { out, log: createLogger({ stream: out, limits: { messageChars: 100, valueChars: 20 } }) };
  };

  test('message, values at any depth and error texts are cut after masking; the record says so', () => {
    const { out, log } = make();
    const long = (c: string) => c.repeat(500);
    log.error(`${long('m')}`, {
      'blob.payload': long('p'),
      nested: { list: [long('x'), 'short', { deeper: long('y') }] },
      // eslint-disable-next-line no-loss-of-precision -- a number past 2^53 on purpose: it must survive as written
      count: 12345678901234567890,
      err: new Error(long('e')),
    });
    const line = out.last();
    expect(String(line.message)).toHaveLength(100);
    expect(line['blob.payload']).toBe('p'.repeat(20));
    expect(line.nested).toEqual({ list: ['x'.repeat(20), 'short', { deeper: 'y'.repeat(20) }] });
    expect(line['error.message']).toHaveLength(20);
    expect(String(line['error.stack_trace']).length).toBeLessThanOrEqual(20);
    expect(line['log.truncated']).toBe(true);

    // Masked first: a contact at the start of a long value arrives masked, not cut into something the masks miss.
    log.info('contact', { note: `olga.p@example.org ${long('z')}` });
    expect(out.last().note).toBe('***@example.org zzzz');
  });

  test("a record within the limits is untouched and not marked; the caller's objects are never modified", () => {
    const { out, log } = make();
    const fields = { 'order.id': 'ORD-1', list: ['a'.repeat(30)] };
    log.info('fine', { 'order.id': 'ORD-1' });
    expect(out.last()).not.toHaveProperty('log.truncated');
    log.info('cut', fields);
    expect(fields.list[0]).toHaveLength(30);
    expect(out.last().list).toEqual(['a'.repeat(20)]);
  });

  test('a cut never splits a surrogate pair', () => {
    const { out, log } = make();
    log.info('emoji', { v: `${'a'.repeat(19)}💍💍` });
    expect(out.last().v).toBe('a'.repeat(19));
  });

  test('the span event of a business event is bounded and marked too', () => {
    const { log } = make();
    trace.getTracer('test').startActiveSpan('handler', (span) => {
      log.events.orderCreated({
        orderId: `ORD-${'7'.repeat(200)}`,
        customerId: 'cus_7',
        source: 'shop-api',
        items: [{ sku: 'R-1', title: 'ring', quantity: 1, unitPrice: 1 }],
      });
      span.end();
    });
    const event = exporter.getFinishedSpans().find((s) => s.name === 'handler')!.events[0]!;
    expect(event.attributes!['log.truncated']).toBe(true);
    expect(Object.values(event.attributes!).every((v) => typeof v !== 'string' || v.length <= 20)).toBe(true);
  });

  test("limits come from the collector's variables, with its defaults", () => {
    expect(sizeLimitsFromEnv({})).toEqual({ messageChars: 32768, valueChars: 8192 });
    expect(sizeLimitsFromEnv({ JEWELRY_MAX_BODY_CHARS: '1000', JEWELRY_MAX_ATTRIBUTE_CHARS: '200' })).toEqual({
      messageChars: 1000,
      valueChars: 200,
    });
    expect(sizeLimitsFromEnv({ JEWELRY_MAX_BODY_CHARS: 'lots', JEWELRY_MAX_ATTRIBUTE_CHARS: '-5' })).toEqual(DEFAULT_SIZE_LIMITS);
  });
});
