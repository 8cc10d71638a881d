import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { isolatedStackEnv, resolveSettings, stackDown, stackUp, type StackOptions } from '@jewelry/cli';
import { httpRequest, startOrderService, type FixtureProcess } from '../support/fixture-process';
import { freePort } from '../support/free-port';

const REPO = join(__dirname, '..', '..');

interface Notification {
  status: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

/**
 * AL-3, AL-1, AL-5 end to end: a service's telemetry → our collector's
 * derived metrics → Prometheus rules → Alertmanager → a webhook receiver in
 * this test. Its own collector, Prometheus and Alertmanager (free ports,
 * 1 s intervals, test thresholds set through JEWELRY_ALERT_*), so what other
 * tests send does not count here.
 */
describe('alerts reach people: real collector, Prometheus and Alertmanager (AL-1, AL-3, AL-5)', () => {
  const received: Notification[] = [];
  let webhook: Server;
  let options: StackOptions;
  let service: FixtureProcess;
  let port: number;
  const savedEnv = { ...process.env };

  const firing = (name: string) => received.flatMap((n) => n.alerts).filter((a) => a.labels.alertname === name && a.status === 'firing');

  async function drive(path: string, perSecond: number, seconds: number, body: (i: number) => unknown): Promise<void> {
    const end = Date.now() + seconds * 1000;
    let i = 0;
    while (Date.now() < end) {
      const started = Date.now();
      await Promise.all(
        Array.from({ length: perSecond }, () =>
          httpRequest(port, 'POST', typeof path === 'string' ? path : '/', body(i++)).catch(() => undefined),
        ),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
    }
  }

  async function waitFor(predicate: () => boolean, millis: number): Promise<boolean> {
    const deadline = Date.now() + millis;
    while (Date.now() < deadline && !predicate()) await new Promise((r) => setTimeout(r, 500));
    return predicate();
  }

  beforeAll(async () => {
    const webhookPort = await freePort();
    webhook = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        received.push(JSON.parse(text) as Notification);
        res.end();
      });
    });
    await new Promise<void>((r) => webhook.listen(webhookPort, '127.0.0.1', r));

    Object.assign(process.env, await isolatedStackEnv(join(REPO, '.stack', `alerting-${process.pid}`), {}, {}), {
      JEWELRY_PROMETHEUS_INTERVAL: '1s',
      JEWELRY_ALERTMANAGER_GROUP_WAIT: '1s',
      JEWELRY_ALERTMANAGER_GROUP_INTERVAL: '5s',
      JEWELRY_SPAN_METRICS_FLUSH_INTERVAL: '1s',
      ALERTMANAGER_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/alerts`,
      // Test thresholds: 2 orders/s instead of 100; windows of seconds instead of minutes.
      JEWELRY_ALERT_ORDER_RATE_MAX: '2',
      JEWELRY_ALERT_ORDER_RATE_WINDOW: '15s',
      JEWELRY_ALERT_ORDER_RATE_FOR: '0s',
      JEWELRY_ALERT_HTTP_5XX_WINDOW: '15s',
      JEWELRY_ALERT_HTTP_5XX_FOR: '0s',
      JEWELRY_ALERT_HTTP_5XX_MIN_REQUEST_RATE: '0.5',
      PROMETHEUS_PORT: String(await freePort()),
      ALERTMANAGER_PORT: String(await freePort()),
    });
    options = { settings: resolveSettings(), onProgress: () => undefined };
    await stackUp(['collector', 'alertmanager', 'prometheus'], options);
    service = startOrderService('shop-api', `http://127.0.0.1:${process.env.OTLP_HTTP_PORT}`, { OTEL_METRICS_EXPORTER: 'none' });
    port = await service.port();
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    if (options) await stackDown(['prometheus', 'alertmanager', 'collector'], options);
    process.env = savedEnv;
    await new Promise<void>((r) => webhook.close(() => r()));
  });

  test('a normal order rate sends nothing; a burst above the threshold reaches the webhook with the runbook link', async () => {
    await drive('/orders', 1, 20, (i) => ({ orderId: `ORD-CALM-${i}`, customerId: 'cus_1', total: 1 }));
    expect(firing('OrderRateTooHigh')).toEqual([]);

    await drive('/orders', 8, 15, (i) => ({ orderId: `ORD-BURST-${i}`, customerId: 'cus_1', total: 1 }));
    expect(await waitFor(() => firing('OrderRateTooHigh').length > 0, 30_000)).toBe(true);
    const alert = firing('OrderRateTooHigh')[0]!;
    expect(alert.labels.severity).toBe('critical');
    expect(alert.annotations.runbook_url).toMatch(/docs\/runbooks\/al-3-order-rate-spike\.md$/);
    expect(alert.annotations.summary).toContain('new orders per second');
  }, 120_000);

  test('a service answering 5xx to more than 10 % of requests alerts; its healthy traffic did not', async () => {
    expect(firing('HighHttp5xxRatio')).toEqual([]);
    await drive('/fail', 2, 15, (i) => ({ orderId: `ORD-FAIL-${i}` }));
    expect(await waitFor(() => firing('HighHttp5xxRatio').length > 0, 30_000)).toBe(true);
    const alert = firing('HighHttp5xxRatio')[0]!;
    expect(alert.labels.service).toBe('shop-api');
    expect(alert.annotations.runbook_url).toMatch(/al-1-high-5xx-ratio\.md$/);
  }, 120_000);
});
