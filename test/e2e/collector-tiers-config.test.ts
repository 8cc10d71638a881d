import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  buildCollector,
  collectorConfigArgs,
  collectorEnv,
  gatewayConfigArgs,
  gatewayEnv,
  gateways,
  resolveSettings,
  validateCollectorConfig,
  type StackSettings,
} from '@jewelry/cli';

const run = promisify(execFile);
const COLLECTOR = join(__dirname, '..', '..', 'collector');
type Config = {
  exporters: Record<string, any>;
  extensions: Record<string, any>;
  receivers: Record<string, any>;
  service: { pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>; extensions: string[] };
};

/** The configuration the built collector resolves from these files and this environment (its own print-config, JSON). */
async function resolved(args: string[], env: Record<string, string>): Promise<Config> {
  const { binary } = await buildCollector(resolveSettings());
  const { stdout } = await run(
    binary,
    ['print-config', '--mode=unredacted', '--format=json', '--feature-gates=otelcol.printInitialConfig', ...args],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as Config;
}

// Issue 15: the overlays of the tiered topology, of a cluster and of ingestion
// security, checked with the built distribution — the same files and
// variables the stack starts the agent and the gateways with.
describe('the collector configs of the tiered topology, a cluster and ingestion security (issue 15)', () => {
  let dir: string;
  const settings = (env: Record<string, string>): StackSettings => resolveSettings({ stackDir: dir }, env);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jewelry-tiers-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each<[string, Record<string, string>]>([
    ['a single collector on a 3-node cluster', { JEWELRY_ES_NODES: '3' }],
    ['the agent', { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered' }],
    [
      'the agent in security mode with ingestion auth, on a cluster',
      { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered', JEWELRY_ES_SECURITY: 'true', JEWELRY_INGEST_AUTH: 'true', JEWELRY_ES_NODES: '3' },
    ],
    ['a single collector with ingestion auth', { JEWELRY_ES_SECURITY: 'true', JEWELRY_INGEST_AUTH: 'true' }],
  ])(
    '`collector validate` passes for %s',
    async (_label, env) => {
      const s = settings(env);
      const files = collectorConfigArgs(s).filter((a) => a !== '--config');
      const result = await validateCollectorConfig(s, files);
      expect({ valid: result.valid, output: result.output }).toEqual({ valid: true, output: '' });
    },
    300_000,
  );

  test('a gateway (plain and in security mode) validates, and its Elasticsearch exporter is config.yaml’s with every node', async () => {
    const envs: Record<string, string>[] = [
      { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered', JEWELRY_ES_NODES: '3' },
      { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered', JEWELRY_ES_SECURITY: 'true' },
    ];
    for (const env of envs) {
      const s = settings(env);
      const g = gateways(s)[0]!;
      const gateway = await resolved(gatewayConfigArgs(s, join(COLLECTOR, 'config.yaml')), gatewayEnv(s, g));
      const single = await resolved(['--config', join(COLLECTOR, 'config.yaml')], collectorEnv(s));
      const { endpoint: _e, endpoints, tls: _t1, ...fromGateway } = gateway.exporters.elasticsearch;
      const { endpoint, endpoints: _es, tls: _t2, ...fromSingle } = single.exporters.elasticsearch;
      expect(fromGateway).toEqual(fromSingle);
      expect(endpoints).toEqual(s.esHttpPorts.map((p) => `${s.esSecurity ? 'https' : 'http'}://127.0.0.1:${p}`));
      expect(endpoint).toBe(`${s.esSecurity ? 'https' : 'http'}://127.0.0.1:${s.esPort}`);
      expect(gateway.exporters.elasticsearch.sending_queue.storage).toBe('file_storage');
      expect(gateway.receivers.otlp.protocols.grpc.endpoint).toBe(`127.0.0.1:${g.otlpPort}`);
      expect(gateway.receivers.otlp.protocols.http ?? null).toBeNull();
      if (s.esSecurity) {
        expect(gateway.receivers.otlp.protocols.grpc.auth.authenticator).toBe('basicauth/agents');
        expect(gateway.receivers.otlp.protocols.grpc.tls.cert_file).toBeTruthy();
      }
    }
  }, 300_000);

  test('the agent sends the Elasticsearch pipelines to the gateways, by trace id, from an on-disk queue; their processors stay config.yaml’s', async () => {
    const plain = settings({});
    const single = await resolved(collectorConfigArgs(plain), collectorEnv(plain));
    const envs: Record<string, string>[] = [
      { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered' },
      { JEWELRY_COLLECTOR_TOPOLOGY: 'tiered', JEWELRY_ES_SECURITY: 'true', JEWELRY_INGEST_AUTH: 'true' },
    ];
    for (const env of envs) {
      const s = settings(env);
      const agent = await resolved(collectorConfigArgs(s), collectorEnv(s));
      for (const name of ['logs', 'logs/host', 'traces']) {
        expect(agent.service.pipelines[name]!.exporters).toEqual(['loadbalancing']);
        expect(agent.service.pipelines[name]!.processors).toEqual(single.service.pipelines[name]!.processors);
      }
      const lb = agent.exporters.loadbalancing;
      expect(lb.routing_key).toBe('traceID');
      expect(lb.resolver.static.hostnames).toEqual(gateways(s).map((g) => `127.0.0.1:${g.otlpPort}`));
      expect(lb.sending_queue).toMatchObject({ storage: 'file_storage' });
      expect(lb.retry_on_failure).toMatchObject({ enabled: true, max_elapsed_time: 0 });
      // The per-gateway exporters have no queue of their own (it would be in memory).
      expect(lb.protocol.otlp.sending_queue ?? null).toBeNull();
      if (s.esSecurity) {
        expect(lb.protocol.otlp.tls.ca_file).toContain('ca.crt');
        expect(lb.protocol.otlp.tls.insecure ?? false).toBe(false);
        expect(lb.protocol.otlp.headers).toEqual([{ name: 'authorization', value: expect.stringMatching(/^Basic /) }]);
        // Ingestion security: the OTLP receivers feed the checks, which hand on to config.yaml's pipelines.
        expect(agent.service.pipelines['logs/ingest']!.receivers).toEqual(['otlp']);
        expect(agent.service.pipelines.logs!.receivers).toEqual(['routing/ingest_logs']);
        expect(agent.service.pipelines['logs/metrics']!.receivers).toEqual(['routing/ingest_logs']);
        expect(agent.receivers.otlp.protocols.http.auth.authenticator).toBe('basicauth/ingest');
        expect(agent.receivers.otlp.protocols.grpc.auth.authenticator).toBe('basicauth/ingest');
        expect(agent.service.extensions).toEqual(expect.arrayContaining([...single.service.extensions, 'basicauth/ingest']));
      }
    }
  }, 300_000);
});
