import type { Validation } from '@jewelry-examples/common';

/** Filters of GET /dashboard (EV-7 logs them). */
export interface DashboardFilters {
  status?: string;
  source?: string;
  dateFrom?: string;
  dateTo?: string;
}

export const MES_STATUSES = ['new', 'priced', 'failed'] as const;
export const SOURCES = ['shop-api', 'partner-api', 'mes-api'] as const;
export const DASHBOARD_LIMIT = 500;

const one = (v: unknown): string | undefined =>
  Array.isArray(v) ? one(v[0]) : typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
const isDate = (v: string): boolean =>
  /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(new Date(v).getTime());

export function parseDashboardFilters(query: Record<string, unknown>): Validation<DashboardFilters> {
  const errors: string[] = [];
  const f: DashboardFilters = {};
  const status = one(query.status);
  if (status !== undefined) {
    if ((MES_STATUSES as readonly string[]).includes(status)) f.status = status;
    else errors.push(`status: one of ${MES_STATUSES.join(', ')}`);
  }
  const source = one(query.source);
  if (source !== undefined) {
    if ((SOURCES as readonly string[]).includes(source)) f.source = source;
    else errors.push(`source: one of ${SOURCES.join(', ')}`);
  }
  for (const key of ['dateFrom', 'dateTo'] as const) {
    const v = one(query[key]);
    if (v === undefined) continue;
    if (isDate(v)) f[key] = v;
    else errors.push(`${key}: a date (YYYY-MM-DD or ISO-8601)`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: f };
}

/** The parameterised query of the dashboard: filters become $n parameters, never SQL text. */
export function buildDashboardQuery(f: DashboardFilters, limit = DASHBOARD_LIMIT): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (f.status) add('status = ?', f.status);
  if (f.source) add('source = ?', f.source);
  if (f.dateFrom) add('created_at >= ?', f.dateFrom);
  if (f.dateTo) add('created_at < ?', f.dateTo);
  values.push(limit);
  const text =
    'SELECT order_id, customer_id, source, partner_id, status, file_format, file_size, price, currency, created_at, priced_at FROM mes_orders' +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY created_at DESC LIMIT $${values.length}`;
  return { text, values };
}
