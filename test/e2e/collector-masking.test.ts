import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEndpoints } from '@jewelry/cli';
import { maskText } from '@jewelry/masking';
import { writeAlias } from '@jewelry/schema';
import { ADDRESSES, CARDS, EMAILS, JWTS, LINES, NAMES, PHONES, RECORDS, SECRETS } from '../../packages/masking/test/corpus';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { flatten, logsRequest, postOtlp, randomHex, tracesRequest } from '../support/otlp-json';
import { PrivateCollector } from './masking-support';

/**
 * SEC-1, the second line: records that never went through our logger — raw
 * OTLP from another client, a host log file — are masked by the collector
 * before they reach Elasticsearch. Runs against the stack `npm test` brings up
 * (whatever stackEndpoints() points at); the host-log case runs its own
 * collector with the same config on free ports, reading a temporary directory.
 */
const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const CONFIG = join(__dirname, '..', '..', 'collector', 'config.yaml');
const SERVICE = 'partner-api';

const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');
const wordsOf = (s: string, min: number): string[] => s.split(/[\s,.]+/).filter((w) => w.length >= min && /\p{L}/u.test(w));

/**
 * Every personal value of the corpus that must not be anywhere in the stored
 * documents: names (and their words), e-mails (local part), phones and cards
 * (also as bare digits), JWTs, secrets, addresses.
 */
function personalValuesIn(text: string): string[] {
  const found: string[] = [];
  const digits = digitsOf(text);
  for (const name of NAMES) for (const v of [name, ...wordsOf(name, 3)]) if (text.includes(v)) found.push(v);
  for (const email of EMAILS) if (text.includes(`${email.split('@')[0]}@`)) found.push(email);
  for (const v of [...PHONES, ...CARDS]) if (text.includes(v) || digits.includes(digitsOf(v))) found.push(v);
  for (const v of [...JWTS, ...SECRETS, ...ADDRESSES]) if (text.includes(v)) found.push(v);
  return found;
}

/**
 * The corpus records as flat attributes (most SDKs send dotted keys), with the
 * schema fields a search needs. Left out: the free-text echo of a name and an
 * address in RECORDS[2].message — names and addresses are found by key only
 * (the logger also hunts their echoes within one record; the collector cannot).
 */
function corpusAttributes(i: number): Record<string, unknown> {
  const attrs = flatten(RECORDS[i % RECORDS.length] as Record<string, unknown>);
  delete attrs.message;
  return { ...attrs, 'order.id': i % 2 === 0 ? 'ORD-2026-000123' : '4000123412341235', 'customer.id': 'cus_8842', 'order.total': 12500 };
}

async function waitForHealthyCollector(): Promise<void> {
  const health = await fetch(endpoints.collectorHealthUrl).catch(() => undefined);
  if (!health?.ok) throw new Error(`the collector is not running at ${endpoints.collectorHealthUrl}; start the stack with \`jewelry-otel stack up\` (npm test does)`);
}

function expectNothingPersonal(docs: { source: Doc }[]): void {
  const text = JSON.stringify(docs.map((d) => d.source));
  expect(personalValuesIn(text)).toEqual([]);
}

