// `jewelry-otel stuck-orders --serve 127.0.0.1:9464`: recomputes the stuck
// orders every --interval and serves the last result on /metrics for
// Prometheus. A scrape only reads a string held in memory, so scraping often
// costs Elasticsearch nothing; checks never overlap (the next one is planned
// when the last one ends). SIGTERM/SIGINT close the listener, wait for a
// running check (bounded) and end with exit code 0.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EsClient } from '@jewelry/elasticsearch';
import { errorMessage, UsageError } from '@jewelry/ops-kit';
import { findStuckOrders, resolveOlderThan, type StuckOrdersOptions, type StuckOrdersResult } from './find-stuck-orders';
import {
  DEFAULT_METRICS_LISTEN,
  PROMETHEUS_CONTENT_TYPE,
  renderStuckOrdersMetrics,
  type StuckOrdersMetricsState,
} from './stuck-orders-metrics';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `127.0.0.1:9464`, `:9464`, `9464`, `[::1]:9464`, `localhost:0` → host and port (host defaults to 127.0.0.1). */
export function parseListenAddress(value: string | undefined): ListenAddress {
  const text = (value ?? '').trim() || DEFAULT_METRICS_LISTEN;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const colon = text.lastIndexOf(':');
  const [host, portText] = bracketed
    ? [bracketed[1]!, bracketed[2]!]
    : /^\d+$/.test(text)
      ? ['', text]
      : colon >= 0 && !text.slice(0, colon).includes(':')
        ? [text.slice(0, colon), text.slice(colon + 1)]
        : ['', 'invalid'];
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--serve: '${value}' is not host:port (e.g. ${DEFAULT_METRICS_LISTEN})`);
  }
  return { host: host || '127.0.0.1', port };
}

export interface MetricsServerOptions extends StuckOrdersOptions {
  listen?: string | ListenAddress;
  /** Milliseconds between the end of one check and the start of the next; default 60 s. */
  intervalMillis?: number;
  /** One line per failed check (the CLI writes it to stderr). */
  onError?: (message: string) => void;
  /** Every successful check. */
  onCheck?: (result: StuckOrdersResult) => void;
}

export interface StuckOrdersMetricsServer {
  /** http://host:port/metrics */
  readonly url: string;
  readonly port: number;
  /** What /metrics serves right now. */
  metrics(): string;
  readonly state: Readonly<StuckOrdersMetricsState>;
  /** Runs a check now (the timer goes on). */
  refresh(): Promise<void>;
  /** Stops the timer and the listener, waits for a running check. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts listening, runs the first check, then one every `intervalMillis`.
 * Resolves once the listener is up and the first check has ended (well or
 * not: a failed check is reported through onError and in the metrics).
 */
export async function serveStuckOrderMetrics(client: EsClient, options: MetricsServerOptions = {}): Promise<StuckOrdersMetricsServer> {
  const address = typeof options.listen === 'object' ? options.listen : parseListenAddress(options.listen);
  const intervalMillis = options.intervalMillis ?? 60_000;
  if (!(intervalMillis >= 1000)) throw new UsageError('--interval must be at least 1s');
  const state: StuckOrdersMetricsState = {
    last: undefined,
    statusesSeen: new Set<string>(),
    olderThanMillis: resolveOlderThan(options.olderThan),
    lastCheckOk: false,
    lastCheckSeconds: undefined,
    lastCheckAtMillis: undefined,
    checkErrors: 0,
    checks: 0,
  };
  let page = renderStuckOrdersMetrics(state);
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const check = async (): Promise<void> => {
    const started = Date.now();
    try {
      const result = await findStuckOrders(client, { ...options, now: undefined });
      state.last = result;
      state.statusesSeen = new Set([...state.statusesSeen, ...Object.keys(result.byStatus)]);
      state.lastCheckOk = true;
      options.onCheck?.(result);
    } catch (err) {
      state.lastCheckOk = false;
      state.checkErrors += 1;
      options.onError?.(`stuck-orders check failed: ${errorMessage(err)}`);
    } finally {
      state.checks += 1;
      state.lastCheckSeconds = (Date.now() - started) / 1000;
      state.lastCheckAtMillis = Date.now();
      page = renderStuckOrdersMetrics(state);
    }
  };
  const refresh = (): Promise<void> => {
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  };
  const schedule = (): void => {
    if (closed) return;
    timer = setTimeout(() => void refresh().then(schedule), intervalMillis);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(page) });
      res.end(req.method === 'HEAD' ? undefined : page);
    } else if (path === '/' || path === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('jewelry-otel stuck-orders exporter: metrics on /metrics\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are on /metrics\n');
    }
  });
  // A scrape keeps its connection alive; don't let that hold close() up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' ? new UsageError(`--serve: ${address.host}:${address.port} is already in use (pick another port)`) : err,
      ),
    );
    server.listen(address.port, address.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;

  await refresh();
  schedule();

  return {
    url: `http://${host}:${port}/metrics`,
    port,
    metrics: () => page,
    state,
    refresh,
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // A check in flight ends by itself (the ES client times out after 30 s); don't wait longer than a few seconds.
      if (running) await Promise.race([running, sleep(5000, undefined, { ref: false })]);
    },
  };
}

/**
 * For the CLI: serve until SIGTERM or SIGINT, then close and resolve (exit
 * code 0). `onStop` is told which signal ended it.
 */
export async function serveUntilSignal(server: StuckOrdersMetricsServer, onStop?: (signal: NodeJS.Signals) => void): Promise<void> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const handler = (s: NodeJS.Signals): void => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      resolve(s);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
  onStop?.(signal);
  await server.close();
}
