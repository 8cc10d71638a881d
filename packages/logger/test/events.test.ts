import { diag, DiagLogLevel, trace, type DiagLogger } from '@opentelemetry/api';

const noop = (): void => undefined;
const diagSilent: DiagLogger = { error: noop, warn: noop, info: noop, debug: noop, verbose: noop };
import { events, fields, type EventInput, type EventKey } from '@jewelry/schema';
import { createLogger, getEventDiagnostics } from '@jewelry/logger';
import { LineCapture } from './capture';
import { useInMemoryTracing } from './tracing';

/** A realistic call of every event function, EV-1…EV-10. */
const samples: { [K in EventKey]: EventInput<K> } = {
  orderCreated: {
    orderId: 'ORD-2026-000123',
    customerId: 'cus_8842',
    source: 'shop-api',
    userId: 'usr_17',
    fileId: 'f-5c1e',
    fileFormat: 'stl',
    fileSize: 4_718_592,
    items: [{ sku: 'RING-AU-585', title: 'Кольцо «Аврора»', quantity: 1, unitPrice: 125000.5 }],
    itemsCount: 1,
    totalCost: 125000.5,
    currency: 'RUB',
  },
  orderStatusChanged: { orderId: 'ORD-2026-000123', customerId: 'cus_8842', fromStatus: 'price_calculation', toStatus: 'confirmed' },
  orderUpdated: { orderId: 'ORD-2026-000123', customerId: 'cus_8842', changedFields: ['delivery_address', 'phone'] },
  fileUploaded: { fileId: 'f-5c1e', orderId: 'ORD-2026-000123', fileSize: 4_718_592, outcome: 'failure' },
  messagePublished: { messageId: 'msg-1', queue: 'orders.new', orderId: 'ORD-2026-000123', eventType: 'new_order' },
  messageConsumed: { messageId: 'msg-1', queue: 'orders.new', orderId: 'ORD-2026-000123', eventType: 'new_order' },
  priceCalculationRequested: {
    orderId: 'ORD-2026-000123',
    customerId: 'cus_8842',
    fileId: 'f-5c1e',
    startedAt: '2026-11-21T10:00:00.000Z',
  },
  priceCalculationFinished: {
    orderId: 'ORD-2026-000123',
    customerId: 'cus_8842',
    fileId: 'f-5c1e',
    startedAt: new Date('2026-11-21T10:00:00.000Z'),
    finishedAt: Date.parse('2026-11-21T10:00:42.000Z'),
    durationNs: 42_000_000_000,
    price: 131000,
    currency: 'RUB',
  },
  dashboardQueried: { userId: 'usr_3', filters: { status: 'in_production', dateFrom: '2026-11-01' }, ordersLoaded: 57 },
  orderConfirmed: { orderId: 'ORD-2026-000123', userId: 'usr_17', customerId: 'cus_8842' },
  partnerOrderReceived: { partnerId: 'partner-aurum', orderId: 'ORD-2026-000124', processingStatus: 'accepted' },
  notificationSent: {
    customerId: 'cus_8842',
    orderId: 'ORD-2026-000123',
    notificationType: 'order_confirmed',
    notificationChannel: 'email',
  },
};

/** Expected document value of a schema field for the sample value: dates become ISO-8601 text. */
function expected(type: string, value: unknown): unknown {
  return type === 'date' ? new Date(value as string | number | Date).toISOString() : value;
}

