import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';

interface ExpressRequest {
  method?: string;
  baseUrl?: unknown;
  route?: { path?: unknown };
}

/**
 * The Express route a request was answered by: the mount path of its router
 * (`req.baseUrl`) and the route's own path, as Express 4 and 5 leave them on
 * the request once a route matched — `/api/orders/:id`. Undefined when no
 * route matched (a 404, a static file) or the route is not a plain string
 * (a RegExp or a list): better no route than a wrong one.
 */
export function expressRouteOf(request: unknown): string | undefined {
  const req = request as ExpressRequest;
  const path = req.route?.path;
  if (typeof path !== 'string') return undefined;
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  if (!base) return path;
  return path === '/' ? base : base + path;
}

/**
 * What the distribution keeps of Express (TR-3): the route on the HTTP server
 * span — `http.route`, and the span named `POST /orders` — which the
 * collector's span metrics and the alerts group by. No span per Express
 * layer: the stock Express instrumentation patched every middleware, router
 * and handler of every request and opened a span for the handler, which cost
 * more than the server span itself and said nothing the server span and the
 * log records do not. Called by the HTTP instrumentation when a response is
 * finished (its applyCustomAttributesOnSpan hook).
 */
export function recordExpressRoute(span: Span, request: IncomingMessage | unknown, _response?: ServerResponse | unknown): void {
  const route = expressRouteOf(request);
  if (route === undefined) return;
  span.setAttribute('http.route', route);
  span.updateName(`${(request as ExpressRequest).method ?? 'GET'} ${route}`);
}
