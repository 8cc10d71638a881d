import { randomUUID } from 'node:crypto';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, term } from '../support/elasticsearch';
import { FixtureProcess, httpRequest, STACK_FRAME, startBadInputService } from '../support/fixture-process';

/**
 * Issue 7, bad input (5): business events called with fields the schema
 * catalogue does not know and with mistyped values, from a service under
 * `node --require @jewelry/otel` (test/fixtures/bad-input-service.js), through
 * the real collector into Elasticsearch. In-process behaviour (never throws,
 * marked, counted) is unit-tested in packages/logger/test/events.test.ts;
 * raw OTLP with unknown and mistyped fields in pipeline-bad-input.test.ts.
 * This is the whole path: the marks, the count as a metric, and what
 * Elasticsearch makes of the records.
 */

const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const ENUM_PERSONAL = ['olga.enum@example.org', '916 700-00-88'];
const CALLS = 4; // event calls per POST /events, each with a schema problem

interface Diagnostics {
  invalid: number;
  byEvent: Record<string, number>;
  lastErrors: string[];
}

describe('events with unknown and mistyped fields are written, marked, counted and searchable (EV-1…EV-10, LV-2, SEC-1, issue 7)', () => {
  const runId = `issue7-${randomUUID().slice(0, 8)}`;
  const alias = writeAlias('partner-api', 'logs');
  let service: FixtureProcess;
  let port: number;

  beforeAll(async () => {
    service = startBadInputService(endpoints.otlpHttpEndpoint, {
      // Its own environment label, so this process's counter is its own series in the collector's metrics.
      OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=${runId}`,
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    });
    port = await service.port();
  });

  afterAll(async () => {
    await service?.stop();
  });

  test('each record is stored with event.schema_errors; known fields are searchable, unknown ones kept unmapped', async () => {
    const orderId = `ORD-SCHEMA-${randomUUID().slice(0, 8)}`;
    const answer = await httpRequest(port, 'POST', '/events', { orderId });
    expect(answer.status).toBe(200);
    const { traceId, diagnostics } = JSON.parse(answer.body) as { traceId: string; diagnostics: Diagnostics };
    expect(diagnostics.invalid).toBe(CALLS);

    const docs = await es.waitFor(alias, term('order.id', orderId), (h) => h.length === CALLS);
    expect(docs.map((d) => d.source['event.name']).sort()).toEqual([
      'notification.sent',
      'order.confirmed',
      'order.created',
      'order.status_changed',
    ]);
    for (const d of docs) {
      expect(d.source['trace.id']).toBe(traceId);
      expect(d.source['event.schema_errors']).toEqual(expect.arrayContaining([expect.any(String)]));
    }
    const created = docs.find((d) => d.source['event.name'] === 'order.created')!.source;
    expect(created['event.schema_errors']).toEqual([
      'order.total: expected double, got string',
      'order.items_count: expected long, got number',
      'couponCode: unknown field for order.created',
      'giftWrap: unknown field for order.created',
    ]);
    // Written as given: the mistyped value, the unknown fields (an object as JSON text).
    expect(created).toMatchObject({
      'order.total': 'twelve thousand',
      couponCode: 'SPRING-7',
      giftWrap: '{"ribbon":"red","card":true}',
      'customer.id': 'cus_7007',
      'order.currency': 'RUB',
    });

    // Known fields are searchable on these records; so is the mark itself.
    const search = (...filters: object[]) => es.search(alias, { bool: { filter: [term('order.id', orderId), ...filters] } });
    expect(await search(term('customer.id', 'cus_7007'), term('order.currency', 'RUB'), term('event.name', 'order.created'))).toHaveLength(
      1,
    );
    expect(await search(term('event.schema_errors', 'couponCode: unknown field for order.created'))).toHaveLength(1);
    expect(await search({ exists: { field: 'event.schema_errors' } })).toHaveLength(CALLS);
    expect(await search(term('order.previous_status', 'new'), term('event.name', 'order.status_changed'))).toHaveLength(1);
    // Unknown fields are not mapped (no mapping explosion): in _source, not searchable.
    expect(await search(term('couponCode', 'SPRING-7'))).toHaveLength(0);
    // The mistyped number could not be indexed as a double: Elasticsearch lists it as ignored instead of refusing the record.
    const ignored = (await es.get(`/${alias}/_search?q=order.id:${orderId}%20AND%20event.name:order.created&docvalue_fields=_ignored`)) as {
      hits: { hits: { fields?: { _ignored?: string[] } }[] };
    };
    expect(ignored.hits.hits[0]!.fields?._ignored).toContain('order.total');

    // A personal value written where a code belongs (an enum field) is masked like any other value.
    const notification = docs.find((d) => d.source['event.name'] === 'notification.sent')!.source;
    expect(String(notification['notification.channel'])).toContain('***@example.org');
    const text = JSON.stringify(docs);
    expect(ENUM_PERSONAL.filter((p) => text.includes(p))).toEqual([]);
  });

  test('counted: in the process and as the metric jewelry.events.invalid per event name', async () => {
    const before = JSON.parse((await httpRequest(port, 'GET', '/diagnostics')).body) as Diagnostics;
    await httpRequest(port, 'POST', '/events', { orderId: `ORD-SCHEMA-${randomUUID().slice(0, 8)}` });
    const after = JSON.parse((await httpRequest(port, 'GET', '/diagnostics')).body) as Diagnostics;
    expect(after.invalid - before.invalid).toBe(CALLS);
    for (const name of ['order.created', 'order.status_changed', 'order.confirmed', 'notification.sent'])
      expect(after.byEvent[name]! - (before.byEvent[name] ?? 0)).toBe(1);

    // The collector exposes what the service exported, labelled with this run's environment.
    const series = (text: string) =>
      Object.fromEntries(
        text
          .split('\n')
          .filter((l) => l.startsWith('jewelry_events_invalid_total{') && l.includes(`deployment_environment_name="${runId}"`))
          .map((l) => [/event_name="([^"]+)"/.exec(l)![1], Number(l.slice(l.lastIndexOf(' ') + 1))]),
      ) as Record<string, number>;
    let last: Record<string, number> = {};
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      last = series(await (await fetch(endpoints.collectorMetricsUrl)).text());
      if (Object.values(last).reduce((a, b) => a + b, 0) === after.invalid) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(last).toEqual(after.byEvent);
  });

  test('one warning per event name on stderr, without the values, and nothing crashed', async () => {
    const warnings = service.stderr.split('\n').filter((l) => l.includes('[JEWELRY_EVENT_SCHEMA]'));
    expect(warnings).toHaveLength(CALLS); // two POSTs, but one warning per event name
    expect(ENUM_PERSONAL.filter((p) => service.stderr.includes(p))).toEqual([]);
    expect(service.stderr).not.toMatch(STACK_FRAME);
    expect(ENUM_PERSONAL.filter((p) => service.stdout.includes(p))).toEqual([]);
    expect(service.child.exitCode).toBeNull();
    expect((await httpRequest(port, 'GET', '/health')).status).toBe(200);
  });
});
