// Real Elasticsearch (the Maven integ-test-zip, downloaded into the cache on
// first use), in an isolated stack dir on free ports.
import { resolveSettings, stackDown, stackEndpoints, stackStatus, stackUp, type StackOptions } from '@jewelry/stack';
import { freePort, makeStackDir, removeStackDir } from '../../../test/support/own-stack';

// A cold cache downloads ~100 MB before the node starts.
jest.setTimeout(900_000);

async function es(method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('stack: elasticsearch (real)', () => {
  let options: StackOptions;
  let stackDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    stackDir = makeStackDir('es');
    options = { settings: { stackDir, esPort: await freePort(), esTransportPort: await freePort() } };
    baseUrl = stackEndpoints(resolveSettings(options.settings)).elasticsearchUrl;
  });

  afterAll(async () => {
    await stackDown(['elasticsearch'], options);
    removeStackDir(stackDir);
  });

  it('starts a single loopback node that indexes and finds a document', async () => {
    const [up] = await stackUp(['elasticsearch'], options);
    expect(up).toMatchObject({ name: 'elasticsearch', state: 'up', startedByThisCall: true });

    const [status] = await stackStatus(['elasticsearch'], options);
    expect(status).toMatchObject({ state: 'running', healthy: true });

    const health = await es('GET', `${baseUrl}/_cluster/health`);
    expect(health.json).toMatchObject({ cluster_name: 'jewelry', number_of_nodes: 1 });

    const put = await es('PUT', `${baseUrl}/stack-test/_doc/1?refresh=true`, { order_id: 'o-42', 'event.name': 'order.created' });
    expect(put.status).toBe(201);
    const found = await es('POST', `${baseUrl}/stack-test/_search`, { query: { term: { 'order_id.keyword': 'o-42' } } });
    expect(found.json.hits.total.value).toBe(1);
    expect((await es('DELETE', `${baseUrl}/stack-test`)).status).toBe(200);
  });

  it('runs the node with the security setting in one known state and a small heap', async () => {
    const nodes = await es('GET', `${baseUrl}/_nodes/settings,jvm`);
    const node = Object.values(nodes.json.nodes as Record<string, any>)[0];
    expect(node.settings.xpack.security.enabled).toBe('false');
    expect(node.settings.path.data.startsWith(stackDir)).toBe(true);
    expect(node.jvm.mem.heap_max_in_bytes).toBeLessThanOrEqual(512 * 1024 * 1024);
  });

  it('a second up is fast and says it was already running', async () => {
    const started = Date.now();
    const [again] = await stackUp(['elasticsearch'], options);
    expect(again).toMatchObject({ startedByThisCall: false });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('down stops it', async () => {
    const [down] = await stackDown(['elasticsearch'], options);
    expect(down).toMatchObject({ state: 'stopped', stoppedByThisCall: true });
    await expect(fetch(`${baseUrl}/_cluster/health`)).rejects.toThrow();
    const [status] = await stackStatus(['elasticsearch'], options);
    expect(status).toMatchObject({ state: 'stopped', pid: null });
  });
});
