import type { Database } from '@jewelry-examples/common/db';
import { migrate, toNumber } from '@jewelry-examples/common/db';
import type { NewOrderMessage } from '@jewelry-examples/common';
import { buildDashboardQuery, type DashboardFilters } from './dashboard';

/** MES production state: one row per order. */
export const MES_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS mes_orders (
     order_id text PRIMARY KEY,
     customer_id text NOT NULL,
     source text NOT NULL,
     partner_id text,
     status text NOT NULL,
     file_id text,
     file_format text,
     file_size bigint,
     price numeric(14,2),
     currency text,
     calc_started_at timestamptz,
     calc_finished_at timestamptz,
     calc_duration_ms integer,
     created_at timestamptz NOT NULL DEFAULT now(),
     priced_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  'CREATE INDEX IF NOT EXISTS mes_orders_created_at ON mes_orders (created_at)',
  'CREATE INDEX IF NOT EXISTS mes_orders_status ON mes_orders (status)',
] as const;

const MIGRATION_LOCK = 740_001;

export class MesRepository {
  constructor(private readonly db: Database) {}

  migrate(): Promise<void> {
    return migrate(this.db, MIGRATION_LOCK, MES_SCHEMA);
  }

  /** Records a new order (again on redelivery: the row stays, updated_at moves). */
  async upsertNew(m: NewOrderMessage): Promise<void> {
    const file = m.file ?? (m.model ? { fileId: null, format: m.model.format, size: m.model.size } : undefined);
    await this.db.pool.query(
      `INSERT INTO mes_orders (order_id, customer_id, source, partner_id, status, file_id, file_format, file_size, currency)
       VALUES ($1, $2, $3, $4, 'new', $5, $6, $7, $8)
       ON CONFLICT (order_id) DO UPDATE SET updated_at = now()`,
      [m.orderId, m.customerId, m.source, m.partnerId ?? null, file?.fileId ?? null, file?.format ?? null, file?.size ?? null, m.currency],
    );
  }

  async markPriced(orderId: string, price: number, startedAt: Date, finishedAt: Date): Promise<void> {
    await this.db.pool.query(
      `UPDATE mes_orders SET status = 'priced', price = $2, calc_started_at = $3, calc_finished_at = $4, calc_duration_ms = $5, priced_at = now(), updated_at = now()
       WHERE order_id = $1`,
      [orderId, price, startedAt, finishedAt, finishedAt.getTime() - startedAt.getTime()],
    );
  }

  async markFailed(orderId: string): Promise<void> {
    await this.db.pool.query(`UPDATE mes_orders SET status = 'failed', updated_at = now() WHERE order_id = $1`, [orderId]);
  }

  async dashboard(filters: DashboardFilters): Promise<Record<string, unknown>[]> {
    const { text, values } = buildDashboardQuery(filters);
    const { rows } = await this.db.pool.query(text, values);
    return rows.map((r: Record<string, unknown>) => ({
      orderId: r.order_id,
      customerId: r.customer_id,
      source: r.source,
      partnerId: r.partner_id ?? undefined,
      status: r.status,
      fileFormat: r.file_format ?? undefined,
      fileSize: toNumber(r.file_size),
      price: toNumber(r.price),
      currency: r.currency,
      createdAt: r.created_at,
      pricedAt: r.priced_at ?? undefined,
    }));
  }
}
