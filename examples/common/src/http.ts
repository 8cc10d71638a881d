import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import type { JewelryLogger } from '@jewelry/logger';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';

/** Trace id of the active span (the HTTP server span of a request), for answers and the scenario. */
export function activeTraceId(): string | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceId !== '00000000000000000000000000000000' ? ctx.traceId : undefined;
}

/** The user acting, from `x-user-id` (an id, never a name); a service default otherwise. */
export function userIdOf(header: string | string[] | undefined, fallback: string): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9_.:-]{1,64}$/.test(value) ? value : fallback;
}

/**
 * Last handler of every service. A body that is not JSON is the client's
 * error: answered 400 and logged without the parser's message (Node quotes
 * the start of the body there, which may hold a name). Anything else is an
 * exception: ERROR with the stack, 500.
 */
export function errorHandler(log: JewelryLogger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    void _next;
    const e = err as Error & { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed' || e?.type === 'entity.too.large') {
      log.warn('request body refused', { 'error.type': e.type, 'http.request.method': req.method, 'url.path': req.path });
      res
        .status(e.status ?? 400)
        .json({ error: e.type === 'entity.too.large' ? 'body too large' : 'body is not valid JSON', traceId: activeTraceId() });
      return;
    }
    log.error('request failed', { err, 'http.request.method': req.method, 'url.path': req.path });
    if (!res.headersSent) res.status(500).json({ error: 'internal error', traceId: activeTraceId() });
  };
}

/** GET /health: 200 when every check passes, 503 with the failing names otherwise. */
export function healthRoute(service: string, checks: Record<string, () => Promise<boolean>> = {}): RequestHandler {
  return async (_req, res) => {
    const results: Record<string, 'up' | 'down'> = {};
    for (const [name, check] of Object.entries(checks)) results[name] = (await check().catch(() => false)) ? 'up' : 'down';
    const ok = Object.values(results).every((r) => r === 'up');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', service, checks: results });
  };
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops taking connections, lets requests in progress finish, then drops idle keep-alive sockets. */
export function closeServer(server: Server, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export { setTimeout as sleep } from 'node:timers/promises';
