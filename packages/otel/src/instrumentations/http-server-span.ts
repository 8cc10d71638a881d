import { errorMonitor } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  createNoopMeter,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { overridingMethods } from './override-methods';

/*
 * Why: issue 16's profile charged ~44 µs of CPU per order request to the stock
 * HTTP instrumentation's incoming side (0.2xx): a WHATWG `new URL` for the path
 * and query, attribute objects built twice, a WeakSet of open spans, a
 * duration it then records into a no-op histogram. Here a request
 * whose inputs are plain — an origin-form target of ASCII path characters
 * without dot segments, a Host header the URL parser accepts, no Forwarded /
 * X-Forwarded-Host, an X-Forwarded-For that starts with a plain IPv4 address —
 * gets the same server span from string operations and one startSpan call.
 * Any other request, and every request while an option we do not implement
 * here is set (hooks, header capture, requireParent, synthetic-source
 * detection, per-request metrics), goes to the stock code: same span by
 * construction. test/http-server-span.test.ts serves the same requests
 * under both and compares the spans field by field;
 * bench/micro/http-server-span-bench.js measures the gain.
 */

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => unknown;
type IncomingWrapperFactory = (this: unknown, component: string, original: Emit) => Emit;

/** The parts of the stock instrumentation this module reads. */
interface StockInternals {
  tracer: Tracer;
  getConfig(): HttpInstrumentationConfig;
  _httpServerDurationHistogram?: unknown;
}

const NOOP_HISTOGRAM = createNoopMeter().createHistogram('probe').constructor;

/** RFC 9110/5789 methods and QUERY: the stock instrumentation names any other `_OTHER`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/** The stock default of `redactedQueryParamsServer`. */
const REDACTED_QUERY_PARAMS = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

/**
 * An origin-form target whose path the WHATWG parser leaves as it is: no
 * character it would percent-encode or drop, no `//` at the start (a
 * scheme-relative URL), no `#`; the query any printable ASCII but `#`.
 */
