import { Pool, type PoolClient } from 'pg';
import type { JewelryLogger } from '@jewelry/logger';
import { describeEndpoint } from './config';

/**
 * PostgreSQL for CRM and MES. A database that cannot be reached is FATAL
 * (LV-1) — at start and in every request or message that needs it — and any
 * other database error is an ERROR with its exception. Queries are always
 * parameterised, so the `db.statement` of the pg spans never holds values.
 */

/** SQLSTATE classes and Node error codes that mean "the database is not there", not "this query is wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE']);
const CONNECTION_SQLSTATE = /^(08|57P0[1-3]|53300)/; // connection exception, admin/crash shutdown, cannot connect now, too many connections

export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || CONNECTION_SQLSTATE.test(code))) return true;
  if (err instanceof AggregateError) return err.errors.some(isConnectionError);
  return /Connection terminated|connection timeout|timeout expired|Connection refused|the database system is (starting up|shutting down)/i.test(
    err.message,
  );
}

export interface Database {
  pool: Pool;
  /** `host:port` without credentials, for records. */
  endpoint: string;
  /**
   * Logs a failed database call: FATAL when the database is unreachable, ERROR
   * otherwise; returns which, so a route can answer 503 or 500.
   */
  reportFailure(err: unknown, what: string, fields?: Record<string, unknown>): 'unreachable' | 'error';
  /** One round trip; false (and FATAL) when the database is unreachable. */
  check(what: string): Promise<boolean>;
  /** Runs `work` in a transaction. */
  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createDatabase(
  url: string,
  log: JewelryLogger,
  options: { max?: number; connectTimeoutMs?: number; applicationName?: string } = {},
): Database {
  const endpoint = describeEndpoint(url);
  const pool = new Pool({
    connectionString: url,
    max: options.max ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30000,
    application_name: options.applicationName ?? process.env.OTEL_SERVICE_NAME ?? 'jewelry-example',
  });
  // An idle client losing its connection emits on the pool; without a listener that would crash the process.
  pool.on('error', (err) => log.fatal('database connection lost', { err, 'server.address': endpoint }));

  const reportFailure: Database['reportFailure'] = (err, what, fields = {}) => {
    if (isConnectionError(err)) {
      log.fatal('database unreachable', { err, 'server.address': endpoint, 'db.operation.name': what, ...fields });
      return 'unreachable';
    }
    log.error('database call failed', { err, 'db.operation.name': what, ...fields });
    return 'error';
  };

  return {
    pool,
    endpoint,
    reportFailure,
    async check(what) {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch (err) {
        reportFailure(err, what);
        return false;
      }
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Creates tables if they are missing, under an advisory lock so two instances
 * starting together do not race on the catalogue.
 */
export async function migrate(db: Database, lockKey: number, statements: readonly string[]): Promise<void> {
  await db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
    for (const sql of statements) await client.query(sql);
  });
}

/** pg returns numeric columns as strings; money is numeric(12,2). */
export function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}
