import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { stackEndpoints } from '@jewelry/cli';
import { deleteTopology, newOrderId, topologyNames, type NewOrderMessage } from '@jewelry-examples/common';
import { waitForOrders } from '@jewelry-examples/common/scenario';
import { startServices, type RunningServices, type ServiceName } from '@jewelry-examples/common/services';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { STACK_FRAME } from '../support/fixture-process';
import { freePort } from '../support/free-port';

/**
 * Issue 7, bad input (2) and (3): what a broken or foreign publisher puts on
 * the order queues, delivered by the real RabbitMQ to the real consumers
 * (mes-api and crm-api under `node --require @jewelry/otel`, real PostgreSQL),
 * exported through the real collector and read back from Elasticsearch. The
 * test publishes with a plain amqplib client (no instrumentation in this
 * process), so the headers and bodies arrive exactly as written here.
 */

const REPO = join(__dirname, '..', '..');
const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const ZERO_TRACE = '0'.repeat(32);

/** Personal data a bad body carries: none of it may reach a log line or Elasticsearch (SEC-1). */
const PERSONAL = {
  name: 'Зоя Утечкина',
  email: 'zoya.leakcheck@example.org',
  phone: '+7 (916) 555-01-23',
  address: 'ул. Проверочная, д. 7, кв. 77',
};
const PAYLOAD_MARKER = 'PAYLOAD-MARKER-7f3a';

const traceId = (): string => randomBytes(16).toString('hex');
const spanId = (): string => randomBytes(8).toString('hex');

function goodOrder(orderId: string): NewOrderMessage {
  return {
    eventType: 'new_order',
    orderId,
    customerId: 'prt_aurum',
    source: 'partner-api',
    partnerId: 'prt_aurum',
    items: [{ sku: 'RING-585-17', title: 'ring, gold 585', quantity: 1, unitPrice: 42000 }],
    totalCost: 42000,
    currency: 'RUB',
    model: { format: 'stl', size: 48000 },
    createdAt: new Date().toISOString(),
  };
}

type JsonLine = Record<string, unknown>;

