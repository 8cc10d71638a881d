// Alertmanager from Debian's prometheus-alertmanager package (AL-5), run by us
// (not by its service unit) with collector/prometheus/alertmanager.yml,
// rendered with this stack's settings: the webhook URLs and SMTP relay are
// substituted, and the secrets (Slack webhook URL, SMTP password) go to 0600
// files under <stack dir>/alertmanager/secrets/, never into the config.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, collectorDir, findExecutable, spawnDetached, httpOk } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component } from '../component';
import { renderShippedYaml } from './shipped-yaml';
import { ensureAptPackage } from '../install';

/** Debian names the server binary prometheus-alertmanager (amtool beside it). */
const BINARY = 'prometheus-alertmanager';

function dir(s: StackSettings): string {
  return componentDir(s, 'alertmanager');
}

export function shippedAlertmanagerConfig(s: StackSettings): string {
  return join(collectorDir(s.repoRoot), 'prometheus', 'alertmanager.yml');
}

/**
 * The shipped config with this stack's URLs and SMTP relay (the shipped values
 * are the defaults).
 */
export function effectiveAlertmanagerConfig(shipped: string, s: StackSettings): string {
  return renderShippedYaml(shipped, {
    replace: new Map([
      ['http://127.0.0.1:9095/alerts', s.alertmanagerWebhookUrl],
      ['http://127.0.0.1:9096/teams', s.alertmanagerTeamsWebhookUrl],
    ]),
    set: [
      [['global', 'smtp_smarthost'], s.alertmanagerSmtpSmarthost],
      [['global', 'smtp_from'], s.alertmanagerSmtpFrom],
      [['global', 'smtp_auth_username'], s.alertmanagerSmtpUsername],
      [['route', 'group_wait'], s.alertmanagerGroupWait],
      [['route', 'group_interval'], s.alertmanagerGroupInterval],
    ],
  });
}

function writeSecret(path: string, value: string): void {
  writeFileSync(path, value, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export const alertmanager: Component = {
  name: 'alertmanager',
  installKind: 'apt',
  startTimeoutMs: 600_000,
  endpoint: (s) => `${s.host}:${s.alertmanagerPort}`,
  ports: (s) => [{ port: s.alertmanagerPort, purpose: 'Alertmanager', setting: 'ALERTMANAGER_PORT' }],
  pidFile: (s) => join(dir(s), 'alertmanager.pid'),
  logFile: (s) => join(dir(s), 'alertmanager.log'),
  processMarker: (s) => `--config.file=${join(dir(s), 'alertmanager.yml')}`,

  async install(ctx) {
    await ensureAptPackage('prometheus-alertmanager', BINARY, join(ctx.settings.cacheDir, 'logs'), ctx.activity);
  },

  async start(ctx) {
    const s = ctx.settings;
    const d = ensureDir(dir(s));
    const secrets = ensureDir(join(d, 'secrets'));
    chmodSync(secrets, 0o700);
    writeSecret(join(secrets, 'slack-webhook-url'), s.alertmanagerSlackWebhookUrl);
    writeSecret(join(secrets, 'smtp-password'), s.alertmanagerSmtpPassword);
    const config = join(d, 'alertmanager.yml');
    writeFileSync(config, effectiveAlertmanagerConfig(readFileSync(shippedAlertmanagerConfig(s), 'utf8'), s));
    spawnDetached({
      command: findExecutable(BINARY) ?? BINARY,
      args: [
        `--config.file=${config}`,
        `--storage.path=${join(d, 'data')}`,
        `--web.listen-address=${s.host}:${s.alertmanagerPort}`,
        // No gossip cluster: a single instance, and nothing listening on 0.0.0.0:9094.
        '--cluster.listen-address=',
      ],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: d },
      cwd: d,
      logFile: this.logFile(s),
      pidFile: this.pidFile(s),
    });
  },

  isHealthy: (ctx) => httpOk(`http://${ctx.settings.host}:${ctx.settings.alertmanagerPort}/-/ready`),
};
