// Without a network: the Prometheus text of the stuck-orders gauge, the
// listen address, the output when none or some orders are stuck, and the
// Elasticsearch query. (The command lines are in @jewelry/cli's
// test/insights-commands.test.ts.)
import { UsageError } from '@jewelry/ops-kit';
import {
  formatStuckOrders,
  parseListenAddress,
  renderStuckOrdersMetrics,
  stuckOrdersQuery,
  type StuckOrdersResult,
} from '@jewelry/insights';

const DAY = 86_400_000;

describe('listen address', () => {
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    [':9464', { host: '127.0.0.1', port: 9464 }],
    ['9464', { host: '127.0.0.1', port: 9464 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    ['0.0.0.0:9100', { host: '0.0.0.0', port: 9100 }],
  ])('%s', (text, address) => {
    expect(parseListenAddress(text)).toEqual(address);
  });
  it.each(['host', 'host:', 'host:port', '1.2.3.4:70000', '::1:9464'])('refuses %p', (text) => {
    expect(() => parseListenAddress(text)).toThrow(UsageError);
  });
});

function result(overrides: Partial<StuckOrdersResult> = {}): StuckOrdersResult {
  return {
    checkedAt: '2026-03-12T10:00:00.000Z',
    olderThan: '7d',
    olderThanMillis: 7 * DAY,
    cutoff: '2026-03-05T10:00:00.000Z',
    finalStatuses: ['confirmed', 'delivered', 'cancelled', 'rejected'],
    indices: '*-logs-*,*-logs',
    ordersSeen: 12,
    stuck: [],
    byStatus: {},
    oldestAgeMillis: null,
    pages: 1,
    tookMillis: 4,
    ...overrides,
  };
}

describe('output', () => {
  it('says clearly when nothing is stuck', () => {
    expect(formatStuckOrders(result())).toEqual([
      'No stuck orders: all 12 orders seen changed status within the last 7d or have a final status (confirmed, delivered, cancelled, rejected).',
    ]);
    expect(formatStuckOrders(result({ ordersSeen: 1 }))[0]).toBe(
      'No stuck orders: the one order seen changed status within the last 7d or has a final status (confirmed, delivered, cancelled, rejected).',
    );
    expect(formatStuckOrders(result({ ordersSeen: 0 }))[0]).toMatch(
      /^No stuck orders: no order.created or order.status_changed record found/,
    );
  });

  it('lists stuck orders with id, status, when, age, service, customer and trace', () => {
    const lines = formatStuckOrders(
      result({
        stuck: [
          {
            orderId: 'ORD-1',
            status: 'priced',
            previousStatus: 'new',
            since: '2026-02-25T08:30:00.000Z',
            sinceMillis: Date.parse('2026-02-25T08:30:00.000Z'),
            ageMillis: 15 * DAY,
            age: '15d 1h',
            service: 'crm-api',
            traceId: '0af7651916cd43dd8448eb211c80319c',
            customerId: 'cus_1001',
            neverChanged: false,
          },
          {
            orderId: 'ORD-22',
            status: 'created',
            previousStatus: null,
            since: '2026-03-01T00:00:00.000Z',
            sinceMillis: Date.parse('2026-03-01T00:00:00.000Z'),
            ageMillis: 11 * DAY,
            age: '11d 10h',
            service: 'shop-api',
            traceId: null,
            customerId: null,
            neverChanged: true,
          },
        ],
        byStatus: { priced: 1, created: 1 },
      }),
    );
    expect(lines[0]).toBe(
      '2 stuck orders of 12 seen: no status change for more than 7d, status not final (confirmed, delivered, cancelled, rejected).',
    );
    expect(lines[2]).toMatch(/^ORDER\s+LAST STATUS\s+SINCE\s+AGO\s+SERVICE\s+CUSTOMER\s+TRACE$/);
    expect(lines[3]).toMatch(/^ORD-1\s+priced\s+2026-02-25 08:30 UTC\s+15d 1h\s+crm-api\s+cus_1001\s+0af7651916cd43dd8448eb211c80319c$/);
    expect(lines[4]).toMatch(/^ORD-22\s+created \(no change\)\s+2026-03-01 00:00 UTC\s+11d 10h\s+shop-api\s+-\s+-$/);
    expect(lines).toContain('by last status: created 1, priced 1');
  });
});

describe('Prometheus text', () => {
  const state = (last: StuckOrdersResult | undefined, seen: string[] = []) => ({
    last,
    statusesSeen: new Set(seen),
    olderThanMillis: 7 * DAY,
    lastCheckOk: last !== undefined,
    lastCheckSeconds: 0.25,
    lastCheckAtMillis: 0,
    checkErrors: last ? 0 : 1,
    checks: 1,
  });

  it('one gauge sample per last status, a status seen before stays at 0, labels escaped', () => {
    const text = renderStuckOrdersMetrics(state(result({ byStatus: { priced: 2, 'we"ird\\': 1 }, oldestAgeMillis: 9 * DAY }), ['new']));
    expect(text).toContain('# TYPE jewelry_stuck_orders gauge');
    expect(text).toContain('jewelry_stuck_orders{status="priced"} 2');
    expect(text).toContain('jewelry_stuck_orders{status="new"} 0');
    expect(text).toContain('jewelry_stuck_orders{status="we\\"ird\\\\"} 1');
    expect(text).toContain(`jewelry_stuck_orders_oldest_age_seconds ${9 * 86400}`);
    expect(text).toContain(`jewelry_stuck_orders_older_than_seconds ${7 * 86400}`);
    expect(text).toContain('jewelry_stuck_orders_last_check_success 1');
    expect(text).toContain(`jewelry_stuck_orders_last_success_timestamp_seconds ${Date.parse('2026-03-12T10:00:00.000Z') / 1000}`);
    expect(text).toContain('# TYPE jewelry_stuck_orders_check_errors_total counter');
    expect(text.endsWith('\n')).toBe(true);
    // Every sample line is `name{labels} value` with a number.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{status="(?:[^"\\]|\\.)*"\})? -?[\d.e+]+$/);
  });

  it('before any successful check: no jewelry_stuck_orders sample, success 0', () => {
    const text = renderStuckOrdersMetrics(state(undefined));
    expect(text).not.toMatch(/^jewelry_stuck_orders\{/m);
    expect(text).toContain('jewelry_stuck_orders_last_check_success 0');
    expect(text).toContain('jewelry_stuck_orders_check_errors_total 1');
  });
});

describe('the Elasticsearch query', () => {
  it('pages by order.id over order.created and order.status_changed, newest change first', () => {
    const q = stuckOrdersQuery(500, { order: 'ORD-9' }) as {
      aggs: {
        orders: {
          composite: Record<string, unknown>;
          aggs: Record<string, { aggs: { doc: { top_hits: { size: number; sort: unknown[] } } } }>;
        };
      };
    };
    expect(q.aggs.orders.composite).toEqual({
      size: 500,
      sources: [{ order: { terms: { field: 'order.id' } } }],
      after: { order: 'ORD-9' },
    });
    expect(q.aggs.orders.aggs.last_change!.aggs.doc.top_hits).toMatchObject({ size: 1, sort: [{ '@timestamp': { order: 'desc' } }] });
    expect(JSON.stringify(q)).toContain('"terms":{"event.name":["order.created","order.status_changed"]}');
  });
});
