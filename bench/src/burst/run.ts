// The burst section of `npm run bench` (issue 15; bench/README.md): the order
// rate through the four example services jumps from the usual ~4/s to as many
// as this machine answers, for a bounded time, and back. What the telemetry
// pipeline (the product's collector topology into its own Elasticsearch)
// absorbed; how long an order took from its request to being searchable;
// what was dropped and where it was counted; and whether AL-3 reached
// Alertmanager (a webhook of the bench's).
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { countUnique, freePort } from '@jewelry/cli';
import { startServices, type RunningServices } from '@jewelry-examples/common/services';
import { writeAlias } from '@jewelry/schema';
import type { SectionResult } from '../section-result';
import { median, round } from '../stats';
import { AlertReceiver } from './alert-receiver';
import { BurstStack } from './burst-stack';
import { OrderLoad, type OrderOutcome, type Phase } from './orders';
import { scrape, sum, type Samples } from './prometheus-text';
import { SearchableProbe } from './searchable-probe';
import { burstSettings } from './settings';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO = join(__dirname, '..', '..', '..');
const INDEX = writeAlias('shop-api', 'logs');
const PHASES: Phase[] = ['warm', 'burst', 'cool'];

function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Answers per wall-clock second of a phase: the mean and the best second. */
function perSecond(outcomes: readonly OrderOutcome[]): { mean: number; peak: number } {
  const ok = outcomes.filter((o) => o.status === 201);
  if (!ok.length) return { mean: 0, peak: 0 };
  const ends = ok.map((o) => o.sentAt + o.millis);
  const first = Math.min(...outcomes.map((o) => o.sentAt));
  const last = Math.max(...ends);
  const buckets = new Map<number, number>();
  for (const e of ends) buckets.set(Math.floor(e / 1000), (buckets.get(Math.floor(e / 1000)) ?? 0) + 1);
  return { mean: ok.length / Math.max(1, (last - first) / 1000), peak: Math.max(...buckets.values()) };
}

