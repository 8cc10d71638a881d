import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { context, trace, type Context } from '@opentelemetry/api';
import { HttpInstrumentation, type HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { bypassingSuppressedRequests, JewelryContextManager, withLeanServerSpans } from '@jewelry/otel/internals';

const FIXTURE = join(__dirname, 'fixtures', 'http-server-span-diff.js');

interface CaseResult {
  name: string;
  statusLine: string;
  madeBy: 'stock' | 'lean';
  spans: Array<{ attributes: Record<string, unknown>; handlerRanInSpan: boolean; bodyEndInSpan: boolean }>;
}

function serve(variant: 'stock' | 'lean', tls: { key: string; cert: string }): Promise<CaseResult[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [FIXTURE, variant],
      { cwd: __dirname, env: { ...process.env, TLS_KEY: tls.key, TLS_CERT: tls.cert }, timeout: 90_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${variant} fixture failed: ${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as CaseResult[]),
    );
  });
}

/** The requests with odd inputs, which the lean code hands to the stock code; it serves all others itself. */
const STOCK_CASES = [
  'Host the URL parser rejects',
  'Host with a non-numeric port',
  'Host with an IPv4 address out of range',
  'absolute-form target',
  'asterisk target',
  'encoded dot segments',
  'dot segments',
  'hidden file segment',
  'scheme-relative target',
  'characters the parser encodes',
  'query with a hash',
  'x-forwarded-for IPv4 with port',
  'x-forwarded-for IPv6',
  'x-forwarded-for leading zeros',
  'x-forwarded-for garbage',
  'forwarded header',
  'x-forwarded-host and proto',
];

// Issue 16: the same requests under the stock HTTP instrumentation and under ours, one child process each
// (each patches `http` for good); every server span compared field by field but ids and times.
describe('the lean HTTP server span against the stock one', () => {
  let stock: CaseResult[];
  let lean: CaseResult[];
  beforeAll(async () => {
    // A throwaway self-signed certificate for CN=shop.example (valid until 2126), for the https cases.
    const tls = {
      key: join(__dirname, 'fixtures', 'tls', 'shop.example.key.pem'),
      cert: join(__dirname, 'fixtures', 'tls', 'shop.example.cert.pem'),
    };
    [stock, lean] = await Promise.all([serve('stock', tls), serve('lean', tls)]);
  }, 120_000);

  test('every request gives the same response and the same spans: name, kind, parent, attributes and their order, status, events', () => {
    expect(lean.map((c) => c.name)).toEqual(stock.map((c) => c.name));
    for (let i = 0; i < stock.length; i++) {
      expect({ name: lean[i]!.name, statusLine: lean[i]!.statusLine, spans: lean[i]!.spans }).toEqual({
        name: stock[i]!.name,
        statusLine: stock[i]!.statusLine,
        spans: stock[i]!.spans,
      });
    }
  });

  test('the plain requests were served by the lean code, the odd ones by the stock code', () => {
    const withSpans = (results: CaseResult[]) => results.filter((c) => c.spans.length > 0);
    expect(withSpans(stock).every((c) => c.madeBy === 'stock')).toBe(true);
    const served = withSpans(lean);
    expect(served.filter((c) => c.madeBy === 'stock').map((c) => c.name)).toEqual(STOCK_CASES);
    expect(served.filter((c) => c.madeBy === 'lean').length).toBeGreaterThanOrEqual(25);
  });

  test('the cases exercise what they are named for', () => {
    const byName = new Map(stock.map((c) => [c.name, c]));
    const attributes = (name: string) => byName.get(name)!.spans[0]!.attributes;
    expect(attributes('GET with query string and traceparent')['url.query']).toBe('expand=items&q=hello+world+x&sig=REDACTED');
    expect(attributes('IPv6 Host with port')).toMatchObject({ 'server.address': '[::1]', 'server.port': 3000 });
    expect(attributes('missing Host (HTTP/1.0)')['server.address']).toBeUndefined();
    expect(attributes('absolute-form target')['url.path']).toBe('/orders/6');
    expect(attributes('asterisk target')['url.path']).toBe('/*');
    expect(attributes('https Host without port')).toMatchObject({ 'url.scheme': 'https', 'server.port': 443 });
    expect(attributes('x-forwarded-for IPv4 list')['client.address']).toBe('203.0.113.7');
    expect(attributes('unknown method PURGE')).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE' });
    expect(attributes('raw handler throws, client gives up')['error.type']).toBe('Error');
    expect(byName.get('unsampled parent')!.spans).toEqual([]);
    expect(byName.get('POST with JSON body, traceparent and tracestate')!.spans[0]).toMatchObject({
      handlerRanInSpan: true,
      bodyEndInSpan: true,
    });
    expect(byName.get('404')!.spans[0]!.handlerRanInSpan).toBe(true);
    // Node refuses a raw non-ASCII request target before any instrumentation sees it.
    expect(byName.get('unicode path and query')!.statusLine).toBe('HTTP/1.1 400 Bad Request');
  });
});