const PLAIN_TARGET = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@%/]*(?:\?[!"$-~]*)?$/;
/** Dot segments (`/./`, `/../`, `%2e`) the parser would resolve. */
const DOT_SEGMENT = /\/\.|%2e/i;
const PLAIN_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** `server.address` and `server.port` from a Host header. */
interface ServerAddress {
  address: string;
  port: number | undefined;
}

/**
 * A Host header's address and port, or null when the URL parser rejects it as
 * an authority (the stock code then reports no `url.*`). Host headers seen are
 * parsed once per scheme; bounded, so random hosts only miss the cache.
 */
const serverAddresses: Record<string, Map<string, ServerAddress | null>> = { http: new Map(), https: new Map() };
function serverAddressOf(host: string, component: string): ServerAddress | null {
  const cache = serverAddresses[component];
  let found = cache?.get(host);
  if (found === undefined) {
    const [address, port] = hostAndPort(host, component);
    found = URL.canParse(`${component}://${host}`) ? { address, port: port === undefined ? undefined : Number(port) } : null;
    if (cache && cache.size < 256) cache.set(host, found);
  }
  return found;
}

/** Whether the stock code would do something here that this module does not (then it serves the request). */
function needsStock(config: HttpInstrumentationConfig, internals: StockInternals): boolean {
  return (
    config.ignoreIncomingRequestHook !== undefined ||
    config.startIncomingSpanHook !== undefined ||
    config.requestHook !== undefined ||
    config.responseHook !== undefined ||
    config.requireParentforIncomingSpans === true ||
    config.enableSyntheticSourceDetection === true ||
    (config.headersToSpanAttributes?.server?.requestHeaders?.length ?? 0) > 0 ||
    (config.headersToSpanAttributes?.server?.responseHeaders?.length ?? 0) > 0 ||
    !(internals._httpServerDurationHistogram instanceof NOOP_HISTOGRAM)
  );
}

/** `server.address` and `server.port` from a Host header, as the stock instrumentation splits it (IPv6 literals included). */
function hostAndPort(header: string, component: string): [string, string | undefined] {
  const parts = header.split(':');
  const defaultPort = component === 'https' ? '443' : component === 'http' ? '80' : undefined;
  if (parts.length === 1) return [header, defaultPort];
  if (parts.length === 2) return [parts[0]!, parts[1]];
  if (parts[0]!.startsWith('[')) {
    if (parts[parts.length - 1]!.endsWith(']')) return [header, defaultPort];
    if (parts[parts.length - 2]!.endsWith(']')) return [parts.slice(0, -1).join(':'), parts[parts.length - 1]];
  }
  return [header, undefined];
}

/** The query as the stock instrumentation reports it: form-decoded, listed names redacted, re-encoded. */
function redactedQuery(query: string, names: readonly string[]): string {
  const params = new URLSearchParams(query);
  for (const name of names) if (params.has(name)) params.set(name, 'REDACTED');
  return params.toString();
}

/** The stock server span's start attributes for a plain request, or undefined when the request is not plain. */
function leanServerAttributes(request: IncomingMessage, component: string, config: HttpInstrumentationConfig): Attributes | undefined {
  const target = request.url ?? '/';
  const headers = request.headers;
  if (!PLAIN_TARGET.test(target) || headers.forwarded || headers['x-forwarded-host'] !== undefined) return undefined;
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (DOT_SEGMENT.test(path)) return undefined;
  const host = headers.host;
  const server = host ? serverAddressOf(host, component) : undefined;
  if (server === null) return undefined;

  let clientAddress = request.socket.remoteAddress;
  const forwardedFor = headers['x-forwarded-for'];
  if (forwardedFor) {
    const first = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor[0])?.split(',')[0]!.trim();
    if (first !== undefined && !PLAIN_IPV4.test(first)) return undefined;
    if (first !== undefined) clientAddress = first;
  }

  const method = request.method;
  const upper = method?.toUpperCase();
  const normalized = upper === undefined ? 'GET' : KNOWN_METHODS.has(upper) ? upper : '_OTHER';
  const attributes: Attributes = { 'http.request.method': normalized, 'url.scheme': component };
  if (server !== undefined) attributes['server.address'] = server.address;
  const socket = request.socket;
  if (socket.remoteAddress != null) attributes['network.peer.address'] = socket.remoteAddress;
  if (socket.remotePort != null) attributes['network.peer.port'] = socket.remotePort;
  if (request.httpVersion != null) attributes['network.protocol.version'] = request.httpVersion;
  const userAgent = headers['user-agent'];
  if (userAgent != null) attributes['user_agent.original'] = userAgent;
  attributes['url.path'] = path;
  if (q >= 0 && q < target.length - 1) {
    attributes['url.query'] = redactedQuery(target.slice(q + 1), config.redactedQueryParamsServer ?? REDACTED_QUERY_PARAMS);
  }
  if (clientAddress) attributes['client.address'] = clientAddress;
  if (server?.port !== undefined) attributes['server.port'] = server.port;
  if (method !== normalized) attributes['http.request.method_original'] = method;
  return attributes;
}

/**
 * The HTTP instrumentation class with its server spans made by the lean code
 * above. It builds its `Server.prototype.emit` wrappers with
 * `_incomingRequestFunction(component, original)` (0.2xx); a version without
 * it keeps its own behaviour.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule: a base class is `new (...args: any[])`
export function withLeanServerSpans<C extends new (...args: any[]) => object>(base: C): C {
  return overridingMethods(base, {
    _incomingRequestFunction: (stockFactory: IncomingWrapperFactory) =>
      function incomingWrapper(this: unknown, component: string, original: Emit): Emit {
        return leanIncomingRequest(this as StockInternals, component, original, stockFactory.call(this, component, original));
      },
  });
}

/** The `Server#emit` wrapper: a 'request' with a plain request gets the lean span, any other goes to `stock`; other events to `original`. */
function leanIncomingRequest(instrumentation: StockInternals, component: string, original: Emit, stock: Emit): Emit {
  return function incomingRequest(this: unknown, event: string | symbol, request?: unknown, response?: unknown): unknown {
    // `arguments` passes every event on as it came, without a rest array per event.
    // eslint-disable-next-line prefer-rest-params
    if (event !== 'request') return Reflect.apply(original, this, arguments);
    let served: ServerSpan | undefined;
    try {
      served = ServerSpan.start(instrumentation, component, request as IncomingMessage, response as ServerResponse);
    } catch {
      // Our code failed before the service's handler ran: the stock code serves the request.
      served = undefined;
    }
    // eslint-disable-next-line prefer-rest-params
    if (served === undefined) return Reflect.apply(stock, this, arguments);
    try {
      // eslint-disable-next-line prefer-rest-params
      return context.with(served.context, Reflect.apply, undefined, original, this, arguments);
    } catch (error) {
      if (error) served.fail(error as Error);
      throw error;
    }
  };
}

/** One request's server span, ended once: when the response is done ('close': finished, or the connection went first) or failed. */
class ServerSpan {
  private ended = false;
  private failed = false;

  private constructor(
    readonly span: Span,
    readonly context: Context,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly config: HttpInstrumentationConfig,
  ) {}

  /** The span started and bound to the request and response, or undefined for a request the stock code serves. */
  static start(
    instrumentation: StockInternals,
    component: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): ServerSpan | undefined {
    const config = instrumentation.getConfig();
    if (needsStock(config, instrumentation)) return undefined;
    const attributes = leanServerAttributes(request, component, config);
    if (attributes === undefined) return undefined;
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = instrumentation.tracer.startSpan(request.method || 'GET', { kind: SpanKind.SERVER, attributes }, parent);
    try {
      const served = new ServerSpan(
        span,
        setRPCMetadata(trace.setSpan(parent, span), { type: RPCType.HTTP, span }),
        request,
        response,
        config,
      );
      context.bind(served.context, request);
      context.bind(served.context, response);
      response.on('close', () => served.close());
      response.on(errorMonitor, (error: Error) => served.fail(error));
      return served;
    } catch (error) {
      span.end();
      throw error;
    }
  }

  /** The stock `_onServerResponseFinish`: status code, route, status, the custom-attributes hook. */
  private close(): void {
    if (this.failed || this.ended) return;
    const { span, request, response } = this;
    const status = response.statusCode;
    span.setAttribute('http.response.status_code', status);
    const rpc = getRPCMetadata(context.active());
    const route = rpc?.type === RPCType.HTTP ? rpc.route : undefined;
    if (route !== undefined) span.setAttribute('http.route', route);
    if (!(status >= 100 && status < 500)) span.setStatus({ code: SpanStatusCode.ERROR });
    if (route) span.updateName(`${request.method || 'GET'} ${route}`);
    const hook = this.config.applyCustomAttributesOnSpan;
    if (hook) {
      try {
        hook(span, request, response);
      } catch {
        // The stock code ignores a failing hook too.
      }
    }
    this.end();
  }

  /** The stock `setSpanWithError`, then the end; a response that failed ends no further. */
  fail(error: Error): void {
    this.failed = true;
    if (this.ended) return;
    this.span.setAttribute('error.type', error.name);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    this.span.recordException(error);
    this.end();
  }

  private end(): void {
    this.ended = true;
    this.span.end();
  }
}
