import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEndpoints } from '@jewelry/cli';
import { cli } from '../support/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, term } from '../support/elasticsearch';
import { httpRequest, startOrderService, type FixtureProcess } from '../support/fixture-process';

const endpoints = stackEndpoints();

/**
 * AL-7 / AL-8 through the real pipeline: a service under `--require
 * @jewelry/otel` logs `order.created`, the collector writes it to
 * Elasticsearch, and `stuck-orders` / `report` read it back with the field
 * names the collector really writes (service.name, trace.id, customer.id).
 */
describe('stuck-orders and report on what the pipeline really wrote', () => {
  let service: FixtureProcess;
  let traceId: string;
  const orderId = `ORD-STUCK-E2E-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    service = startOrderService('crm-api', endpoints.otlpHttpEndpoint);
    const answer = await httpRequest(await service.port(), 'POST', '/orders', { orderId, customerId: 'cus_e2e_stuck', total: 10 });
    traceId = (JSON.parse(answer.body) as { traceId: string }).traceId;
    const es = new EsReader(endpoints.elasticsearchUrl);
    const hits = await es.waitFor(
      writeAlias('crm-api', 'logs'),
      { bool: { filter: [term('order.id', orderId), term('event.name', 'order.created')] } },
      (h) => h.length > 0,
    );
    expect(hits).toHaveLength(1);
  });
  afterAll(() => service?.stop());

  test('an order created and never changed is stuck from its creation, with its service, trace and customer', async () => {
    await new Promise((r) => setTimeout(r, 2100));
    const { code, out } = await cli('stuck-orders', '--older-than', '2s', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out) as { stuck: { orderId: string }[] };
    expect(result.stuck.find((o) => o.orderId === orderId)).toMatchObject({
      status: 'created',
      neverChanged: true,
      service: 'crm-api',
      traceId,
      customerId: 'cus_e2e_stuck',
    });
    // …and not with a limit longer than its age.
    const recent = JSON.parse((await cli('stuck-orders', '--older-than', '1h', '--json')).out) as { stuck: { orderId: string }[] };
    expect(recent.stuck.some((o) => o.orderId === orderId)).toBe(false);
  });

  test('the report counts it among the orders of the period', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jewelry-report-e2e-'));
    try {
      const { code, out: text } = await cli('report', '--since', '15m', '--out', out, '--no-prometheus', '--json');
      expect(code).toBe(0);
      const written = JSON.parse(text) as {
        html: string;
        markdown: string;
        data: { orders: { total: number; bySource: { source: string }[] } };
      };
      expect(written.data.orders.total).toBeGreaterThanOrEqual(1);
      expect(written.data.orders.bySource.map((s) => s.source)).toContain('shop-api');
      const html = readFileSync(written.html, 'utf8');
      expect(html).toMatch(/data-series="orders\/s" data-points="\d+"/);
      expect(html).toContain('Prometheus was not asked');
      expect(readFileSync(written.markdown, 'utf8')).toContain('# Jewelry order flow — last 15m');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
