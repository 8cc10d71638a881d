import { checkPartner, partnerIdForLog, validatePartnerOrder } from '../src/validate-partner-order';

describe('partner API input', () => {
  const known = ['prt_aurum', 'prt_goldsmith_berlin'];

  test('x-partner-id: missing → 401, unknown → 403, known → accepted', () => {
    expect(checkPartner(undefined, known)).toEqual({ ok: false, status: 401, reason: 'x-partner-id header missing' });
    expect(checkPartner('prt_unknown_42', known)).toEqual({ ok: false, status: 403, reason: 'unknown partner' });
    expect(checkPartner('prt_aurum', known)).toEqual({ ok: true, partnerId: 'prt_aurum' });
  });

  test('a header that is not an id is logged as unknown', () => {
    expect(partnerIdForLog('prt_unknown_42')).toBe('prt_unknown_42');
    expect(partnerIdForLog('ivan@example.com')).toBe('unknown');
    expect(partnerIdForLog(undefined)).toBe('unknown');
  });

  test('a partner order: items, total, currency; contact and model optional', () => {
    const body = {
      partnerOrderRef: 'AUR-2026-0457',
      items: [{ sku: 'BLANK', title: 'Заготовка', quantity: 10, unitPrice: 9800 }],
      totalCost: 98000,
      currency: 'RUB',
      model: { format: 'STL', size: 184084 },
    };
    expect(validatePartnerOrder(body)).toEqual({ ok: true, value: { ...body, model: { format: 'stl', size: 184084 } } });
    const { model: _m, partnerOrderRef: _r, ...bare } = body;
    void _m;
    void _r;
    expect(validatePartnerOrder(bare)).toEqual({ ok: true, value: bare });
  });

  test('problems are named', () => {
    const r = validatePartnerOrder({ items: [], currency: 'RUB', contact: { name: 'Мария Петрова' }, model: { format: 'stl', size: -1 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('items: a non-empty list is required');
    expect(r.errors).toContain('contact.email: a valid e-mail address is required');
    expect(r.errors).toContain('model.size: a positive whole number of bytes');
    expect(JSON.stringify(r.errors)).not.toContain('Мария');
  });
});
