// Our OpenTelemetry Collector distribution, built from collector/manifest.yaml
// (once per manifest; see ../../collector/build.ts) and run with
// collector/config.yaml.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCollector, collectorConfigPath } from '../collector/build';
import { StackError, ensureDir, tailFile, spawnDetached, httpOk } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component } from '../component';
import { esBaseUrl } from './elasticsearch-config';
import { collectorSecurityEnv, collectorTlsConfigArgs } from '../security/collector';
import { esNodeUrls } from './elasticsearch-cluster';
import { agentTierConfigArgs, agentTierEnv, gatewaysHealthy, startGateways, stopGateways, stoppedGateways } from '../collector-tiers';
import { ingestAuthConfigArgs, ingestAuthEnv } from '../security/ingest-auth';

function dir(s: StackSettings): string {
  return componentDir(s, 'collector');
}

/** The variables collector/config.yaml reads; the stack's settings, nothing hard-coded twice. */
export function collectorEnv(s: StackSettings): Record<string, string> {
  return {
    ...s.collectorPassthroughEnv,
    ES_ENDPOINT: esBaseUrl(s),
    OTLP_HTTP_PORT: String(s.otlpHttpPort),
    OTLP_GRPC_PORT: String(s.otlpGrpcPort),
    COLLECTOR_HEALTH_PORT: String(s.collectorHealthPort),
    COLLECTOR_METRICS_PORT: String(s.collectorMetricsPort),
    COLLECTOR_TELEMETRY_PORT: String(s.collectorTelemetryPort),
    JEWELRY_COLLECTOR_STORAGE: join(dir(s), 'storage'),
    // SEC-2/SEC-3 (JEWELRY_ES_SECURITY=true): its own credentials, the CA, the OTLP certificate.
    ...collectorSecurityEnv(s),
    // Issue 15: every node of a cluster, the gateways of the tiered topology, ingestion security.
    ES_ENDPOINTS: esNodeUrls(s).join(','),
    ...agentTierEnv(s),
    ...ingestAuthEnv(s),
  };
}

/**
 * LV-4: the journald receiver runs `journalctl`, and fails where there is no
 * journal; its overlay config is added only on hosts that have one.
 */
export function journalDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.JEWELRY_JOURNAL_DIR, '/var/log/journal', '/run/log/journal'].filter((d): d is string => Boolean(d));
  const hasJournalctl = (env.PATH ?? '').split(':').some((p) => p && existsSync(join(p, 'journalctl')));
  if (!hasJournalctl) return undefined;
  return candidates.find((d) => {
    try {
      return readdirSync(d).length > 0;
    } catch {
      return false;
    }
  });
}

/** The --config flags of the collector (the agent, in the tiered topology). */
export function collectorConfigArgs(s: StackSettings): string[] {
  const main = collectorConfigPath(s);
  const journal = journalDirectory();
  const args = ['--config', main];
  if (journal) args.push('--config', join(dirname(main), 'config.journald.yaml'));
  // AL-1…AL-4, ST-4: derived metrics for Prometheus (connectors, Elasticsearch receiver).
  const metrics = join(dirname(main), 'config.metrics.yaml');
  if (existsSync(metrics)) args.push('--config', metrics);
  // SEC-3: TLS for the OTLP receivers and the CA for Elasticsearch, in security mode only.
  args.push(...collectorTlsConfigArgs(s, main));
  // Issue 15: every node of a cluster; a credential per service; the agent of the tiered topology.
  if (s.esNodes > 1) args.push('--config', join(dirname(main), 'config.es-cluster.yaml'));
  args.push(...ingestAuthConfigArgs(s, main));
  args.push(...agentTierConfigArgs(s, main));
  for (const extra of s.collectorExtraConfigs) {
    if (!existsSync(extra)) throw new StackError(`JEWELRY_COLLECTOR_EXTRA_CONFIG: ${extra} does not exist`);
    args.push('--config', extra);
  }
  return args;
}

export const collector: Component = {
  name: 'collector',
  installKind: 'build',
  // A cold start compiles the whole distribution (tens of minutes on 2 cores).
  startTimeoutMs: 90 * 60_000,
  endpoint: (s) => `${s.host}:${s.otlpHttpPort}`,
  ports: (s) => [
    { port: s.otlpHttpPort, purpose: 'OTLP/HTTP', setting: 'OTLP_HTTP_PORT' },
    { port: s.otlpGrpcPort, purpose: 'OTLP/gRPC', setting: 'OTLP_GRPC_PORT' },
    { port: s.collectorHealthPort, purpose: 'collector health_check', setting: 'COLLECTOR_HEALTH_PORT' },
    { port: s.collectorMetricsPort, purpose: 'collector prometheus exporter', setting: 'COLLECTOR_METRICS_PORT' },
    { port: s.collectorTelemetryPort, purpose: 'collector self-telemetry', setting: 'COLLECTOR_TELEMETRY_PORT' },
  ],
  pidFile: (s) => join(dir(s), 'collector.pid'),
  logFile: (s) => join(dir(s), 'collector.log'),
  processMarker: () => 'jewelry-otelcol',

  async install(ctx) {
    await buildCollector(ctx.settings, { progress: ctx.progress, activity: ctx.activity });
  },

  async start(ctx) {
    const s = ctx.settings;
    const build = await buildCollector(s, { progress: ctx.progress, activity: ctx.activity });
    const d = ensureDir(dir(s));
    ensureDir(join(d, 'storage'));
    // Tiered: the gateways first, so the agent finds them (it would hold its queue and retry otherwise).
    await startGateways(s, build.binary, stoppedGateways(s), collectorConfigPath(s));
    try {
      spawnDetached({
        command: build.binary,
        args: collectorConfigArgs(s),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: d, ...collectorEnv(s), JEWELRY_JOURNAL_DIR: journalDirectory() ?? '' },
        cwd: d,
        logFile: this.logFile(s),
        pidFile: this.pidFile(s),
      });
    } catch (err) {
      throw new StackError(`cannot start ${build.binary}: ${(err as Error).message}`, {
        component: 'collector',
        logPath: this.logFile(s),
        logTail: tailFile(this.logFile(s), 15),
      });
    }
  },

  // A gateway that died while the agent kept running comes back on the next `up`.
  async repair(ctx) {
    const dead = stoppedGateways(ctx.settings);
    if (dead.length === 0) return;
    ctx.progress(`collector: starting ${dead.map((g) => g.name).join(', ')} again`);
    const build = await buildCollector(ctx.settings, { progress: ctx.progress });
    await startGateways(ctx.settings, build.binary, dead, collectorConfigPath(ctx.settings));
  },

  // The gateways, after the agent (stopped after its gateways, the agent would keep
  // retrying them until it is killed; its queue is on disk either way).
  stopOthers: (ctx) => stopGateways(ctx.settings),

  isHealthy: async (ctx) =>
    (await httpOk(`http://${ctx.settings.host}:${ctx.settings.collectorHealthPort}/`)) && (await gatewaysHealthy(ctx.settings)),
};
