// The configs shipped under collector/prometheus, rendered with moved ports,
// URLs and durations: every occurrence changes, nothing else does (comments,
// order and quoting stay as shipped), and the result is still the YAML it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSettings } from '@jewelry/stack';
import { parse } from 'yaml';
import { effectiveAlertmanagerConfig } from '../src/components/alertmanager';
import { effectivePrometheusConfig } from '../src/components/prometheus';
import { renderShippedYaml } from '../src/components/shipped-yaml';

const shipped = (file: string): string => readFileSync(join(__dirname, '..', '..', '..', 'collector', 'prometheus', file), 'utf8');

describe('configs shipped under collector/prometheus, rendered with the stack settings', () => {
  const env = {
    PROMETHEUS_PORT: '29090',
    ALERTMANAGER_PORT: '29093',
    COLLECTOR_METRICS_PORT: '29889',
    ALERTMANAGER_WEBHOOK_URL: 'http://127.0.0.1:29095/hook',
    JEWELRY_ALERTMANAGER_GROUP_WAIT: '10s',
    JEWELRY_PROMETHEUS_INTERVAL: '5s',
  };
  const s = resolveSettings({}, env);

  it('prometheus.yml: the moved ports in every target, the interval, the comments kept', () => {
    const text = effectivePrometheusConfig(shipped('prometheus.yml'), s);
    const doc = parse(text) as {
      global: Record<string, string>;
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(doc.scrape_configs.map((c) => [c.job_name, c.static_configs[0]!.targets[0]]));
    expect(targets).toMatchObject({
      'otel-collector': '127.0.0.1:29889',
      prometheus: '127.0.0.1:29090',
      'jewelry-stuck-orders': '127.0.0.1:9464',
    });
    expect(doc.alerting.alertmanagers[0]!.static_configs[0]!.targets).toEqual(['127.0.0.1:29093']);
    expect(doc.global).toMatchObject({ scrape_interval: s.prometheusInterval, evaluation_interval: s.prometheusInterval });
    expect(text).toContain('# AL-7: `jewelry-otel stuck-orders --serve`');
  });

  it('alertmanager.yml: the webhook URL wherever a receiver names it, the group wait', () => {
    const text = effectiveAlertmanagerConfig(shipped('alertmanager.yml'), s);
    expect(text).not.toContain('127.0.0.1:9095/alerts');
    expect(text.split('http://127.0.0.1:29095/hook').length - 1).toBe(
      shipped('alertmanager.yml').split('http://127.0.0.1:9095/alerts').length - 1,
    );
    expect((parse(text) as { route: { group_wait: string } }).route.group_wait).toBe('10s');
  });

  it('changes nothing when nothing is asked', () => {
    const text = shipped('alertmanager.yml');
    expect(renderShippedYaml(text, {})).toBe(text);
  });
});
