import {
  decodeMessage,
  encodeMessage,
  headerIsTrue,
  MessageFormatError,
  type NewOrderMessage,
  type StatusChangeMessage,
} from '@jewelry-examples/common';

const newOrder: NewOrderMessage = {
  eventType: 'new_order',
  orderId: 'ORD-2026-7K3M9Q2P',
  customerId: 'cus_1001',
  source: 'shop-api',
  customer: {
    name: 'Анна Смирнова',
    email: 'anna.smirnova@example.com',
    phone: '+7 (916) 123-45-67',
    address: 'г. Москва, ул. Тверская, д. 7',
  },
  items: [{ sku: 'RING-AU585', title: 'Кольцо', quantity: 1, unitPrice: 48500 }],
  totalCost: 48500,
  currency: 'RUB',
  file: {
    fileId: '0b8f6c1e-4f0e-4c55-9d0a-1f7c3b2a9e10',
    bucket: 'jewelry-models',
    key: 'models/ORD-2026-7K3M9Q2P/0b8f.stl',
    format: 'stl',
    size: 4884,
  },
  createdAt: '2026-03-15T10:20:30.000Z',
};

const status: StatusChangeMessage = {
  eventType: 'status_change',
  orderId: 'ORD-2026-7K3M9Q2P',
  customerId: 'cus_1001',
  fromStatus: 'new',
  toStatus: 'priced',
  price: 51234.5,
  currency: 'RUB',
  changedAt: '2026-03-15T10:20:31.000Z',
  changedBy: 'mes-api',
};

describe('order messages (JSON with eventType)', () => {
  test('new_order and status_change survive encode → decode unchanged', () => {
    expect(decodeMessage(encodeMessage(newOrder))).toEqual(newOrder);
    expect(decodeMessage(encodeMessage(status))).toEqual(status);
    expect(JSON.parse(encodeMessage(status).toString('utf8')).eventType).toBe('status_change');
  });

  test('a partner order without customer or file decodes', () => {
    const { customer: _c, file: _f, ...rest } = newOrder;
    void _c;
    void _f;
    const partner: NewOrderMessage = { ...rest, source: 'partner-api', partnerId: 'prt_aurum', model: { format: 'stl', size: 1000 } };
    expect(decodeMessage(encodeMessage(partner))).toEqual(partner);
  });

  test('problems name the fields, never their values', () => {
    const bad = { ...newOrder, source: 'fax', totalCost: '48500', customer: { name: 'Анна Смирнова', email: 'anna.smirnova@example.com' } };
    let error: MessageFormatError | undefined;
    try {
      decodeMessage(Buffer.from(JSON.stringify(bad)));
    } catch (err) {
      error = err as MessageFormatError;
    }
    expect(error).toBeInstanceOf(MessageFormatError);
    expect(error!.problems).toEqual([
      'source: shop-api or partner-api',
      'totalCost: number required',
      'customer: {name, email, phone, address}',
    ]);
    expect(error!.message).not.toMatch(/Анна|anna|fax/);
  });

  test.each([
    ['not JSON', 'body: not JSON'],
    ['[1,2]', 'body: not an object'],
    ['{"eventType":"refund","orderId":"o","customerId":"c"}', 'eventType: new_order or status_change'],
    [
      '{"eventType":"status_change","orderId":"o","customerId":"c","fromStatus":"new","toStatus":"priced","changedAt":"x","price":"1"}',
      'price: number',
    ],
  ])('%s is refused: %s', (body, problem) => {
    expect(() => decodeMessage(body)).toThrow(problem);
  });

  test('headerIsTrue reads AMQP header values of every shape', () => {
    for (const yes of [true, 'true', 'TRUE', ' 1 ', 'yes', Buffer.from('true')]) expect(headerIsTrue(yes)).toBe(true);
    for (const no of [false, undefined, null, 'false', '0', '', 1, Buffer.from('no')]) expect(headerIsTrue(no)).toBe(false);
  });
});
