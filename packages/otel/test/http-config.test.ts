import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  bypassingSuppressedRequests,
  httpConfig,
  JewelryContextManager,
  outgoingRequestIsSuppressed,
  recordExpressRoute,
} from '@jewelry/otel/internals';
import { httpRequest } from '../../../test/support/fixture-process';
import { useReceiverAndFixture } from '../../../test/support/receiver-and-fixture';

const REPO = join(__dirname, '..', '..', '..');
const SPAN_KIND_CLIENT = 3;

// Issue 16: an outgoing request where tracing is suppressed skips the HTTP instrumentation's work.
describe("the HTTP instrumentation's options", () => {
  const manager = new JewelryContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(manager));
  afterAll(() => context.disable());

  test('an outgoing request is skipped exactly where tracing is suppressed', () => {
    expect(outgoingRequestIsSuppressed()).toBe(false);
    expect(context.with(suppressTracing(ROOT_CONTEXT), outgoingRequestIsSuppressed)).toBe(true);
    expect(httpConfig({ expressRoutes: false })).toEqual({ ignoreOutgoingRequestHook: outgoingRequestIsSuppressed });
    expect(httpConfig({ expressRoutes: true }).applyCustomAttributesOnSpan).toBe(recordExpressRoute);
  });

  describe('the instrumentation class', () => {
    type Wrapper = (this: unknown, ...args: unknown[]) => unknown;
    type WithFactory = { _outgoingRequestFunction(component: string, original: Wrapper): Wrapper };
    // The official instrumentation's option parsing, which a suppressed request no longer pays for.
    const utils = require('@opentelemetry/instrumentation-http/build/src/utils') as { getRequestInfo: (...args: unknown[]) => unknown };
    const Http = bypassingSuppressedRequests(HttpInstrumentation);
    const wrapperOf = (original: Wrapper): Wrapper =>
      (new Http({ enabled: false }) as unknown as WithFactory)._outgoingRequestFunction('http', original);
    afterEach(() => jest.restoreAllMocks());

    test("a suppressed request goes to Node's own function with the caller's arguments, before any parsing", () => {
      const parse = jest.spyOn(utils, 'getRequestInfo');
      const original = jest.fn(() => 'request');
      const options = { headers: { accept: 'application/json' } };
      const callback = (): void => undefined;
      const result = context.with(suppressTracing(ROOT_CONTEXT), () =>
        wrapperOf(original).call('this', 'http://127.0.0.1:9/x?a=1', options, callback),
      );
      expect(result).toBe('request');
      expect(original).toHaveBeenCalledTimes(1);
      expect(original.mock.contexts[0]).toBe('this');
      expect(original.mock.calls[0]).toEqual(['http://127.0.0.1:9/x?a=1', options, callback]);
      expect(parse).not.toHaveBeenCalled();
    });

    test('any other request goes through the instrumentation, which parses its options', () => {
      const parse = jest.spyOn(utils, 'getRequestInfo');
      const request = Object.assign(new EventEmitter(), { setHeader: jest.fn(), getHeader: jest.fn() });
      const original = jest.fn(() => request);
      wrapperOf(original)('http://127.0.0.1:9/x?a=1', { headers: {} });
      expect(parse).toHaveBeenCalledTimes(1);
      expect(original).toHaveBeenCalledTimes(1);
      // The instrumentation hands Node the options it parsed, not the caller's string.
      expect(typeof (original.mock.calls[0] as unknown[])[0]).toBe('object');
    });

    test('an instrumentation class without that factory is returned unchanged', () => {
      class Other {}
      expect(bypassingSuppressedRequests(Other)).toBe(Other);
      expect(Http).not.toBe(HttpInstrumentation);
      expect(new Http({ enabled: false })).toBeInstanceOf(HttpInstrumentation);
    });
  });

  describe('in a running service', () => {
    const fixture = useReceiverAndFixture();
    const call = async (path: string) => {
      const service =
        fixture.service ??
        fixture.start(
          ['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'propagation-probe.js')],
          { OTEL_SERVICE_NAME: 'shop-api', OTEL_EXPORTER_OTLP_ENDPOINT: fixture.receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
          REPO,
        );
      const answer = await httpRequest(await service.port(), 'GET', path);
      return (JSON.parse(answer.body) as { outgoing: { traceparent: string | null } }).outgoing;
    };

    test('a suppressed outgoing request carries no trace context and makes no span; a normal one does both', async () => {
      expect((await call('/call-suppressed')).traceparent).toBeNull();
      const outgoing = await call('/call');
      expect(outgoing.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(await fixture.receiver.waitFor(() => fixture.receiver.spans.some((s) => s.kind === SPAN_KIND_CLIENT))).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      const clients = fixture.receiver.spans.filter((s) => s.kind === SPAN_KIND_CLIENT);
      expect(clients).toHaveLength(1);
      expect(outgoing.traceparent).toContain(clients[0]!.spanId);
    });
  });
});
