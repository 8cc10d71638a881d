import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { esClientFromEnv, resolveSettings, stackEndpoints, waitForOrderTrace, type TraceLookup } from '@jewelry/cli';
import { events, fields, writeAlias } from '@jewelry/schema';
import { runScenario, type ScenarioOrder, type ScenarioResult } from '@jewelry-examples/common/scenario';
import { startServices, type RunningServices } from '@jewelry-examples/common/services';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { freePort } from '../support/free-port';

const REPO = join(__dirname, '..', '..');
const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const LOGS = '*-logs,*-errors,*-audit';

/**
 * Issue 4: the scenario through the four real services, the real broker,
 * database, S3, collector and Elasticsearch — asserted from Elasticsearch.
 */
describe("an order's whole path as one trace, read from Elasticsearch (TR-1, TR-3, EV-1…EV-10, LV-1, LV-3)", () => {
  const runId = `e2e${randomUUID().slice(0, 6)}`;
  const startedAt = new Date().toISOString();
  let running: RunningServices;
  let result: ScenarioResult;
  let customerTrace: TraceLookup;
  const order = (kind: ScenarioOrder['kind']): ScenarioOrder => result.orders.find((o) => o.kind === kind)!;

  beforeAll(async () => {
    const [shop, mes, crm, partner] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    running = await startServices({
      logDir: join(REPO, 'test-results', 'order-scenario', runId),
      ports: { 'shop-api': shop, 'mes-api': mes, 'crm-api': crm, 'partner-api': partner },
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.otlpHttpEndpoint,
        OTEL_BLRP_SCHEDULE_DELAY: '300',
        OTEL_BSP_SCHEDULE_DELAY: '300',
        OTEL_LOG_LEVEL: 'warn',
        // Debug records carry the customers' contacts (masked): the SEC-1 check below covers them too.
        JEWELRY_LOG_LEVEL: 'debug',
        AMQP_URL: endpoints.amqpUrl,
        AMQP_NAME_PREFIX: runId,
        DATABASE_URL: endpoints.databaseUrl,
        S3_ENDPOINT: endpoints.s3.endpoint,
        MES_PRICE_CALC_MS: '300',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    result = await runScenario(running.urls);
    customerTrace = await waitForOrderTrace(esClientFromEnv(resolveSettings()), order('customer').orderId!, {
      services: ['shop-api', 'mes-api', 'crm-api'],
      events: ['order.created', 'price.calculation_finished', 'order.confirmed', 'notification.sent'],
      timeoutMillis: 90_000,
      onStatus: () => undefined,
    });
  }, 240_000);
  afterAll(() => running?.stop());

  test('one customer order: its log records from shop-api, mes-api and crm-api share one trace.id', async () => {
    const { orderId, traceId } = order('customer');
    const docs = await es.search(LOGS, term('order.id', orderId), 500);
    const byService = new Map<string, Set<string>>();
    for (const { source } of docs) {
      const service = String(source['service.name']);
      byService.set(service, new Set([...(byService.get(service) ?? []), String(source['trace.id'])]));
    }
    // The scenario later updates this order in CRM (EV-3): a separate request, so its own trace.
    const updateTrace = result.update.orderId === orderId ? result.update.traceId : undefined;
    for (const service of ['shop-api', 'mes-api', 'crm-api']) {
      const traces = [...(byService.get(service) ?? [])].filter((t) => t !== updateTrace);
      expect([service, traces]).toEqual([service, [traceId]]);
    }
    if (updateTrace) {
      const update = await es.waitFor(
        LOGS,
        { bool: { filter: [term('trace.id', updateTrace), term('event.name', 'order.updated')] } },
        (h) => h.length > 0,
      );
      expect(update[0]!.source).toMatchObject({ 'order.id': orderId, 'service.name': 'crm-api' });
    }
    expect(customerTrace.traces[0]!.traceId).toBe(traceId);
  });

  test('the mes-api consumer span has the shop-api publish span as parent', async () => {
    const spans = customerTrace.traces[0]!.spans;
    const publish = spans.find((s) => s.service === 'shop-api' && s.kind === 'producer');
    const consume = spans.find((s) => s.service === 'mes-api' && s.kind === 'consumer');
    expect(publish).toBeDefined();
    expect(consume?.parentId).toBe(publish!.spanId);
    // …and CRM consumes MES's status message inside the same trace.
    const mesPublish = spans.find((s) => s.service === 'mes-api' && s.kind === 'producer');
    expect(spans.some((s) => s.service === 'crm-api' && s.kind === 'consumer' && s.parentId === mesPublish?.spanId)).toBe(true);
  });

  test('every event EV-1…EV-10 is in Elasticsearch with its required fields', async () => {
    const since = { range: { '@timestamp': { gte: startedAt } } };
    for (const def of Object.values(events)) {
      const hits = await es.waitFor(LOGS, { bool: { filter: [term('event.name', def.name), since] } }, (h) => h.length > 0, 20_000);
      expect([def.name, hits.length > 0]).toEqual([def.name, true]);
      const complete = hits.find((h) => def.required.every((f) => h.source[fields[f].name] !== undefined));
      expect([def.name, def.required.filter((f) => complete === undefined && hits[0]!.source[fields[f].name] === undefined)]).toEqual([
        def.name,
        [],
      ]);
      expect([def.name, hits.every((h) => h.source['event.schema_errors'] === undefined)]).toEqual([def.name, true]);
    }
  });

  test('CRM confirms with the price MES calculated', async () => {
    const logs = customerTrace.traces[0]!.logs;
    const calculated = logs.find((l) => l.eventName === 'price.calculation_finished')!.fields['order.price'];
    expect(calculated).toEqual(expect.any(Number));
    expect(calculated).toBeGreaterThan(0);
    expect(logs.find((l) => l.message === 'order confirmation e-mail composed')?.fields['order.price']).toBe(calculated);
    expect(order('customer').price).toBe(calculated);
  });

  test('the failed upload is an EV-4 with outcome failure plus an ERROR, in the same trace', async () => {
    const { traceId } = order('failed-upload');
    const docs = await es.waitFor(
      LOGS,
      term('trace.id', traceId),
      (h) => h.some((d) => d.source['log.level'] === 'error') && h.some((d) => d.source['event.name'] === 'file.uploaded'),
    );
    const upload = docs.find((d) => d.source['event.name'] === 'file.uploaded')!;
    expect(upload.source['event.outcome']).toBe('failure');
    const error = docs.find((d) => d.source['log.level'] === 'error')!;
    expect(error.index).toMatch(/^shop-api-errors-/);
    expect(error.source['error.type']).toEqual(expect.any(String));
    // Nothing was published for it: no order.created, no MES work.
    expect(docs.some((d) => d.source['event.name'] === 'message.published')).toBe(false);
  });

  test("the redelivered message is a WARN with its message id and queue, in its order's trace (LV-3)", async () => {
    const { traceId } = order('redelivered');
    const warns = await es.waitFor(
      writeAlias('mes-api', 'errors'),
      { bool: { filter: [term('trace.id', traceId), term('log.level', 'warn')] } },
      (h) => h.length > 0,
    );
    expect(warns[0]!.source).toMatchObject({ message: 'RabbitMQ message redelivered', 'messaging.rabbitmq.redelivered': true });
    expect(String(warns[0]!.source['messaging.destination.name'])).toContain('mes.orders.new');
    expect(warns[0]!.source['messaging.message.id']).toEqual(expect.any(String));
  });

  test('the partner order carries the partner id (EV-9, EV-1 with source partner-api)', async () => {
    const { orderId, partnerId } = order('partner');
    const docs = await es.waitFor(LOGS, term('order.id', orderId), (h) => h.some((d) => d.source['event.name'] === 'order.created'));
    const received = docs.find((d) => d.source['event.name'] === 'partner.order_received') as { source: Doc } | undefined;
    expect(received?.source).toMatchObject({ 'partner.id': partnerId, 'order.processing_status': 'accepted' });
    expect(docs.find((d) => d.source['event.name'] === 'order.created')!.source).toMatchObject({
      'partner.id': partnerId,
      'order.source': 'partner-api',
    });
  });

  test('no customer name, e-mail, phone or address of the scenario is in Elasticsearch (SEC-1)', async () => {
    const docs = (
      await Promise.all(result.orders.filter((o) => o.traceId).map((o) => es.search(`${LOGS},*-traces`, term('trace.id', o.traceId), 1000)))
    ).flat();
    expect(docs.length).toBeGreaterThan(20);
    const text = JSON.stringify(docs);
    expect(result.personalData.filter((value) => text.includes(value))).toEqual([]);
  });
});
