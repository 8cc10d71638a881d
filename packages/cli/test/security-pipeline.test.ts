// SEC-3 end to end: in security mode the collector's OTLP receiver speaks
// TLS only, and the collector writes into Elasticsearch over HTTPS with its
// own credentials (the collector role may only append). A raw OTLP log record
// sent over TLS is read back by devops from the service's index.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import {
  EsClient,
  readCredentials,
  resolveSettings,
  stackCaFile,
  stackDown,
  stackEndpoints,
  stackUp,
  type StackOptions,
  type StackSettings,
} from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { logsRequest } from '../../../test/support/otlp-json';
import { freePort, makeStackDir, removeStackDir } from '../../../test/support/own-stack';

jest.setTimeout(300_000);

function post(url: string, body: string, ca?: Buffer): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...(ca ? { ca } : {}),
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

const otlpLog = (orderId: string): string =>
  JSON.stringify(logsRequest('shop-api', [{ body: 'order created over TLS', attributes: { 'order.id': orderId } }]));

describe("security mode: the pipeline over TLS with the collector's own credentials (SEC-2, SEC-3)", () => {
  let options: StackOptions;
  let settings: StackSettings;
  let stackDir: string;

  beforeAll(async () => {
    stackDir = makeStackDir('security-pipeline');
    options = {
      settings: {
        stackDir,
        esSecurity: true,
        esPort: await freePort(),
        esTransportPort: await freePort(),
        otlpHttpPort: await freePort(),
        otlpGrpcPort: await freePort(),
        collectorHealthPort: await freePort(),
        collectorMetricsPort: await freePort(),
        collectorTelemetryPort: await freePort(),
      },
      onProgress: () => undefined,
    };
    settings = resolveSettings(options.settings);
    await stackUp(['elasticsearch', 'collector'], options);
  });

  afterAll(async () => {
    await stackDown(['collector', 'elasticsearch'], options);
    removeStackDir(stackDir);
  });

  test('OTLP over TLS reaches the service index through HTTPS, written by the collector user', async () => {
    const endpoints = stackEndpoints(settings);
    expect(endpoints.otlpHttpEndpoint).toMatch(/^https:/);
    expect(endpoints.elasticsearchUrl).toMatch(/^https:/);
    const ca = readFileSync(stackCaFile(settings));

    // Plain HTTP to the TLS receiver is not accepted.
    const plain = await post(endpoints.otlpHttpEndpoint.replace('https:', 'http:') + '/v1/logs', otlpLog('ORD-PLAIN')).catch(() => 0);
    expect(plain).not.toBe(200);

    const orderId = `ORD-TLS-${randomUUID().slice(0, 8)}`;
    expect(await post(`${endpoints.otlpHttpEndpoint}/v1/logs`, otlpLog(orderId), ca)).toBe(200);

    const credentials = readCredentials(settings);
    const devops = new EsClient({ url: endpoints.elasticsearchUrl, username: 'devops', password: credentials.devops!, ca });
    let hits: { _source: Record<string, unknown> }[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && hits.length === 0) {
      const res = await devops.post<{ hits: { hits: { _source: Record<string, unknown> }[] } }>(
        `/${writeAlias('shop-api', 'logs')}/_search`,
        {
          query: { term: { 'order.id': orderId } },
        },
      );
      hits = res.body.hits.hits;
      if (hits.length === 0) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(hits).toHaveLength(1);
    expect(hits[0]!._source).toMatchObject({ message: 'order created over TLS', 'service.name': 'shop-api', 'order.id': orderId });

    // The collector wrote it with its own credentials: the collector user exists and may not read what it wrote.
    const collector = new EsClient({ url: endpoints.elasticsearchUrl, username: 'collector', password: credentials.collector!, ca });
    await expect(collector.post(`/${writeAlias('shop-api', 'logs')}/_search`, { query: { match_all: {} } })).rejects.toMatchObject({
      status: 403,
    });

    // A service nobody set up: the collector's writealias processor makes its family with the collector's
    // credentials (create_index and the alias actions), which still cannot delete what it made.
    const newService = `tls-new-${randomUUID().slice(0, 8)}`;
    const body = JSON.stringify(logsRequest(newService, [{ body: 'first record of a new service', attributes: { 'order.id': orderId } }]));
    expect(await post(`${endpoints.otlpHttpEndpoint}/v1/logs`, body, ca)).toBe(200);
    const alias = writeAlias(newService, 'logs');
    let aliases: Record<string, unknown> = {};
    const until = Date.now() + 30_000;
    while (Date.now() < until && !aliases[`${alias}-000001`]) {
      aliases = (await devops.get<Record<string, unknown>>(`/_alias/${alias}`, { allow: [404] })).body;
      if (!aliases[`${alias}-000001`]) await new Promise((r) => setTimeout(r, 500));
    }
    expect(aliases).toEqual({ [`${alias}-000001`]: { aliases: { [alias]: { is_write_index: true } } } });
    await expect(collector.delete(`/${alias}-000001`)).rejects.toMatchObject({ status: 403 });
    const log = readFileSync(`${stackDir}/collector/collector.log`, 'utf8');
    expect(log).not.toContain('cannot make sure the write alias exists');
  });
});
