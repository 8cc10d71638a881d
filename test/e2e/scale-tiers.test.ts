import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  esNodeUrls,
  ingestAuthHeader,
  readCredentials,
  retentionSettingsFromEnv,
  runCli,
  runRetention,
  serviceIngestEnv,
  stackCaFile,
  waitForUnique,
  EsClient,
} from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { IsolatedStack } from '../support/fault-stack';
import { NumberedStream } from '../support/numbered-stream';
import { logsRequest, randomHex, tracesRequest, type Json } from '../support/otlp-json';
import { grpcExportLogs, postJson } from '../support/otlp-tls';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const D = 24 * 3600 * 1000;

// Issue 15: the production shape on one machine — services → an agent
// collector → two gateways (load-balanced by trace id) → a three-node
// Elasticsearch cluster, with security on everywhere (HTTPS and transport TLS
// in Elasticsearch, TLS and a credential per hop) and ingestion security
// (JEWELRY_INGEST_AUTH). One stack for all of it, since a secured cluster
// takes a minute or two to start on two cores: first what an operator does
// with the cluster (users on every node, retention), then what a hostile
// local process tries, then the faults — real processes killed with SIGKILL,
// uniquely numbered records counted in Elasticsearch.
//
// The short version runs in `npm test`; the full one (longer streams and
// outages) with JEWELRY_SCALE_FULL=1:
//   JEWELRY_SCALE_FULL=1 npm test -- scale-tiers
const FULL = process.env.JEWELRY_SCALE_FULL === '1';
const T = FULL
  ? { before: 10_000, down: 15_000, after: 10_000, perRequest: 25, everyMs: 20 }
  : { before: 3_000, down: 3_000, after: 3_000, perRequest: 20, everyMs: 40 };

