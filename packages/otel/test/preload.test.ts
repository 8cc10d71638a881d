import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CONTEXT_FRAME_FLAG, contextFrameHint } from '../src/diagnostics/context-frame-hint';
import { OtlpReceiver } from '../../../test/support/otlp-receiver';
import { FixtureProcess, httpRequest } from '../../../test/support/fixture-process';

const REPO = join(__dirname, '..', '..', '..');
const SPAN_KIND_SERVER = 2;

describe('preload: node --require / --import @jewelry/otel (TR-2, TR-3, LV-2)', () => {
  let receiver: OtlpReceiver;
  let service: FixtureProcess | undefined;

  beforeEach(async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await receiver.stop();
  });

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    OTEL_SERVICE_NAME: 'shop-api',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BLRP_SCHEDULE_DELAY: '200',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    JEWELRY_ENVIRONMENT: 'test',
    ...extra,
  });

  async function orderRoundTrip(args: string[], extraEnv?: NodeJS.ProcessEnv) {
    service = new FixtureProcess(args, env(extraEnv), REPO);
    const port = await service.port();
    const answer = await httpRequest(port, 'POST', '/orders', { orderId: 'ORD-2026-000123', customerId: 'cus_8842', total: 125000.5 });
    expect(answer.status).toBe(200);
    const { traceId } = JSON.parse(answer.body) as { traceId: string };
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const arrived = await receiver.waitFor(
      () =>
        receiver.spans.some((s) => s.traceId === traceId && s.kind === SPAN_KIND_SERVER) &&
        receiver.logs.some((l) => l.traceId === traceId),
    );
    expect(arrived).toBe(true);
    return { traceId, port };
  }

  test.each([
    ['--require (CommonJS)', ['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')]],
    ['--import (ESM)', ['--import', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.mjs')]],
  ])('%s: an HTTP request yields a server span and an event log record with the same trace id', async (_label, args) => {
    const { traceId } = await orderRoundTrip(args);

    const server = receiver.spans.find((s) => s.traceId === traceId && s.kind === SPAN_KIND_SERVER)!;
    expect(server.attributes['http.request.method']).toBe('POST');
    expect(server.attributes['http.route']).toBe('/orders');
    expect(server.attributes['http.response.status_code']).toBe(200);

    const event = receiver.logs.find((l) => l.traceId === traceId && l.attributes['event.name'] === 'order.created')!;
    expect(event).toBeDefined();
    expect(event.severityText).toBe('info');
    expect(event.body).toBe('order created');
    expect(event.attributes['order.id']).toBe('ORD-2026-000123');
    expect(event.attributes['order.total']).toBe(125000.5);
    // The record belongs to a span of the request's trace (the server span or one of its children).
    expect(receiver.spans.some((s) => s.traceId === traceId && s.spanId === event.spanId)).toBe(true);
    // The same event on the span (TR-1: visible in the trace view).
    expect(receiver.spans.some((s) => s.traceId === traceId && s.events.some((e) => e.name === 'order.created'))).toBe(true);

    // stdout: one ECS JSON object per line with the same ids.
    const line = service!.jsonLines().find((l) => l['event.name'] === 'order.created')!;
    expect(line).toMatchObject({ 'log.level': 'info', 'service.name': 'shop-api', 'trace.id': traceId, 'order.id': 'ORD-2026-000123' });
    expect(line['@timestamp']).toEqual(expect.any(String));
  });

  test('JEWELRY_SPANS: the preload’s tracers make lean spans, or the SDK’s when told', () => {
    const script =
      "const s = require('@opentelemetry/api').trace.getTracer('t').startSpan('s'); process.stdout.write(s.constructor.name + '\\n'); s.end();";
    const spanClass = (extra: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, ['--require', '@jewelry/otel', '-e', script], {
        cwd: REPO,
        env: { ...process.env, ...env({ OTEL_LOG_LEVEL: 'error', OTEL_TRACES_EXPORTER: 'console', ...extra }) },
        encoding: 'utf8',
      });
    // The console exporter, at exit, prints the span after the class name.
    expect(spanClass({})).toMatch(/^LeanSpan\n[^]*name: 's'/);
    expect(spanClass({ JEWELRY_SPANS: 'official' })).toMatch(/^SpanImpl\n[^]*name: 's'/);
  });

  test('resource: service.name, version, environment, instance id, host and process', async () => {
    await orderRoundTrip(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')]);
    const resource = receiver.spans[0]!.resource;
    expect(resource).toMatchObject({
      'service.name': 'shop-api',
      'service.namespace': 'jewelry',
      'deployment.environment.name': 'test',
      'jewelry.preset': 'shop-api',
      'telemetry.sdk.language': 'nodejs',
    });
    expect(resource['service.version']).toEqual(expect.any(String));
    expect(resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(resource['host.name']).toEqual(expect.any(String));
    expect(resource['process.pid']).toEqual(expect.any(Number));
    expect(resource['process.runtime.name']).toBe('nodejs');
  });

  test('OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME override the defaults', async () => {
    await orderRoundTrip(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')], {
      OTEL_SERVICE_NAME: 'crm-api',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.version=9.9.9',
    });
    const resource = receiver.spans[0]!.resource;
    expect(resource).toMatchObject({
      'service.name': 'crm-api',
      'deployment.environment.name': 'staging',
      'service.version': '9.9.9',
      'jewelry.preset': 'crm-api',
    });
  });

  test('one start-up line on stderr names preset, instrumentations and endpoint; OTEL_LOG_LEVEL=warn silences it', async () => {
    await orderRoundTrip(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')]);
    const lines = service!.stderr.split('\n').filter((l) => l.startsWith('@jewelry/otel info:'));
    // On Node 22.7 to 23 without AsyncContextFrame, a second line says how to turn it on.
    const hint = contextFrameHint();
    expect(lines).toHaveLength(hint ? 2 : 1);
    if (hint) expect(lines[1]).toBe(`@jewelry/otel info: ${hint}`);
    expect(lines[0]).toContain('preset=shop-api');
    expect(lines[0]).toContain('instrumentations=http,express,amqplib,aws-sdk,pg,winston');
    expect(lines[0]).toContain(`traces→${receiver.endpoint}/v1/traces`);
    expect(service!.stdout).not.toContain('@jewelry/otel');
    await service!.stop();

    await orderRoundTrip(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')], { OTEL_LOG_LEVEL: 'warn' });
    expect(service!.stderr).not.toContain('@jewelry/otel info:');
  });

  // Only where the flag exists (Node 22.7 to 23): Node 20 does not know it and Node 24 refuses it.
  (contextFrameHint() ? test : test.skip)(
    `with ${CONTEXT_FRAME_FLAG} in NODE_OPTIONS the AsyncContextFrame hint is gone, and traces still join up`,
    async () => {
      const { port } = await orderRoundTrip(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')], {
        NODE_OPTIONS: CONTEXT_FRAME_FLAG,
      });
      expect(service!.stderr).toContain('started: service=shop-api');
      expect(service!.stderr).not.toContain(CONTEXT_FRAME_FLAG);
      // An event written after awaits still carries its request's trace.
      const later = await httpRequest(port, 'POST', '/orders-later', { orderId: 'ORD-2026-000777', customerId: 'cus_8842' });
      const { traceId } = JSON.parse(later.body) as { traceId: string };
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      const arrived = await receiver.waitFor(() =>
        receiver.logs.some((l) => l.traceId === traceId && l.attributes['order.id'] === 'ORD-2026-000777'),
      );
      expect(arrived).toBe(true);
    },
  );

  test('each record is exported exactly once (no duplicate between instrumentation and a transport), through the direct log entry', async () => {
    const { traceId, port } = await orderRoundTrip(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')]);
    expect(JSON.parse((await httpRequest(port, 'GET', '/log-entry')).body)).toEqual({ direct: true });
    await new Promise((r) => setTimeout(r, 600)); // one more batch period for any duplicate to arrive
    const ofTrace = receiver.logs.filter((l) => l.traceId === traceId);
    expect(ofTrace.filter((l) => l.attributes['event.name'] === 'order.created')).toHaveLength(1);
    expect(ofTrace.filter((l) => l.body === 'creating order')).toHaveLength(1);
  });

  test('errors carry type, message and stack; FATAL has its own severity (LV-1)', async () => {
    service = new FixtureProcess(['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js')], env(), REPO);
    const port = await service.port();
    expect((await httpRequest(port, 'POST', '/fail', { email: 'olga.ivanova@example.com', orderId: 'ORD-9' })).status).toBe(500);
    expect(await receiver.waitFor(() => receiver.logs.some((l) => l.severityText === 'fatal'))).toBe(true);
    const error = receiver.logs.find((l) => l.severityText === 'error')!;
    expect(error.severityNumber).toBe(17);
    expect(error.attributes['exception.type']).toBe('Error');
    expect(error.attributes['exception.message']).toBe('could not reach ***@example.com');
    expect(String(error.attributes['exception.stacktrace'])).toContain('order-service.js');
    const fatal = receiver.logs.find((l) => l.severityText === 'fatal')!;
    expect(fatal.severityNumber).toBe(21);

    const line = service.jsonLines().find((l) => l['log.level'] === 'error')!;
    expect(line).toMatchObject({ 'error.type': 'Error', 'error.message': 'could not reach ***@example.com' });
    expect(String(line['error.stack_trace'])).toContain('at ');
    expect(JSON.stringify(service.jsonLines())).not.toContain('olga.ivanova');
  });
});
