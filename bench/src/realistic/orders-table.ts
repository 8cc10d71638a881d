/** The variable naming the table the realistic service inserts into: one per bench run, dropped at its end. */
export const ORDERS_TABLE_ENV = 'BENCH_ORDERS_TABLE';

/** The orders table of the realistic service, as CRM keeps one (created if missing). */
export function ordersTableSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
    order_id text PRIMARY KEY,
    customer_id text NOT NULL,
    total_cost numeric(12,2) NOT NULL,
    currency char(3) NOT NULL,
    items jsonb NOT NULL,
    file_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;
}
