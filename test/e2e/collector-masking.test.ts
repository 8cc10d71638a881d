import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSettings, stackEndpoints } from '@jewelry/cli';
import { maskAttributes, maskText } from '@jewelry/masking';
import { allFieldNames, writeAlias } from '@jewelry/schema';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { corpusCases, ENVELOPE_FIELDS, leaks, missingLookalikes, stringsOf, type CorpusCase, type Json } from '../support/masking-corpus';
import {
  flatten,
  keyValues,
  type RawLog,
  logsRequest,
  mergeRequests,
  nowNanos,
  postOtlp,
  randomHex,
  tracesRequest,
} from '../support/otlp-json';
import { PrivateCollector } from './masking-support';

/**
 * SEC-1, the second line, end to end: the whole masking corpus sent as raw
 * OTLP/JSON — what a client that is not our SDK sends — into the stack's
 * collector (the masking processor) and Elasticsearch: logs with text and map
 * bodies and nested attributes, spans with events and links, metrics. No
 * personal value is found in any document (values, keys, and the digits of
 * cards, phones and documents), every look-alike is found unchanged by exact
 * queries. One request per signal, one wait. The host-log case runs its own
 * collector with the same config, reading a temporary directory.
 */
const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const SERVICE = 'partner-api';
const TRACES = writeAlias(SERVICE, 'traces');
const MAPPED = allFieldNames();

const cases = corpusCases();
/** One trace for the whole run; each document of a case is found by its span id. */
const TRACE = randomHex(16);
const spanIds = new Map(cases.map((c) => [c.id, { log: randomHex(8), body: randomHex(8), span: randomHex(8) }]));
const idsOf = (c: CorpusCase): string[] => Object.values(spanIds.get(c.id)!);
const LOG_FAMILY = ['logs', 'errors', 'audit'].map((cls) => writeAlias(SERVICE, cls as 'logs')).join(',');
const strings = (docs: { source: Doc }[]): string[] => docs.flatMap((d) => stringsOf(d.source));

/** A resource as a careless client sends it: command lines with secrets, a broker URL with credentials. */
const RESOURCE = {
  'process.command_line': 'node /srv/partner.js --password S3cr3t!Pass --api-key sk_live_51HxQ2aKb9vTt7mZ0pLwR3s --port 8080',
  'process.command_args': [
    'node',
    '/srv/partner.js',
    '--db-password',
    'Zaq1@wsx-Cde3',
    '--token=tok_opaque_Qm9vZ2llV29vZ2ll',
    '--port',
    '8080',
  ],
  'messaging.url': 'amqp://shop:hunter2hunter2@rabbit.local:5672/orders',
};
const RESOURCE_PERSONAL = [
  'S3cr3t!Pass',
  'sk_live_51HxQ2aKb9vTt7mZ0pLwR3s',
  'Zaq1@wsx-Cde3',
  'tok_opaque_Qm9vZ2llV29vZ2ll',
  'hunter2hunter2',
];

/** The log records of a case: a text as the body; a record as nested attributes, and again as a map body. */
function caseLogs(c: CorpusCase): RawLog[] {
  const ids = spanIds.get(c.id)!;
  if (c.text !== undefined) return [{ body: c.text, traceId: TRACE, spanId: ids.log }];
  return [
    { body: `record ${c.id}`, attributes: c.record, traceId: TRACE, spanId: ids.log },
    { body: c.record, traceId: TRACE, spanId: ids.body },
  ];
}

/** The span of a case: a text as its name, status message, event name and a link attribute; a record as the attributes of the span, an event and a link. */
function caseSpan(c: CorpusCase) {
  const link = { traceId: randomHex(16), spanId: randomHex(8) };
  const spanId = spanIds.get(c.id)!.span;
  if (c.text !== undefined) {
    return {
      traceId: TRACE,
      spanId,
      name: c.text,
      status: { code: 2, message: c.text },
      events: [{ name: c.text, attributes: { 'exception.message': c.text } }],
      links: [{ ...link, attributes: { note: c.text } }],
    };
  }
  // As the corpus has it (nested maps and arrays are valid OTLP attribute values), so its expectations hold.
  const record = c.record!;
  return {
    traceId: TRACE,
    spanId,
    name: `record ${c.id}`,
    attributes: record,
    events: [{ name: 'record', attributes: record }],
    links: [{ ...link, attributes: record }],
  };
}

