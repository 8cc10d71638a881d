import type { CustomerContact, NewOrderMessage, OrderStatus } from '@jewelry-examples/common';
import { migrate, toNumber, type Database } from '@jewelry-examples/common/db';
import { COLUMN_OF, type OrderUpdate, type UpdatableField } from './order-update';

/**
 * CRM's tables. Customers' personal data lives here (that is what a CRM is
 * for); it never goes into a log record unmasked.
 */
export const CRM_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS crm_customers (
     customer_id text PRIMARY KEY,
     name text,
     email text,
     phone text,
     address text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS crm_orders (
     order_id text PRIMARY KEY,
     customer_id text NOT NULL REFERENCES crm_customers (customer_id),
     source text NOT NULL,
     partner_id text,
     status text NOT NULL,
     items jsonb NOT NULL,
     total_cost numeric(14,2) NOT NULL,
     currency text NOT NULL,
     file_id text,
     price numeric(14,2),
     delivery_address text,
     phone text,
     email text,
     comment text,
     confirmed_by text,
     confirmed_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now())`,
  'CREATE INDEX IF NOT EXISTS crm_orders_customer ON crm_orders (customer_id)',
  'CREATE INDEX IF NOT EXISTS crm_orders_status_updated ON crm_orders (status, updated_at)',
] as const;

const MIGRATION_LOCK = 740_002;

export interface OrderRow {
  orderId: string;
  customerId: string;
  source: string;
  partnerId?: string;
  status: OrderStatus;
  items: unknown;
  totalCost?: number;
  currency: string;
  fileId?: string;
  price?: number;
  deliveryAddress?: string;
  phone?: string;
  email?: string;
  comment?: string;
  confirmedBy?: string;
  confirmedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

function toOrder(r: Record<string, unknown>): OrderRow {
  const opt = (v: unknown) => (v === null || v === undefined ? undefined : v);
  return {
    orderId: String(r.order_id),
    customerId: String(r.customer_id),
    source: String(r.source),
    partnerId: opt(r.partner_id) as string | undefined,
    status: r.status as OrderStatus,
    items: r.items,
    totalCost: toNumber(r.total_cost),
    currency: String(r.currency),
    fileId: opt(r.file_id) as string | undefined,
    price: toNumber(r.price),
    deliveryAddress: opt(r.delivery_address) as string | undefined,
    phone: opt(r.phone) as string | undefined,
    email: opt(r.email) as string | undefined,
    comment: opt(r.comment) as string | undefined,
    confirmedBy: opt(r.confirmed_by) as string | undefined,
    confirmedAt: opt(r.confirmed_at) as Date | undefined,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

export class CrmRepository {
  constructor(private readonly db: Database) {}

  migrate(): Promise<void> {
    return migrate(this.db, MIGRATION_LOCK, CRM_SCHEMA);
  }

  /** Upserts the customer and inserts the order with status `new`; false when the order was already there (a redelivery). */
  async createOrder(m: NewOrderMessage): Promise<boolean> {
    const c: Partial<CustomerContact> = m.customer ?? {};
    return this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO crm_customers (customer_id, name, email, phone, address) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id) DO UPDATE SET
           name = COALESCE(EXCLUDED.name, crm_customers.name), email = COALESCE(EXCLUDED.email, crm_customers.email),
           phone = COALESCE(EXCLUDED.phone, crm_customers.phone), address = COALESCE(EXCLUDED.address, crm_customers.address), updated_at = now()`,
        [m.customerId, c.name ?? null, c.email ?? null, c.phone ?? null, c.address ?? null],
      );
      const inserted = await client.query(
        `INSERT INTO crm_orders (order_id, customer_id, source, partner_id, status, items, total_cost, currency, file_id, delivery_address, phone, email)
         VALUES ($1, $2, $3, $4, 'new', $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [
          m.orderId,
          m.customerId,
          m.source,
          m.partnerId ?? null,
          JSON.stringify(m.items),
          m.totalCost,
          m.currency,
          m.file?.fileId ?? null,
          c.address ?? null,
          c.phone ?? null,
          c.email ?? null,
        ],
      );
      return (inserted.rowCount ?? 0) > 0;
    });
  }

  async find(orderId: string): Promise<OrderRow | undefined> {
    const { rows } = await this.db.pool.query('SELECT * FROM crm_orders WHERE order_id = $1', [orderId]);
    return rows[0] ? toOrder(rows[0] as Record<string, unknown>) : undefined;
  }

  /** Moves an order from `from` to `to` (optimistic: false when it was not in `from`). */
  async transition(
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    extra: { price?: number; confirmedBy?: string } = {},
  ): Promise<boolean> {
    const { rowCount } = await this.db.pool.query(
      `UPDATE crm_orders SET status = $3, price = COALESCE($4, price),
         confirmed_by = COALESCE($5, confirmed_by), confirmed_at = CASE WHEN $5::text IS NULL THEN confirmed_at ELSE now() END, updated_at = now()
       WHERE order_id = $1 AND status = $2`,
      [orderId, from, to, extra.price ?? null, extra.confirmedBy ?? null],
    );
    return (rowCount ?? 0) > 0;
  }

  async update(orderId: string, fields: UpdatableField[], update: OrderUpdate): Promise<void> {
    const sets = fields.map((f, i) => `${COLUMN_OF[f]} = $${i + 2}`);
    await this.db.pool.query(`UPDATE crm_orders SET ${sets.join(', ')}, updated_at = now() WHERE order_id = $1`, [
      orderId,
      ...fields.map((f) => update[f]),
    ]);
  }
}
