// The ILM policies generated from the retention settings, and install-ilm
// against fake clusters with and without ILM (the real one has none: see
// retention-es.test.ts for what it says there).
import {
  buildIlmFamilyTemplate,
  buildIlmPolicies,
  buildTemplates,
  ilmStatus,
  installIlm,
  retentionSettingsFromEnv,
} from '@jewelry/elasticsearch';
import { fakeRetentionClient as fakeClient, type FakeRoute as Route } from './fake-retention-client';

describe('ILM policies from the retention settings', () => {
  it('defaults: one policy per class, rollover at 1gb (never empty), delete after the class retention', () => {
    const policies = buildIlmPolicies(retentionSettingsFromEnv({}));
    expect(policies.map((p) => [p.name, p.body.policy.phases.delete.min_age])).toEqual([
      ['jewelry-logs', '180d'],
      ['jewelry-errors', '365d'],
      ['jewelry-audit', '365d'],
      ['jewelry-traces', '180d'],
    ]);
    expect(policies[0]?.body).toEqual({
      policy: {
        _meta: {
          managed_by: 'jewelry-otel',
          retention_class: 'logs',
          description: 'jewelry-otel: logs: rollover at the size, delete 180d after rollover',
          hash: expect.stringMatching(/^[0-9a-f]{16}$/),
        },
        phases: {
          hot: { min_age: '0ms', actions: { rollover: { max_primary_shard_size: '1gb', min_docs: 1 } } },
          delete: { min_age: '180d', actions: { delete: {} } },
        },
      },
    });
  });

  it('follows the same variables as the retention job (document 000: 90 days for all)', () => {
    const policies = buildIlmPolicies(
      retentionSettingsFromEnv({
        JEWELRY_RETENTION_ALL_DAYS: '90',
        JEWELRY_RETENTION_TRACES_DAYS: '30',
        JEWELRY_ROLLOVER_MAX_SIZE: '50gb',
        JEWELRY_ROLLOVER_MAX_AGE: '7d',
        JEWELRY_ROLLOVER_MAX_DOCS: '5000000',
      }),
    );
    expect(policies.map((p) => p.body.policy.phases.delete.min_age)).toEqual(['90d', '90d', '90d', '30d']);
    for (const p of policies) {
      expect(p.body.policy.phases.hot.actions.rollover).toEqual({
        max_primary_shard_size: '50gb',
        max_age: '7d',
        max_docs: 5_000_000,
        min_docs: 1,
      });
    }
    // The hash changes with the content, so install-ilm rewrites a policy only when the settings changed.
    expect(policies[0]?.body.policy._meta.hash).not.toBe(buildIlmPolicies(retentionSettingsFromEnv({}))[0]?.body.policy._meta.hash);
  });

  it('family templates attach the class policy and the rollover alias, over the same components as the class template', () => {
    const t = buildIlmFamilyTemplate('shop-api-logs', 'logs');
    const classTemplate = buildTemplates().find((x) => x.name === 'jewelry-logs');
    expect(t).toMatchObject({
      name: 'jewelry-ilm-shop-api-logs',
      body: {
        index_patterns: ['shop-api-logs-*'],
        composed_of: classTemplate?.kind === 'index' ? classTemplate.body.composed_of : [],
        template: { settings: { index: { lifecycle: { name: 'jewelry-logs', rollover_alias: 'shop-api-logs' } } } },
      },
    });
    expect(buildIlmFamilyTemplate('shop-api-traces', 'traces').body.composed_of).toEqual(['jewelry-settings', 'jewelry-traces-mappings']);
    // Above the class templates; a family prefixing another never ties with it.
    expect(t.body.priority).toBeGreaterThan(503);
    expect(buildIlmFamilyTemplate('a-logs-b-logs', 'logs').body.priority).toBeGreaterThan(
      buildIlmFamilyTemplate('a-logs', 'logs').body.priority,
    );
  });
});

