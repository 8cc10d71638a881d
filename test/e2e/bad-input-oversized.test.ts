import { randomUUID } from 'node:crypto';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { FixtureProcess, httpRequest, STACK_FRAME, startBadInputService } from '../support/fixture-process';

/**
 * Issue 7, bad input (4): oversized values made inside an instrumented
 * service (test/fixtures/bad-input-service.js under `node --require
 * @jewelry/otel`), through the SDK, the real collector and Elasticsearch.
 * Raw OTLP with a 1 MB attribute and a 100 kB body is covered by
 * pipeline-bad-input.test.ts ("a 1 MB attribute, a 100 kB body …"); this is
 * the path a service's own log calls, span attributes and business events take.
 *
 * Limits that apply (none in the SDK: the distribution sets no
 * OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT): @jewelry/logger bounds what it writes —
 * message 32768 characters, every string value at any depth 8192, also on the
 * span event of a business event — and marks the record `log.truncated`
 * (packages/logger/README.md); the collector's hygiene processor cuts every
 * value of a span or record to 8192 and log bodies to 32768, at any depth, and
 * marks what it cut `log.truncated` (collector/processor/maskingprocessor).
 */

const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const MB = 1024 * 1024;
const PERSONAL = ['olga.bigpayload@example.org', '916 700-00-77', '+79167000077'];

const lengthOf = (v: unknown): number => (typeof v === 'string' ? v.length : -1);

describe('oversized values through the SDK reach Elasticsearch shortened and marked; the service keeps answering (ST-3, SEC-1, issue 7)', () => {
  const runId = `issue7-${randomUUID().slice(0, 8)}`;
  let service: FixtureProcess;
  let port: number;

  beforeAll(async () => {
    service = startBadInputService(endpoints.otlpHttpEndpoint, {
      OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=${runId}`,
      OTEL_METRICS_EXPORTER: 'none',
    });
    port = await service.port();
  });

  afterAll(async () => {
    await service?.stop();
  });

  test('a 1 MB log message, log attribute and span attribute', async () => {
    const orderId = `ORD-BIG-${randomUUID().slice(0, 8)}`;
    const answer = await httpRequest(port, 'POST', '/oversized', { orderId, size: MB });
    expect(answer.status).toBe(200);
    expect(answer.millis).toBeLessThan(5000);
    // Still answering at once.
    const health = await httpRequest(port, 'GET', '/health');
    expect([health.status, health.millis < 1000]).toEqual([200, true]);

    const [log] = await es.waitFor(writeAlias('partner-api', 'logs'), term('order.id', orderId), (h) => h.length > 0);
    expect(log).toBeDefined();
    const doc = log!.source;
    expect(doc['log.truncated']).toBe(true);
    expect(String(doc.message)).toMatch(/^BIG-BODY /);
    expect(lengthOf(doc.message)).toBe(32768);
    expect(String(doc['blob.payload'])).toMatch(/^LOG-ATTR /);
    expect(lengthOf(doc['blob.payload'])).toBe(8192);
    expect(doc['service.environment']).toBe(runId);

    // The span attribute: on the span active in the handler, cut to 8 kB by the collector, which marks the span.
    const [span] = await es.waitFor(writeAlias('partner-api', 'traces'), term('order.id', orderId), (h) => h.length > 0);
    expect(span).toBeDefined();
    expect(String(span!.source['blob.payload'])).toMatch(/^SPAN-ATTR /);
    expect(lengthOf(span!.source['blob.payload'])).toBe(8192);
    expect(span!.source['log.truncated']).toBe(true);
    expect(span!.source['trace.id']).toBe(JSON.parse(answer.body).traceId);

    // SEC-1 holds for the big values: the contact near the start survived the cut, masked.
    const text = JSON.stringify([doc, span!.source]);
    expect(PERSONAL.filter((p) => text.includes(p))).toEqual([]);
    expect(text).toContain('***@example.org');
  });

  test('a business event with 1 MB fields, nested in a list and unknown: every value shortened, on the record and on the span event', async () => {
    const orderId = `ORD-BIGEV-${randomUUID().slice(0, 8)}`;
    const answer = await httpRequest(port, 'POST', '/oversized-event', { orderId, size: MB });
    expect(answer.status).toBe(200);
    const traceId = JSON.parse(answer.body).traceId as string;

    const [log] = await es.waitFor(
      writeAlias('partner-api', 'logs'),
      { bool: { filter: [term('order.id', orderId), term('event.name', 'order.created')] } },
      (h) => h.length > 0,
    );
    expect(log).toBeDefined();
    const doc = log!.source;
    expect(doc['log.truncated']).toBe(true);
    const items = doc['order.items'] as Doc[];
    expect(String(items[0]!.title)).toMatch(/^ITEM-TITLE /);
    expect(lengthOf(items[0]!.title)).toBe(8192);
    expect(items[0]).toMatchObject({ sku: 'RING-1', quantity: 1, unit_price: 100 });
    expect(lengthOf(doc.engraving)).toBe(8192);
    expect(lengthOf(doc['file.id'])).toBe(8192);
    expect(doc['event.schema_errors']).toEqual(['engraving: unknown field for order.created']);
    // Known fields stay searchable beside the shortened ones.
    expect(
      await es.search(writeAlias('partner-api', 'logs'), {
        bool: { filter: [term('order.id', orderId), term('customer.id', 'cus_7007'), term('log.truncated', true)] },
      }),
    ).toHaveLength(1);

    // The event on the span carries its ids and outcome (the record is the log above), bounded by the
    // SDK: span-event attributes are beyond the collector's limits.
    const spans = await es.waitFor(writeAlias('partner-api', 'traces'), term('trace.id', traceId), (h) =>
      h.some((s) => s.source['order.created.order.id'] !== undefined),
    );
    const withEvent = spans.find((s) => s.source['order.created.order.id'] !== undefined)!.source;
    expect(withEvent['order.created.order.id']).toBe(orderId);
    expect(withEvent['order.created.customer.id']).toBe('cus_7007');
    expect(withEvent['order.created.log.truncated']).toBe(true);
    expect(String(withEvent['order.created.file.id'])).toMatch(/^FILE-ID /);
    expect(lengthOf(withEvent['order.created.file.id'])).toBe(8192);
    expect(withEvent['order.created.engraving']).toBeUndefined();
    expect(withEvent['order.created.order.items']).toBeUndefined();
    const largest = Math.max(...spans.flatMap((s) => Object.values(s.source).map(lengthOf)));
    expect(largest).toBeLessThanOrEqual(32768);

    const text = JSON.stringify([doc, ...spans.map((s) => s.source)]);
    expect(PERSONAL.filter((p) => text.includes(p))).toEqual([]);
  });

  test("the service's own JSON lines are bounded too, and nothing crashed", async () => {
    const lines = service.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(64 * 1024);
    expect(service.stdout).not.toMatch(/olga\.bigpayload@example\.org/);
    expect(service.child.exitCode).toBeNull();
    expect(service.stderr).not.toMatch(STACK_FRAME);
    const stats = JSON.parse((await httpRequest(port, 'GET', '/health')).body) as { status: string };
    expect(stats.status).toBe('ok');
  });
});