/**
 * A record's flat string attributes as labels, those the Prometheus exporter can carry: one per
 * label name (`order.id` and `order_id` are both `order_id` there, and the exporter drops a point
 * that has both); not a key that starts with another alphabet (`пароль`, `ИНН …` become `__…`,
 * reserved, and drop their point too), nor the exporter's own `otel.scope.*`.
 */
function labels(record: Json): Json {
  const seen = new Set<string>();
  return Object.fromEntries(
    Object.entries(flatten(record)).filter(([k, v]) => {
      const label = k.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
      if (typeof v !== 'string' || !/^[A-Za-z0-9]/.test(k) || k.startsWith('otel.') || seen.has(label) || label === 'service_name')
        return false;
      seen.add(label);
      return true;
    }),
  );
}

/**
 * What must be gone from a case's data point. Labels are flat ({credentials: {user}} →
 * credentials.user), another input than the corpus's record: the personal values the engine
 * removes from that flat input (maskAttributes, the same rules at the source) must be gone.
 */
function personalOfLabels(c: CorpusCase): string[] {
  if (c.text !== undefined) return c.personal;
  const masked = stringsOf(maskAttributes(labels(c.record!)));
  return c.personal.filter((p) => leaks(masked, [p]).length === 0);
}

/** One gauge whose data points carry each case (as a label `note`, or a record's flat string attributes). */
function metricsRequest(): Json {
  const now = nowNanos();
  const dataPoints = cases.map((c) => {
    const attrs = c.text !== undefined ? { note: c.text } : labels(c.record!);
    return { timeUnixNano: now, asInt: '1', attributes: keyValues({ ...attrs, 'corpus.case': `${TRACE}-${c.id}` }) };
  });
  return {
    resourceMetrics: [
      {
        resource: { attributes: keyValues({ 'service.name': SERVICE }) },
        scopeMetrics: [{ scope: { name: 'raw-otlp-client' }, metrics: [{ name: 'corpus.cases', unit: '1', gauge: { dataPoints } }] }],
      },
    ],
  };
}

/** `part` occurs in `text` between non-word characters, so a phrase query on the analysed message finds it. */
function standsAlone(text: string, part: string): boolean {
  const at = text.indexOf(part);
  if (at < 0 || !/[\p{L}\p{N}]/u.test(part)) return false;
  const before = text.slice(0, at);
  const after = text.slice(at + part.length);
  return !/[\p{L}\p{N}]$/u.test(before) && !/^[\p{L}\p{N}]/u.test(after) && !/^[\p{P}\p{S}]|[\p{P}\p{S}]$/u.test(part);
}