export async function run(): Promise<SectionResult> {
  const settings = burstSettings();
  const progress = (m: string) => process.stderr.write(`bench: burst: ${m}\n`);
  const receiver = await AlertReceiver.start();
  const stack = await BurstStack.start(REPO, settings, receiver.url, progress);
  let services: RunningServices | undefined;
  try {
    const shared = stack.sharedEndpoints();
    const [shop, mes, crm, partner] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    services = await startServices({
      logDir: join(REPO, 'reports', 'bench', 'burst-services', new Date().toISOString().replace(/[:.]/g, '-')),
      ports: { 'shop-api': shop, 'mes-api': mes, 'crm-api': crm, 'partner-api': partner },
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: stack.otlpEndpoint,
        OTEL_METRIC_EXPORT_INTERVAL: '5000',
        OTEL_LOG_LEVEL: 'warn',
        AMQP_URL: shared.amqpUrl,
        AMQP_NAME_PREFIX: `burst${randomUUID().slice(0, 6)}`,
        DATABASE_URL: shared.databaseUrl,
        S3_ENDPOINT: shared.s3.endpoint,
        MES_PRICE_CALC_MS: String(settings.priceCalcMillis),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const es = stack.es();
    const probe = new SearchableProbe(es, INDEX);
    const load = new OrderLoad(services.urls.shopApi, (o) => probe.offer(o.orderId, o.sentAt, o.phase));
    const urls = stack.telemetryUrls();

    // Queue depths through the run, sampled every second (the agent's and each gateway's exporter).
    const peaks = { agentQueue: 0, gatewayQueue: 0 };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const agent = await scrape(urls.agent);
        peaks.agentQueue = Math.max(peaks.agentQueue, sum(agent, 'otelcol_exporter_queue_size'));
        for (const g of urls.gateways)
          peaks.gatewayQueue = Math.max(peaks.gatewayQueue, sum(await scrape(g), 'otelcol_exporter_queue_size'));
        await sleep(1000);
      }
    })();

    probe.start();
    progress(`${settings.warmSeconds} s at ${settings.baseRate} orders/s (the baseline)`);
    await load.paced('warm', settings.baseRate, settings.warmSeconds);
    const burstStart = Date.now();
    progress(`${settings.burstSeconds} s of burst: ${settings.connections} orders in flight`);
    await load.closed('burst', settings.connections, settings.burstSeconds);
    const burstEnd = Date.now();
    progress(`${settings.coolSeconds} s at ${settings.baseRate} orders/s again`);
    await load.paced('cool', settings.baseRate, settings.coolSeconds);

    // Every order shop-api accepted must be searchable: counted exactly, by its id.
    const accepted = new Set(load.outcomes.filter((o) => o.status === 201 && o.orderId).map((o) => o.orderId!));
    const deadline = Date.now() + settings.timeoutMillis;
    const orderCreated = { term: { 'event.name': 'order.created' } };
    let stored = await countUnique(es, INDEX, 'order.id', 'ORD-', orderCreated);
    while ([...accepted].some((id) => !stored.values.has(id)) && Date.now() < deadline) {
      await sleep(2000);
      stored = await countUnique(es, INDEX, 'order.id', 'ORD-', orderCreated);
    }
    const allStoredAfter = (Date.now() - burstEnd) / 1000;
    const notFound = await probe.stop(10_000);
    sampling = false;
    await sampler;
    const missing = [...accepted].filter((id) => !stored.values.has(id));

    // AL-3 at Alertmanager: wait a little for a notification still on its way.
    const alertDeadline = Date.now() + 30_000;
    const fired = () => receiver.firstFiring('OrderRateTooHigh', burstStart) ?? receiver.firstFiring('OrderRateAnomaly', burstStart);
    while (!fired() && Date.now() < alertDeadline) await sleep(1000);
    const alert = fired();

    // Accounting: what each stage took, refused, failed or dropped (counters since start).
    const agent = await scrape(urls.agent);
    const gatewaySamples: Samples = (await Promise.all(urls.gateways.map(scrape))).flat();
    const exporterSamples = await scrape(urls.exporter);
    const agentExporter = settings.topology === 'tiered' ? 'exporter="loadbalancing"' : 'exporter="elasticsearch"';
    const accounting = {
      sdkLost: sum(exporterSamples, 'jewelry_otel_telemetry_lost_total'),
      agentAcceptedLogs: sum(agent, 'otelcol_receiver_accepted_log_records', 'receiver="otlp"'),
      agentAcceptedSpans: sum(agent, 'otelcol_receiver_accepted_spans', 'receiver="otlp"'),
      agentRefusedLogs: sum(agent, 'otelcol_receiver_refused_log_records'),
      agentRefusedSpans: sum(agent, 'otelcol_receiver_refused_spans'),
      agentSendFailed:
        sum(agent, 'otelcol_exporter_send_failed_log_records', agentExporter) +
        sum(agent, 'otelcol_exporter_send_failed_spans', agentExporter),
      agentEnqueueFailed:
        sum(agent, 'otelcol_exporter_enqueue_failed_log_records', agentExporter) +
        sum(agent, 'otelcol_exporter_enqueue_failed_spans', agentExporter),
      gatewaySent: sum(gatewaySamples, 'otelcol_exporter_sent_log_records') + sum(gatewaySamples, 'otelcol_exporter_sent_spans'),
      gatewaySendFailed:
        sum(gatewaySamples, 'otelcol_exporter_send_failed_log_records') + sum(gatewaySamples, 'otelcol_exporter_send_failed_spans'),
      gatewayRefused: sum(gatewaySamples, 'otelcol_receiver_refused_log_records') + sum(gatewaySamples, 'otelcol_receiver_refused_spans'),
    };

    const rows = PHASES.map((phase) => {
      const outcomes = load.outcomes.filter((o) => o.phase === phase);
      const rate = perSecond(outcomes);
      const delays = probe.delays.filter((d) => d.phase === phase).map((d) => d.seconds);
      return {
        phase,
        orders: outcomes.length,
        '201': outcomes.filter((o) => o.status === 201).length,
        failed: outcomes.filter((o) => o.status !== 201).length,
        'orders/s': round(rate.mean, 1),
        'peak/s': rate.peak,
        'http p50 ms': round(
          percentile(
            outcomes.map((o) => o.millis),
            50,
          ),
          0,
        ),
        'http p99 ms': round(
          percentile(
            outcomes.map((o) => o.millis),
            99,
          ),
          0,
        ),
        'searchable p50 s': round(percentile(delays, 50), 2),
        'searchable p99 s': round(percentile(delays, 99), 2),
        sampled: delays.length,
      };
    });
    const burstRow = rows.find((r) => r.phase === 'burst')!;
    const burstDelays = probe.delays.filter((d) => d.phase === 'burst').map((d) => d.seconds);
    return {
      section: 'burst',
      title: `Burst: ${settings.baseRate}/s → as many orders as the machine answers for ${settings.burstSeconds} s → ${settings.baseRate}/s (${settings.topology} collectors, ${settings.esNodes} Elasticsearch node${settings.esNodes > 1 ? 's' : ''})`,
      columns: [
        'phase',
        'orders',
        '201',
        'failed',
        'orders/s',
        'peak/s',
        'http p50 ms',
        'http p99 ms',
        'searchable p50 s',
        'searchable p99 s',
        'sampled',
      ],
      rows,
      summary: {
        burstOrdersPerSecond: burstRow['orders/s'],
        burstPeakPerSecond: burstRow['peak/s'],
        burstFactor: round(Number(burstRow['orders/s']) / settings.baseRate, 1),
        ordersAccepted: accepted.size,
        ordersStored: accepted.size - missing.length,
        ordersMissing: missing.length,
        orderCreatedDuplicates: stored.duplicates,
        searchableP50Seconds: round(percentile(burstDelays, 50), 2),
        searchableP99Seconds: round(percentile(burstDelays, 99), 2),
        searchableMedianSeconds: round(median(burstDelays), 2),
        sampledNotFound: notFound,
        allStoredSecondsAfterBurst: round(allStoredAfter, 1),
        ...accounting,
        peakAgentQueue: peaks.agentQueue,
        peakGatewayQueue: peaks.gatewayQueue,
        alertReachedAlertmanager: alert !== undefined,
        anomalyReachedAlertmanager: receiver.firstFiring('OrderRateAnomaly', burstStart) !== undefined,
        alertRateLimit: settings.alertRate,
        productLimit100Reached: Number(burstRow['peak/s']) > 100,
        alertName: alert?.alertname ?? 'none',
        alertSecondsAfterBurstStart: alert ? round((alert.at - burstStart) / 1000, 1) : -1,
        targetNothingLost: missing.length === 0 && accounting.sdkLost === 0,
      },
      notes: [
        `the services, Elasticsearch, the collectors, RabbitMQ, PostgreSQL and S3 share this machine's CPUs: the burst rate is what all of them together answer, not a limit of the pipeline alone`,
        `searchable: from sending the request to finding its order.created record by id (no forced refresh: Elasticsearch's 1 s refresh included), for one order every 100 ms`,
        `AL-3 in the bench's Prometheus: OrderRateTooHigh at ${settings.alertRate}/s (BENCH_BURST_ALERT_RATE; the product's 100/s is out of reach of this whole stack on ${cpus().length} cores — productLimit100Reached says whether the peak got there), windows shortened for a bounded burst (order_rate_window 30s, order_rate_for 10s, order_anomaly_for 10s, rules every 2 s); OrderRateAnomaly keeps the product's 5x baseline and 20/s`,
        `accounting: sdkLost = the services' SDK drops (jewelry_otel_telemetry_lost_total); agent/gateway counters are the collectors' own telemetry (otelcol_*): refused at the receiver (the SDK retries), send or enqueue failures at the exporters (each would be a loss)`,
        `MES_PRICE_CALC_MS=${settings.priceCalcMillis}; ${settings.connections} requests in flight during the burst`,
      ],
    };
  } finally {
    await services?.stop().catch(() => undefined);
    await stack.stop();
    await receiver.close();
  }
}
