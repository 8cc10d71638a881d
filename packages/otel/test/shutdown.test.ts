import { join } from 'node:path';
import { createServer } from 'node:net';
import { OtlpReceiver } from '../../../test/support/otlp-receiver';
import { FixtureProcess, httpRequest } from '../../../test/support/fixture-process';

const REPO = join(__dirname, '..', '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'order-service.js');

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('shutdown and an absent collector (telemetry never breaks the service)', () => {
  let service: FixtureProcess | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  test('SIGTERM flushes what is queued, then the process exits', async () => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    try {
      // Batch delays of a minute: only the flush at SIGTERM can deliver these records in time.
      service = new FixtureProcess(
        ['--require', '@jewelry/otel', FIXTURE],
        {
          OTEL_SERVICE_NAME: 'crm-api',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_BLRP_SCHEDULE_DELAY: '60000',
          OTEL_BSP_SCHEDULE_DELAY: '60000',
        },
        REPO,
      );
      const port = await service.port();
      await httpRequest(port, 'POST', '/orders', { orderId: 'ORD-FLUSH-1', customerId: 'cus_1', total: 10 });
      expect(receiver.logs).toHaveLength(0);
      const sent = Date.now();
      service.child.kill('SIGTERM');
      const exit = await service.exited;
      expect(exit.signal).toBe('SIGTERM'); // re-raised after the flush: ends as it would without us
      expect(exit.atMillis - sent).toBeLessThan(5000);
      expect(receiver.logs.some((l) => l.attributes['order.id'] === 'ORD-FLUSH-1')).toBe(true);
      expect(receiver.spans.some((s) => s.attributes['http.route'] === '/orders')).toBe(true);
    } finally {
      await receiver.stop();
    }
  });

  test('a service with its own SIGTERM handler keeps control, and what it logs while stopping is still exported', async () => {
    const receiver = new OtlpReceiver();
    await receiver.start();
    try {
      service = new FixtureProcess(
        ['--require', '@jewelry/otel', FIXTURE],
        {
          OTEL_SERVICE_NAME: 'crm-api',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_BLRP_SCHEDULE_DELAY: '60000',
          FIXTURE_OWN_SIGTERM: '1',
        },
        REPO,
      );
      const port = await service.port();
      await httpRequest(port, 'POST', '/orders', { orderId: 'ORD-BEFORE-STOP', customerId: 'cus_1', total: 10 });
      service.child.kill('SIGTERM');
      const exit = await service.exited;
      expect(exit).toMatchObject({ code: 0, signal: null }); // the service's own exit, not ours
      expect(receiver.logs.some((l) => l.attributes['order.id'] === 'ORD-BEFORE-STOP')).toBe(true);
      // The bodies and the service's stderr, so a failure says what did arrive and what the SDK reported.
      expect({ bodies: receiver.logs.map((l) => l.body), stderr: service.stderr }).toMatchObject({
        bodies: expect.arrayContaining(['service stopping']),
      });
    } finally {
      await receiver.stop();
    }
  });

  test('with no collector the service keeps answering, and exits within the bound with the loss reported', async () => {
    const port = await closedPort();
    service = new FixtureProcess(
      ['--require', '@jewelry/otel', FIXTURE],
      {
        OTEL_SERVICE_NAME: 'mes-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        JEWELRY_SHUTDOWN_TIMEOUT_MS: '3000',
        JEWELRY_DROP_REPORT_INTERVAL_MS: '500',
      },
      REPO,
    );
    const servicePort = await service.port();
    const answers = [];
    for (let i = 0; i < 50; i++)
      answers.push(await httpRequest(servicePort, 'POST', '/orders', { orderId: `ORD-${i}`, customerId: 'cus_1', total: 1 }));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(Math.max(...answers.map((a) => a.millis))).toBeLessThan(1000);

    // Held and retried while the service runs (issue 7: an outage loses nothing the queue can hold)…
    await service.waitForStderr(/export of (logs|spans) failed: .*ECONNREFUSED.*; holding \d+ and retrying/, 20000);
    const stats = JSON.parse((await httpRequest(servicePort, 'GET', '/stats')).body) as Record<
      string,
      { accepted: number; failed: number }
    >;
    expect(stats.logs!.accepted).toBeGreaterThanOrEqual(100);

    const sent = Date.now();
    service.child.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit.atMillis - sent).toBeLessThan(3000 + 2000);
    // …and booked as lost only when the process stops with the collector still away.
    expect(service.stderr).toMatch(/telemetry lost since start — logs: \d+ of \d+ \(queue full 0, export failed \d+\)/);
  });

  test('a short script with no collector ends within the bound, and the warning says what did not finish', async () => {
    const port = await closedPort();
    service = new FixtureProcess(
      ['--require', '@jewelry/otel', '-e', "process.exitCode = 3; console.log('script done')"],
      { OTEL_SERVICE_NAME: 'crm-api', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, JEWELRY_SHUTDOWN_TIMEOUT_MS: '1500' },
      REPO,
    );
    const started = Date.now();
    const exit = await service.exited;
    expect(exit.code).toBe(3); // the script's own exit code
    expect(exit.atMillis - started).toBeLessThan(1500 + 2500); // the exporter's retries alone would keep it ~8 s
    expect(service.stdout.trim()).toBe('script done');
    expect(service.stderr).toMatch(
      /telemetry flush did not finish within 1500 ms; exiting anyway — every span and log record was delivered; the last metrics export did not finish \(collector unreachable\?\)/,
    );
  });

  test('a full queue drops what does not fit, counts it and says so', async () => {
    // A collector that holds every answer for 3 s: the queue of 50 fills up.
    const receiver = new OtlpReceiver({ delayMillis: 3000 });
    await receiver.start();
    try {
      service = new FixtureProcess(
        ['--require', '@jewelry/otel', FIXTURE],
        {
          OTEL_SERVICE_NAME: 'crm-api',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
          OTEL_BLRP_MAX_QUEUE_SIZE: '50',
          OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '10',
          OTEL_BLRP_SCHEDULE_DELAY: '50',
          JEWELRY_DROP_REPORT_INTERVAL_MS: '200',
        },
        REPO,
      );
      const port = await service.port();
      await httpRequest(port, 'POST', '/burst', { count: 500 });
      const stats = JSON.parse((await httpRequest(port, 'GET', '/stats')).body) as Record<
        string,
        { accepted: number; droppedQueueFull: number; inFlight: number }
      >;
      expect(stats.logs!.droppedQueueFull).toBeGreaterThanOrEqual(400);
      expect(stats.logs!.accepted + stats.logs!.droppedQueueFull).toBeGreaterThanOrEqual(500);
      expect(stats.logs!.inFlight).toBeLessThanOrEqual(50);
      await service.waitForStderr(/telemetry lost since start — logs: \d+ of \d+ \(queue full \d+/, 5000);
    } finally {
      await receiver.stop();
    }
  });
});
