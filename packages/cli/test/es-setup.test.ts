// `es setup` against a real Elasticsearch node (isolated stack dir, free
// ports): stack up runs it, the live mappings match the schema, the documents
// OTel really produces are stored and searchable, and a second run changes
// nothing. Expectations are derived from @jewelry/schema, not listed here.
import {
  esStatus,
  exporterSpanFields,
  mappingFamily,
  runCli,
  setupElasticsearch,
  stackUp,
  type CliIo,
  type EsClient,
  type StackOptions,
} from '@jewelry/cli';
import {
  allFieldNames,
  allSpanFieldNames,
  fields,
  firstIndex,
  knownServices,
  logRecordFields,
  retentionClasses,
  spanDocumentFields,
  writeAlias,
  type FieldDefinition,
  type FieldType,
  type RetentionClass,
} from '@jewelry/schema';
import { startOwnElasticsearch, type OwnElasticsearch } from '../../../test/support/own-stack';

// A cold cache downloads ~100 MB before the node starts.
jest.setTimeout(900_000);

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];
/** Schema fields that hold a list of objects (order.items): their sub-fields are runtime fields. */
const LIST_FIELDS = [...Object.values(fields), ...Object.values(logRecordFields), ...Object.values(spanDocumentFields)]
  .filter((f: FieldDefinition) => f.type === 'object' && f.array === true)
  .map((f) => f.name);

interface LiveMapping {
  dynamic: string;
  subobjects: boolean;
  properties: Record<string, { type: string }>;
  runtime?: Record<string, { type: string }>;
}

function schemaLeaves(cls: RetentionClass): Map<string, FieldType> {
  return mappingFamily(cls) === 'traces'
    ? new Map([...allSpanFieldNames(), ...(Object.entries(exporterSpanFields) as [string, FieldType][])])
    : allFieldNames();
}

