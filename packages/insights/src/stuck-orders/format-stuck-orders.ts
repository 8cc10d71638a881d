// What `jewelry-otel stuck-orders` prints: one line per stuck order, oldest
// first, with what an operator needs next (the trace id for
// `jewelry-otel trace`, the customer id for CRM).
import type { StuckOrder, StuckOrdersResult } from './find-stuck-orders';

function when(iso: string): string {
  // 2026-01-10T10:00:00.000Z → 2026-01-10 10:00 UTC
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function stuckOrderRows(orders: readonly StuckOrder[]): string[][] {
  return [
    ['ORDER', 'LAST STATUS', 'SINCE', 'AGO', 'SERVICE', 'CUSTOMER', 'TRACE'],
    ...orders.map((o) => [
      o.orderId,
      o.neverChanged ? `${o.status} (no change)` : o.status,
      when(o.since),
      o.age,
      o.service ?? '-',
      o.customerId ?? '-',
      o.traceId ?? '-',
    ]),
  ];
}

export function formatStuckOrders(r: StuckOrdersResult): string[] {
  const finals = r.finalStatuses.join(', ') || 'none';
  if (r.stuck.length === 0) {
    return [
      r.ordersSeen === 0
        ? `No stuck orders: no order.created or order.status_changed record found in ${r.indices}.`
        : r.ordersSeen === 1
          ? `No stuck orders: the one order seen changed status within the last ${r.olderThan} or has a final status (${finals}).`
          : `No stuck orders: all ${r.ordersSeen} orders seen changed status within the last ${r.olderThan} or have a final status (${finals}).`,
    ];
  }
  const statuses = Object.entries(r.byStatus)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return [
    `${r.stuck.length} stuck order${r.stuck.length === 1 ? '' : 's'} of ${r.ordersSeen} seen: no status change for more than ${r.olderThan}, status not final (${finals}).`,
    '',
    ...table(stuckOrderRows(r.stuck)),
    '',
    `by last status: ${statuses}`,
    `next: jewelry-otel trace <order-id or trace-id> shows where an order stopped`,
  ];
}