describe('the lean server span in one process', () => {
  type Emit = (this: unknown, event: string, ...args: unknown[]) => unknown;
  type WithFactory = { _incomingRequestFunction(component: string, original: Emit): Emit; _startHttpSpan: (...args: unknown[]) => unknown };
  const manager = new JewelryContextManager().enable();
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  beforeAll(() => context.setGlobalContextManager(manager));
  afterAll(() => context.disable());
  afterEach(() => exporter.reset());

  const Lean = withLeanServerSpans(bypassingSuppressedRequests(HttpInstrumentation));
  function wrapperOf(
    config: HttpInstrumentationConfig,
    original: Emit,
    prepare: (instrumentation: HttpInstrumentation) => void = () => undefined,
  ): { emit: Emit; stockSpans: () => number } {
    const instrumentation = new Lean({ ...config, enabled: false });
    instrumentation.setTracerProvider(provider);
    prepare(instrumentation);
    const internals = instrumentation as unknown as WithFactory;
    const startHttpSpan = jest.spyOn(internals, '_startHttpSpan');
    return { emit: internals._incomingRequestFunction('http', original), stockSpans: () => startHttpSpan.mock.calls.length };
  }
  const fakeRequest = (fields: Record<string, unknown> = {}) =>
    Object.assign(new EventEmitter(), {
      method: 'GET',
      url: '/orders/1',
      headers: { host: 'shop.example:3000' },
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1', remotePort: 50000 },
      ...fields,
    });
  const fakeResponse = () => Object.assign(new EventEmitter(), { statusCode: 200 });

  test('a plain request: one span from the lean code, the handler running in its context, ended at close', () => {
    let active: Context | undefined;
    const { emit, stockSpans } = wrapperOf({}, function (this: unknown) {
      active = context.active();
      return 'handled';
    });
    const response = fakeResponse();
    expect(emit.call('server', 'request', fakeRequest(), response)).toBe('handled');
    expect(stockSpans()).toBe(0);
    response.emit('close');
    const [span] = exporter.getFinishedSpans();
    expect(span).toBeDefined();
    expect(span!.attributes['url.path']).toBe('/orders/1');
    expect(trace.getSpan(active as Context)?.spanContext().spanId).toBe(span!.spanContext().spanId);
  });

  test('an error inside our code: the stock code serves the request, the handler runs once with its arguments', () => {
    const original = jest.fn(() => 'handled');
    const { emit, stockSpans } = wrapperOf({}, original);
    // A request whose target cannot be read: our parsing throws, the stock code copes (it catches its own URL errors).
    const request = fakeRequest();
    Object.defineProperty(request, 'url', {
      get() {
        throw new Error('unreadable target');
      },
    });
    const response = fakeResponse();
    expect(emit.call('server', 'request', request, response)).toBe('handled');
    expect(original).toHaveBeenCalledTimes(1);
    expect(original.mock.calls[0]).toEqual(['request', request, response]);
    expect(stockSpans()).toBe(1);
  });

  test('options the lean code does not implement, and recorded request metrics, send every request to the stock code', () => {
    const cases: HttpInstrumentationConfig[] = [
      { requestHook: () => undefined },
      { startIncomingSpanHook: () => ({}) },
      { ignoreIncomingRequestHook: () => false },
      { headersToSpanAttributes: { server: { requestHeaders: ['x-order'] } } },
      { requireParentforIncomingSpans: true },
      { enableSyntheticSourceDetection: true },
    ];
    for (const config of cases) {
      const { emit, stockSpans } = wrapperOf(config, () => undefined);
      emit.call('server', 'request', fakeRequest(), fakeResponse());
      expect(stockSpans()).toBe(1);
    }
    const metered = wrapperOf(
      {},
      () => undefined,
      (instrumentation) => instrumentation.setMeterProvider(new MeterProvider()),
    );
    metered.emit.call('server', 'request', fakeRequest(), fakeResponse());
    expect(metered.stockSpans()).toBe(1);
  });

  test('other events go straight to the original emit; a class without the factory is returned unchanged', () => {
    const original = jest.fn(() => true);
    const { emit } = wrapperOf({}, original);
    expect(emit.call('server', 'connection', 'socket')).toBe(true);
    expect(original.mock.calls[0]).toEqual(['connection', 'socket']);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    class Other {}
    expect(withLeanServerSpans(Other)).toBe(Other);
  });
});
