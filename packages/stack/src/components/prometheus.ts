// Prometheus from Debian's prometheus package, run by us (not by its service
// unit) with the config shipped in collector/prometheus/.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadThresholds, writeRules } from '@jewelry/alerting';
import { ensureDir, collectorDir, errorMessage, StackError, findExecutable, spawnDetached, httpOk } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component } from '../component';
import { renderShippedYaml } from './shipped-yaml';
import { ensureAptPackage } from '../install';

function dir(s: StackSettings): string {
  return componentDir(s, 'prometheus');
}

export function shippedPrometheusConfig(s: StackSettings): string {
  return join(collectorDir(s.repoRoot), 'prometheus', 'prometheus.yml');
}

/**
 * The shipped config names the default ports; Prometheus has no env
 * expansion in scrape targets, so moved ports are substituted here.
 */
export function effectivePrometheusConfig(shipped: string, s: StackSettings): string {
  const port = (from: number, to: number): [string, string] => [`127.0.0.1:${from}`, `127.0.0.1:${to}`];
  return renderShippedYaml(shipped, {
    replace: new Map([
      port(8889, s.collectorMetricsPort),
      port(8888, s.collectorTelemetryPort),
      port(9090, s.prometheusPort),
      port(9093, s.alertmanagerPort),
    ]),
    set: [
      [['global', 'scrape_interval'], s.prometheusInterval],
      [['global', 'evaluation_interval'], s.prometheusInterval],
    ],
  });
}

/**
 * The command line. The lifecycle API (POST /-/reload, /-/quit) has no
 * authentication: any local process could stop or reconfigure alerting, so it
 * is off unless JEWELRY_PROMETHEUS_LIFECYCLE=true (issue 15). Without it a
 * changed config is picked up by SIGHUP or `stack down/up prometheus`.
 */
export function prometheusArgs(s: StackSettings, config: string): string[] {
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir(s), 'data')}`,
    `--web.listen-address=${s.host}:${s.prometheusPort}`,
  ];
  if (s.prometheusLifecycle) args.push('--web.enable-lifecycle');
  return args;
}

export const prometheus: Component = {
  name: 'prometheus',
  installKind: 'apt',
  startTimeoutMs: 600_000,
  endpoint: (s) => `${s.host}:${s.prometheusPort}`,
  ports: (s) => [{ port: s.prometheusPort, purpose: 'Prometheus', setting: 'PROMETHEUS_PORT' }],
  pidFile: (s) => join(dir(s), 'prometheus.pid'),
  logFile: (s) => join(dir(s), 'prometheus.log'),
  // Our config path is on its command line; a Prometheus of another stack dir (or the system one) is not ours.
  processMarker: (s) => `--config.file=${join(dir(s), 'prometheus.yml')}`,

  async install(ctx) {
    await ensureAptPackage('prometheus', 'prometheus', join(ctx.settings.cacheDir, 'logs'), ctx.activity);
  },

  async start(ctx) {
    const s = ctx.settings;
    const d = ensureDir(dir(s));
    const config = join(d, 'prometheus.yml');
    writeFileSync(config, effectivePrometheusConfig(readFileSync(shippedPrometheusConfig(s), 'utf8'), s));
    // rules/*.yml beside the config (its rule_files are relative), from the alert thresholds with
    // the JEWELRY_ALERT_* overrides of the environment the settings came from (a test's or a
    // bench's isolated stack), not only this process's.
    try {
      writeRules(join(d, 'rules'), loadThresholds({ ...process.env, ...s.collectorPassthroughEnv }));
    } catch (err) {
      throw new StackError(`generating the alert rules failed: ${errorMessage(err)}`, { component: 'prometheus' });
    }
    const binary = findExecutable('prometheus') ?? 'prometheus';
    spawnDetached({
      command: binary,
      args: prometheusArgs(s, config),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: d },
      cwd: d,
      logFile: this.logFile(s),
      pidFile: this.pidFile(s),
    });
  },

  isHealthy: (ctx) => httpOk(`http://${ctx.settings.host}:${ctx.settings.prometheusPort}/-/ready`),
};
