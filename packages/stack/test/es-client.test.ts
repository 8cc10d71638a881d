// The client (the official one underneath) against a local HTTP server that answers like
// Elasticsearch: the error type and reason reach the message, credentials and
// the endpoint come from the environment.
import { EsClient, EsError } from '@jewelry/elasticsearch';
import { esClientFromEnv, resolveSettings } from '@jewelry/stack';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../../test/support/own-stack';

describe('EsClient', () => {
  let server: Server;
  let url: string;
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        // What every Elasticsearch since 7.14 sends; the official client refuses an answer without it.
        res.setHeader('x-elastic-product', 'Elasticsearch');
        if (req.url === '/missing') {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { type: 'index_not_found_exception', reason: 'no such index [missing]' }, status: 404 }));
        } else if (req.url === '/bad') {
          res.statusCode = 400;
          res.end(
            JSON.stringify({
              error: {
                type: 'mapper_parsing_exception',
                reason: 'Failed to parse mapping',
                caused_by: { type: 'illegal_argument_exception', reason: 'unknown type [wildcard]' },
              },
            }),
          );
        } else {
          res.end(JSON.stringify({ acknowledged: true }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends JSON and returns the parsed answer', async () => {
    const res = await new EsClient({ url: `${url}/` }).put('/idx', { a: 1 });
    expect(res).toEqual({ status: 200, body: { acknowledged: true } });
    const last = seen.at(-1);
    expect(last).toMatchObject({ method: 'PUT', url: '/idx', body: '{"a":1}' });
    // JSON, in the official client's versioned media type (Elasticsearch 8 takes both).
    expect(last?.headers['content-type']).toMatch(/^application\/(vnd\.elasticsearch\+)?json\b/);
    expect(last?.headers.authorization).toBeUndefined();
  });

  it('puts the Elasticsearch error type and reason (and its cause) in the message', async () => {
    const client = new EsClient({ url });
    await expect(client.get('/missing')).rejects.toThrow(
      'Elasticsearch GET /missing: 404 index_not_found_exception: no such index [missing]',
    );
    const err = (await client.put('/bad', {}).catch((e: unknown) => e)) as EsError;
    expect(err).toBeInstanceOf(EsError);
    expect(err).toMatchObject({ status: 400, type: 'mapper_parsing_exception', reason: 'Failed to parse mapping' });
    expect(err.message).toBe(
      'Elasticsearch PUT /bad: 400 mapper_parsing_exception: Failed to parse mapping (caused by: unknown type [wildcard])',
    );
  });

  it('returns an allowed error status instead of throwing', async () => {
    const res = await new EsClient({ url }).get('/missing', { allow: [404] });
    expect(res.status).toBe(404);
  });

  it('says which endpoint it could not reach', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(new EsClient({ url: closed, timeoutMs: 2000 }).get('/_cluster/health')).rejects.toThrow(
      `cannot reach Elasticsearch at ${closed} (GET /_cluster/health): ECONNREFUSED`,
    );
  });

  it('takes ES_ENDPOINT and basic auth from the environment, else the stack node', async () => {
    const settings = resolveSettings({ esPort: 19299 }, {});
    expect(esClientFromEnv(settings, {}).url).toBe('http://127.0.0.1:19299');
    const client = esClientFromEnv(settings, { ES_ENDPOINT: url, ES_USERNAME: 'devops', ES_PASSWORD: 's3cret' });
    expect(client.url).toBe(url);
    await client.get('/_cluster/health');
    expect(seen.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('devops:s3cret').toString('base64')}`);
  });

  it('knows every node of a cluster and goes on through the next when one cannot be reached (issue 15)', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const client = new EsClient({ url: `${closed}, ${url}/` });
    expect(client.urls).toEqual([closed, url]);
    expect(client.url).toBe(closed);
    const before = seen.length;
    expect((await client.get('/_cluster/health')).status).toBe(200);
    // A write refused at connect time was never sent, so it goes to the next node too.
    expect((await client.put('/idx', { a: 2 })).status).toBe(200);
    expect(seen.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual(['GET /_cluster/health', 'PUT /idx']);
    // Every node down: the message names them all.
    const other = `http://127.0.0.1:${await freePort()}`;
    await expect(new EsClient({ url: closed, fallbackUrls: [other] }).get('/x')).rejects.toThrow(
      `cannot reach Elasticsearch at any node of ${closed}, ${other} (GET /x): ${closed}: ECONNREFUSED; ${other}: ECONNREFUSED`,
    );
    // The stack's client and the CLI's know the stack's nodes.
    const cluster = resolveSettings(
      { esPort: 19299, esNodes: 3, esHttpPorts: [19299, 19301, 19303], esTransportPorts: [19300, 19302, 19304] },
      {},
    );
    expect(esClientFromEnv(cluster, {}).urls).toEqual(['http://127.0.0.1:19299', 'http://127.0.0.1:19301', 'http://127.0.0.1:19303']);
  });

  it('does not send a write twice when a node took it and did not answer in time', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const slow = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    try {
      const before = seen.length;
      const client = new EsClient({ url: `${slow},${url}`, timeoutMs: 300 });
      await expect(client.post('/idx/_doc', { once: true })).rejects.toThrow(/cannot reach Elasticsearch .*POST \/idx\/_doc/);
      expect(seen.length).toBe(before);
      // A read may go to the next node.
      expect((await client.get('/_cluster/health')).status).toBe(200);
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});
