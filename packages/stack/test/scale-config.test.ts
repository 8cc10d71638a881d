// Issue 15 without processes: the settings of a cluster, of collectors in
// tiers and of ingestion security; the elasticsearch.yml of each node; the
// collector's command lines and variables; the htpasswd lines and the header
// a service sends; Prometheus without its lifecycle API.
import { parse } from 'yaml';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@jewelry/ops-kit';
import {
  assertNoLargerCluster,
  auditWritersPattern,
  collectorConfigArgs,
  collectorEnv,
  elasticsearchYml,
  esNodes,
  gatewayConfigArgs,
  gatewayEnv,
  gateways,
  ingestAuthEnv,
  ingestPassword,
  prometheusArgs,
  resolveSettings,
  serviceIngestEnv,
  sshaLine,
} from '@jewelry/stack';

describe('scale settings (issue 15)', () => {
  it('one node, a single collector, no ingestion auth by default; a cluster takes consecutive ports and one replica', () => {
    const one = resolveSettings({}, {});
    expect(one).toMatchObject({
      esNodes: 1,
      esHttpPorts: [9200],
      esTransportPorts: [9300],
      esIndexReplicas: 0,
      collectorTopology: 'single',
      ingestAuth: false,
      prometheusLifecycle: false,
    });
    const three = resolveSettings({}, { JEWELRY_ES_NODES: '3', ES_PORT: '24200', ES_TRANSPORT_PORT: '24300' });
    expect(three).toMatchObject({
      esNodes: 3,
      esHttpPorts: [24200, 24201, 24202],
      esTransportPorts: [24300, 24301, 24302],
      esIndexReplicas: 1,
      esPort: 24200,
    });
    // ES_INDEX_REPLICAS still wins; explicit lists win over the derived ports, and the first is ES_PORT.
    expect(resolveSettings({}, { JEWELRY_ES_NODES: '3', ES_INDEX_REPLICAS: '2' }).esIndexReplicas).toBe(2);
    const listed = resolveSettings({}, { JEWELRY_ES_NODES: '2', ES_HTTP_PORTS: '31000, 31005', ES_TRANSPORT_PORTS: '32000,32005' });
    expect(listed).toMatchObject({ esPort: 31000, esTransportPort: 32000, esHttpPorts: [31000, 31005] });
    expect(() => resolveSettings({}, { JEWELRY_ES_NODES: '3', ES_HTTP_PORTS: '1,2' })).toThrow('ES_HTTP_PORTS must list 3 ports');
    expect(() => resolveSettings({}, { JEWELRY_ES_NODES: '0' })).toThrow(UsageError);
    expect(() => resolveSettings({}, { JEWELRY_COLLECTOR_TOPOLOGY: 'mesh' })).toThrow(
      "JEWELRY_COLLECTOR_TOPOLOGY must be single or tiered, got 'mesh'",
    );
  });

  it('tiered: two gateways by default, their ports derived from the collector ports of the port file', () => {
    const s = resolveSettings(
      {},
      { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered', OTLP_GRPC_PORT: '24317', COLLECTOR_HEALTH_PORT: '24133', COLLECTOR_TELEMETRY_PORT: '24888' },
    );
    expect(gateways(s).map((g) => [g.name, g.otlpPort, g.healthPort, g.telemetryPort])).toEqual([
      ['gateway-1', 24417, 24134, 24988],
      ['gateway-2', 24418, 24135, 24989],
    ]);
    expect(gateways(resolveSettings({}, {}))).toEqual([]);
  });

  it('ingestion auth needs Elasticsearch security; audit writers default to the four services', () => {
    expect(() => resolveSettings({}, { JEWELRY_INGEST_AUTH: 'true' })).toThrow('JEWELRY_INGEST_AUTH=true needs JEWELRY_ES_SECURITY=true');
    const s = resolveSettings({}, { JEWELRY_INGEST_AUTH: 'true', JEWELRY_ES_SECURITY: 'true' });
    expect(s.ingestAuditWriters).toEqual(['shop-api', 'crm-api', 'mes-api', 'partner-api']);
    expect(resolveSettings({}, { JEWELRY_INGEST_AUDIT_WRITERS: ' crm-api ,billing.api' }).ingestAuditWriters).toEqual([
      'crm-api',
      'billing.api',
    ]);
    expect(resolveSettings({}, { JEWELRY_INGEST_AUDIT_WRITERS: '' }).ingestAuditWriters).toEqual([]);
    expect(() => resolveSettings({}, { JEWELRY_INGEST_AUDIT_WRITERS: 'Shop API' })).toThrow(/not a service name/);
  });
});

describe('elasticsearch.yml of a cluster node', () => {
  it('seeds from every transport port; initial_master_nodes only for a new cluster; transport TLS once security is on', () => {
    const s = resolveSettings({}, { JEWELRY_ES_NODES: '3', ES_PORT: '24200', ES_TRANSPORT_PORT: '24300' });
    const [, two] = esNodes(s);
    const yml = elasticsearchYml(s, two!.paths, two!, true);
    expect(parse(yml)).toMatchObject({
      'node.name': 'jewelry-es-2',
      'discovery.seed_hosts': ['127.0.0.1:24300', '127.0.0.1:24301', '127.0.0.1:24302'],
      'cluster.initial_master_nodes': ['jewelry-es-1', 'jewelry-es-2', 'jewelry-es-3'],
      'http.port': 24201,
      'transport.port': 24301,
      'path.data': two!.paths.data,
    });
    expect(yml).not.toContain('single-node');
    expect(elasticsearchYml(s, two!.paths, two!, false)).not.toContain('initial_master_nodes');
    expect(two!.dir.endsWith(join('elasticsearch', 'node-2'))).toBe(true);

    const secured = resolveSettings({}, { JEWELRY_ES_NODES: '3', JEWELRY_ES_SECURITY: 'true' });
    const node = esNodes(secured)[2]!;
    const tls = elasticsearchYml(secured, node.paths, node, false);
    expect(parse(tls)).toMatchObject({
      'xpack.security.transport.ssl.enabled': true,
      'xpack.security.transport.ssl.certificate_authorities': ['certs/ca.crt'],
    });
    // One node: as before — single-node discovery, no transport TLS.
    const single = resolveSettings({}, { JEWELRY_ES_SECURITY: 'true' });
    const solo = elasticsearchYml(single, esNodes(single)[0]!.paths);
    expect(parse(solo)).toMatchObject({ 'discovery.type': 'single-node', 'xpack.security.transport.ssl.enabled': false });
  });

  it('data of a larger cluster is not started with fewer nodes: the error says what to do', () => {
    const stackDir = mkdtempSync(join(tmpdir(), 'jewelry-scale-nodes-'));
    try {
      const three = resolveSettings({ stackDir }, { JEWELRY_ES_NODES: '3' });
      for (const node of esNodes(three)) mkdirSync(join(node.paths.data, '_state'), { recursive: true });
      expect(() => assertNoLargerCluster(three)).not.toThrow();
      expect(() => assertNoLargerCluster(resolveSettings({ stackDir }, {}))).toThrow(
        `this stack's data belongs to a cluster of 3 nodes (${join(stackDir, 'elasticsearch', 'node-3')}), and 1 node cannot form it; set JEWELRY_ES_NODES=3, or remove ${join(stackDir, 'elasticsearch')} to start afresh`,
      );
    } finally {
      rmSync(stackDir, { recursive: true, force: true });
    }
  });
});

/** The config files, relative to collector/ (journald's overlay comes and goes with the host's journal). */
const configFiles = (args: string[]): string[] =>
  args
    .filter((a) => a !== '--config')
    .map((p) => p.split('/collector/')[1]!)
    .filter((f) => f !== 'config.journald.yaml');

describe('the collector processes of a cluster, of tiers, of ingestion security', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jewelry-scale-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a single collector on a cluster knows every node (config.es-cluster.yaml); tiered, the agent names the gateways', () => {
    const s = resolveSettings({ stackDir: dir }, { JEWELRY_ES_NODES: '3', ES_PORT: '24200' });
    expect(collectorEnv(s)).toMatchObject({
      ES_ENDPOINT: 'http://127.0.0.1:24200',
      ES_ENDPOINTS: 'http://127.0.0.1:24200,http://127.0.0.1:24201,http://127.0.0.1:24202',
    });
    const args = configFiles(collectorConfigArgs(s));
    expect(args).toEqual(['config.yaml', 'config.metrics.yaml', 'config.es-cluster.yaml']);

    const tiered = resolveSettings({ stackDir: dir }, { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered', JEWELRY_GATEWAY_OTLP_PORTS: '5001,5002' });
    expect(collectorEnv(tiered).JEWELRY_GATEWAY_ENDPOINTS).toBe('127.0.0.1:5001,127.0.0.1:5002');
    expect(collectorConfigArgs(tiered).at(-1)!.endsWith('collector/tiers/agent.yaml')).toBe(true);
    const [g1] = gateways(tiered);
    expect(gatewayEnv(tiered, g1!)).toMatchObject({
      GATEWAY_OTLP_PORT: '5001',
      JEWELRY_COLLECTOR_STORAGE: join(dir, 'collector', 'gateway-1', 'storage'),
    });
    expect(gatewayConfigArgs(tiered, '/r/collector/config.yaml')).toEqual(['--config', '/r/collector/tiers/gateway.yaml']);
  });

  it('security mode and ingestion auth: TLS and credentials per hop, an htpasswd file of salted hashes, the header a service sends', () => {
    const s = resolveSettings(
      { stackDir: dir },
      {
        JEWELRY_ES_SECURITY: 'true',
        JEWELRY_INGEST_AUTH: 'true',
        JEWELRY_COLLECTOR_TOPOLOGY: 'tiered',
        JEWELRY_INGEST_AUDIT_WRITERS: 'crm-api,billing.api',
      },
    );
    const files = configFiles(collectorConfigArgs(s));
    expect(files).toEqual([
      'config.yaml',
      'config.metrics.yaml',
      'config.tls.yaml',
      'config.ingest-auth.yaml',
      'tiers/agent.yaml',
      'tiers/agent.tls.yaml',
    ]);
    expect(gatewayConfigArgs(s, '/r/collector/config.yaml')).toEqual([
      '--config',
      '/r/collector/tiers/gateway.yaml',
      '--config',
      '/r/collector/tiers/gateway.tls.yaml',
    ]);

    const env = ingestAuthEnv(s, {});
    expect(env.JEWELRY_INGEST_AUDIT_WRITERS_RE).toBe('^(?:crm-api|billing[.]api)$');
    const htpasswd = readFileSync(env.JEWELRY_INGEST_HTPASSWD!, 'utf8').trim().split('\n');
    expect(statSync(env.JEWELRY_INGEST_HTPASSWD!).mode & 0o777).toBe(0o600);
    expect(htpasswd.map((l) => l.split(':')[0])).toEqual(['shop-api', 'crm-api', 'mes-api', 'partner-api', 'billing.api']);
    // {SSHA}: base64(sha1(password + salt) + salt), what go-htpasswd (the basicauth extension) checks.
    const line = htpasswd.find((l) => l.startsWith('crm-api:'))!;
    const raw = Buffer.from(line.slice('crm-api:{SSHA}'.length), 'base64');
    const salt = raw.subarray(20);
    expect(raw.subarray(0, 20)).toEqual(
      createHash('sha1')
        .update(ingestPassword(s, 'crm-api', {}))
        .update(salt)
        .digest(),
    );
    expect(sshaLine('crm-api', ingestPassword(s, 'crm-api', {}), salt)).toBe(line);
    // Unchanged passwords leave the file as it was; a password from the environment replaces one.
    expect(readFileSync(ingestAuthEnv(s, {}).JEWELRY_INGEST_HTPASSWD!, 'utf8')).toBe(htpasswd.join('\n') + '\n');
    expect(ingestPassword(s, 'crm-api', { JEWELRY_OTLP_PASSWORD_CRM_API: 'from-env-1' })).toBe('from-env-1');
    expect(readFileSync(ingestAuthEnv(s, {}).JEWELRY_INGEST_HTPASSWD!, 'utf8')).not.toContain(line);

    const service = serviceIngestEnv(s, 'crm-api', '/ca.crt', {});
    expect(service).toEqual({
      OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Basic%20${Buffer.from('crm-api:from-env-1').toString('base64').replace(/=/g, '%3D')}`,
      OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.crt',
    });
    // The agent authenticates at the gateways with its own credential, and trusts the stack's CA.
    expect(collectorEnv(s)).toMatchObject({ GATEWAY_CA_FILE: join(dir, 'security', 'tls', 'ca.crt') });
    expect(collectorEnv(s).JEWELRY_GATEWAY_AUTH).toMatch(/^Basic /);
    expect(readFileSync(gatewayEnv(s, gateways(s)[0]!).JEWELRY_GATEWAY_HTPASSWD!, 'utf8')).toMatch(/^collector-agent:\{SSHA\}/);
    expect(auditWritersPattern([])).toBe('^$');
  });

  it('Prometheus runs without its lifecycle API unless asked for', () => {
    expect(prometheusArgs(resolveSettings({ stackDir: dir }, {}), '/p.yml')).not.toContain('--web.enable-lifecycle');
    expect(prometheusArgs(resolveSettings({ stackDir: dir }, { JEWELRY_PROMETHEUS_LIFECYCLE: 'true' }), '/p.yml')).toContain(
      '--web.enable-lifecycle',
    );
  });
});
