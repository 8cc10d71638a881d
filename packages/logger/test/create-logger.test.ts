import { trace } from '@opentelemetry/api';
import { createLogger } from '@jewelry/logger';
import { LineCapture } from './capture';
import { useInMemoryTracing } from './tracing';

describe('createLogger (LV-1, LV-2, TR-1, SEC-1)', () => {
  useInMemoryTracing();

  const make = (level?: 'debug' | 'info') => {
    const out = new LineCapture();
    return {
      out,
      log: createLogger({ stream: out, level, service: { name: 'crm-api', version: '1.2.3', environment: 'test' }, name: 'orders' }),
    };
  };

  test('one ECS JSON object per line with the service and level', () => {
    const { out, log } = make();
    log.info('order stored', { 'order.id': 'ORD-1' });
    expect(out.lines).toHaveLength(1);
    expect(out.last()).toMatchObject({
      'log.level': 'info',
      'log.logger': 'orders',
      message: 'order stored',
      'service.name': 'crm-api',
      'service.version': '1.2.3',
      'service.environment': 'test',
      'order.id': 'ORD-1',
      'ecs.version': expect.any(String),
    });
    expect(new Date(String(out.last()['@timestamp'])).getTime()).toBeGreaterThan(Date.now() - 60000);
  });

  test('levels debug < info < warn < error < fatal; below the threshold nothing is written', () => {
    const { out, log } = make('info');
    log.debug('hidden');
    log.info('i');
    log.warn('w');
    log.error('e');
    log.fatal('broker unreachable');
    expect(out.lines.map((l) => l['log.level'])).toEqual(['info', 'warn', 'error', 'fatal']);
    const verbose = make('debug');
    verbose.log.debug('inputs', { 'order.id': 'ORD-2' });
    expect(verbose.out.last()['log.level']).toBe('debug');
  });

  test('trace.id and span.id of the active span are on every record', () => {
    const { out, log } = make();
    const tracer = trace.getTracer('test');
    let ids = { traceId: '', spanId: '' };
    tracer.startActiveSpan('handle order', (span) => {
      ids = span.spanContext();
      log.info('inside');
      span.end();
    });
    log.info('outside');
    expect(out.lines[0]).toMatchObject({ 'trace.id': ids.traceId, 'span.id': ids.spanId });
    expect(out.lines[1]).not.toHaveProperty('trace.id');
  });

  test('errors: type, message and stack in ECS fields, from an err field or the error itself', () => {
    const { out, log } = make();
    class PaymentError extends Error {
      override name = 'PaymentError';
    }
    log.error('payment failed', { err: new PaymentError('card declined') });
    expect(out.last()).toMatchObject({ 'error.type': 'PaymentError', 'error.message': 'card declined' });
    expect(String(out.last()['error.stack_trace'])).toContain('create-logger.test');
    log.error(new TypeError('bad input'));
    expect(out.last()).toMatchObject({ 'error.type': 'TypeError', 'error.message': 'bad input' });
    expect(out.last()).not.toHaveProperty('stack');
  });

  test('personal data is masked in messages, fields and errors before it is written (SEC-1)', () => {
    const { out, log } = make();
    log.info('mail to anna.smirnova@example.com, phone +7 (916) 123-45-67', {
      customer_email: 'anna.smirnova@example.com',
      password: 'Qwerty!2026',
      customer_name: 'Анна Смирнова',
      address: 'ул. Тверская, д. 7, кв. 12, Москва',
      'order.id': 'ORD-2026-000123',
    });
    log.error('failed', { err: new Error('card 4111 1111 1111 1111 declined for anna.smirnova@example.com') });
    const text = JSON.stringify(out.lines);
    for (const secret of ['anna.smirnova', '123-45-67', 'Qwerty!2026', 'Смирнова', 'Тверская', '4111 1111 1111 1111']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('ORD-2026-000123');
    expect(text).toContain('***@example.com');
  });

  test('one record is one masking scope: a name under its key is hunted in the message and other fields; keys are masked too (SEC-1)', () => {
    const { out, log } = make();
    log.info("Dear John O'Connor, your order ships to 221B Baker Street, London NW1 6XE", {
      recipient: "John O'Connor",
      note: "called John O'Connor twice",
      'ivan.petrov@example.com': 'vip',
      'order.id': 'ORD-2026-000123',
    });
    const [line] = out.lines as Array<Record<string, unknown>>;
    const text = JSON.stringify(line);
    for (const personal of ["O'Connor", 'Baker Street', 'NW1 6XE', 'ivan.petrov']) expect(text).not.toContain(personal);
    expect(line).toMatchObject({ 'order.id': 'ORD-2026-000123', '***@example.com': 'vip' });
    expect(line!.note).toBe(`called ${String(line!.recipient)} twice`);
    expect(line!.message).toBe(`Dear ${String(line!.recipient)}, your order ships to [REDACTED:address]`);
  });

  test('a circular field does not throw', () => {
    const { out, log } = make();
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(() => log.info('loop', { loop })).not.toThrow();
    expect(out.lines).toHaveLength(1);
  });

  test('a BigInt field is written as its digits', () => {
    const { out, log } = make();
    expect(() => log.info('big', { 'order.amount_minor': BigInt(1250050), nested: { id: BigInt(7) } })).not.toThrow();
    expect(out.last()).toMatchObject({ 'order.amount_minor': '1250050', nested: { id: '7' } });
  });
});