describe('event catalogue functions (EV-1…EV-10)', () => {
  const exporter = useInMemoryTracing();

  test('there is one function per catalogue event, and every SPEC event EV-1…EV-10 is covered', () => {
    const out = new LineCapture();
    const log = createLogger({ stream: out });
    expect(Object.keys(log.events).sort()).toEqual(Object.keys(events).sort());
    const specs = new Set(Object.values(events).map((e) => e.spec));
    expect([...specs].sort()).toEqual(['EV-1', 'EV-10', 'EV-2', 'EV-3', 'EV-4', 'EV-5', 'EV-6', 'EV-7', 'EV-8', 'EV-9'].sort());
  });

  test.each(Object.keys(samples) as EventKey[])('%s writes one INFO record with event.name and its fields, and a span event', (key) => {
    const out = new LineCapture();
    const log = createLogger({ stream: out });
    const before = getEventDiagnostics().invalid;
    let spanId = '';
    trace.getTracer('test').startActiveSpan(key, (span) => {
      spanId = span.spanContext().spanId;
      (log.events[key] as (f: unknown) => void)(samples[key]);
      span.end();
    });
    expect(out.lines).toHaveLength(1);
    const line = out.last();
    expect(line['log.level']).toBe('info');
    expect(line['event.name']).toBe(events[key].name);
    expect(line.message).toBe(events[key].message);
    expect(line['span.id']).toBe(spanId);
    expect(line).not.toHaveProperty('event.schema_errors');
    for (const [field, value] of Object.entries(samples[key] as Record<string, unknown>)) {
      const def = fields[field as keyof typeof fields];
      if (def.type === 'object') continue; // checked below
      expect(line[def.name]).toEqual(expected(def.type, value));
    }
    expect(getEventDiagnostics().invalid).toBe(before);
    const span = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId)!;
    expect(span.events.map((e) => e.name)).toEqual([events[key].name]);
    // On the span: the event's ids and outcome only; the record itself is the log line above.
    const onSpan = span.events[0]!.attributes ?? {};
    for (const name of Object.keys(onSpan)) expect(name === 'event.outcome' || name.endsWith('.id')).toBe(true);
    for (const [name, value] of Object.entries(line)) {
      if ((name.endsWith('.id') && name !== 'trace.id' && name !== 'span.id') || name === 'event.outcome')
        expect(onSpan[name]).toEqual(value);
    }
  });

  test('the span event is masked like the record: an e-mail passed as an id does not reach the span', () => {
    const log = createLogger({ stream: new LineCapture() });
    let spanId = '';
    trace.getTracer('test').startActiveSpan('handler', (span) => {
      spanId = span.spanContext().spanId;
      log.events.orderCreated({ ...samples.orderCreated, customerId: 'anna.petrova@mail.ru' });
      span.end();
    });
    const span = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId)!;
    expect(String(span.events[0]!.attributes!['customer.id'])).not.toContain('anna.petrova');
    expect(span.events[0]!.attributes!['order.id']).toBe(samples.orderCreated.orderId);
  });

  test('an event after its span ended (the client went away, the handler goes on): the record is written, no span event, no warning', () => {
    const out = new LineCapture();
    const log = createLogger({ stream: out });
    const warnings: unknown[][] = [];
    diag.setLogger({ ...diagSilent, warn: (...args: unknown[]) => warnings.push(args) }, DiagLogLevel.WARN);
    try {
      let spanId = '';
      trace.getTracer('test').startActiveSpan('POST /orders', (span) => {
        spanId = span.spanContext().spanId;
        span.end();
        log.events.orderCreated(samples.orderCreated);
      });
      expect(out.last()['event.name']).toBe('order.created');
      expect(out.last()['span.id']).toBe(spanId);
      const span = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId)!;
      expect(span.events).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      diag.disable();
    }
  });

  test('object fields are written with their schema sub-field names', () => {
    const out = new LineCapture();
    const log = createLogger({ stream: out });
    log.events.orderCreated(samples.orderCreated);
    expect(out.last()['order.items']).toEqual([{ sku: 'RING-AU-585', title: 'Кольцо «Аврора»', quantity: 1, unit_price: 125000.5 }]);
    log.events.dashboardQueried(samples.dashboardQueried);
    expect(out.last()['dashboard.filters']).toEqual({ status: 'in_production', date_from: '2026-11-01T00:00:00.000Z' });
  });

  test('bad input never throws: the record is written, marked, and counted', () => {
    const out = new LineCapture();
    const log = createLogger({ stream: out });
    const before = getEventDiagnostics().invalid;
    const loose = log.events as unknown as Record<string, (f: unknown) => void>;
    expect(() => loose.orderCreated!({ orderId: 42, source: 'telegram', totalCost: 'a lot', coupon: 'XMAS' })).not.toThrow();
    expect(() => loose.orderStatusChanged!(null)).not.toThrow();
    const circular: Record<string, unknown> = { orderId: 'ORD-3' };
    circular.self = circular;
    expect(() => loose.orderConfirmed!(circular)).not.toThrow();
    expect(out.lines).toHaveLength(3);
    const [created, changed, confirmed] = out.lines;
    expect(created!['order.id']).toBe('42');
    expect(created!['event.schema_errors']).toEqual(
      expect.arrayContaining([
        'customer.id: missing',
        'order.source: "telegram" is not one of shop-api|mes-api|partner-api',
        'order.total: expected double, got string',
        'coupon: unknown field for order.created',
      ]),
    );
    expect(changed!['event.schema_errors']).toEqual(expect.arrayContaining(['fields: expected an object, got null', 'order.id: missing']));
    expect(confirmed!['event.name']).toBe('order.confirmed');
    expect(confirmed!['event.schema_errors']).toEqual(expect.arrayContaining(['user.id: missing']));
    const diagnostics = getEventDiagnostics();
    expect(diagnostics.invalid).toBe(before + 3);
    expect(diagnostics.byEvent['order.created']).toBeGreaterThanOrEqual(1);
  });

  test('EV-3 carries the names of changed personal fields, never their values', () => {
    const out = new LineCapture();
    const log = createLogger({ stream: out });
    log.events.orderUpdated({ orderId: 'ORD-1', changedFields: ['email', 'phone', 'address'] });
    expect(out.last()['order.changed_fields']).toEqual(['email', 'phone', 'address']);
  });
});
