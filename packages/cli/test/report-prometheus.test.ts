// The Prometheus side, against a real Prometheus (Debian's package, run here
// with its own config, data dir and free port): it scrapes
//  - the stuck-orders exporter (`jewelry_stuck_orders{status}`), proving the
//    exposition format is what Prometheus reads, and
//  - a target exposing the SDK's HTTP server request counter for two services
//    (shop-api with 20 % 5xx, crm-api with none),
// and the report's queries must get the request rate and the 5xx ratio per
// service from it (0, not "no data", for crm-api). When Prometheus is not
// reachable, or has no such series, the section says so instead of failing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectPrometheus, serveStuckOrderMetrics, type EsClient, type StuckOrdersMetricsServer } from '@jewelry/cli';
import { freePort } from '../../../test/support/own-stack';
import { ensureDebianProgram } from './report-helpers';

jest.setTimeout(600_000);

const DAY = 86_400_000;

/** An EsClient stand-in that answers the stuck-orders search with three stuck orders (two priced, one created). */
function stubElasticsearch(): EsClient {
  const hit = (fields: Record<string, unknown>, ageDays: number) => ({
    _source: { '@timestamp': new Date(Date.now() - ageDays * DAY).toISOString(), 'service.name': 'crm-api', ...fields },
    sort: [Date.now() - ageDays * DAY],
  });
  const none = { doc_count: 0, doc: { hits: { hits: [] } } };
  const one = (h: unknown) => ({ doc_count: 1, doc: { hits: { hits: [h] } } });
  const buckets = [
    { key: { order: 'O-1' }, last_change: one(hit({ 'order.status': 'priced' }, 9)), created: none },
    { key: { order: 'O-2' }, last_change: one(hit({ 'order.status': 'priced' }, 8)), created: none },
    { key: { order: 'O-3' }, last_change: none, created: one(hit({}, 10)) },
    { key: { order: 'O-4' }, last_change: one(hit({ 'order.status': 'confirmed' }, 30)), created: none },
  ];
  return { url: 'stub', post: async () => ({ status: 200, body: { aggregations: { orders: { buckets } } } }) } as unknown as EsClient;
}

async function promQuery(url: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data.result;
}

describe("the report's Prometheus section and the stuck-orders gauge, against a real Prometheus", () => {
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let target: Server;
  let exporter: StuckOrdersMetricsServer;
  let promUrl: string;
  const started = Date.now();

  beforeAll(async () => {
    const binary = ensureDebianProgram(['prometheus'], ['prometheus']);
    dir = mkdtempSync(join(tmpdir(), 'jewelry-prometheus-'));

    // The services' request counters, growing at a steady rate: shop-api 10/s ok + 2.5/s 5xx, crm-api 4/s ok.
    target = createServer((_req, res) => {
      const s = (Date.now() - started) / 1000;
      const line = (service: string, code: number, perSecond: number) =>
        `http_server_request_duration_seconds_count{service_name="${service}",http_response_status_code="${code}",http_request_method="POST"} ${Math.floor(s * perSecond)}`;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        [
          '# TYPE http_server_request_duration_seconds_count counter',
          line('shop-api', 201, 10),
          line('shop-api', 503, 2.5),
          line('crm-api', 200, 4),
          '',
        ].join('\n'),
      );
    });
    const targetPort = await freePort();
    await new Promise<void>((resolve) => target.listen(targetPort, '127.0.0.1', resolve));
    exporter = await serveStuckOrderMetrics(stubElasticsearch(), { listen: '127.0.0.1:0', olderThan: '7d', intervalMillis: 1000 });

    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        `  - { job_name: services, static_configs: [{ targets: ['127.0.0.1:${targetPort}'] }] }`,
        `  - { job_name: jewelry-stuck-orders, static_configs: [{ targets: ['127.0.0.1:${exporter.port}'] }] }`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      binary,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      {
        stdio: 'ignore',
        cwd: dir,
      },
    );
    // Ready, and a few scrapes of both targets in.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await promQuery(
        promUrl,
        'count_over_time(http_server_request_duration_seconds_count{service_name="crm-api"}[1m]) >= 4 and on() count_over_time(jewelry_stuck_orders_last_check_success[1m]) >= 2',
      ).catch(() => []);
      if (ok.length > 0) break;
      if (Date.now() > deadline) throw new Error('Prometheus did not scrape both targets within 60 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once('exit', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await exporter?.close();
    await new Promise((r) => target?.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Prometheus reads jewelry_stuck_orders{status} from the exporter: the same count, by last status', async () => {
    const byStatus = Object.fromEntries(
      (await promQuery(promUrl, 'jewelry_stuck_orders')).map((r) => [r.metric.status, Number(r.value[1])]),
    );
    expect(byStatus).toEqual({ priced: 2, created: 1 });
    expect(Number((await promQuery(promUrl, 'sum(jewelry_stuck_orders)'))[0]!.value[1])).toBe(exporter.state.last!.stuck.length);
    const up = await promQuery(promUrl, 'up{job="jewelry-stuck-orders"}');
    expect(up[0]!.value[1]).toBe('1');
  });

  it('the report gets the request rate and the 5xx ratio per service (0 for a service without 5xx)', async () => {
    const section = await collectPrometheus(promUrl, Date.now() - 120_000, Date.now(), 10_000);
    expect(section).toMatchObject({ reachable: true, source: 'SDK HTTP server metric (http.server.request.duration)' });
    expect(section.note).toBeUndefined();
    const last = (r: typeof section.requestRate, service: string): number => {
      const values = r!.series.find((s) => s.labels.service_name === service)!.values;
      return values[values.length - 1]![1];
    };
    // The series are only seconds old, so rate() over its 60 s window is scaled down alike for both;
    // their proportion is the real one: 12.5/s against 4/s.
    expect(last(section.requestRate, 'crm-api')).toBeGreaterThan(0);
    expect(last(section.requestRate, 'shop-api') / last(section.requestRate, 'crm-api')).toBeCloseTo(12.5 / 4, 0);
    expect(last(section.errorRatio, 'shop-api')).toBeCloseTo(0.2, 1);
    expect(last(section.errorRatio, 'crm-api')).toBe(0);
  });

  it('no such series in the period: a sentence, not a failure', async () => {
    const section = await collectPrometheus(promUrl, Date.now() - 3 * DAY, Date.now() - 2 * DAY, 3_600_000);
    expect(section.reachable).toBe(true);
    expect(section.requestRate).toBeUndefined();
    expect(section.note).toMatch(
      /answered, but has no request series in this period \(looked for http_server_request_duration_seconds_count, traces_span_metrics_calls_total, http_server_duration_milliseconds_count\)/,
    );
  });

  it('Prometheus not reachable: said so', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const section = await collectPrometheus(dead, Date.now() - 3_600_000, Date.now(), 60_000);
    expect(section).toEqual({ url: dead, reachable: false, note: `Prometheus at ${dead} is not reachable: ECONNREFUSED` });
  });
});
