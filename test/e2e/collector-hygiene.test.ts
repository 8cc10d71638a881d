import { resolveSettings, stackEndpoints } from '@jewelry/cli';
import { unknownService, writeAlias } from '@jewelry/schema';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { logsRequest, mergeRequests, postOtlp, randomHex, tracesRequest } from '../support/otlp-json';

/**
 * Issue 12, record hygiene, end to end: raw OTLP that Elasticsearch would
 * refuse or the exporter would drop with its neighbours goes through the
 * stack's collector (masking → hygiene → ECS transform) into the stack's
 * Elasticsearch, and everything the collector accepted is stored, changed
 * and marked where it had to be. One request per signal, one wait.
 */
const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const MB = 1_000_000;
const run = randomHex(6);
const id = (name: string): string => `H-${run}-${name}`;
const LOGS = writeAlias('partner-api', 'logs');
const TRACES = writeAlias('partner-api', 'traces');
const NANOS_PER_MS = 1_000_000n;

/** The service names the issue names, and one with upper case that only needs lowering. */
const BAD_NAMES = { empty: '', dots: '..', long: 'order-service-'.repeat(22).slice(0, 300), spaces: 'my service/x with spaces' };

const lengthOf = (v: unknown): number => (typeof v === 'string' ? v.length : -1);
const byId = (docs: { source: Doc }[], field = 'order.id') => new Map(docs.map((d) => [String(d.source[field]), d.source]));

