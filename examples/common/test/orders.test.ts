import { itemsTotal, newOrderId, normalizeFormat, round2, validateContact, validateItems, validateTotal } from '@jewelry-examples/common';

describe('order validation and ids', () => {
  test('order ids: ORD-<year>-<8 characters>, unique', () => {
    const ids = new Set(Array.from({ length: 500 }, () => newOrderId(new Date('2026-05-01T00:00:00Z'))));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^ORD-2026-[0-9A-HJ-NP-Z]{8}$/);
  });

  test('items: every wrong line is named', () => {
    expect(validateItems([{ sku: 'A', title: 'Ring', quantity: 2, unitPrice: 10.5 }])).toEqual({
      ok: true,
      value: [{ sku: 'A', title: 'Ring', quantity: 2, unitPrice: 10.5 }],
    });
    const r = validateItems([{ sku: '', title: 'Ring', quantity: 0, unitPrice: -1 }, 'x']);
    expect(r).toEqual({
      ok: false,
      errors: [
        'items[0].sku: required text',
        'items[0].quantity: a whole number 1…10000 is required',
        'items[0].unitPrice: a non-negative number is required',
        'items[1]: an object is required',
      ],
    });
    expect(validateItems([])).toEqual({ ok: false, errors: ['items: a non-empty list is required'] });
  });

  test('contact: errors name fields and never quote the personal values', () => {
    const r = validateContact({ name: 'Дмитрий Кузнецов', email: 'd.kuznetsov-at-example.org', phone: '12', address: '' });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(r);
    expect(text).toContain('customer.email');
    expect(text).toContain('customer.phone');
    expect(text).toContain('customer.address');
    expect(text).not.toMatch(/Дмитрий|kuznetsov/);
    expect(
      validateContact({ name: "Sarah O'Connor", email: 'sarah@example.co.uk', phone: '+44 20 7946 0958', address: '221B Baker Street' }).ok,
    ).toBe(true);
  });

  test('the stated total must match the lines to the cent', () => {
    const items = [
      { sku: 'A', title: 'a', quantity: 3, unitPrice: 0.1 },
      { sku: 'B', title: 'b', quantity: 1, unitPrice: 1150.55 },
    ];
    expect(itemsTotal(items)).toBe(1150.85);
    expect(validateTotal(1150.85, items)).toEqual({ ok: true, value: 1150.85 });
    expect(validateTotal(1150.9, items)).toEqual({ ok: false, errors: ['totalCost: does not match the items (1150.85)'] });
    expect(round2(1.005)).toBe(1.01);
  });

  test('model formats are normalised', () => {
    expect(normalizeFormat('STL')).toBe('stl');
    expect(normalizeFormat('.obj')).toBe('obj');
    expect(normalizeFormat('exe')).toBeUndefined();
  });
});