describe('SEC-1 collector masking: the whole corpus as raw OTLP reaches Elasticsearch masked', () => {
  let logs: { index: string; source: Doc }[] = [];
  let spans: { index: string; source: Doc }[] = [];
  const mine = term('trace.id', TRACE);
  const docsOf = (c: CorpusCase) => [...logs, ...spans].filter((d) => idsOf(c).includes(String(d.source['span.id'])));

  beforeAll(async () => {
    const health = await fetch(endpoints.collectorHealthUrl).catch(() => undefined);
    if (!health?.ok) throw new Error(`the collector is not running at ${endpoints.collectorHealthUrl}; npm test starts the stack`);
    const logCount = cases.reduce((n, c) => n + caseLogs(c).length, 0);
    const logsPayload = mergeRequests(logsRequest(SERVICE, cases.flatMap(caseLogs), RESOURCE));
    // The check below is only as good as what was sent: every personal value of the corpus is in it.
    const sent = JSON.stringify(logsPayload);
    for (const c of cases)
      for (const p of c.personal)
        expect({ case: c.name, p, sent: sent.includes(JSON.stringify(p).slice(1, -1)) }).toEqual({ case: c.name, p, sent: true });
    expect(await postOtlp(endpoints.otlpHttpEndpoint, 'logs', logsPayload)).toBe(200);
    expect(await postOtlp(endpoints.otlpHttpEndpoint, 'traces', tracesRequest(SERVICE, cases.map(caseSpan), RESOURCE))).toBe(200);
    expect(await postOtlp(endpoints.otlpHttpEndpoint, 'metrics', metricsRequest())).toBe(200);
    [logs, spans] = await Promise.all([
      es.waitFor(LOG_FAMILY, mine, (h) => h.length >= logCount, 90_000, 5000),
      es.waitFor(TRACES, mine, (h) => h.length >= cases.length, 90_000, 5000),
    ]);
  }, 150_000);

  test('every record and span is stored', () => {
    expect(logs).toHaveLength(cases.reduce((n, c) => n + caseLogs(c).length, 0));
    expect(spans).toHaveLength(cases.length);
  });

  test.each(cases.map((c) => [c.name, c] as const))(
    '%s: no personal value in any of its documents, their resource, events and links',
    (_name, c) => {
      const docs = docsOf(c);
      expect(docs.length).toBeGreaterThan(0);
      expect(leaks(strings(docs), [...c.personal, ...RESOURCE_PERSONAL])).toEqual([]);
    },
  );

  test.each(cases.filter((c) => c.keep.length).map((c) => [c.name, c] as const))('%s: every look-alike is stored unchanged', (_name, c) => {
    expect(
      missingLookalikes(
        c,
        docsOf(c).map((d) => d.source),
      ),
    ).toEqual([]);
  });

  test('look-alikes are found by exact queries: term on a mapped keyword, phrase in the message', async () => {
    const checks: { c: CorpusCase; query: Json }[] = [];
    for (const c of cases) {
      for (const k of c.keep) {
        if (typeof k === 'string' && c.text !== undefined && standsAlone(maskText(c.text), k))
          checks.push({ c, query: { match_phrase: { message: k } } });
        const key = c.record
          ? Object.entries(flatten(c.record)).find(([f, v]) => v === k && MAPPED.has(f) && !ENVELOPE_FIELDS.has(f))?.[0]
          : undefined;
        if (key) checks.push({ c, query: term(key, k) });
      }
    }
    expect(checks.length).toBeGreaterThan(10);
    for (const { c, query } of checks) {
      const hits = await es.search(LOG_FAMILY, { bool: { filter: [mine, { terms: { 'span.id': idsOf(c) } }, query] } });
      expect({ case: c.name, query, found: hits.length > 0 }).toEqual({ case: c.name, query, found: true });
    }
  });

  test('text is masked exactly as the source side masks it (one engine, two languages)', () => {
    for (const c of cases.filter((x) => x.text !== undefined)) {
      const doc = logs.find((d) => d.source['span.id'] === spanIds.get(c.id)!.log)!.source;
      expect({ case: c.name, message: doc.message }).toEqual({ case: c.name, message: maskText(c.text!) });
      const span = spans.find((d) => d.source['span.id'] === spanIds.get(c.id)!.span)!.source;
      expect({ case: c.name, name: span.Name, status: span.TraceStatusDescription }).toEqual({
        case: c.name,
        name: maskText(c.text!),
        status: maskText(c.text!),
      });
    }
  });

  test('metrics: the data points reach Prometheus’ endpoint with nothing personal in their labels', async () => {
    const metricsUrl = endpoints.collectorMetricsUrl;
    let text = '';
    for (let i = 0; i < 30 && !text.includes(`${TRACE}-`); i++) {
      text = await (await fetch(metricsUrl)).text();
      if (!text.includes(`${TRACE}-`)) await new Promise((r) => setTimeout(r, 500));
    }
    const lines = text
      .split('\n')
      .filter((l) => l.includes(`${TRACE}-`))
      .map(seriesOf);
    expect(lines.length).toBe(cases.length);
    for (const c of cases) {
      const line = lines.filter((l) => l.includes(`corpus_case="${TRACE}-${c.id}"`));
      // The case's own label is left out of the check, as stringsOf leaves ids out of documents: it holds
      // this run's random hex TRACE, where a short personal value ("305", a flat number) can occur by chance.
      const labelsOnly = line.map((l) => l.replace(/corpus_case="[^"]*"/, ''));
      expect({ case: c.name, points: line.length, leaks: leaks(labelsOnly, personalOfLabels(c)) }).toEqual({
        case: c.name,
        points: 1,
        leaks: [],
      });
    }
  });

  test('the collector counts what it masked, per class, on its telemetry endpoint (never the values)', async () => {
    const text = await (await fetch(`http://127.0.0.1:${resolveSettings().collectorTelemetryPort}/metrics`)).text();
    const counted = [...text.matchAll(/^otelcol_masking_masked_values\{[^}]*class="([^"]+)"[^}]*\} (\d+)/gm)].map(
      (m) => [m[1], Number(m[2])] as const,
    );
    expect(counted.length).toBeGreaterThan(2);
    expect(counted.every(([, n]) => n > 0)).toBe(true);
    const series = text.split('\n').map(seriesOf);
    expect(
      leaks(
        series,
        cases.flatMap((c) => c.personal),
      ),
    ).toEqual([]);
  });
});

