import { randomUUID } from 'node:crypto';
import { stackEndpoints } from '@jewelry/cli';
import { allFieldNames, writeAlias } from '@jewelry/schema';
import { EsReader, term } from '../support/elasticsearch';
import { httpRequest, startOrderService, type FixtureProcess } from '../support/fixture-process';

const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);

/** The real pipeline: service → our collector → Elasticsearch (TR-1, LV-2, LV-4, ST-1). */
describe('collector pipeline into Elasticsearch, real components', () => {
  let service: FixtureProcess;
  let port: number;

  beforeAll(async () => {
    const health = await fetch(endpoints.collectorHealthUrl).catch(() => undefined);
    if (!health?.ok)
      throw new Error(
        `the collector is not running at ${endpoints.collectorHealthUrl}; start the stack with \`jewelry-otel stack up\` (npm test does)`,
      );
    service = startOrderService('shop-api', endpoints.otlpHttpEndpoint);
    port = await service.port();
  });
  afterAll(() => service?.stop());

  test('an HTTP request with an EV event: log documents in the service index share the span trace.id, with schema-typed fields', async () => {
    const orderId = `ORD-E2E-${randomUUID().slice(0, 8)}`;
    const answer = await httpRequest(port, 'POST', '/orders', {
      orderId,
      customerId: 'cus_8842',
      total: 125000.5,
      items: [{ sku: 'RING-AU-585', title: 'Кольцо «Аврора»', quantity: 2, unitPrice: 62500.25 }],
    });
    const { traceId } = JSON.parse(answer.body) as { traceId: string };

    const logs = await es.waitFor(writeAlias('shop-api', 'logs'), term('order.id', orderId), (h) => h.length >= 2);
    const event = logs.find((h) => h.source['event.name'] === 'order.created');
    expect(event).toBeDefined();
    expect(event!.index).toMatch(/^shop-api-logs-\d{6}$/); // written through the alias into the rolled index
    expect(event!.source).toMatchObject({
      'trace.id': traceId,
      'service.name': 'shop-api',
      'log.level': 'info',
      message: 'order created',
      'order.id': orderId,
      'customer.id': 'cus_8842',
      'order.source': 'shop-api',
      'order.total': 125000.5,
    });
    expect(event!.source['span.id']).toMatch(/^[0-9a-f]{16}$/);
    expect(new Date(String(event!.source['@timestamp'])).getTime()).toBeGreaterThan(Date.now() - 120000);
    for (const log of logs) expect(log.source['trace.id']).toBe(traceId);

    // Typed, searchable: a range query on the double field and a term on an item sub-field find it.
    const byTotal = await es.search(writeAlias('shop-api', 'logs'), {
      bool: { filter: [term('order.id', orderId), { range: { 'order.total': { gte: 125000, lte: 125001 } } }] },
    });
    expect(byTotal).toHaveLength(1);

    const spans = await es.waitFor(writeAlias('shop-api', 'traces'), term('trace.id', traceId), (h) =>
      h.some((s) => s.source['span.kind'] === 'server'),
    );
    const server = spans.find((s) => s.source['span.kind'] === 'server')!;
    expect(server.index).toMatch(/^shop-api-traces-\d{6}$/);
    expect(server.source).toMatchObject({
      'trace.id': traceId,
      'service.name': 'shop-api',
      'http.route': '/orders',
      'http.response.status_code': 200,
      'event.outcome': 'success',
    });
    expect(Number(server.source['event.duration'])).toBeGreaterThan(0);
    // The event log record points at a span of this trace.
    expect(spans.map((s) => s.source['span.id'])).toContain(event!.source['span.id']);
  });

  test('WARN, ERROR and FATAL records land in the warnings/errors class with ECS error fields', async () => {
    const orderId = `ORD-E2E-${randomUUID().slice(0, 8)}`;
    await httpRequest(port, 'POST', '/fail', { orderId, email: 'anna.smirnova@example.com' });
    const errors = await es.waitFor(writeAlias('shop-api', 'errors'), term('order.id', orderId), (h) => h.length >= 1);
    expect(errors[0]!.source).toMatchObject({ 'log.level': 'fatal', message: 'database unreachable', 'service.name': 'shop-api' });
    const failed = await es.waitFor(
      writeAlias('shop-api', 'errors'),
      { match_phrase: { 'error.message': 'could not reach ***@example.com' } },
      (h) => h.length >= 1,
    );
    expect(failed[0]!.source).toMatchObject({ 'log.level': 'error', 'error.type': 'Error' });
    expect(String(failed[0]!.source['error.stack_trace'])).toContain('order-service.js');
    // Nothing of these went to the operational class.
    expect(await es.search(writeAlias('shop-api', 'logs'), term('order.id', orderId))).toHaveLength(0);
  });

  test('host OS logs are collected beside the services (LV-4)', async () => {
    const host = await es.waitFor(writeAlias('host', 'logs'), term('service.name', 'host'), (h) => h.length > 0);
    expect(host.length).toBeGreaterThan(0);
    expect(host[0]!.source).toMatchObject({ 'service.name': 'host', 'log.level': 'info' });
    expect(String(host[0]!.source['log.file.path'])).toMatch(/^\/var\/log\//);
    expect(String(host[0]!.source.message).length).toBeGreaterThan(0);
    expect(host[0]!.source['host.name']).toEqual(expect.any(String));
  });

  test('the mapping of every index the pipeline wrote matches the schema: no field dynamically mapped to another type', async () => {
    const expected = allFieldNames();
    for (const cls of ['logs', 'errors'] as const) {
      const mapping = (await es.get(`/${writeAlias('shop-api', cls)}/_mapping`)) as Record<string, { mappings: Record<string, unknown> }>;
      const [index, { mappings }] = Object.entries(mapping)[0]!;
      const actual = leafTypes(mappings);
      const wrong = [...actual].filter(([name, type]) => expected.has(name) && !compatible(expected.get(name)!, type));
      expect({ index, wrong }).toEqual({ index, wrong: [] });
      const unknown = [...actual.keys()].filter((name) => !expected.has(name));
      expect({ index, unknown }).toEqual({ index, unknown: [] });
      for (const name of ['trace.id', 'order.id', 'order.total', 'event.name', 'log.level', '@timestamp'])
        expect(actual.has(name)).toBe(true);
    }
  });
});

/** Mapped leaf fields as dotted name → type, whatever nesting or subobjects setting the template uses. */
function leafTypes(mappings: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const properties = (mappings.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, def] of Object.entries(properties)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (def.properties) for (const [sub, type] of leafTypes(def, name)) out.set(sub, type);
    else out.set(name, String(def.type ?? 'object'));
  }
  return out;
}

function compatible(schemaType: string, esType: string): boolean {
  return schemaType === esType || (schemaType === 'object' && ['object', 'flattened', 'nested'].includes(esType));
}
