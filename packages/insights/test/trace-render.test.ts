import { buildSpanTree, formatDuration, parseTimestamp, renderWaterfall, type TraceView } from '@jewelry/insights';

const t0 = Date.parse('2026-11-21T10:00:00.000Z');
const view: TraceView = {
  traceId: '351c94e973a599c96ce71054a8848f6f',
  spans: [
    {
      spanId: 'c1',
      parentId: 'p1',
      name: 'mes.orders.new process',
      kind: 'consumer',
      service: 'mes-api',
      startMillis: t0 + 20,
      durationMillis: 300,
      failed: false,
    },
    {
      spanId: 'r1',
      parentId: undefined,
      name: 'POST /orders',
      kind: 'server',
      service: 'shop-api',
      startMillis: t0,
      durationMillis: 15,
      failed: false,
    },
    {
      spanId: 'p1',
      parentId: 'r1',
      name: 'publish orders',
      kind: 'producer',
      service: 'shop-api',
      startMillis: t0 + 10,
      durationMillis: 1,
      failed: false,
    },
    {
      spanId: 'x1',
      parentId: 'missing',
      name: 'orphan span',
      kind: 'internal',
      service: 'crm-api',
      startMillis: t0 + 400,
      durationMillis: 2,
      failed: true,
    },
  ],
  logs: [
    {
      timestampMillis: t0 + 25,
      level: 'info',
      message: 'message consumed',
      service: 'mes-api',
      spanId: 'c1',
      eventName: 'message.consumed',
      fields: { 'order.id': 'ORD-1' },
    },
    {
      timestampMillis: t0 + 5,
      level: 'info',
      message: 'order created',
      service: 'shop-api',
      spanId: 'r1',
      eventName: 'order.created',
      fields: { 'order.id': 'ORD-1' },
    },
    { timestampMillis: t0 + 500, level: 'warn', message: 'late', service: 'crm-api', spanId: 'nope', eventName: undefined, fields: {} },
  ],
};

describe('trace waterfall (jewelry-otel trace)', () => {
  test('spans form a tree by parent id in start order; a span whose parent is missing is a root; logs hang under their span', () => {
    const { roots, orphanLogs } = buildSpanTree(view);
    expect(roots.map((r) => r.span.spanId)).toEqual(['r1', 'x1']);
    expect(roots[0]!.children[0]!.span.spanId).toBe('p1');
    expect(roots[0]!.children[0]!.children[0]!.span.spanId).toBe('c1');
    expect(roots[0]!.children[0]!.children[0]!.depth).toBe(2);
    expect(roots[0]!.logs.map((l) => l.message)).toEqual(['order created']);
    expect(orphanLogs.map((l) => l.message)).toEqual(['late']);
  });

  test('the rendering lists services, indents children, shows durations, bars and the logs beneath their spans', () => {
    const lines = renderWaterfall(view, { barWidth: 50 }).split('\n');
    expect(lines[0]).toBe(
      'trace 351c94e973a599c96ce71054a8848f6f — 4 spans, 3 services (mes-api, shop-api, crm-api), 500.0 ms, 3 log records',
    );
    const spanLines = lines.filter((l) => l.includes('█'));
    expect(spanLines.map((l) => l.slice(13, 59).trim())).toEqual([
      'POST /orders (server)',
      '└ publish orders (producer)',
      '└ mes.orders.new process (consumer)',
      'orphan span',
    ]);
    expect(spanLines.map((l) => l.slice(0, 13).trim())).toEqual(['shop-api', 'shop-api', 'mes-api', 'crm-api']);
    expect(spanLines[3]).toMatch(/ ✗$/); // a failed span is marked
    const consumer = lines.findIndex((l) => l.includes('mes.orders.new process'));
    expect(lines[consumer + 1]).toContain('INFO  message consumed [message.consumed]  order.id=ORD-1');
    expect(lines[consumer]).toContain('300.0 ms');
    // The consumer's bar starts 20 ms into a 500 ms trace: 2 of 50 columns.
    // (columns: service 13, span 46, duration 10, two spaces, then the bar)
    expect(lines[consumer]!.slice(13 + 46 + 10 + 2)).toBe(`  ${'█'.repeat(30)}${' '.repeat(18)}`);
    expect(lines.slice(-2).join('\n')).toContain('outside any exported span');
  });

  test('durations and nanosecond timestamps', () => {
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(12.34)).toBe('12.3 ms');
    expect(formatDuration(2500)).toBe('2.50 s');
    expect(formatDuration(31 * 60_000)).toBe('31.0 min');
    expect(parseTimestamp('2026-11-21T18:26:57.075123456Z')).toBeCloseTo(Date.parse('2026-11-21T18:26:57.075Z') + 0.123456, 5);
    expect(parseTimestamp('2026-11-21T18:26:57Z')).toBe(Date.parse('2026-11-21T18:26:57Z'));
  });
});
