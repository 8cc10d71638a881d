// Unit tests of the security mode's generated configuration (no processes):
// elasticsearch.yml, the collector's env and --config overlay, the roles, the
// file realm and the settings. Security stays opt-in: the defaults are checked first.
import { parse } from 'yaml';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEsRoles, buildEsUsers, pbkdf2Hash, pbkdf2Matches, writeFileRealm } from '@jewelry/elasticsearch';
import {
  collectorEnv,
  collectorTlsConfigArgs,
  elasticsearchYml,
  esBaseUrl,
  passwordEnvName,
  passwordFor,
  readCredentials,
  resolveSettings,
  stackEndpoints,
} from '@jewelry/stack';
import { knownServices } from '@jewelry/schema';

describe('security mode configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jewelry-security-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const paths = { data: '/d', logs: '/l' };

  it('is off by default: plain http, no users, no TLS overlay, no collector credentials', () => {
    const s = resolveSettings({ stackDir: dir }, {});
    expect(s.esSecurity).toBe(false);
    expect(parse(elasticsearchYml(s, paths))).toMatchObject({ 'xpack.security.enabled': false });
    expect(elasticsearchYml(s, paths)).not.toContain('ssl');
    expect(esBaseUrl(s)).toBe('http://127.0.0.1:9200');
    expect(stackEndpoints(s).otlpHttpEndpoint).toBe('http://127.0.0.1:4318');
    expect(collectorTlsConfigArgs(s, '/repo/collector/config.yaml')).toEqual([]);
    const env = collectorEnv(s);
    expect(env.ES_ENDPOINT).toBe('http://127.0.0.1:9200');
    expect(env.ES_COLLECTOR_USER).toBeUndefined();
  });

  it('JEWELRY_ES_SECURITY=true: https, TLS files under config/certs, audit with the collector writes filtered', () => {
    const s = resolveSettings({ stackDir: dir }, { JEWELRY_ES_SECURITY: 'true' });
    expect(parse(elasticsearchYml(s, paths))).toMatchObject({
      'xpack.security.enabled': true,
      'xpack.security.http.ssl.enabled': true,
      'xpack.security.http.ssl.certificate': 'certs/http.crt',
      'xpack.security.http.ssl.key': 'certs/http.key',
      'xpack.security.http.ssl.certificate_authorities': ['certs/ca.crt'],
      'xpack.security.audit.enabled': true,
      'xpack.security.audit.logfile.events.ignore_filters.collector_writes.users': ['collector'],
    });
    expect(esBaseUrl(s)).toBe('https://127.0.0.1:9200');
    expect(stackEndpoints(s).elasticsearchUrl).toBe('https://127.0.0.1:9200');
    expect(collectorTlsConfigArgs(s, '/repo/collector/config.yaml')).toEqual(['--config', '/repo/collector/config.tls.yaml']);
    const env = collectorEnv(s);
    expect(env).toMatchObject({
      ES_ENDPOINT: 'https://127.0.0.1:9200',
      ES_COLLECTOR_USER: 'collector',
      ES_CA_FILE: join(dir, 'security', 'tls', 'ca.crt'),
      OTLP_TLS_CERT_FILE: join(dir, 'security', 'tls', 'node.crt'),
      OTLP_TLS_KEY_FILE: join(dir, 'security', 'tls', 'node.key'),
    });
    // The collector's password was generated into the 0600 credentials file, and is stable.
    expect(env.ES_COLLECTOR_PASSWORD).toBe(readCredentials(s).collector);
    expect(statSync(join(dir, 'security', 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(collectorEnv(s).ES_COLLECTOR_PASSWORD).toBe(env.ES_COLLECTOR_PASSWORD);
  });

  it('real certificates come from settings (all three or none); an env password wins and is stored', () => {
    const s = resolveSettings(
      { stackDir: dir },
      {
        JEWELRY_ES_SECURITY: '1',
        JEWELRY_ES_TLS_CERT: '/etc/es/http.crt',
        JEWELRY_ES_TLS_KEY: '/etc/es/http.key',
        JEWELRY_ES_TLS_CA: '/etc/es/ca.crt',
      },
    );
    expect(collectorEnv(s)).toMatchObject({ ES_CA_FILE: '/etc/es/ca.crt', OTLP_TLS_CERT_FILE: '/etc/es/http.crt' });
    expect(() => resolveSettings({}, { JEWELRY_ES_TLS_CERT: '/x.crt' })).toThrow(/go together/);
    expect(() => resolveSettings({}, { JEWELRY_ES_SECURITY: 'maybe' })).toThrow(/true or false/);
    expect(passwordEnvName('reader-shop-api')).toBe('JEWELRY_ES_PASSWORD_READER_SHOP_API');
    expect(passwordFor(s, 'qa', { generate: false, env: { JEWELRY_ES_PASSWORD_QA: 'from-env-123' } })).toEqual({
      password: 'from-env-123',
      source: 'env',
    });
    expect(passwordFor(s, 'qa', { generate: false, env: {} })).toEqual({ password: 'from-env-123', source: 'file' });
  });

  it('roles: read-only people, one reader per service on its own patterns, an append-only collector', () => {
    const roles = buildEsRoles(['billing-api']);
    expect(roles['jewelry-devops']?.indices[0]?.privileges).toEqual(['all']);
    for (const r of ['jewelry-developer', 'jewelry-qa']) expect(roles[r]?.indices[0]?.privileges).toEqual(['read', 'view_index_metadata']);
    for (const service of [...knownServices, 'billing-api']) {
      const names = roles[`jewelry-reader-${service}`]?.indices.flatMap((i) => i.names) ?? [];
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.startsWith(`${service}-`))).toBe(true);
    }
    expect(roles['jewelry-collector']).toMatchObject({
      cluster: [],
      indices: [{ privileges: ['create_doc', 'auto_configure', 'create_index', 'indices:admin/aliases*'] }],
    });
    expect(buildEsUsers().map((u) => u.username)).toEqual([
      'devops',
      'developer',
      'qa',
      ...knownServices.map((s) => `reader-${s}`),
      'collector',
      'collector-monitor',
    ]);
  });

  it('file realm: PBKDF2 hashes Elasticsearch verifies; a second write changes nothing', () => {
    const hash = pbkdf2Hash('secret-1');
    expect(hash).toMatch(/^\{PBKDF2\}10000\$[A-Za-z0-9+/=]{44}\$[A-Za-z0-9+/=]{44}$/);
    expect(pbkdf2Matches(hash, 'secret-1')).toBe(true);
    expect(pbkdf2Matches(hash, 'secret-2')).toBe(false);
    const roles = buildEsRoles();
    const users = [{ username: 'qa', password: 'pw-qa-1', roles: ['jewelry-qa'] }];
    const first = writeFileRealm(dir, roles, users);
    expect(first.changed).toBe(true);
    expect(first.users).toEqual([{ username: 'qa', roles: ['jewelry-qa'], action: 'created' }]);
    expect(readFileSync(join(dir, 'users_roles'), 'utf8')).toBe('jewelry-qa:qa\n');
    const again = writeFileRealm(dir, roles, users);
    expect(again.changed).toBe(false);
    expect(again.roles.every((r) => r.action === 'unchanged')).toBe(true);
    const moved = writeFileRealm(dir, roles, [{ ...users[0]!, roles: ['jewelry-developer'] }]);
    expect(moved.users[0]?.action).toBe('updated');
    expect(readFileSync(join(dir, 'users_roles'), 'utf8')).toBe('jewelry-developer:qa\n');
  });
});