describe('record hygiene: what the collector accepted is stored, cut, renamed or re-timed and marked (issue 12)', () => {
  let logs: Map<string, Doc>;
  let spans: Map<string, Doc>;
  let unknownLogs: { index: string; source: Doc }[];
  let unknownSpans: { index: string; source: Doc }[];
  let sentAt: number;

  beforeAll(async () => {
    const health = await fetch(endpoints.collectorHealthUrl).catch(() => undefined);
    if (!health?.ok) throw new Error(`the collector is not running at ${endpoints.collectorHealthUrl}; npm test starts the stack`);
    sentAt = Date.now();
    const logsPayload = mergeRequests(
      logsRequest('partner-api', [
        { body: 'good neighbour before', attributes: { 'order.id': id('before') } },
        {
          body: { detail: 'z'.repeat(MB), 'order.note': 'a map body with one huge value' },
          attributes: { 'order.id': id('big'), payload: { items: [{ sku: 'RING-1', note: 'y'.repeat(MB) }] } },
        },
        { body: 'good neighbour after', attributes: { 'order.id': id('after') } },
        // Times: none, before 2000, in 2300 (beyond int64 nanoseconds).
        { body: 'no time', attributes: { 'order.id': id('t-none') }, timeUnixNano: null },
        { body: 'in 1990', attributes: { 'order.id': id('t-1990') }, timeUnixNano: String(631152000000n * NANOS_PER_MS) },
        { body: 'in 2300', attributes: { 'order.id': id('t-2300') }, timeUnixNano: '10413792000000000000' },
        // Bodies that are neither text nor a map.
        { body: 42, attributes: { 'order.id': id('b-int') } },
        { body: ['a', 1, true], attributes: { 'order.id': id('b-array') } },
        { body: Buffer.from('hello'), attributes: { 'order.id': id('b-bytes') } },
      ]),
      ...Object.entries(BAD_NAMES).map(([name, service]) =>
        logsRequest(service, [{ body: `service ${name}`, attributes: { 'order.id': id(`svc-${name}`) } }]),
      ),
      logsRequest(null, [{ body: 'no service.name at all', attributes: { 'order.id': id('svc-missing') } }]),
    );
    expect(await postOtlp(endpoints.otlpHttpEndpoint, 'logs', logsPayload)).toBe(200);

    const traceId = randomHex(16);
    const tracesPayload = mergeRequests(
      tracesRequest('partner-api', [
        { traceId, spanId: randomHex(8), name: 'GET /neighbour', attributes: { 'order.id': id('span-before') } },
        {
          traceId,
          spanId: randomHex(8),
          name: `GET /${'n'.repeat(20_000)}`,
          attributes: { 'order.id': id('span-big') },
          events: [{ name: 'exception', attributes: { 'exception.message': 'e'.repeat(MB) } }],
          links: [{ traceId: randomHex(16), spanId: randomHex(8), attributes: { note: 'l'.repeat(MB) } }],
        },
        { traceId, spanId: randomHex(8), name: 'GET /neighbour', attributes: { 'order.id': id('span-after') } },
      ]),
      tracesRequest('..', [{ traceId, spanId: randomHex(8), name: 'GET /dots', attributes: { 'order.id': id('span-dots') } }]),
    );
    expect(await postOtlp(endpoints.otlpHttpEndpoint, 'traces', tracesPayload)).toBe(200);

    const mine = { prefix: { 'order.id': `H-${run}-` } };
    const [l, s, ul, us] = await Promise.all([
      es.waitFor(LOGS, mine, (h) => h.length >= 9, 60_000),
      es.waitFor(TRACES, mine, (h) => h.length >= 3, 60_000),
      es.waitFor(writeAlias(unknownService, 'logs'), mine, (h) => h.length >= 5, 60_000),
      es.waitFor(writeAlias(unknownService, 'traces'), mine, (h) => h.length >= 1, 60_000),
    ]);
    logs = byId(l);
    spans = byId(s);
    unknownLogs = ul;
    unknownSpans = us;
  }, 120_000);

  test('a request with one oversized nested value and good neighbours: all stored, the big one cut and marked', () => {
    expect([...logs.keys()].filter((k) => ['before', 'big', 'after'].some((n) => k === id(n))).sort()).toEqual([
      id('after'),
      id('before'),
      id('big'),
    ]);
    const big = logs.get(id('big'))!;
    expect(big['log.truncated']).toBe(true);
    expect(lengthOf(big.detail)).toBe(8192);
    expect(big['order.note']).toBe('a map body with one huge value');
    const items = (big.payload as { items: Doc[] }).items;
    expect(items[0]).toMatchObject({ sku: 'RING-1' });
    expect(lengthOf(items[0]!.note)).toBe(8192);
    for (const n of ['before', 'after']) {
      expect(logs.get(id(n))).toMatchObject({ message: `good neighbour ${n}` });
      expect(logs.get(id(n))!['log.truncated']).toBeUndefined();
    }
  });

  test('spans: a 20 000-character name, a 1 MB event attribute and link attribute are cut and marked; the neighbours are stored as they were', () => {
    const big = spans.get(id('span-big'))!;
    expect(big).toBeDefined();
    expect(big['log.truncated']).toBe(true);
    expect(lengthOf(big.Name)).toBe(8192);
    expect(lengthOf(big['span.name'])).toBe(8192);
    const longest = Math.max(...Object.values(big).map((v) => lengthOf(typeof v === 'object' ? JSON.stringify(v) : v)));
    expect(longest).toBeLessThan(3 * 8192);
    for (const n of ['span-before', 'span-after']) expect(spans.get(id(n))).toMatchObject({ Name: 'GET /neighbour' });
    expect(spans.get(id('span-before'))!['log.truncated']).toBeUndefined();
  });

  test('service.name "", "..", 300 characters, with spaces and slashes, or missing: stored in the unknown_service family, a managed write alias, the name as sent kept', async () => {
    const got = byId(unknownLogs);
    for (const [name, service] of Object.entries(BAD_NAMES)) {
      expect(got.get(id(`svc-${name}`))).toMatchObject({
        'service.name': unknownService,
        'service.original_name': service,
        message: `service ${name}`,
      });
    }
    expect(got.get(id('svc-missing'))).toMatchObject({ 'service.name': unknownService, 'service.original_name': '' });
    expect(byId(unknownSpans).get(id('span-dots'))).toMatchObject({ 'service.name': unknownService, 'service.original_name': '..' });
    // Managed: the documents are in the alias's write index, the one rollover and retention act on.
    for (const cls of ['logs', 'traces'] as const) {
      const alias = writeAlias(unknownService, cls);
      const aliases = (await es.get(`/_alias/${alias}`)) as Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>;
      const writeIndex = Object.entries(aliases).find(([, a]) => a.aliases[alias]?.is_write_index)?.[0];
      expect(writeIndex).toMatch(new RegExp(`^${alias}-\\d{6}$`));
      const docs = cls === 'logs' ? unknownLogs : unknownSpans;
      for (const d of docs) expect(d.index).toBe(writeIndex);
    }
  });

  test('no time, a time before 2000 or in 2300: stored with the time of arrival and marked', () => {
    for (const n of ['t-none', 't-1990', 't-2300']) {
      const doc = logs.get(id(n))!;
      expect(doc['log.timestamp_replaced']).toBe(true);
      const at = Date.parse(String(doc['@timestamp']));
      expect(at).toBeGreaterThanOrEqual(sentAt - 1000);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    expect(logs.get(id('before'))!['log.timestamp_replaced']).toBeUndefined();
  });

  test('bodies that are an int, an array or bytes are kept, as the message', () => {
    expect(logs.get(id('b-int'))!.message).toBe('42');
    expect(logs.get(id('b-array'))!.message).toBe('["a",1,true]');
    expect(logs.get(id('b-bytes'))!.message).toBe(Buffer.from('hello').toString('base64'));
  });

  test('the marks are mapped: exact term queries find them', async () => {
    const mine = { prefix: { 'order.id': `H-${run}-` } };
    expect(await es.search(LOGS, { bool: { filter: [mine, term('log.truncated', true)] } })).toHaveLength(1);
    expect(await es.search(LOGS, { bool: { filter: [mine, term('log.timestamp_replaced', true)] } })).toHaveLength(3);
    expect(await es.search(TRACES, { bool: { filter: [mine, term('log.truncated', true)] } })).toHaveLength(1);
    expect(
      await es.search(writeAlias(unknownService, 'logs'), { bool: { filter: [mine, term('service.original_name', '..')] } }),
    ).toHaveLength(1);
  });

  test('the collector counts what it changed on its telemetry endpoint (Prometheus scrapes it)', async () => {
    const text = await (await fetch(`http://127.0.0.1:${resolveSettings().collectorTelemetryPort}/metrics`)).text();
    const count = (change: string): number =>
      Number(new RegExp(`^otelcol_hygiene_changes\\{[^}]*change="${change}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    expect(count('truncated')).toBeGreaterThanOrEqual(2);
    expect(count('timestamp')).toBeGreaterThanOrEqual(3);
    expect(count('service_name')).toBeGreaterThanOrEqual(6);
    expect(count('body')).toBeGreaterThanOrEqual(3);
  });
});