describe('bad input on the order queues: mes-api and crm-api keep consuming (issue 7)', () => {
  const runId = `bi7${randomUUID().slice(0, 6)}`;
  const names = topologyNames(runId);
  let running: RunningServices;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  const service = (name: ServiceName) => running.services.find((s) => s.name === name)!;
  const stdoutLines = (name: ServiceName): JsonLine[] =>
    readFileSync(service(name).stdoutFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as JsonLine);
  const stderrOf = (name: ServiceName): string => readFileSync(service(name).stderrFile, 'utf8');
  const alive = (name: ServiceName) => {
    try {
      process.kill(service(name).pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  async function publish(routingKey: string, content: Buffer, headers: Record<string, unknown> = {}): Promise<string> {
    const messageId = randomUUID();
    channel.publish(names.exchange, routingKey, content, { messageId, headers, contentType: 'application/json', persistent: true });
    await channel.waitForConfirms();
    return messageId;
  }

  beforeAll(async () => {
    const [mes, crm] = await Promise.all([freePort(), freePort()]);
    running = await startServices({
      services: ['mes-api', 'crm-api'],
      logDir: join(REPO, 'test-results', 'bad-input-amqp', runId),
      ports: { 'mes-api': mes, 'crm-api': crm },
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.otlpHttpEndpoint,
        OTEL_BLRP_SCHEDULE_DELAY: '200',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
        AMQP_URL: endpoints.amqpUrl,
        AMQP_NAME_PREFIX: runId,
        DATABASE_URL: endpoints.databaseUrl,
        S3_ENDPOINT: endpoints.s3.endpoint,
        MES_PRICE_CALC_MS: '20',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    connection = await amqp.connect(endpoints.amqpUrl);
    channel = await connection.createConfirmChannel();
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    if (connection) {
      const ch = await connection.createChannel();
      await deleteTopology(ch, names).catch(() => undefined);
      await connection.close().catch(() => undefined);
    }
  });

  describe('malformed traceparent in AMQP headers: the message is processed in a new root trace (TR-2, EV-5, issue 7)', () => {
    test('non-string, Buffer, garbage and all-zero traceparent headers; a valid one as control', async () => {
      const given = { trace: traceId(), span: spanId() };
      const cases: { name: string; headers: Record<string, unknown>; mentioned?: string }[] = [
        { name: 'a number', headers: { traceparent: 424242 } },
        {
          name: 'a Buffer holding a valid traceparent (AMQP byte array)',
          headers: { traceparent: Buffer.from(`00-${traceId()}-${spanId()}-01`) },
        },
        { name: 'a nested table', headers: { traceparent: { version: '00', traceId: traceId() } } },
        { name: 'a list of numbers', headers: { traceparent: [1, 2, 3] } },
        { name: 'a garbage string', headers: { traceparent: 'garbage-not-a-trace-context' } },
        { name: 'all-zero ids', headers: { traceparent: `00-${ZERO_TRACE}-${'0'.repeat(16)}-01` }, mentioned: ZERO_TRACE },
        { name: 'version ff', headers: { traceparent: `ff-${given.trace.split('').reverse().join('')}-${spanId()}-01` } },
        {
          name: 'garbage traceparent with a Buffer tracestate and baggage',
          headers: { traceparent: '00-xyz', tracestate: Buffer.from([0xff, 0x00, 0x3d]), baggage: Buffer.from('k=v,%%%') },
        },
      ];
      const control = { orderId: newOrderId(), messageId: '' };
      const sent: ((typeof cases)[number] & { orderId: string; messageId: string })[] = [];
      for (const c of cases) {
        const orderId = newOrderId();
        sent.push({
          ...c,
          orderId,
          messageId: await publish(names.routingKeys.newOrder, Buffer.from(JSON.stringify(goodOrder(orderId))), c.headers),
        });
      }
      control.messageId = await publish(names.routingKeys.newOrder, Buffer.from(JSON.stringify(goodOrder(control.orderId))), {
        traceparent: `00-${given.trace}-${given.span}-01`,
      });

      // Processed end to end: priced by MES, then confirmed by CRM.
      await waitForOrders(running.urls.crmApi, [...sent.map((s) => s.orderId), control.orderId], { timeoutMs: 20_000 });

      const ids = [...sent.map((s) => s.messageId), control.messageId];
      for (const [svc, queue] of [
        ['mes-api', names.queues.mesNew],
        ['crm-api', names.queues.crmNew],
      ] as const) {
        const index = `${svc}-traces`;
        const query = { bool: { filter: [{ terms: { 'messaging.message.id': ids } }, term('span.kind', 'consumer')] } };
        const spans = await es.waitFor(index, query, (h) => new Set(h.map((d) => d.source['messaging.message.id'])).size === ids.length);
        const spanOf = (messageId: string): Doc => spans.find((d) => d.source['messaging.message.id'] === messageId)!.source;
        const roots = new Set<string>();
        for (const s of sent) {
          const span = spanOf(s.messageId);
          expect([svc, s.name, span['span.name'], span['parent.id']]).toEqual([svc, s.name, `${queue} process`, undefined]);
          const trace = String(span['trace.id']);
          expect([svc, s.name, /^[0-9a-f]{32}$/.test(trace) && trace !== ZERO_TRACE && trace !== s.mentioned && !roots.has(trace)]).toEqual(
            [svc, s.name, true],
          );
          roots.add(trace);
        }
        // Control: a valid traceparent makes the consumer span a child of the given span.
        expect(spanOf(control.messageId)).toMatchObject({ 'trace.id': given.trace, 'parent.id': given.span });

        // The consumer's records are in the consumer span's (new) trace.
        const consumed = await es.waitFor(
          `${svc}-logs`,
          { bool: { filter: [{ terms: { 'messaging.message.id': ids } }, term('event.name', 'message.consumed')] } },
          (h) => h.length >= ids.length,
        );
        for (const id of ids) {
          const record = consumed.find((d) => d.source['messaging.message.id'] === id)!.source;
          expect([svc, id, record['trace.id']]).toEqual([svc, id, spanOf(id)['trace.id']]);
        }
      }
      for (const svc of ['mes-api', 'crm-api'] as const) {
        expect([svc, alive(svc)]).toEqual([svc, true]);
        expect([svc, stderrOf(svc)]).toEqual([svc, expect.not.stringMatching(STACK_FRAME)]);
        expect([svc, stdoutLines(svc).filter((l) => l['log.level'] === 'error' || l['log.level'] === 'fatal')]).toEqual([svc, []]);
      }
    });
  });

  describe('bodies that are not an order message: ERROR without the payload, dropped once, the next order goes through (LV-1, EV-5, SEC-1, issue 7)', () => {
    test('binary, truncated JSON, JSON of the wrong shape and an empty body on both order queues', async () => {
      const valid = JSON.stringify({ ...goodOrder(newOrderId()), customer: PERSONAL, note: PAYLOAD_MARKER });
      const bodies: { name: string; routingKey: string; content: Buffer }[] = [
        {
          name: 'binary bytes',
          routingKey: names.routingKeys.newOrder,
          content: Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x80]), randomBytes(256), Buffer.from(PAYLOAD_MARKER)]),
        },
        {
          name: 'truncated JSON',
          routingKey: names.routingKeys.newOrder,
          content: Buffer.from(valid.slice(0, valid.indexOf(PERSONAL.address) + 5)),
        },
        {
          name: 'JSON of the wrong shape',
          routingKey: names.routingKeys.newOrder,
          content: Buffer.from(
            JSON.stringify({ eventType: 'new_order', orderId: 42, customerId: PERSONAL.email, items: PERSONAL.name, note: PAYLOAD_MARKER }),
          ),
        },
        {
          name: 'a JSON list',
          routingKey: names.routingKeys.newOrder,
          content: Buffer.from(JSON.stringify([PERSONAL.phone, PAYLOAD_MARKER])),
        },
        { name: 'JSON null', routingKey: names.routingKeys.newOrder, content: Buffer.from('null') },
        {
          name: 'an unknown event type',
          routingKey: names.routingKeys.newOrder,
          content: Buffer.from(JSON.stringify({ eventType: PAYLOAD_MARKER, orderId: newOrderId(), customerId: 'cus_1' })),
        },
        { name: 'an empty body', routingKey: names.routingKeys.newOrder, content: Buffer.alloc(0) },
        {
          name: 'a new_order on the status queue',
          routingKey: names.routingKeys.status,
          content: Buffer.from(JSON.stringify({ ...goodOrder(newOrderId()), customer: PERSONAL })),
        },
        {
          name: 'binary on the status queue',
          routingKey: names.routingKeys.status,
          content: Buffer.concat([randomBytes(64), Buffer.from(PERSONAL.email)]),
        },
        {
          name: 'status change with a mistyped price',
          routingKey: names.routingKeys.status,
          content: Buffer.from(
            JSON.stringify({
              eventType: 'status_change',
              orderId: newOrderId(),
              customerId: 'cus_1',
              fromStatus: 'new',
              toStatus: 'priced',
              price: PAYLOAD_MARKER,
              changedAt: 'now',
            }),
          ),
        },
      ];
      const bad: { name: string; messageId: string; queues: { service: ServiceName; queue: string }[] }[] = [];
      for (const b of bodies) {
        const queues: { service: ServiceName; queue: string }[] =
          b.routingKey === names.routingKeys.newOrder
            ? [
                { service: 'mes-api', queue: names.queues.mesNew },
                { service: 'crm-api', queue: names.queues.crmNew },
              ]
            : [{ service: 'crm-api', queue: names.queues.crmStatus }];
        bad.push({ name: b.name, messageId: await publish(b.routingKey, b.content), queues });
      }
      // A good order behind all of them.
      const goodId = newOrderId();
      const goodMessageId = await publish(names.routingKeys.newOrder, Buffer.from(JSON.stringify(goodOrder(goodId))));
      const confirmed = await waitForOrders(running.urls.crmApi, [goodId], { timeoutMs: 20_000 });
      expect(confirmed[goodId]!.status).toBe('confirmed');

      // One ERROR per bad message and queue, naming message id and queue, written inside the consumer span.
      const expected = bad.flatMap((b) => b.queues.map((q) => ({ ...q, name: b.name, messageId: b.messageId })));
      const errorsOf = (svc: ServiceName, messageId: string) =>
        stdoutLines(svc).filter((l) => l['log.level'] === 'error' && l['messaging.message.id'] === messageId);
      for (const e of expected) {
        const errors = errorsOf(e.service, e.messageId);
        expect([e.service, e.name, errors.length]).toEqual([e.service, e.name, 1]);
        expect(errors[0]).toMatchObject({
          'messaging.destination.name': e.queue,
          'error.type': expect.stringMatching(/Error$/),
          'trace.id': expect.stringMatching(/^[0-9a-f]{32}$/),
        });
        expect(String(errors[0]!.message)).toMatch(/^order message refused/);
      }
      const idsOf = (svc: ServiceName) => expected.filter((e) => e.service === svc).map((e) => e.messageId);

      // Rejected without requeue (nack, requeue=false; the example declares no dead-letter exchange, so
      // the broker drops it): never redelivered, nothing left on the queues, and the consumers still attached.
      await new Promise((r) => setTimeout(r, 500));
      for (const svc of ['mes-api', 'crm-api'] as const) {
        const redelivered = stdoutLines(svc).filter(
          (l) => l['messaging.rabbitmq.redelivered'] === true && idsOf(svc).includes(String(l['messaging.message.id'])),
        );
        expect([svc, redelivered]).toEqual([svc, []]);
        for (const e of expected.filter((x) => x.service === svc))
          expect([svc, e.name, errorsOf(svc, e.messageId).length]).toEqual([svc, e.name, 1]);
      }
      for (const queue of Object.values(names.queues)) {
        const state = await channel.checkQueue(queue);
        expect([queue, state.messageCount, state.consumerCount]).toEqual([queue, 0, 1]);
      }

      // The same ERRORs in Elasticsearch, in each service's errors index.
      for (const svc of ['mes-api', 'crm-api'] as const) {
        const want = idsOf(svc);
        const docs = await es.waitFor(
          `${svc}-errors`,
          { bool: { filter: [{ terms: { 'messaging.message.id': want } }, term('log.level', 'error')] } },
          (h) => h.length >= want.length,
        );
        expect([svc, docs.length]).toEqual([svc, want.length]);
        for (const d of docs)
          expect(d.source).toMatchObject({
            'service.name': svc,
            'error.type': expect.any(String),
            'messaging.destination.name': expect.stringContaining(runId),
          });
        const text = JSON.stringify(docs);
        expect([svc, [PAYLOAD_MARKER, ...Object.values(PERSONAL)].filter((v) => text.includes(v))]).toEqual([svc, []]);

        // The consumer spans say how each delivery ended: the bad ones nacked without requeue, the good one acked.
        const spans = await es.waitFor(
          `${svc}-traces`,
          { bool: { filter: [{ terms: { 'messaging.message.id': [...want, goodMessageId] } }, term('span.kind', 'consumer')] } },
          (h) => h.length >= want.length + 1,
        );
        const endOf = (id: string) =>
          spans
            .filter((s) => s.source['messaging.message.id'] === id)
            .map((s) => [s.source['event.outcome'], s.source['span.status_message']]);
        for (const id of new Set(want))
          expect([svc, endOf(id)]).toEqual([
            svc,
            want.filter((w) => w === id).map(() => ['failure', 'nack called on message without requeue']),
          ]);
        expect([svc, endOf(goodMessageId)]).toEqual([svc, [['success', undefined]]]);
      }

      // Nothing of the payloads in the services' own output either; no crash, no stack trace on stderr.
      for (const svc of ['mes-api', 'crm-api'] as const) {
        const output = readFileSync(service(svc).stdoutFile, 'utf8') + stderrOf(svc);
        expect([svc, [PAYLOAD_MARKER, ...Object.values(PERSONAL)].filter((v) => output.includes(v))]).toEqual([svc, []]);
        expect([svc, alive(svc)]).toEqual([svc, true]);
        expect([svc, stderrOf(svc)]).toEqual([svc, expect.not.stringMatching(STACK_FRAME)]);
        expect([svc, (await fetch(`${svc === 'mes-api' ? running.urls.mesApi : running.urls.crmApi}/health`)).status]).toEqual([svc, 200]);
      }
      // …and the good order was consumed exactly once by each.
      expect(
        stdoutLines('mes-api').filter((l) => l['event.name'] === 'message.consumed' && l['messaging.message.id'] === goodMessageId),
      ).toHaveLength(1);
      expect(
        stdoutLines('crm-api').filter((l) => l['event.name'] === 'message.consumed' && l['messaging.message.id'] === goodMessageId),
      ).toHaveLength(1);
    });
  });
});
