// AL-7 against a real Elasticsearch (isolated stack dir, free ports): orders
// seeded with chosen @timestamps — final, recent, old, created and never
// changed, changed but never seen created — and `stuck-orders` must find
// exactly the stuck ones; /metrics serves the same number; the exporter
// stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, findStuckOrders, runCli, serveStuckOrderMetrics, type EsClient, type StuckOrdersMetricsServer } from '@jewelry/cli';
import { startOwnElasticsearch, type OwnElasticsearch } from '../../../test/support/own-stack';
import { changed, created, DAY, HOUR, seed } from './stuck-orders-seed';

jest.setTimeout(300_000);

const BIN = join(__dirname, '..', 'dist', 'bin.js');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `name{labels} value` lines of a Prometheus text page → { 'name{labels}': value }. */
function samples(text: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) found[m[1]!] = Number(m[2]);
  }
  return found;
}

const stuckSum = (s: Record<string, number>): number =>
  Object.entries(s)
    .filter(([k]) => k.startsWith('jewelry_stuck_orders{'))
    .reduce((sum, [, v]) => sum + v, 0);

describe('stuck-orders (real Elasticsearch, seeded events)', () => {
  let own: OwnElasticsearch | undefined;
  let client: EsClient;
  const savedEndpoint = process.env.ES_ENDPOINT;
  const now = Date.now();
  const ago = (ms: number): number => now - ms;

  beforeAll(async () => {
    own = await startOwnElasticsearch('stuck-orders', { onProgress: () => undefined }); // runs es setup: write aliases for every known service
    client = own.client;
    process.env.ES_ENDPOINT = client.url;
    await seed(client, [
      // A: new → priced 15 days ago, nothing since: STUCK (priced)
      created('shop-api', 'ORD-A', ago(20 * DAY)),
      changed('crm-api', 'ORD-A', ago(20 * DAY), 'none', 'new', { 'customer.id': 'cus_A' }),
      changed('crm-api', 'ORD-A', ago(15 * DAY), 'new', 'priced', { 'trace.id': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }),
      // B: confirmed 9 days ago: final
      created('shop-api', 'ORD-B', ago(10 * DAY)),
      changed('crm-api', 'ORD-B', ago(10 * DAY), 'none', 'new'),
      changed('crm-api', 'ORD-B', ago(9 * DAY), 'priced', 'confirmed'),
      // C: old, but its last change is 2 days ago: recent
      created('shop-api', 'ORD-C', ago(30 * DAY)),
      changed('crm-api', 'ORD-C', ago(25 * DAY), 'none', 'new'),
      changed('mes-api', 'ORD-C', ago(2 * DAY), 'new', 'priced'),
      // D: created 12 days ago, never changed: STUCK since creation
      created('partner-api', 'ORD-D', ago(12 * DAY), { 'trace.id': 'dddddddddddddddddddddddddddddddd', 'customer.id': 'prt_aurum' }),
      // E: created yesterday, never changed: recent
      created('shop-api', 'ORD-E', ago(DAY)),
      // F: its creation is older than retention (not in ES); changed 8 days ago: STUCK (in_production)
      changed('mes-api', 'ORD-F', ago(8 * DAY), 'priced', 'in_production', { 'customer.id': 'cus_F' }),
      // G: cancelled long ago: final
      created('shop-api', 'ORD-G', ago(40 * DAY)),
      changed('crm-api', 'ORD-G', ago(35 * DAY), 'new', 'cancelled'),
      // H: the last change (confirmed, 3 days ago) comes from another service than an older one: final
      changed('crm-api', 'ORD-H', ago(3 * DAY), 'priced', 'confirmed'),
      changed('mes-api', 'ORD-H', ago(20 * DAY), 'new', 'priced'),
      // I: DELIVERED in capitals, 60 days ago: final (statuses compare case-insensitively)
      changed('crm-api', 'ORD-I', ago(60 * DAY), 'shipped', 'DELIVERED'),
      // J: rejected 100 days ago: final
      changed('partner-api', 'ORD-J', ago(100 * DAY), 'new', 'rejected'),
      // K: changed 6 days 23 hours ago: just inside the limit
      changed('crm-api', 'ORD-K', ago(7 * DAY - HOUR), 'new', 'priced'),
      // Not an order event: ignored even though it has order.id
      {
        '@timestamp': new Date(ago(50 * DAY)).toISOString(),
        'log.level': 'info',
        'service.name': 'crm-api',
        'event.name': 'order.updated',
        'order.id': 'ORD-X',
        message: 'order updated',
      },
    ]);
  });

  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.ES_ENDPOINT;
    else process.env.ES_ENDPOINT = savedEndpoint;
    await own?.stop();
  });

  it('findStuckOrders finds exactly the stuck ones, oldest first, with where they stopped', async () => {
    const result = await findStuckOrders(client, { olderThan: '7d' });
    expect(result.ordersSeen).toBe(11);
    expect(result.stuck.map((o) => [o.orderId, o.status])).toEqual([
      ['ORD-A', 'priced'],
      ['ORD-D', 'created'],
      ['ORD-F', 'in_production'],
    ]);
    expect(result.byStatus).toEqual({ priced: 1, created: 1, in_production: 1 });
    const [a, d, f] = result.stuck;
    expect(a).toMatchObject({
      previousStatus: 'new',
      since: new Date(ago(15 * DAY)).toISOString(),
      service: 'crm-api',
      traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      customerId: 'cus_ORD-A', // the last change has none: taken from the creation
      neverChanged: false,
      age: '15d',
    });
    expect(d).toMatchObject({
      service: 'partner-api',
      traceId: 'dddddddddddddddddddddddddddddddd',
      customerId: 'prt_aurum',
      neverChanged: true,
    });
    expect(f).toMatchObject({ service: 'mes-api', customerId: 'cus_F' });
    expect(result.oldestAgeMillis).toBe(a!.ageMillis);
  });

  it('pages through all orders: a page size of 3 gives the same answer in 4 pages', async () => {
    const big = await findStuckOrders(client, { olderThan: '7d', now });
    const paged = await findStuckOrders(client, { olderThan: '7d', now, pageSize: 3 });
    expect(paged.pages).toBe(4);
    expect(paged.stuck).toEqual(big.stuck);
    expect(paged.ordersSeen).toBe(11);
  });

  it('the limit and the final statuses are settings', async () => {
    const twoWeeks = await findStuckOrders(client, { olderThan: 14 * DAY });
    expect(twoWeeks.stuck.map((o) => o.orderId)).toEqual(['ORD-A']);
    const hourly = await findStuckOrders(client, {
      olderThan: '1h',
      finalStatuses: ['confirmed', 'cancelled', 'rejected', 'delivered', 'priced'],
    });
    expect(hourly.stuck.map((o) => o.orderId)).toEqual(['ORD-D', 'ORD-F', 'ORD-E']);
  });

  it('the CLI lists them; --json for scripts; a clear message when none is stuck', async () => {
    const listed = await cli('stuck-orders', '--older-than', '7d');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^3 stuck orders of 11 seen: no status change for more than 7d/);
    expect(listed.out).toMatch(/ORD-A\s+priced\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+15d\s+crm-api\s+cus_ORD-A\s+a{32}/);
    expect(listed.out).toMatch(/ORD-D\s+created \(no change\)\s+.*12d\s+partner-api\s+prt_aurum\s+d{32}/);

    const json = await cli('stuck-orders', '--older-than', '7d', '--json', '--final', 'confirmed,delivered,cancelled,rejected');
    const parsed = JSON.parse(json.out) as { stuck: { orderId: string }[]; byStatus: Record<string, number> };
    expect(parsed.stuck.map((o) => o.orderId)).toEqual(['ORD-A', 'ORD-D', 'ORD-F']);

    const none = await cli('stuck-orders', '--older-than', '1000d');
    expect(none.code).toBe(0);
    expect(none.out).toBe(
      'No stuck orders: all 11 orders seen changed status within the last 1000d or have a final status (confirmed, delivered, cancelled, rejected).',
    );
  });

  it('/metrics serves the same number, labelled by last status, and follows new events', async () => {
    const expected = (await findStuckOrders(client, { olderThan: '7d' })).stuck.length;
    let server: StuckOrdersMetricsServer | undefined;
    try {
      server = await serveStuckOrderMetrics(client, { listen: '127.0.0.1:0', olderThan: '7d', intervalMillis: 60_000 });
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const first = samples(await res.text());
      expect(stuckSum(first)).toBe(expected);
      expect(first).toMatchObject({
        'jewelry_stuck_orders{status="priced"}': 1,
        'jewelry_stuck_orders{status="created"}': 1,
        'jewelry_stuck_orders{status="in_production"}': 1,
        jewelry_stuck_orders_orders_checked: 11,
        jewelry_stuck_orders_last_check_success: 1,
        jewelry_stuck_orders_older_than_seconds: 7 * 86400,
      });
      expect((await fetch(server.url.replace('/metrics', '/nope'))).status).toBe(404);

      // ORD-A gets confirmed now: after the next check, priced reads 0 (not gone), the total is one less.
      await seed(client, [changed('crm-api', 'ORD-A', Date.now(), 'priced', 'confirmed')]);
      await server.refresh();
      const second = samples(await (await fetch(server.url)).text());
      expect(second['jewelry_stuck_orders{status="priced"}']).toBe(0);
      expect(stuckSum(second)).toBe(expected - 1);
      expect(stuckSum(second)).toBe((await findStuckOrders(client, { olderThan: '7d' })).stuck.length);
    } finally {
      await server?.close();
    }
  });

  it('jewelry-otel stuck-orders --serve: a real process that serves /metrics and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'stuck-orders', '--serve', `127.0.0.1:${port}`, '--interval', '1s', '--older-than', '7d'], {
      env: { ...process.env, ES_ENDPOINT: client.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      const deadline = Date.now() + 20_000;
      while (!stderr.includes('serving jewelry_stuck_orders') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(stderr).toContain(`serving jewelry_stuck_orders on http://127.0.0.1:${port}/metrics`);
      const page = samples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      expect(stuckSum(page)).toBe((await findStuckOrders(client, { olderThan: '7d' })).stuck.length);
      // Let a couple of interval checks run, then stop it.
      await new Promise((r) => setTimeout(r, 2500));
      const stopAsked = Date.now();
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopAsked).toBeLessThan(5000);
      expect(stderr).toContain('SIGTERM: stopping the metrics server');
      await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
