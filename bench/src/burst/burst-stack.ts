import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  EsClient,
  freePort,
  gateways,
  isolatedStackEnv,
  resolveSettings,
  stackDown,
  stackEndpoints,
  stackUp,
  type ComponentName,
  type StackOptions,
  type StackSettings,
} from '@jewelry/cli';
import type { BurstSettings } from './settings';

/** The telemetry path of the bench's own: its Elasticsearch, collector(s), Alertmanager and Prometheus. */
const OWN: ComponentName[] = ['elasticsearch', 'collector', 'alertmanager', 'prometheus'];
/** What the example services use besides telemetry: the shared stack's (started if needed, stopped only then). */
const SHARED: ComponentName[] = ['rabbitmq', 'postgres', 's3'];

/**
 * The stack a burst runs on: the services' broker, database and S3 from the
 * shared stack, and a telemetry path of its own on free ports (the stack
 * code, its own dir under .stack/, removed afterwards) — the product's
 * collector topology, Prometheus evaluating the product's alert rules every
 * 2 s, Alertmanager sending to the bench's webhook. AL-3's windows are
 * shortened (a minute of `for` would outlast a bounded burst), and its
 * absolute limit is the bench's (settings.ts: alertRate).
 */
export class BurstStack {
  private sharedStarted: ComponentName[] = [];

  private constructor(
    readonly options: StackOptions,
    readonly shared: StackOptions,
    private readonly dir: string,
  ) {}

  static async start(repoRoot: string, settings: BurstSettings, webhookUrl: string, progress: (m: string) => void): Promise<BurstStack> {
    const dir = join(repoRoot, '.stack', `bench-burst-${process.pid}`);
    const env = await isolatedStackEnv(dir, {
      elasticsearch: true,
      esNodes: settings.esNodes,
      gateways: settings.topology === 'tiered' ? 2 : undefined,
    });
    Object.assign(env, {
      PROMETHEUS_PORT: String(await freePort()),
      ALERTMANAGER_PORT: String(await freePort()),
      ALERTMANAGER_WEBHOOK_URL: webhookUrl,
      ALERTMANAGER_TEAMS_WEBHOOK_URL: webhookUrl,
      JEWELRY_PROMETHEUS_INTERVAL: '2s',
      JEWELRY_ALERTMANAGER_GROUP_WAIT: '1s',
      JEWELRY_ALERTMANAGER_GROUP_INTERVAL: '5s',
      JEWELRY_ALERT_ORDER_RATE_WINDOW: '30s',
      JEWELRY_ALERT_ORDER_RATE_FOR: '10s',
      JEWELRY_ALERT_ORDER_RATE_MAX: String(settings.alertRate),
      JEWELRY_ALERT_ORDER_ANOMALY_FOR: '10s',
      JEWELRY_ES_METRICS_INTERVAL: '1h',
      ES_JAVA_OPTS: process.env.ES_JAVA_OPTS ?? (settings.esNodes > 1 ? '-Xms384m -Xmx384m' : '-Xms512m -Xmx512m'),
    });
    const options: StackOptions = { settings: resolveSettings({}, env), env, onProgress: (m) => progress(m) };
    const stack = new BurstStack(options, { onProgress: (m) => progress(m) }, dir);
    try {
      const shared = await stackUp(SHARED, stack.shared);
      stack.sharedStarted = shared.filter((r) => r.startedByThisCall).map((r) => r.name);
      await stackUp(OWN, options);
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  get settings(): StackSettings {
    return this.options.settings as StackSettings;
  }

  get otlpEndpoint(): string {
    return stackEndpoints(this.settings).otlpHttpEndpoint;
  }

  /** Every node, as the CLI's client knows them. */
  es(): EsClient {
    return new EsClient({
      url: stackEndpoints(this.settings).elasticsearchUrl,
      fallbackUrls: this.settings.esHttpPorts.map((p) => `http://127.0.0.1:${p}`),
      timeoutMs: 60_000,
    });
  }

  /** The agent's (or single collector's) own telemetry, and each gateway's. */
  telemetryUrls(): { agent: string; gateways: string[]; exporter: string } {
    const s = this.settings;
    return {
      agent: `http://127.0.0.1:${s.collectorTelemetryPort}/metrics`,
      gateways: gateways(s).map((g) => `http://127.0.0.1:${g.telemetryPort}/metrics`),
      exporter: stackEndpoints(s).collectorMetricsUrl,
    };
  }

  /** The shared stack's endpoints the services use. */
  sharedEndpoints() {
    return stackEndpoints(resolveSettings());
  }

  async stop(): Promise<void> {
    await stackDown([...OWN].reverse(), this.options).catch((err: Error) =>
      process.stderr.write(`bench: stopping the burst stack: ${err.message}\n`),
    );
    if (this.sharedStarted.length) await stackDown(this.sharedStarted, this.shared).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
