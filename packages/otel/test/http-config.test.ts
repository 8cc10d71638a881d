import { join } from 'node:path';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { httpConfig, JewelryContextManager, outgoingRequestIsSuppressed, recordExpressRoute } from '@jewelry/otel/internals';
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
