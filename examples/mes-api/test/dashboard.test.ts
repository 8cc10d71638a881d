import { buildDashboardQuery, parseDashboardFilters } from '../src/dashboard';

describe('MES dashboard filters (EV-7)', () => {
  test('status, source and dates are parsed; empty values are no filter', () => {
    expect(parseDashboardFilters({ status: 'priced', source: 'shop-api', dateFrom: '2026-03-01', dateTo: '' })).toEqual({
      ok: true,
      value: { status: 'priced', source: 'shop-api', dateFrom: '2026-03-01' },
    });
    expect(parseDashboardFilters({})).toEqual({ ok: true, value: {} });
    expect(parseDashboardFilters({ status: ['new', 'priced'] })).toEqual({ ok: true, value: { status: 'new' } });
  });

  test('unknown values are refused by name', () => {
    expect(parseDashboardFilters({ status: 'lost', source: 'fax', dateFrom: 'yesterday' })).toEqual({
      ok: false,
      errors: [
        'status: one of new, priced, failed',
        'source: one of shop-api, partner-api, mes-api',
        'dateFrom: a date (YYYY-MM-DD or ISO-8601)',
      ],
    });
  });

  test('filters become parameters, never SQL text', () => {
    const q = buildDashboardQuery({ status: 'priced', source: "shop-api'; DROP TABLE mes_orders; --", dateFrom: '2026-03-01' }, 50);
    expect(q.text).toMatch(/WHERE status = \$1 AND source = \$2 AND created_at >= \$3 ORDER BY created_at DESC LIMIT \$4$/);
    expect(q.text).not.toContain('DROP');
    expect(q.values).toEqual(['priced', "shop-api'; DROP TABLE mes_orders; --", '2026-03-01', 50]);
    expect(buildDashboardQuery({}).text).toMatch(/FROM mes_orders ORDER BY created_at DESC LIMIT \$1$/);
  });
});
