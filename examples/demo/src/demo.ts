#!/usr/bin/env node
/**
 * `npm run demo` — the product's main job, on a fresh machine or a warm one:
 * 1. the stack comes up (RabbitMQ, PostgreSQL, S3, Elasticsearch, our collector, Prometheus);
 * 2. the four example services start under `--require @jewelry/otel`;
 * 3. a scenario drives orders through them: customer orders, a partner
 *    order, a failed 3D-model upload, a redelivered message, a dashboard query;
 * 4. the demo waits until Elasticsearch holds one order's whole trace;
 * 5. it prints that trace as a waterfall with its log lines beneath their
 *    spans, the documents per index, and how to open the same trace in Kibana.
 * The services are stopped at the end; the stack keeps running for a look around.
 */
import { join } from 'node:path';
import { esClientFromEnv, esStatus, renderWaterfall, resolveSettings, stackEndpoints, stackUp, waitForOrderTrace } from '@jewelry/cli';
import { runScenario, type ScenarioOrder } from '@jewelry-examples/common/scenario';
import { startServices, stopServices } from '@jewelry-examples/common/services';
import { Progress } from './progress';

const KIBANA_URL = process.env.KIBANA_URL ?? 'http://localhost:5601';

function kibanaDiscoverUrl(traceId: string): string {
  const query = encodeURIComponent(`trace.id:"${traceId}"`);
  return `${KIBANA_URL}/app/discover#/?_g=(time:(from:now-1h,to:now))&_a=(query:(language:kuery,query:'${query}'))`;
}

async function main(): Promise<void> {
  const progress = new Progress(5);
  const settings = resolveSettings();

  progress.step(1, 'stack: RabbitMQ, PostgreSQL, S3, Elasticsearch, collector, Prometheus (installed and built on first use)');
  await stackUp([], {
    onProgress: (message) => progress.line(message),
    onActivity: (active, now) => progress.activities(active, now),
    onComponent: (r) =>
      progress.line(
        `${r.name.padEnd(14)} ${r.endpoint.padEnd(18)} ${r.startedByThisCall ? `started in ${r.seconds.toFixed(1)} s` : 'already running'}`,
      ),
  });
  const endpoints = stackEndpoints(settings);

  progress.step(2, 'services: shop-api, partner-api, mes-api, crm-api under node --require @jewelry/otel');
  const logDir = join(settings.stackDir, 'demo', new Date().toISOString().replace(/[:.]/g, '-'));
  const running = await startServices({
    logDir,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.otlpHttpEndpoint,
      OTEL_BLRP_SCHEDULE_DELAY: '500',
      OTEL_BSP_SCHEDULE_DELAY: '500',
      AMQP_URL: endpoints.amqpUrl,
      DATABASE_URL: endpoints.databaseUrl,
      S3_ENDPOINT: endpoints.s3.endpoint,
      S3_REGION: endpoints.s3.region,
      S3_ACCESS_KEY_ID: endpoints.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: endpoints.s3.secretAccessKey,
      S3_BUCKET: endpoints.s3.bucket,
      JEWELRY_LOG_LEVEL: process.env.JEWELRY_LOG_LEVEL ?? 'debug',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  for (const s of running.services) progress.line(`${s.name.padEnd(12)} ${s.url}  healthy after ${s.startMillis} ms`);
  progress.line(`their stdout (ECS JSON lines) and stderr: ${logDir}`);

  try {
    progress.step(3, 'scenario: orders through Shop API → RabbitMQ → MES (price from the 3D model) → CRM → notification');
    const result = await runScenario(running.urls, { onProgress: (line) => progress.line(line) });
    const shown = result.orders.find((o) => o.kind === 'customer' && o.orderId && o.traceId);
    if (!shown?.orderId) throw new Error('the scenario produced no confirmed customer order to show');

    progress.step(4, `waiting for Elasticsearch to hold the whole trace of order ${shown.orderId}`);
    const client = esClientFromEnv(settings);
    const lookup = await waitForOrderTrace(client, shown.orderId, {
      services: ['shop-api', 'mes-api', 'crm-api'],
      events: ['order.created', 'price.calculation_finished', 'order.confirmed', 'notification.sent'],
      timeoutMillis: 120_000,
      onStatus: (text) => progress.status(text),
    });
    progress.endStatus();

    progress.step(5, `order ${shown.orderId} (${shown.label}): one trace from start to end`);
    process.stdout.write(`\n${renderWaterfall(lookup.traces[0]!, { color: progress.color })}\n`);
    await printSummary(client, result.orders);
    const traceId = lookup.traces[0]!.traceId;
    process.stdout.write(
      [
        '',
        'The same trace in Kibana (import the assets first), Discover, data view "jewelry logs":',
        `  query  trace.id : "${traceId}"`,
        `  or     ${kibanaDiscoverUrl(traceId)}`,
        '',
        `Any order, any time:  npx jewelry-otel trace ${shown.orderId}      (or a trace id; --json for scripts)`,
        'The stack keeps running; stop it with:  npx jewelry-otel stack down',
        '',
      ].join('\n'),
    );
  } finally {
    const stopped = await stopServices();
    progress.line(`services stopped: ${stopped.map((s) => `${s.name} (${s.how})`).join(', ')}`);
  }
}

async function printSummary(client: ReturnType<typeof esClientFromEnv>, orders: ScenarioOrder[]): Promise<void> {
  const status = await esStatus(client);
  const families = status.families.filter((f) => f.docs > 0).sort((a, b) => a.alias.localeCompare(b.alias));
  const lines = ['', `Documents per index (Elasticsearch ${status.endpoint}, cluster ${status.cluster.status}):`];
  for (const f of families) lines.push(`  ${f.alias.padEnd(22)} ${String(f.docs).padStart(7)}   ${f.writeIndex ?? ''}`);
  lines.push('', 'The other requests of the scenario, each one trace:');
  for (const o of orders.filter((x) => x.traceId)) {
    lines.push(`  ${o.kind.padEnd(16)} HTTP ${o.httpStatus}  ${o.orderId ?? '(no order)'}  trace ${o.traceId}  ${o.label}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`\ndemo: ${err instanceof Error ? err.message : String(err)}\n`);
    void stopServices().finally(() => process.exit(1));
  },
);
