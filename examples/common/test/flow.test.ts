import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import amqp from 'amqplib';
import { stackDown, stackEndpoints, stackUp, type ComponentName } from '@jewelry/cli';
import { events } from '@jewelry/schema';
import { deleteTopology, topologyNames } from '@jewelry-examples/common';
import { runScenario, type ScenarioOrder, type ScenarioResult } from '@jewelry-examples/common/scenario';
import { startServices, stopServices, type RunningServices } from '@jewelry-examples/common/services';
import { OtlpReceiver, type ReceivedLog, type ReceivedSpan } from '../../../test/support/otlp-receiver';
import { freePort } from '../../../test/support/free-port';

/**
 * The four example services on the real stack (RabbitMQ, PostgreSQL, S3),
 * each under `node --require @jewelry/otel`, exporting to an in-test OTLP
 * receiver; the scenario drives orders through them, and everything is
 * checked on what the services exported (TR-1, TR-2, EV-1…EV-10, LV-3, SEC-1).
 */

const REPO = join(__dirname, '..', '..', '..');
const PRODUCER = 4;
const CONSUMER = 5;
const STACK: ComponentName[] = ['rabbitmq', 'postgres', 's3'];

describe('order flow through shop-api, partner-api, mes-api and crm-api on the real stack', () => {
  const runId = `e2e-${randomUUID().slice(0, 8)}`;
  const logDir = join(REPO, 'test-results', 'examples-flow', runId);
  const names = topologyNames(runId);
  let startedStack: ComponentName[] = [];
  let receiver: OtlpReceiver;
  let running: RunningServices;
  let result: ScenarioResult;
  const timings: Record<string, number> = {};

  const logsOf = (service: string): ReceivedLog[] => receiver.logs.filter((l) => l.resource['service.name'] === service);
  const eventLogs = (name: string): ReceivedLog[] => receiver.logs.filter((l) => l.attributes['event.name'] === name);
  const order = (kind: ScenarioOrder['kind']): ScenarioOrder => result.orders.find((o) => o.kind === kind)!;

  beforeAll(
    async () => {
      let t = Date.now();
      const up = await stackUp(STACK);
      startedStack = up.filter((r) => r.startedByThisCall).map((r) => r.name);
      timings.stackUpMs = Date.now() - t;

      receiver = new OtlpReceiver();
      await receiver.start();
      // The stack's endpoints when it names them (settings like PG_PORT move them), else the services' defaults.
      const ep = stackEndpoints() as unknown as { amqpUrl: string; databaseUrl?: string; s3Endpoint?: string };
      const [shop, mes, crm, partner] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
      t = Date.now();
      running = await startServices({
        logDir,
        ports: { 'shop-api': shop, 'mes-api': mes, 'crm-api': crm, 'partner-api': partner },
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_BLRP_SCHEDULE_DELAY: '200',
          OTEL_BSP_SCHEDULE_DELAY: '200',
          OTEL_LOG_LEVEL: 'warn',
          JEWELRY_LOG_LEVEL: 'debug', // the debug records carry the customers' contacts: masking is checked on them too
          AMQP_URL: ep.amqpUrl,
          AMQP_NAME_PREFIX: runId,
          ...(ep.databaseUrl ? { DATABASE_URL: ep.databaseUrl } : {}),
          ...(ep.s3Endpoint ? { S3_ENDPOINT: ep.s3Endpoint } : {}),
          MES_PRICE_CALC_MS: '300',
        },
      });
      timings.servicesStartMs = Date.now() - t;

      t = Date.now();
      result = await runScenario(running.urls, { confirmTimeoutMs: 60000 });
      timings.scenarioMs = Date.now() - t;
      // The last records of the flow: the CRM notifications and the update.
      await receiver.waitFor(
        () =>
          eventLogs('notification.sent').length >= 5 &&
          eventLogs('order.updated').length >= 1 &&
          eventLogs('dashboard.queried').length >= 1,
        20000,
      );
      writeFileSync(
        join(logDir, 'scenario.json'),
        JSON.stringify({ timings, scenarioTimings: result.timings, orders: result.orders }, null, 2),
      );
    },
    15 * 60 * 1000,
  );

  afterAll(async () => {
    await stopServices();
    await receiver?.stop();
    const conn = await amqp.connect(stackEndpoints().amqpUrl).catch(() => undefined);
    if (conn) {
      const ch = await conn.createChannel();
      await deleteTopology(ch, names).catch(() => undefined);
      await conn.close().catch(() => undefined);
    }
    if (startedStack.length) await stackDown(startedStack);
  }, 120000);

  test('every accepted order is confirmed in CRM; the refused ones are not', () => {
    expect(result.orders.map((o) => `${o.kind}:${o.httpStatus}`)).toEqual([
      'customer:201',
      'redelivered:201',
      'customer:201',
      'customer:201',
      'failed-upload:502',
      'partner:201',
      'partner-rejected:403',
    ]);
    for (const o of result.orders.filter((x) => x.expectedStatus === 'confirmed')) {
      expect(o.finalStatus).toBe('confirmed');
      expect(o.price).toBeGreaterThan(0);
      expect(o.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  test('one trace follows a customer order through shop-api, RabbitMQ, mes-api and crm-api (TR-1)', () => {
    const { orderId, traceId } = order('customer');
    const services = new Set(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.resource['service.name']));
    expect([...services].sort()).toEqual(['crm-api', 'mes-api', 'shop-api']);
    // The order's records, but for the later PATCH of this order (a request of its own, its own trace).
    const records = receiver.logs.filter(
      (l) => l.attributes['order.id'] === orderId && !(orderId === result.update.orderId && l.traceId === result.update.traceId),
    );
    expect(new Set(records.map((l) => l.resource['service.name']))).toEqual(new Set(['shop-api', 'mes-api', 'crm-api']));
    for (const r of records) expect(r.traceId).toBe(traceId);
    const flow = records
      .filter((r) => r.attributes['event.name'])
      .map((r) => `${String(r.resource['service.name'])}:${String(r.attributes['event.name'])}`);
    for (const step of [
      'shop-api:file.uploaded',
      'shop-api:order.created',
      'shop-api:message.published',
      'mes-api:message.consumed',
      'mes-api:price.calculation_requested',
      'mes-api:price.calculation_finished',
      'mes-api:message.published',
      'crm-api:message.consumed',
      'crm-api:order.status_changed',
      'crm-api:order.confirmed',
      'crm-api:notification.sent',
    ])
      expect(flow).toContain(step);
    const statuses = records
      .filter((r) => r.attributes['event.name'] === 'order.status_changed')
      .map((r) => `${String(r.attributes['order.previous_status'])}→${String(r.attributes['order.status'])}`);
    expect(statuses.sort()).toEqual(['new→priced', 'none→new', 'priced→confirmed']);
  });

  test('the mes-api consumer span is a child of the shop-api publish span (TR-2); crm-api status consumer of the mes-api publish', () => {
    const { traceId } = order('customer');
    const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
    const publish = inTrace.find((s) => s.kind === PRODUCER && s.resource['service.name'] === 'shop-api')!;
    expect(publish).toBeDefined();
    expect(publish.attributes['messaging.destination.name']).toBe(names.exchange);
    const mesConsume = inTrace.find((s) => s.kind === CONSUMER && s.resource['service.name'] === 'mes-api')!;
    expect(mesConsume.parentSpanId).toBe(publish.spanId);
    expect(mesConsume.attributes['messaging.destination.name']).toBe(names.queues.mesNew);
    expect(mesConsume.attributes['messaging.message.id']).toBe(publish.attributes['messaging.message.id']);
    // The current messaging names only: the instrumentation's older ones (and the broker URL) are left out.
    for (const span of [publish, mesConsume]) {
      expect(span.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'server.port': expect.any(Number) });
      for (const legacy of [
        'messaging.destination',
        'messaging.rabbitmq.routing_key',
        'messaging.url',
        'messaging.protocol',
        'messaging.operation',
      ])
        expect(span.attributes).not.toHaveProperty([legacy]);
    }
    expect(publish.attributes['messaging.rabbitmq.destination.routing_key']).toEqual(expect.any(String));
    const crmNew = inTrace.find((s) => s.kind === CONSUMER && s.attributes['messaging.destination.name'] === names.queues.crmNew)!;
    expect(crmNew.parentSpanId).toBe(publish.spanId);
    const mesPublish = inTrace.find((s) => s.kind === PRODUCER && s.resource['service.name'] === 'mes-api')!;
    const crmStatus = inTrace.find((s) => s.kind === CONSUMER && s.attributes['messaging.destination.name'] === names.queues.crmStatus)!;
    expect(crmStatus.parentSpanId).toBe(mesPublish.spanId);
    // The message id of EV-5 on both sides is the one the distribution put on the message.
    const published = receiver.logs.find(
      (l) => l.traceId === traceId && l.attributes['event.name'] === 'message.published' && l.resource['service.name'] === 'shop-api',
    )!;
    expect(published.attributes['messaging.message.id']).toBe(publish.attributes['messaging.message.id']);
    // S3 and PostgreSQL spans are in the trace as well (TR-3).
    const spanNames = inTrace.map((s: ReceivedSpan) => `${String(s.resource['service.name'])}:${s.name}`);
    expect(spanNames.some((n) => n.startsWith('shop-api:S3.PutObject'))).toBe(true);
    expect(spanNames.some((n) => n.startsWith('mes-api:S3.GetObject'))).toBe(true);
    expect(inTrace.some((s) => s.resource['service.name'] === 'crm-api' && s.scope.includes('pg'))).toBe(true);
  });

  test('every business event EV-1…EV-10 was exported', () => {
    const seen = new Set(receiver.logs.map((l) => l.attributes['event.name']));
    for (const def of Object.values(events))
      expect([def.spec, seen.has(def.name) ? def.name : `missing ${def.name}`]).toEqual([def.spec, def.name]);
    const dash = eventLogs('dashboard.queried').find((l) => l.traceId === result.dashboard.traceId)!;
    expect(dash.attributes).toMatchObject({ 'user.id': 'usr_mes_operator_7', 'dashboard.orders_loaded': result.dashboard.ordersLoaded });
    expect(result.dashboard.ordersLoaded).toBeGreaterThanOrEqual(4);
    const update = eventLogs('order.updated').find((l) => l.attributes['order.id'] === result.update.orderId)!;
    expect(update.attributes['order.changed_fields']).toEqual(['deliveryAddress', 'phone', 'comment']);
    expect(update.traceId).toBe(result.update.traceId);
  });

  test('the failed S3 upload: file.uploaded with event.outcome=failure, an ERROR with the exception, nothing published', () => {
    const failed = order('failed-upload');
    const upload = eventLogs('file.uploaded').find((l) => l.attributes['order.id'] === failed.orderId)!;
    expect(upload.attributes['event.outcome']).toBe('failure');
    expect(upload.traceId).toBe(failed.traceId);
    const error = receiver.logs.find((l) => l.traceId === failed.traceId && l.severityText === 'error')!;
    expect(error.body).toBe('3D model upload to S3 failed');
    expect(JSON.stringify(error.attributes)).toMatch(/NoSuchBucket|bucket does not exist/i);
    expect(receiver.logs.some((l) => l.traceId === failed.traceId && l.attributes['event.name'] === 'message.published')).toBe(false);
    expect(receiver.spans.some((s) => s.traceId === failed.traceId && s.name.startsWith('S3.PutObject') && s.status.code === 2)).toBe(true);
  });

  test('the redelivered message is logged at WARN by the distribution (LV-3), and the order still goes through', () => {
    const redelivered = order('redelivered');
    const warn = receiver.logs.find(
      (l) => l.severityText === 'warn' && l.body === 'RabbitMQ message redelivered' && l.traceId === redelivered.traceId,
    )!;
    expect(warn).toBeDefined();
    expect(warn.resource['service.name']).toBe('mes-api');
    expect(warn.attributes).toMatchObject({ 'messaging.destination.name': names.queues.mesNew, 'messaging.rabbitmq.redelivered': true });
    expect(receiver.logs.filter((l) => l.body === 'RabbitMQ message redelivered' && l.traceId === redelivered.traceId)).toHaveLength(1);
    expect(redelivered.finalStatus).toBe('confirmed');
  });

  test('the partner order carries partner.id (EV-1, EV-9); the unknown partner is rejected', () => {
    const p = order('partner');
    const created = eventLogs('order.created').find((l) => l.attributes['order.id'] === p.orderId)!;
    expect(created.attributes).toMatchObject({ 'partner.id': 'prt_aurum', 'order.source': 'partner-api' });
    const received = eventLogs('partner.order_received').find((l) => l.attributes['order.id'] === p.orderId)!;
    expect(received.attributes).toMatchObject({ 'partner.id': 'prt_aurum', 'order.processing_status': 'accepted' });
    const rejected = eventLogs('partner.order_received').find((l) => l.attributes['order.id'] === order('partner-rejected').orderId)!;
    expect(rejected.attributes).toMatchObject({ 'partner.id': 'prt_unknown_42', 'order.processing_status': 'rejected' });
    // The partner order is in the same trace in MES and CRM.
    expect(new Set(receiver.spans.filter((s) => s.traceId === p.traceId).map((s) => s.resource['service.name']))).toEqual(
      new Set(['partner-api', 'mes-api', 'crm-api']),
    );
  });

  test('crm-api without its database: FATAL at start, exported before it exits 1 (LV-1)', async () => {
    const deadPort = await freePort(); // nothing listens there
    const child = spawn(process.execPath, ['--require', '@jewelry/otel', join(REPO, 'examples', 'crm-api', 'dist', 'server.js')], {
      cwd: join(REPO, 'examples', 'crm-api'),
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'crm-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_LOG_LEVEL: 'warn',
        DATABASE_URL: `postgres://jewelry:jewelry@127.0.0.1:${deadPort}/jewelry`,
        CRM_API_PORT: String(await freePort()),
        AMQP_NAME_PREFIX: runId,
      },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    const fatal = receiver.logs.find(
      (l) => l.body === 'database unreachable' && l.attributes['server.address'] === `127.0.0.1:${deadPort}`,
    );
    expect(fatal).toBeDefined();
    expect(fatal!.severityText).toBe('fatal');
    expect(fatal!.resource['service.name']).toBe('crm-api');
    expect(JSON.stringify(fatal!.attributes)).toContain('ECONNREFUSED');
  });

  test('no name, e-mail, phone or address of the scenario appears in anything exported, nor in the services’ output (SEC-1)', () => {
    const exported = receiver.rawBodies.join('\n');
    const output = running.services.map((s) => readFileSync(s.stdoutFile, 'utf8') + readFileSync(s.stderrFile, 'utf8')).join('\n');
    // The check means something: the debug records with the contacts were exported, masked.
    expect(logsOf('shop-api').some((l) => l.body === 'order request')).toBe(true);
    expect(exported).toContain('***@example.com');
    for (const value of result.personalData) {
      expect([value, exported.includes(value)]).toEqual([value, false]);
      expect([value, output.includes(value)]).toEqual([value, false]);
    }
  });
});
