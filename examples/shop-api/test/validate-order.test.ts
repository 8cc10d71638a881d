import { validateShopOrder } from '../src/validate-order';

const valid = () => ({
  customerId: 'cus_1001',
  customer: {
    name: 'Анна Смирнова',
    email: 'anna.smirnova@example.com',
    phone: '+7 (916) 123-45-67',
    address: 'г. Москва, ул. Тверская, д. 7',
  },
  items: [
    { sku: 'RING-AU585', title: 'Кольцо «Аврора»', quantity: 1, unitPrice: 48500 },
    { sku: 'ENGRAVE-01', title: 'Гравировка', quantity: 1, unitPrice: 1500 },
  ],
  totalCost: 50000,
  currency: 'RUB',
  model: {
    fileName: 'anna-smirnova-ring.stl',
    format: 'STL',
    contentBase64: Buffer.from('solid ring\nendsolid ring\n').toString('base64'),
  },
});

describe('POST /orders body (shop-api)', () => {
  test('a valid order: format normalised, model decoded, file name dropped', () => {
    const r = validateShopOrder(valid());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.model.format).toBe('stl');
    expect(r.value.model.content.toString()).toBe('solid ring\nendsolid ring\n');
    expect(JSON.stringify(r.value)).not.toContain('anna-smirnova-ring');
    expect(r.value.totalCost).toBe(50000);
  });

  test('every problem is named, no personal value is quoted', () => {
    const body = {
      ...valid(),
      customerId: 'cus 1001',
      totalCost: 1,
      currency: 'rubles',
      model: { format: 'dwg', contentBase64: '###' },
      customer: { ...valid().customer, email: 'anna.smirnova@' },
    };
    const r = validateShopOrder(body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'customerId: an id (letters, digits, _ . : -) is required',
      'customer.email: a valid e-mail address is required',
      'currency: an ISO-4217 code is required (RUB, EUR, USD…)',
      'totalCost: does not match the items (50000)',
      'model.format: one of stl, obj, 3dm, step, stp, ply',
      'model.contentBase64: base64 content is required',
    ]);
    expect(JSON.stringify(r.errors)).not.toMatch(/anna|Анна|Тверская/);
  });

  test('a model over the size limit is refused', () => {
    const r = validateShopOrder(valid(), 10);
    expect(r).toEqual({ ok: false, errors: ['model.contentBase64: the model is larger than 10 bytes'] });
  });

  test('not an object', () => {
    expect(validateShopOrder(null)).toEqual({ ok: false, errors: ['body: a JSON object is required'] });
    expect(validateShopOrder([])).toEqual({ ok: false, errors: ['body: a JSON object is required'] });
  });
});