describe('SEC-1 collector masking: what bypasses the logger reaches Elasticsearch masked', () => {
  beforeAll(waitForHealthyCollector);

  describe('raw OTLP log records (text bodies and attributes)', () => {
    const traceIds = LINES.map(() => randomHex(16));
    let docs: { index: string; source: Doc }[] = [];

    beforeAll(async () => {
      const logs = LINES.map((line, i) => ({ body: line, traceId: traceIds[i]!, spanId: randomHex(8), attributes: corpusAttributes(i) }));
      const payload = logsRequest(SERVICE, logs);
      // The check below is only as good as what was sent: every personal value of the corpus is in it.
      const sent = personalValuesIn(JSON.stringify(payload));
      for (const v of [...NAMES, ...EMAILS, ...PHONES, ...CARDS, ...JWTS, ...SECRETS, ...ADDRESSES]) expect(sent).toContain(v);
      expect(await postOtlp(endpoints.otlpHttpEndpoint, 'logs', payload)).toBe(200);
      docs = await es.waitFor(writeAlias(SERVICE, 'logs'), { terms: { 'trace.id': traceIds } }, (h) => h.length === LINES.length, 60_000);
    }, 90_000);

    test('every record is stored, none holds a name, e-mail, phone, card, token, secret or address', () => {
      expect(docs).toHaveLength(LINES.length);
      expectNothingPersonal(docs);
    });

    test('the masks look like the logger’s: ***@domain, +7*******67, **** **** **** 1111, [REDACTED]', () => {
      const text = JSON.stringify(docs.map((d) => d.source));
      for (const email of EMAILS) expect(text).toContain(`***@${email.split('@')[1]}`);
      for (const card of CARDS) expect(text).toContain(`**** **** **** ${digitsOf(card).slice(-4)}`);
      expect(text).toContain('+7*******67');
      expect(text).toContain('password=[REDACTED]');
      const byTrace = new Map(docs.map((d) => [d.source['trace.id'], d.source]));
      LINES.forEach((line, i) => {
        // The message is what the logger would have written, but for the keyed hash of a JWT.
        expect(byTrace.get(traceIds[i])?.message).toBe(maskText(line).replace(/\[JWT:[0-9a-f]{8}\]/g, '[JWT:REDACTED]'));
      });
      const first = byTrace.get(traceIds[0])!;
      expect(first).toMatchObject({ 'customer.name': '[REDACTED:name]', 'customer.email': '***@mail.ru', 'customer.phone': '+7*******67', 'customer.address.street': '[REDACTED:address]' });
    });

    test('order ids (also a 16-digit non-Luhn one), customer ids, prices and trace ids stay searchable by exact terms', async () => {
      const mine = { terms: { 'trace.id': traceIds } };
      const count = async (query: Record<string, unknown>) => (await es.search(writeAlias(SERVICE, 'logs'), { bool: { filter: [mine, query] } })).length;
      expect(await count(term('order.id', 'ORD-2026-000123'))).toBe(Math.ceil(LINES.length / 2));
      expect(await count(term('order.id', '4000123412341235'))).toBe(Math.floor(LINES.length / 2));
      expect(await count(term('customer.id', 'cus_8842'))).toBe(LINES.length);
      expect(await count(term('order.total', 12500))).toBe(LINES.length);
      expect(await count(term('trace.id', traceIds[3]))).toBe(1);
      expect(await count({ match_phrase: { message: 'Order id 4000123412341235 is not a card' } })).toBe(1);
      expect(await count({ match_phrase: { message: 'Order ORD-2026-000123 created for ***@example.com' } })).toBe(1);
    });
  });

  describe('raw OTLP spans: names, status messages, attributes, URLs, events, command lines', () => {
    const traceId = randomHex(16);
    let docs: { index: string; source: Doc }[] = [];
    const jwt = JWTS[0]!;

    beforeAll(async () => {
      const spans = [
        {
          traceId,
          spanId: randomHex(8),
          name: 'GET /api/v1/customers/ivan.petrov@example.com/orders',
          status: { code: 2, message: 'card 4111 1111 1111 1111 declined for +7 (916) 123-45-67' },
          attributes: {
            'url.full': `https://shop.example/api/v1/login?user=ivan&password=S3cr3t!Pass&token=${SECRETS[4]}&email=anna+orders@mail.ru&page=2`,
            'url.query': 'password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5&page=2',
            'url.path': '/api/v1/customers/+79161234567/cards/5555555555554444',
            'http.target': '/api/v1/login?password=hunter2hunter2&order=ORD-2026-000123',
            'http.url': `http://crm.local/callback?access_token=${jwt}`,
            'http.request.header.authorization': [`Bearer ${jwt}`],
            'http.request.header.cookie': 'connect.sid=opaque-session-7f3a9c',
            'order.id': '4000123412341235',
            'customer.id': 'cus_8842',
            'order.total': 12500,
            'customer.name': 'Анна Смирнова',
            'recipient.address': ADDRESSES[3]!,
          },
          events: [{ name: 'exception', attributes: { 'exception.type': 'PaymentError', 'exception.message': 'card 5105 1051 0510 5100 of john.oconnor@company.co.uk rejected', 'exception.stacktrace': `Error: Bearer ${JWTS[1]}\n    at pay (/srv/app.js:1:1)` } }],
        },
        { traceId, spanId: randomHex(8), name: 'POST /orders/ORD-2026-000123', attributes: { 'order.id': 'ORD-2026-000123', 'customer.id': 'cus_8842' } },
      ];
      const resource = {
        'process.command_line': `node /srv/partner.js --password S3cr3t!Pass --api-key ${SECRETS[6]} --port 8080`,
        'process.command_args': ['node', '/srv/partner.js', '--db-password', 'Zaq1@wsx-Cde3', `--token=${SECRETS[10]}`, '--port', '8080'],
      };
      expect(await postOtlp(endpoints.otlpHttpEndpoint, 'traces', tracesRequest(SERVICE, spans, resource))).toBe(200);
      docs = await es.waitFor(writeAlias(SERVICE, 'traces'), term('trace.id', traceId), (h) => h.length === 2, 60_000);
    }, 90_000);

    test('both spans are stored, and nothing personal is in them, the events or the resource', () => {
      expect(docs).toHaveLength(2);
      expectNothingPersonal(docs);
    });

    test('span name, status message, URLs, headers, events and command lines are masked like the logger would', () => {
      const span = docs.find((d) => String(d.source.Name).startsWith('GET'))!.source;
      expect(span).toMatchObject({
        Name: 'GET /api/v1/customers/***@example.com/orders',
        'span.name': 'GET /api/v1/customers/***@example.com/orders',
        TraceStatusDescription: 'card **** **** **** 1111 declined for +7*******67',
        'url.query': 'password=[REDACTED]&token=[REDACTED]&page=2',
        'url.path': '/api/v1/customers/+7*******67/cards/**** **** **** 4444',
        'http.target': '/api/v1/login?password=[REDACTED]&order=ORD-2026-000123',
        'http.url': 'http://crm.local/callback?access_token=[REDACTED]',
        'http.request.header.authorization': '[REDACTED]',
        'http.request.header.cookie': '[REDACTED]',
        'customer.name': '[REDACTED:name]',
        'recipient.address': '[REDACTED:address]',
        'Resource.process.command_line': 'node /srv/partner.js --password [REDACTED] --api-key [REDACTED] --port 8080',
        'Resource.process.command_args': ['node', '/srv/partner.js', '--db-password', '[REDACTED]', '--token=[REDACTED]', '--port', '8080'],
      });
      expect(String(span['url.full'])).toBe('https://shop.example/api/v1/login?user=ivan&password=[REDACTED]&token=[REDACTED]&email=***@mail.ru&page=2');
      expect(JSON.stringify(span)).toContain('card **** **** **** 5100 of ***@company.co.uk rejected');
    });

    test('order ids, customer ids, prices and trace ids stay searchable by exact terms', async () => {
      const count = async (query: Record<string, unknown>) => (await es.search(writeAlias(SERVICE, 'traces'), { bool: { filter: [term('trace.id', traceId), query] } })).length;
      expect(await count(term('order.id', '4000123412341235'))).toBe(1);
      expect(await count(term('order.id', 'ORD-2026-000123'))).toBe(1);
      expect(await count(term('customer.id', 'cus_8842'))).toBe(2);
      expect(await count(term('span.name', 'POST /orders/ORD-2026-000123'))).toBe(1);
    });
  });

  describe('a host log file read by the file_log receiver', () => {
    const collector = new PrivateCollector();
    const dir = mkdtempSync(join(tmpdir(), 'jewelry-mask-hostlog-'));
    const token = `masking-e2e-${randomHex(6)}`;
    let docs: { index: string; source: Doc }[] = [];

    beforeAll(async () => {
      // Plain lines as a service that bypasses the logger would print them to a file.
      writeFileSync(join(dir, 'app.log'), LINES.map((l, i) => `${token} #${i} ${l}`).join('\n') + '\n');
      // The stack's collector reads /var/log; this one runs the same config.yaml, reading only this directory,
      // and writes to the stack's Elasticsearch.
      await collector.start([CONFIG], { ES_ENDPOINT: endpoints.elasticsearchUrl, JEWELRY_HOST_LOG_GLOBS: `[${join(dir, '*.log')}]` });
      docs = await es.waitFor(writeAlias('host', 'logs'), { match_phrase: { message: token } }, (h) => h.length === LINES.length, 60_000);
    }, 120_000);

    afterAll(async () => {
      await collector.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('every line is stored as a host log document, masked like the logger would mask it', () => {
      expect(docs).toHaveLength(LINES.length);
      expectNothingPersonal(docs);
      const byLine = new Map(docs.map((d) => [String(d.source.message), d.source]));
      LINES.forEach((line, i) => {
        const expected = maskText(`${token} #${i} ${line}`).replace(/\[JWT:[0-9a-f]{8}\]/g, '[JWT:REDACTED]');
        expect(byLine.get(expected)).toMatchObject({ 'service.name': 'host', 'log.file.path': join(dir, 'app.log') });
      });
    });

    test('numbers that are not cards stay searchable in the message', async () => {
      const hits = await es.search(writeAlias('host', 'logs'), { bool: { filter: [{ match_phrase: { message: token } }, { match_phrase: { message: '4000123412341235' } }] } });
      expect(hits).toHaveLength(1);
    });
  });
});
