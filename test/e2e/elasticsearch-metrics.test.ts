import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedStackEnv, resolveSettings, stackDown, stackEndpoints, stackUp, type StackOptions } from '@jewelry/cli';
import { freePort } from '../support/free-port';

const REPO = join(__dirname, '..', '..');

/**
 * ST-4, as Prometheus names them: what the collector's elasticsearch receiver
 * gives about the cluster the logs go to. Each must be there, for the
 * stack's cluster (the `elasticsearch_cluster_name` label comes from `GET /`,
 * as do the two metrics the receiver gates on the node's version).
 */
const ST4_METRICS = [
  // cluster health and size
  'elasticsearch_cluster_health',
  'elasticsearch_cluster_nodes',
  'elasticsearch_cluster_data_nodes',
  'elasticsearch_cluster_shards',
  'elasticsearch_cluster_pending_tasks',
  // node disk (the DiskUsage alerts) and what the indices take on it
  'elasticsearch_node_fs_disk_available_bytes',
  'elasticsearch_node_fs_disk_free_bytes',
  'elasticsearch_node_fs_disk_total_bytes',
  'elasticsearch_node_shards_size_bytes',
  'elasticsearch_node_shards_data_set_size_bytes', // gated on the version (7.13+)
  'elasticsearch_node_documents',
  // JVM heap and garbage collection
  'jvm_memory_heap_used_bytes',
  'jvm_memory_heap_max_bytes',
  'jvm_memory_heap_utilization_ratio',
  'jvm_gc_collections_count_total',
  // pressure: circuit breakers, indexing pressure, rejected work
  'elasticsearch_breaker_memory_estimated_bytes',
  'elasticsearch_breaker_tripped_total',
  'elasticsearch_indexing_pressure_memory_limit_bytes', // gated on the version (7.10+)
  'elasticsearch_node_thread_pool_tasks_queued',
  'elasticsearch_os_cpu_usage_percent',
];

interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

async function promQuery(base: string, query: string): Promise<PromSeries[]> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { status: string; data?: { result: PromSeries[] }; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus: ${query}: ${body.error}`);
  return body.data?.result ?? [];
}

/** A counter of the collector's own telemetry (Prometheus text format), summed over the series whose labels contain `having`. */
async function collectorCounter(port: number, name: string, having: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes(having))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

/**
 * Against the stack's Elasticsearch, a collector and a Prometheus of this
 * test's own (free ports, the receiver every 2 s, Prometheus every 1 s), so
 * the collector starts knowing this node, whatever ran before.
 */
describe('ST-4: Elasticsearch health, disk and JVM in Prometheus, without receiver errors (issue 13)', () => {
  const savedEnv = { ...process.env };
  const esUrl = stackEndpoints().elasticsearchUrl;
  let options: StackOptions;
  let prometheus: string;
  let telemetryPort: number;

  beforeAll(async () => {
    Object.assign(process.env, await isolatedStackEnv(join(REPO, '.stack', `es-metrics-${process.pid}`), {}, {}), {
      JEWELRY_PROMETHEUS_INTERVAL: '1s',
      JEWELRY_ES_METRICS_INTERVAL: '2s',
      PROMETHEUS_PORT: String(await freePort()),
      ALERTMANAGER_PORT: String(await freePort()),
    });
    options = { settings: resolveSettings(), onProgress: () => undefined };
    await stackUp(['collector', 'prometheus'], options);
    prometheus = `http://127.0.0.1:${process.env.PROMETHEUS_PORT}`;
    telemetryPort = Number(process.env.COLLECTOR_TELEMETRY_PORT);
  }, 300_000);

  afterAll(async () => {
    if (options) await stackDown(['prometheus', 'collector'], options);
    if (options?.settings?.stackDir) rmSync(options.settings.stackDir, { recursive: true, force: true });
    process.env = savedEnv;
  });

  test('the node answers GET / with its version and cluster, as every Elasticsearch does', async () => {
    const res = await fetch(`${esUrl}/`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cluster_name: string; version: { number: string } };
    expect(body.cluster_name).toBe('jewelry');
    expect(body.version.number).toBe(resolveSettings().esVersion);
  });

  test('every ST-4 metric is in Prometheus, for the cluster by name', async () => {
    const missing = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const name of ST4_METRICS) {
        const series = await promQuery(prometheus, `${name}{elasticsearch_cluster_name="jewelry"}`);
        if (series.length === 0) out.push(name);
      }
      return out;
    };
    const deadline = Date.now() + 60_000;
    let left = await missing();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      left = await missing();
    }
    expect(left).toEqual([]);
    const health = await promQuery(prometheus, 'elasticsearch_cluster_health{elasticsearch_cluster_name="jewelry"} == 1');
    expect(health.map((s) => s.metric.status)).toEqual([expect.stringMatching(/^(green|yellow)$/)]);
    const heap = await promQuery(prometheus, 'jvm_memory_heap_utilization_ratio');
    expect(Number(heap[0]!.value[1])).toBeGreaterThan(0);
    expect(Number(heap[0]!.value[1])).toBeLessThan(1);
  }, 90_000);

  test("the receiver scrapes without an error, scrape after scrape (the collector's own counters and log)", async () => {
    const scraped = () => collectorCounter(telemetryPort, 'otelcol_scraper_scraped_metric_points', 'receiver="elasticsearch"');
    const errored = () => collectorCounter(telemetryPort, 'otelcol_scraper_errored_metric_points', 'receiver="elasticsearch"');
    const first = await scraped();
    // Three scrapes or more (one every 2 s).
    await new Promise((r) => setTimeout(r, 7000));
    expect(await scraped()).toBeGreaterThan(first);
    expect(await errored()).toBe(0);
    const log = readFileSync(join(resolveSettings().stackDir, 'collector', 'collector.log'), 'utf8');
    expect(log.split('\n').filter((l) => l.includes('Error scraping metrics'))).toEqual([]);
  }, 60_000);
});