describe('SEC-1 collector masking: a host log file read by the file_log receiver', () => {
  const collector = new PrivateCollector();
  const dir = mkdtempSync(join(tmpdir(), 'jewelry-mask-hostlog-'));
  const token = `masking-e2e-${randomHex(6)}`;
  // One line each: a text with a line break would be two records of a log file.
  const texts = cases.filter((c) => c.text !== undefined && !/[\r\n]/.test(c.text));
  let docs: { index: string; source: Doc }[] = [];

  beforeAll(async () => {
    // Plain lines as a service that bypasses the logger would print them to a file.
    writeFileSync(join(dir, 'app.log'), texts.map((c) => `${token} #${c.id} ${c.text}`).join('\n') + '\n');
    // The stack's collector reads /var/log; this one runs the same config.yaml, reading only this directory,
    // and writes to the stack's Elasticsearch.
    await collector.start([join(__dirname, '..', '..', 'collector', 'config.yaml')], {
      ES_ENDPOINT: endpoints.elasticsearchUrl,
      JEWELRY_HOST_LOG_GLOBS: `[${join(dir, '*.log')}]`,
    });
    docs = await es.waitFor(
      writeAlias('host', 'logs'),
      { match_phrase: { message: token } },
      (h) => h.length === texts.length,
      60_000,
      5000,
    );
  }, 120_000);

  afterAll(async () => {
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every line is stored as a host log document, masked exactly as the logger would mask it', () => {
    expect(docs).toHaveLength(texts.length);
    const byLine = new Map(docs.map((d) => [String(d.source.message), d.source]));
    for (const c of texts) {
      const doc = docs.find((d) => String(d.source.message).startsWith(`${token} #${c.id} `));
      expect({ case: c.name, leaks: leaks(stringsOf(doc?.source), c.personal) }).toEqual({ case: c.name, leaks: [] });
      expect({ case: c.name, doc: byLine.get(maskText(`${token} #${c.id} ${c.text}`)) }).toMatchObject({
        case: c.name,
        doc: { 'service.name': 'host', 'log.file.path': join(dir, 'app.log') },
      });
    }
  });
});

/**
 * A Prometheus exposition line without its sample value and timestamp: what
 * carries data is the series name and labels, and a short personal number (a
 * flat, "305") can occur inside a count or a timestamp.
 */
function seriesOf(line: string): string {
  if (line.startsWith('#')) return line;
  const labelsEnd = line.lastIndexOf('}');
  return labelsEnd >= 0 ? line.slice(0, labelsEnd + 1) : line.split(' ')[0]!;
}