describe('es setup (real Elasticsearch)', () => {
  let options: StackOptions;
  let baseUrl: string;
  let client: EsClient;
  const progress: string[] = [];

  async function mappingOf(target: string): Promise<LiveMapping> {
    const body = (await client.get<Record<string, { mappings: LiveMapping }>>(`/${target}/_mapping`)).body;
    return (Object.values(body)[0] as { mappings: LiveMapping }).mappings;
  }

  async function index(alias: string, doc: Record<string, unknown>): Promise<string> {
    const res = await client.post<{ _id: string; _index: string; result: string }>(`/${alias}/_doc?refresh=true`, doc);
    expect(res.body.result).toBe('created');
    expect(res.body._index).toBe(`${alias}-000001`);
    return res.body._id;
  }

  async function count(alias: string, query: unknown): Promise<number> {
    const res = await client.post<{ hits: { total: { value: number } } }>(`/${alias}/_search`, { query, size: 0, track_total_hits: true });
    return res.body.hits.total.value;
  }

  let own: OwnElasticsearch | undefined;
  beforeAll(async () => {
    own = await startOwnElasticsearch('es-setup', { onProgress: (m) => progress.push(m) });
    ({ options, baseUrl, client } = own);
  });

  afterAll(() => own?.stop());

  it('stack up leaves a ready cluster: every known service has a write alias per class', async () => {
    expect(progress.some((m) => /es setup: .*templates created.*write aliases created/.test(m))).toBe(true);
    const aliases = (await client.get<Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>>('/_alias')).body;
    for (const service of knownServices) {
      for (const cls of CLASSES) {
        expect(aliases[firstIndex(service, cls)]?.aliases[writeAlias(service, cls)]).toEqual({ is_write_index: true });
      }
    }
    const health = (await client.get<{ status: string }>('/_cluster/health')).body;
    expect(health.status).toBe('green');
  });

  it('mapping matches the schema: every field of every class exists with its type', async () => {
    for (const cls of CLASSES) {
      const live = await mappingOf(writeAlias('shop-api', cls));
      expect(live).toMatchObject({ dynamic: 'false', subobjects: false });
      for (const [name, type] of schemaLeaves(cls)) {
        const inList = LIST_FIELDS.some((p) => name.startsWith(`${p}.`));
        const found = inList ? live.runtime?.[name]?.type : live.properties[name]?.type;
        expect({ cls, name, type: found }).toEqual({ cls, name, type: inList && type === 'text' ? 'keyword' : type });
      }
    }
  });

  it('stores a document with an unknown field and wrong-typed values; maps nothing new, lists what it ignored', async () => {
    const alias = writeAlias('shop-api', 'logs');
    const before = await mappingOf(alias);
    const id = await index(alias, {
      '@timestamp': Date.now(),
      message: 'order created',
      'order.id': 'o-unknown-1',
      'file.size': 'twelve bytes',
      'process.pid': { not: 'a number' },
      'log.truncated': 'maybe',
      'brand.new.attribute': 'a value nobody mapped',
      'brand.new': { nested: { deeper: 1 } },
    });
    expect(await mappingOf(alias)).toEqual(before);
    const hit = (
      await client.post<{ hits: { hits: { _id: string; _ignored?: string[]; _source: Record<string, unknown> }[] } }>(`/${alias}/_search`, {
        query: { ids: { values: [id] } },
      })
    ).body.hits.hits[0];
    expect(hit?._source['brand.new.attribute']).toBe('a value nobody mapped');
    // An object where a number belongs is skipped too, but Elasticsearch does not list that one in _ignored.
    expect(hit?._ignored).toEqual(expect.arrayContaining(['file.size', 'log.truncated']));
    expect(await count(alias, { term: { 'order.id': 'o-unknown-1' } })).toBe(1);
    expect(await count(alias, { match: { 'brand.new.attribute': 'value' } })).toBe(0);
  });

  it('accepts both old and new OTel names side by side and indexes objects and lists of objects', async () => {
    const traces = writeAlias('shop-api', 'traces');
    await index(traces, {
      '@timestamp': '2024-05-01T10:00:00.123456789Z',
      EndTimestamp: '2024-05-01T10:00:00.200000000Z',
      TraceId: '0af7651916cd43dd8448eb211c80319c',
      SpanId: 'b7ad6b7169203331',
      ParentSpanId: '',
      Name: 'publish orders',
      Kind: 'Producer',
      Duration: 76543,
      TraceStatus: 0,
      'Resource.service.name': 'shop-api',
      'Scope.name': '@opentelemetry/instrumentation-amqplib',
      'messaging.destination': 'orders-exchange',
      'messaging.destination.name': 'orders',
      http: 'legacy',
      'http.route': '/orders/:id',
      'order.id': 'o-conflict-1',
      'order.items.sku': ['SKU-DOTTED'],
      'exception.message': 'span event fields stay unmapped',
    });
    expect(await count(traces, { term: { 'messaging.destination.name': 'orders' } })).toBe(1);
    expect(await count(traces, { term: { 'http.route': '/orders/:id' } })).toBe(1);
    expect(await count(traces, { range: { Duration: { gte: 70000 } } })).toBe(1);
    expect(await count(traces, { term: { TraceId: '0af7651916cd43dd8448eb211c80319c' } })).toBe(1);
    expect(await count(traces, { term: { 'order.items.sku': 'SKU-DOTTED' } })).toBe(1);

    const logs = writeAlias('shop-api', 'logs');
    await index(logs, {
      '@timestamp': '2024-05-01T10:00:00Z',
      message: 'order created',
      'event.name': 'order.created',
      'order.id': 'o-items-1',
      'messaging.destination': 'orders-exchange',
      'messaging.destination.name': 'orders',
      'order.items': [
        { sku: 'RING-585', title: 'ring', quantity: 2, unit_price: 120.5 },
        { sku: 'CHAIN-925', quantity: 'many' },
      ],
      'dashboard.filters': { status: 'new', date_from: '2024-04-01' },
    });
    // A producer that broke the schema (order.items as a string) must still be stored.
    await index(logs, { '@timestamp': '2024-05-01T10:00:01Z', 'order.id': 'o-items-2', 'order.items': 'RING-585 x2' });
    expect(await count(logs, { term: { 'order.items.sku': 'RING-585' } })).toBe(1);
    expect(await count(logs, { term: { 'order.items.sku': 'CHAIN-925' } })).toBe(1);
    expect(await count(logs, { range: { 'order.items.quantity': { gte: 2 } } })).toBe(1);
    expect(await count(logs, { range: { 'order.items.unit_price': { gt: 100 } } })).toBe(1);
    expect(await count(logs, { term: { 'dashboard.filters.status': 'new' } })).toBe(1);
    expect(await count(logs, { range: { 'dashboard.filters.date_from': { gte: '2024-03-01', lt: '2024-05-01' } } })).toBe(1);
    expect(await count(logs, { term: { 'messaging.destination.name': 'orders' } })).toBe(1);
    expect(await count(logs, { term: { 'order.id': 'o-items-2' } })).toBe(1);
    const aggs = (
      await client.post<{ aggregations: { skus: { buckets: { key: string }[] } } }>(`/${logs}/_search`, {
        size: 0,
        aggs: { skus: { terms: { field: 'order.items.sku' } } },
      })
    ).body.aggregations;
    expect(aggs.skus.buckets.map((b) => b.key).sort()).toEqual(['CHAIN-925', 'RING-585']);
  });

  it('is idempotent: a second run creates nothing and changes no mapping', async () => {
    const before = (await client.get('/*-logs-*,*-errors-*,*-audit-*,*-traces-*/_mapping')).body;
    const started = Date.now();
    const report = await setupElasticsearch(client);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(report.templates.every((t) => t.action === 'unchanged')).toBe(true);
    expect(report.aliases.every((a) => a.action === 'found' && !a.mappingUpdated)).toBe(true);
    expect(report.problems).toEqual([]);
    expect((await client.get('/*-logs-*,*-errors-*,*-audit-*,*-traces-*/_mapping')).body).toEqual(before);
  });

  it('brings the mapping of an existing write index that is behind the schema up to date', async () => {
    const target = firstIndex('crm-api', 'errors');
    await client.put(`/${target}/_mapping`, { _meta: { managed_by: 'jewelry-otel', family: 'logs', hash: 'older-schema' } });
    const report = await setupElasticsearch(client);
    expect(report.aliases.filter((a) => a.mappingUpdated).map((a) => a.writeIndex)).toEqual([target]);
    expect((await mappingOf(target)).properties).toEqual((await mappingOf(firstIndex('shop-api', 'errors'))).properties);
  });

  it('reports a plain index where an alias belongs, clearly, and sets up the rest (CLI exit 1)', async () => {
    // A service that wrote before setup: Elasticsearch auto-created a plain index (with our template's mapping).
    await client.post('/late-svc-logs/_doc?refresh=true', { message: 'too early', 'messaging.destination': 'q' });
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
    const saved = process.env.ES_ENDPOINT;
    process.env.ES_ENDPOINT = baseUrl;
    try {
      expect(await runCli(['es', 'setup', '--service', 'late-svc'], io)).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.ES_ENDPOINT;
      else process.env.ES_ENDPOINT = saved;
    }
    expect(out.join('\n')).toMatch(/late-svc-logs\s+CONFLICT/);
    expect(out.join('\n')).toMatch(/late-svc-traces\s+created\s+write index late-svc-traces-000001/);
    expect(err.join('\n')).toContain('late-svc-logs is a plain index (1 docs), not a write alias');
    expect(err.join('\n')).toContain('POST /late-svc-logs/_clone/late-svc-logs-000000');
    expect((await mappingOf('late-svc-logs')).subobjects).toBe(false);

    const status = await esStatus(client);
    expect(status.plainIndices).toEqual([{ index: 'late-svc-logs', retentionClass: 'logs', docs: 1 }]);
    expect(status.families.find((f) => f.alias === writeAlias('shop-api', 'logs'))?.docs).toBe(3);
    expect(status.templates.every((t) => t.installed)).toBe(true);
  });

  it('a second stack up is fast and finds nothing to set up', async () => {
    progress.length = 0;
    const started = Date.now();
    const [again] = await stackUp(['elasticsearch'], options);
    expect(again).toMatchObject({ startedByThisCall: false });
    expect(Date.now() - started).toBeLessThan(3000);
    // Only the known services are stack up's business; late-svc's conflict is not reported here.
    expect(progress).toEqual([]);
  });
});
