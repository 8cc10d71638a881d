import { randomUUID } from 'node:crypto';
import * as protobuf from 'protobufjs';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, term } from '../support/elasticsearch';
import { logsRequest } from '../support/otlp-json';
import { OTLP_PROTO } from '../support/otlp-schema';

const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const ExportLogs = protobuf.parse(OTLP_PROTO, { keepCase: false }).root.lookupType('otlp.ExportLogsServiceRequest');

/** One OTLP log record of partner-api, as a raw client (not our SDK) would send it. */
const request = (body: string, attributes: Record<string, string>) => logsRequest('partner-api', [{ body, attributes }]);

async function post(contentType: string, payload: Buffer | string): Promise<number> {
  const res = await fetch(`${endpoints.otlpHttpEndpoint}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: payload,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('malformed and oversized input: stored truncated or sanitised, the pipeline keeps going (issue 3)', () => {
  const alias = writeAlias('partner-api', 'logs');

  test('a 1 MB attribute, a 100 kB body, unknown fields and a mistyped number are stored, shortened and marked', async () => {
    const orderId = `ORD-BIG-${randomUUID().slice(0, 8)}`;
    const status = await post(
      'application/json',
      JSON.stringify(
        request('x'.repeat(100_000), {
          'order.id': orderId,
          'blob.payload': 'y'.repeat(1_000_000),
          'some.unknown.field': 'kept in _source, not mapped',
          'order.total': 'a lot',
        }),
      ),
    );
    expect(status).toBe(200);
    const [doc] = await es.waitFor(alias, term('order.id', orderId), (h) => h.length === 1);
    expect(doc).toBeDefined();
    expect(doc!.source['log.truncated']).toBe(true);
    expect(String(doc!.source.message).length).toBe(32768);
    expect(String(doc!.source['blob.payload']).length).toBe(8192);
    expect(doc!.source['some.unknown.field']).toBe('kept in _source, not mapped');
    expect(doc!.source['order.total']).toBe('a lot');
    // Counted: the truncation marker is searchable, the mistyped value is listed as ignored.
    expect(await es.search(alias, { bool: { filter: [term('order.id', orderId), term('log.truncated', true)] } })).toHaveLength(1);
    const ignored = (await es.get(`/${alias}/_search?q=order.id:${orderId}&docvalue_fields=_ignored`)) as {
      hits: { hits: { _ignored?: string[] }[] };
    };
    expect(ignored.hits.hits[0]!._ignored).toContain('order.total');
  });

  test('non-UTF-8 bytes in a protobuf string are stored with replacement characters, and the next record still arrives', async () => {
    const orderId = `ORD-UTF-${randomUUID().slice(0, 8)}`;
    const encoded = Buffer.from(ExportLogs.encode(ExportLogs.fromObject(request('price ZZZZ ready', { 'order.id': orderId }))).finish());
    const at = encoded.indexOf('ZZZZ');
    encoded.set([0xff, 0xfe, 0xc3, 0x28], at); // not UTF-8
    expect(await post('application/x-protobuf', encoded)).toBe(200);
    const [doc] = await es.waitFor(alias, term('order.id', orderId), (h) => h.length === 1);
    expect(String(doc!.source.message)).toMatch(/^price .*\uFFFD.* ready$/);

    const nextId = `ORD-NEXT-${randomUUID().slice(0, 8)}`;
    expect(await post('application/json', JSON.stringify(request('after the bad one', { 'order.id': nextId })))).toBe(200);
    expect(await es.waitFor(alias, term('order.id', nextId), (h) => h.length === 1)).toHaveLength(1);
  });

  test('a request that is not OTLP at all is refused with a reason, and nothing else is affected', async () => {
    const res = await fetch(`${endpoints.otlpHttpEndpoint}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceLogs": "nope"',
    });
    expect(res.status).toBe(400);
    expect((await res.text()).length).toBeGreaterThan(0);
    const health = await fetch(endpoints.collectorHealthUrl);
    expect(health.ok).toBe(true);
  });
});
