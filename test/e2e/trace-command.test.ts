import { randomUUID } from 'node:crypto';
import { stackEndpoints } from '@jewelry/cli';
import { cli } from '../support/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, term } from '../support/elasticsearch';
import { httpRequest, startOrderService, type FixtureProcess } from '../support/fixture-process';

const endpoints = stackEndpoints();

describe('jewelry-otel trace <trace-id | order-id>, read from the real Elasticsearch (issue 4)', () => {
  let service: FixtureProcess;
  let traceId: string;
  const orderId = `ORD-TRACE-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    service = startOrderService('crm-api', endpoints.otlpHttpEndpoint);
    const answer = await httpRequest(await service.port(), 'POST', '/orders', { orderId, customerId: 'cus_1', total: 10 });
    traceId = (JSON.parse(answer.body) as { traceId: string }).traceId;
    const es = new EsReader(endpoints.elasticsearchUrl);
    await es.waitFor(writeAlias('crm-api', 'logs'), term('order.id', orderId), (h) => h.length >= 2);
    await es.waitFor(writeAlias('crm-api', 'traces'), term('trace.id', traceId), (h) => h.some((s) => s.source['span.kind'] === 'server'));
  });
  afterAll(() => service?.stop());

  test('by trace id: the waterfall with the log records beneath their spans', async () => {
    const { code, out } = await cli('trace', traceId);
    expect(code).toBe(0);
    expect(out).toContain(`trace ${traceId} —`);
    expect(out).toMatch(/crm-api\s+POST \/orders \(server\)/);
    expect(out).toContain(`order created [order.created]  order.id=${orderId}`);
  });

  test('by order id, and --json for scripts', async () => {
    const { code, out } = await cli('trace', orderId, '--json');
    expect(code).toBe(0);
    const lookup = JSON.parse(out) as {
      kind: string;
      traces: { traceId: string; spans: { name: string }[]; logs: { eventName?: string }[] }[];
    };
    expect(lookup.kind).toBe('order');
    expect(lookup.traces.map((t) => t.traceId)).toEqual([traceId]);
    expect(lookup.traces[0]!.spans.map((s) => s.name)).toContain('POST /orders');
    expect(lookup.traces[0]!.logs.map((l) => l.eventName)).toContain('order.created');
  });

  test('nothing found: a clear message and exit code 1', async () => {
    const { code, err } = await cli('trace', 'ORD-DOES-NOT-EXIST');
    expect(code).toBe(1);
    expect(err).toContain('nothing found for order ORD-DOES-NOT-EXIST');
  });
});
