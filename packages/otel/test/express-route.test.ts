import { join } from 'node:path';
import { expressRouteOf } from '@jewelry/otel/internals';
import { httpRequest } from '../../../test/support/fixture-process';
import { useReceiverAndFixture } from '../../../test/support/receiver-and-fixture';

const REPO = join(__dirname, '..', '..', '..');
const SPAN_KIND_SERVER = 2;

// Issue 16: Express is the route on the HTTP server span, not a span per Express layer.
describe('express route on the HTTP server span', () => {
  test.each([
    ['a route of the app', { route: { path: '/orders' }, baseUrl: '' }, '/orders'],
    ['a route of a router mounted under /api', { route: { path: '/orders/:id' }, baseUrl: '/api' }, '/api/orders/:id'],
    ['the root route of a mounted router', { route: { path: '/' }, baseUrl: '/api' }, '/api'],
    ['no route matched (404, static file)', { baseUrl: '' }, undefined],
    ['a RegExp route: better none than a wrong one', { route: { path: /^\/orders\/\d+$/ }, baseUrl: '' }, undefined],
    ['a plain http request', {}, undefined],
  ])('%s', (_label, request, route) => {
    expect(expressRouteOf(request)).toBe(route);
  });

  describe('in a running service', () => {
    const fixture = useReceiverAndFixture();
    const start = (extra: NodeJS.ProcessEnv = {}) =>
      fixture
        .start(
          ['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')],
          {
            OTEL_SERVICE_NAME: 'shop-api',
            OTEL_EXPORTER_OTLP_ENDPOINT: fixture.receiver.endpoint,
            OTEL_BSP_SCHEDULE_DELAY: '100',
            OTEL_BLRP_SCHEDULE_DELAY: '100',
            OTEL_METRIC_EXPORT_INTERVAL: '300',
            ...extra,
          },
          REPO,
        )
        .port();

    test('one server span per request, named by its route; no span of any Express layer', async () => {
      const port = await start();
      const order = JSON.parse((await httpRequest(port, 'POST', '/orders', { orderId: 'ORD-1', customerId: 'cus_1', total: 10 })).body) as {
        traceId: string;
      };
      expect((await httpRequest(port, 'GET', '/api/orders/ORD-2')).status).toBe(200);
      expect((await httpRequest(port, 'GET', '/nowhere')).status).toBe(404);
      expect(await fixture.receiver.waitFor(() => fixture.receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length >= 3)).toBe(
        true,
      );
      const servers = fixture.receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER);
      expect(servers.map((s) => [s.name, s.attributes['http.route']])).toEqual([
        ['POST /orders', '/orders'],
        ['GET /api/orders/:id', '/api/orders/:id'],
        ['GET', undefined],
      ]);
      expect(fixture.receiver.spans.filter((s) => s.traceId === order.traceId)).toHaveLength(1);
      expect(fixture.receiver.spans.filter((s) => s.scope.includes('express'))).toEqual([]);
      // The event of the request is on the server span and its log record belongs to it.
      const server = servers[0]!;
      expect(server.events.map((e) => e.name)).toEqual(['order.created']);
      expect(fixture.receiver.logs.filter((l) => l.traceId === order.traceId).every((l) => l.spanId === server.spanId)).toBe(true);
    });

    test("no per-request metrics of the instrumentations unless JEWELRY_INSTRUMENTATION_METRICS=true; the SDK's own loss metrics stay", async () => {
      let port = await start();
      await httpRequest(port, 'POST', '/orders', { orderId: 'ORD-3', customerId: 'cus_1', total: 10 });
      expect(await fixture.receiver.waitFor(() => fixture.receiver.metricNames.has('jewelry.otel.telemetry.lost'))).toBe(true);
      await new Promise((r) => setTimeout(r, 400)); // one more export interval
      expect([...fixture.receiver.metricNames].filter((n) => n.startsWith('http.'))).toEqual([]);
      await fixture.service!.stop();

      port = await start({ JEWELRY_INSTRUMENTATION_METRICS: 'true' });
      await httpRequest(port, 'POST', '/orders', { orderId: 'ORD-4', customerId: 'cus_1', total: 10 });
      expect(await fixture.receiver.waitFor(() => fixture.receiver.metricNames.has('http.server.request.duration'))).toBe(true);
    });
  });
});