describe('collectors in tiers on a secured Elasticsearch cluster (issue 15)', () => {
  let stack: IsolatedStack;
  let es: EsClient;
  let ca: Buffer;
  const streams: NumberedStream[] = [];

  beforeAll(async () => {
    stack = await IsolatedStack.create('scale', {
      ownElasticsearch: true,
      esNodes: 3,
      gateways: 2,
      env: {
        JEWELRY_ES_SECURITY: 'true',
        JEWELRY_INGEST_AUTH: 'true',
        // Only crm-api may write access/audit records in this stack.
        JEWELRY_INGEST_AUDIT_WRITERS: 'crm-api',
        ES_JAVA_OPTS: '-Xms384m -Xmx384m',
        JEWELRY_ES_METRICS_INTERVAL: '1h',
      },
    });
    const started = Date.now();
    await stack.up(['elasticsearch']);
    const esSeconds = (Date.now() - started) / 1000;
    await stack.up(['collector']);
    console.log(
      `stack up: a secured 3-node cluster in ${esSeconds.toFixed(1)} s, agent + 2 gateways in ${((Date.now() - started) / 1000 - esSeconds).toFixed(1)} s`,
    );
    es = stack.esClient();
    ca = readFileSync(stackCaFile(stack.settings));
  }, 600_000);

  afterAll(async () => {
    for (const s of streams) await s.service.stop();
    await stack?.destroy(['collector', 'elasticsearch']);
  });

  const as = (user: string, url: string) => new EsClient({ url, username: user, password: readCredentials(stack.settings)[user]!, ca });
  const waitGreen = (nodes: number) => es.get(`/_cluster/health?wait_for_status=green&wait_for_nodes=${nodes}&timeout=120s`);
  const auth = (identity: string) => ingestAuthHeader(stack.settings, identity);
  const postLogs = (identity: string | undefined, payload: Json, extra: Record<string, string> = {}) =>
    postJson(`${stack.otlpEndpoint}/v1/logs`, payload, ca, { ...(identity ? auth(identity) : {}), ...extra });

  async function hits(index: string, marker: string): Promise<Record<string, unknown>[]> {
    const res = await es.post<{ hits: { hits: { _source: Record<string, unknown> }[] } }>(
      `/${index}/_search?ignore_unavailable=true&allow_no_indices=true`,
      { query: { term: { 'order.id': marker } } },
      { allow: [404] },
    );
    return res.status === 404 ? [] : res.body.hits.hits.map((h) => h._source);
  }

  async function waitHits(index: string, marker: string, count = 1): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await es.post(`/${index}/_refresh?ignore_unavailable=true&allow_no_indices=true`);
      const found = await hits(index, marker);
      if (found.length >= count || Date.now() > deadline) return found;
      await sleep(500);
    }
  }

  test('three nodes form one cluster, talk TLS to each other, and every shard has a replica (green)', async () => {
    expect(stack.settings.esIndexReplicas).toBe(1);
    await waitGreen(3);
    const nodes = (await es.get<{ nodes: Record<string, { name: string; settings: any }> }>('/_nodes/settings')).body.nodes;
    expect(
      Object.values(nodes)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['jewelry-es-1', 'jewelry-es-2', 'jewelry-es-3']);
    for (const node of Object.values(nodes)) {
      expect(node.settings.xpack.security.transport.ssl).toMatchObject({ enabled: 'true' });
    }
    // es setup (run by stack up) made every family's write index with one replica, on another node than its primary.
    const shards = (await es.get<{ prirep: string; state: string; node: string }[]>('/_cat/shards/shop-api-logs-*?format=json')).body;
    expect(shards.map((s) => s.prirep).sort()).toEqual(['p', 'r']);
    expect(shards.every((s) => s.state === 'STARTED')).toBe(true);
    expect(new Set(shards.map((s) => s.node)).size).toBe(2);
  });

  test('users and roles hold on every node: devops reads, the collector only appends, developer cannot delete', async () => {
    const urls = esNodeUrls(stack.settings);
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      expect((await as('devops', url).get<{ username: string }>('/_security/_authenticate')).body.username).toBe('devops');
    }
    const collector = as('collector', urls[2]!);
    const created = await collector.post<{ result: string }>('/partner-api-logs/_doc?op_type=create&refresh=true', {
      '@timestamp': new Date().toISOString(),
      message: 'written through node 3',
    });
    expect(created.body.result).toBe('created');
    await expect(collector.post('/partner-api-logs/_search', { query: { match_all: {} } })).rejects.toMatchObject({ status: 403 });
    await expect(as('developer', urls[1]!).delete('/partner-api-logs-000001')).rejects.toMatchObject({ status: 403 });
    // `es security setup` on the stack's cluster writes every node's file realm: a new service's reader exists on all three.
    const out: string[] = [];
    const saved = { ...process.env };
    Object.assign(process.env, stack.env);
    try {
      expect(
        await runCli(['es', 'security', 'setup', '--service', 'billing-api'], { out: (l) => out.push(l), err: (l) => out.push(l) }),
      ).toBe(0);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    expect(out.join('\n')).toMatch(/user reader-billing-api +created/);
    for (const url of urls) {
      const reader = as('reader-billing-api', url);
      let who = '';
      for (let i = 0; i < 40 && who === ''; i++) {
        who = await reader.get<{ username: string }>('/_security/_authenticate').then(
          (r) => r.body.username,
          () => '',
        );
        if (who === '') await sleep(250);
      }
      expect(who).toBe('reader-billing-api');
    }

    // The collector's Elasticsearch receiver (ST-4) reads health and node stats as collector-monitor, and no document.
    const monitor = as('collector-monitor', urls[0]!);
    expect((await monitor.get<{ number_of_nodes: number }>('/_cluster/health')).body.number_of_nodes).toBe(3);
    expect(Object.keys((await monitor.get<{ nodes: Record<string, unknown> }>('/_nodes/stats/fs')).body.nodes)).toHaveLength(3);
    await expect(monitor.post('/partner-api-logs/_search', { query: { match_all: {} } })).rejects.toMatchObject({ status: 403 });
    const found = await as('developer', urls[1]!).post<{ hits: { total: { value: number } } }>('/partner-api-logs/_search', {
      query: { match: { message: 'node' } },
    });
    expect(found.body.hits.total.value).toBe(1);
  });

  test('rollover, deletion by age and the size cap work on the cluster; new indices get a replica too', async () => {
    const devops = as('devops', esNodeUrls(stack.settings)[1]!);
    const put = async (index: string, at: number): Promise<void> => {
      await devops.post(`/${index}/_doc?op_type=create&refresh=true`, {
        '@timestamp': new Date(at).toISOString(),
        message: 'x'.repeat(2000),
      });
    };
    const storeAtLeast = async (index: string, bytes: number): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        await devops.post(`/${index}/_flush`);
        const stats = await devops.get<{ _all: { primaries: { store: { size_in_bytes: number } } } }>(`/${index}/_stats/store`);
        if (stats.body._all.primaries.store.size_in_bytes >= bytes) return;
        await sleep(300);
      }
      throw new Error(`${index} never reached ${bytes} bytes`);
    };
    const now = Date.now();

    // Rollover at a tiny size: shop-api-logs moves on to -000002, which has a replica like the first.
    await put('shop-api-logs', now);
    await storeAtLeast('shop-api-logs-000001', 1024);
    const rolled = await runRetention(es, retentionSettingsFromEnv({ JEWELRY_ROLLOVER_MAX_SIZE: '1kb' }), { services: ['shop-api'] });
    expect(rolled.actions.map((a) => `${a.kind} ${a.outcome}`)).toEqual(['rollover done']);
    const created = (
      await es.get<Record<string, { settings: { index: { number_of_replicas: string } } }>>('/shop-api-logs-000002/_settings')
    ).body;
    expect(created['shop-api-logs-000002']?.settings.index.number_of_replicas).toBe('1');

    // Deletion by age: an errors write index whose newest record is 400 days old is rolled over, and the next run deletes it.
    await put('mes-api-errors', now - 400 * D);
    const first = await runRetention(es, retentionSettingsFromEnv({}), { services: ['mes-api'] });
    expect(first.actions.map((a) => `${a.kind} ${a.index} ${a.outcome}`)).toContain('rollover mes-api-errors-000001 done');
    const second = await runRetention(es, retentionSettingsFromEnv({}), { services: ['mes-api'] });
    expect(second.actions.map((a) => `${a.kind} ${a.index} ${a.outcome}`)).toContain('delete mes-api-errors-000001 done');

    // The size cap: mes-api over 1kb loses its oldest non-write index first.
    await put('mes-api-logs', now - 2 * D);
    await storeAtLeast('mes-api-logs-000001', 1024);
    await runRetention(es, retentionSettingsFromEnv({ JEWELRY_ROLLOVER_MAX_SIZE: '1kb' }), { services: ['mes-api'] });
    await put('mes-api-logs', now);
    const capped = await runRetention(es, retentionSettingsFromEnv({ JEWELRY_SERVICE_SIZE_CAP: '1kb' }), { services: ['mes-api'] });
    expect(capped.actions.filter((a) => a.kind === 'delete').map((a) => `${a.index} ${a.reason} ${a.outcome}`)).toContain(
      'mes-api-logs-000001 size-cap done',
    );
  });

  test('ingestion security: no or a wrong credential is refused; forged service names and audit records never reach another service or an audit index', async () => {
    const run = randomUUID().slice(0, 8);
    const rec = (marker: string, attributes: Json = {}, body: unknown = 'ingest check') => ({
      body,
      traceId: randomHex(16),
      attributes: { 'order.id': marker, ...attributes },
    });

    // Refused: no credential, a wrong password, another identity's password — over HTTP and gRPC.
    expect(await postLogs(undefined, logsRequest('shop-api', [rec(`NOAUTH-${run}`)]))).toBe(401);
    const wrong = `Basic ${Buffer.from('shop-api:not-the-password').toString('base64')}`;
    expect(await postLogs(undefined, logsRequest('shop-api', [rec(`WRONG-${run}`)]), { authorization: wrong })).toBe(401);
    const grpcAt = `127.0.0.1:${stack.env.OTLP_GRPC_PORT}`;
    expect(await grpcExportLogs(grpcAt, ca)).toBe(16);
    expect(await grpcExportLogs(grpcAt, ca, { authorization: wrong })).toBe(16);
    expect(await grpcExportLogs(grpcAt, ca, auth('shop-api'))).toBe(0);

    // Accepted, stamped with the identity.
    expect(await postLogs('shop-api', logsRequest('shop-api', [rec(`OK-${run}`)]))).toBe(200);
    // crm-api's credential claiming to be shop-api: the record goes to crm-api's own index, marked.
    expect(await postLogs('crm-api', logsRequest('shop-api', [rec(`FORGED-${run}`)]))).toBe(200);
    // shop-api may not write audit records (attribute and map body); crm-api may.
    expect(
      await postLogs(
        'shop-api',
        logsRequest('shop-api', [
          rec(`AUDIT-ATTR-${run}`, { 'event.category': 'audit' }),
          rec(`AUDIT-BODY-${run}`, {}, { 'event.category': 'access', 'order.id': `AUDIT-BODY-${run}`, message: 'map body' }),
        ]),
      ),
    ).toBe(200);
    expect(await postLogs('crm-api', logsRequest('crm-api', [rec(`AUDIT-OK-${run}`, { 'event.category': 'audit' })]))).toBe(200);
    // A forged span: crm-api's credential, shop-api's name.
    const traceId = randomHex(16);
    expect(
      await postJson(
        `${stack.otlpEndpoint}/v1/traces`,
        tracesRequest('shop-api', [{ traceId, spanId: randomHex(8), name: `forged-span-${run}` }]),
        ca,
        auth('crm-api'),
      ),
    ).toBe(200);

    const [ok] = await waitHits(writeAlias('shop-api', 'logs'), `OK-${run}`);
    expect(ok).toMatchObject({ 'service.name': 'shop-api', 'jewelry.ingest.identity': 'shop-api' });
    expect(ok!['jewelry.ingest.violation']).toBeUndefined();

    const [forged] = await waitHits(writeAlias('crm-api', 'logs'), `FORGED-${run}`);
    expect(forged).toMatchObject({
      'service.name': 'crm-api',
      'jewelry.ingest.identity': 'crm-api',
      'jewelry.ingest.violation': 'service_name_mismatch',
      'jewelry.ingest.claimed_service': 'shop-api',
    });
    expect(await hits('shop-api-*', `FORGED-${run}`)).toEqual([]);

    for (const marker of [`AUDIT-ATTR-${run}`, `AUDIT-BODY-${run}`]) {
      const [doc] = await waitHits(writeAlias('shop-api', 'logs'), marker);
      expect(doc).toMatchObject({ 'jewelry.ingest.violation': 'audit_not_allowed', 'jewelry.ingest.identity': 'shop-api' });
      expect(['audit', 'access']).toContain(doc!['jewelry.ingest.claimed_category']);
      expect(doc!['event.category']).toBeUndefined();
      expect(await hits('*-audit*', marker)).toEqual([]);
    }
    const [audit] = await waitHits(writeAlias('crm-api', 'audit'), `AUDIT-OK-${run}`);
    expect(audit).toMatchObject({ 'event.category': 'audit', 'jewelry.ingest.identity': 'crm-api' });

    // The refused requests stored nothing.
    for (const marker of [`NOAUTH-${run}`, `WRONG-${run}`]) expect(await hits('*-logs*', marker)).toEqual([]);

    // The forged span is in crm-api's traces, not shop-api's.
    const spans = await es.post<{ hits: { hits: { _index: string; _source: Record<string, any> }[] } }>('/*-traces*/_search', {
      query: { term: { Name: `forged-span-${run}` } },
    });
    const deadline = Date.now() + 30_000;
    let spanHits = spans.body.hits.hits;
    while (spanHits.length === 0 && Date.now() < deadline) {
      await sleep(500);
      await es.post('/*-traces*/_refresh');
      spanHits = (await es.post<typeof spans.body>('/*-traces*/_search', { query: { term: { Name: `forged-span-${run}` } } })).body.hits
        .hits;
    }
    expect(spanHits.map((h) => h._index.replace(/-\d+$/, ''))).toEqual(['crm-api-traces']);

    // Counted: the agent's prometheus exporter has the violations by identity and reason.
    let metrics = '';
    for (let i = 0; i < 20 && !/jewelry_ingest_violations_total\{[^}]*audit_not_allowed/.test(metrics); i++) {
      await sleep(500);
      metrics = await (await fetch(`http://127.0.0.1:${stack.env.COLLECTOR_METRICS_PORT}/metrics`)).text();
    }
    const count = (reason: string, identity: string): number =>
      metrics
        .split('\n')
        .filter(
          (l) =>
            l.startsWith('jewelry_ingest_violations_total{') &&
            l.includes(`jewelry_ingest_violation="${reason}"`) &&
            l.includes(`jewelry_ingest_identity="${identity}"`),
        )
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    expect(count('service_name_mismatch', 'crm-api')).toBe(1);
    expect(count('audit_not_allowed', 'shop-api')).toBe(2);
  }, 180_000);

  async function streamWithFault(label: string, fault: () => Promise<void>, recover: () => Promise<void>): Promise<void> {
    const run = `${label}-${randomUUID().slice(0, 8)}`;
    const stream = await new NumberedStream(run, stack.otlpEndpoint, {
      ...serviceIngestEnv(stack.settings, 'crm-api', stackCaFile(stack.settings)),
      OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '200',
    }).start();
    streams.push(stream);
    stream.begin(T.perRequest, T.everyMs);
    await sleep(T.before);
    const faultAt = Date.now();
    await fault();
    // The stream stops at a fixed time; bringing the process back runs beside it (a node takes long to start on 2 cores).
    let recoveredAfter = 0;
    const recovering = sleep(T.down)
      .then(recover)
      .then(() => (recoveredAfter = (Date.now() - faultAt) / 1000));
    await sleep(T.down + T.after);
    const written = await stream.stop();
    await recovering;
    expect(written.failures).toBe(0);

    await stream.settled(120_000);
    const stats = (await stream.stats()).logs;
    expect(stats).toMatchObject({ accepted: written.written, exported: written.written, failed: 0, droppedQueueFull: 0, inFlight: 0 });

    const stored = await waitForUnique(es, writeAlias('crm-api', 'logs'), 'order.id', `${run}-`, written.written, 180_000);
    const missing = written.written - stored.unique;
    console.log(
      `${label}: ${written.written} records written, ${stored.unique} stored, ${missing} missing, ${stored.duplicates} duplicates ` +
        `(back ${recoveredAfter.toFixed(1)} s after the kill; all stored ${((Date.now() - faultAt) / 1000).toFixed(1)} s after it)`,
    );
    expect(missing).toBe(0);
  }

  test('one Elasticsearch node killed with SIGKILL mid-stream and started again: 0 lost, duplicates counted', async () => {
    // The node holding the primary of crm-api's write index: its writes must fail over to the replica.
    const shards = (
      await es.get<{ prirep: string; node: string }[]>(`/_cat/shards/${writeAlias('crm-api', 'logs')}?format=json&h=prirep,node`)
    ).body;
    const primaryNode = shards.find((s) => s.prirep === 'p')!.node;
    const index = Number(primaryNode.replace('jewelry-es-', ''));
    await streamWithFault(
      `ESKILL${index}`,
      async () => void (await stack.killEsNode(index)),
      async () => stack.up(['elasticsearch']),
    );
    // The node is back in the cluster.
    await waitGreen(3);
  }, 600_000);

  test('one gateway killed with SIGKILL mid-stream and started again: 0 lost (the agent holds and redelivers), duplicates counted', async () => {
    await streamWithFault(
      'GWKILL',
      async () => void (await stack.killGateway(1)),
      async () => stack.up(['collector']),
    );
  }, 600_000);
});