describe('install-ilm', () => {
  const settings = retentionSettingsFromEnv({});

  it('without ILM (this Elasticsearch build): installs nothing and says the retention job does it', async () => {
    const { client, requests } = fakeClient({
      'GET /_ilm/status': () => ({
        status: 405,
        body: { error: 'Incorrect HTTP method for uri [/_ilm/status] and method [GET], allowed: [POST]', status: 405 },
      }),
    });
    const report = await installIlm(client, settings);
    expect(requests()).toEqual(['GET /_ilm/status']);
    expect(report.ilm).toEqual({
      available: false,
      reason: 'GET /_ilm/status answered 405: Incorrect HTTP method for uri [/_ilm/status] and method [GET], allowed: [POST]',
    });
    expect(report.message).toMatch(/^no ILM on http:\/\/es.test .*nothing installed; retention is done by 'jewelry-otel retention'/);
    expect(report.policies.map((p) => p.action)).toEqual(['not-installed', 'not-installed', 'not-installed', 'not-installed']);
    expect(report.policies[0]?.body).toEqual(buildIlmPolicies(settings)[0]?.body);
  });

  it('with ILM: puts the policies, a template per family and the settings of its existing indices; a second run rewrites nothing but the settings', async () => {
    const policies = new Map<string, unknown>();
    const templates = new Map<string, unknown>();
    const route = (): Record<string, Route> => ({
      'GET /_ilm/status': () => ({ body: { operation_mode: 'RUNNING' } }),
      'GET /_ilm/policy/': () => (policies.size ? { body: Object.fromEntries(policies) } : { status: 404, body: {} }),
      'PUT /_ilm/policy/': (path, body) => {
        policies.set(path.split('/').pop() as string, body);
        return { body: { acknowledged: true } };
      },
      'GET /_alias': () => ({
        body: {
          'shop-api-logs-000001': { aliases: { 'shop-api-logs': { is_write_index: false } } },
          'shop-api-logs-000002': { aliases: { 'shop-api-logs': { is_write_index: true } } },
          'shop-api-traces-000001': { aliases: { 'shop-api-traces': { is_write_index: true } } },
          'crm-api-logs-000001': { aliases: { 'crm-api-logs': { is_write_index: true } } },
          'not-ours': { aliases: { 'shop-api-audit': {} } },
          'kibana-1': { aliases: { '.kibana': {} } },
        },
      }),
      'GET /_index_template/jewelry-ilm-': () => ({
        body: { index_templates: [...templates].map(([name, t]) => ({ name, index_template: t })) },
      }),
      'PUT /_index_template/': (path, body) => {
        templates.set(path.split('/').pop() as string, body);
        return { body: { acknowledged: true } };
      },
    });
    const first = fakeClient(route());
    const report = await installIlm(first.client, settings, { services: ['shop-api'] });
    expect(report.ilm).toEqual({ available: true, operationMode: 'RUNNING' });
    expect(report.policies.map((p) => `${p.name} ${p.action}`)).toEqual([
      'jewelry-logs created',
      'jewelry-errors created',
      'jewelry-audit created',
      'jewelry-traces created',
    ]);
    expect(report.templates).toEqual([
      { name: 'jewelry-ilm-shop-api-logs', alias: 'shop-api-logs', action: 'created' },
      { name: 'jewelry-ilm-shop-api-traces', alias: 'shop-api-traces', action: 'created' },
    ]);
    const settingsCalls = first.calls.filter((c) => c.path.endsWith('/_settings'));
    expect(settingsCalls).toEqual([
      {
        method: 'PUT',
        path: '/shop-api-logs-000001,shop-api-logs-000002/_settings',
        body: { index: { lifecycle: { name: 'jewelry-logs', rollover_alias: 'shop-api-logs' } } },
      },
      {
        method: 'PUT',
        path: '/shop-api-traces-000001/_settings',
        body: { index: { lifecycle: { name: 'jewelry-traces', rollover_alias: 'shop-api-traces' } } },
      },
    ]);
    expect(policies.get('jewelry-audit')).toEqual(buildIlmPolicies(settings)[2]?.body);

    const second = fakeClient(route());
    const again = await installIlm(second.client, settings, { services: ['shop-api'] });
    expect(again.policies.every((p) => p.action === 'unchanged')).toBe(true);
    expect(again.templates.every((t) => t.action === 'unchanged')).toBe(true);
    expect(second.calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([
      '/shop-api-logs-000001,shop-api-logs-000002/_settings',
      '/shop-api-traces-000001/_settings',
    ]);
  });

  it('ilmStatus: only a 200 with an operation mode counts', async () => {
    expect(await ilmStatus(fakeClient({ 'GET /_ilm/status': () => ({ body: { operation_mode: 'STOPPED' } }) }).client)).toEqual({
      available: true,
      operationMode: 'STOPPED',
    });
    const noHandler = fakeClient({
      'GET /_ilm/status': () => ({
        status: 400,
        body: { error: { type: 'illegal_argument_exception', reason: 'no handler found for uri [/_ilm/status]' } },
      }),
    });
    expect(await ilmStatus(noHandler.client)).toEqual({
      available: false,
      reason: 'GET /_ilm/status answered 400: no handler found for uri [/_ilm/status]',
    });
  });
});
