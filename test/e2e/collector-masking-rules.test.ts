import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskAttributes, maskText, maskValue } from '@jewelry/masking';
import { LINES, NEGATIVES, RECORDS } from '../../packages/masking/test/corpus';
import { OtlpReceiver, type Attrs } from '../support/otlp-receiver';
import { flatten, logsRequest, postOtlp, randomHex, tracesRequest } from '../support/otlp-json';
import { PrivateCollector } from './masking-support';

/**
 * The generated masking processors (as committed in collector/config.yaml) in
 * our real collector binary, fed raw OTLP and compared, value by value, with
 * what the logger's masker gives for the same input. A private collector:
 * OTLP in → transform/mask_logs | transform/mask_traces → OTLP/JSON out to an
 * in-test receiver; no Elasticsearch involved.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gen = require('../../scripts/generate-collector-masking.js') as { extract(config: string): string | undefined };
const BLOCK = gen.extract(readFileSync(join(__dirname, '..', '..', 'collector', 'config.yaml'), 'utf8'))!;

/** The source side's output, in the forms the collector writes where it cannot compute the keyed hash. */
const normalise = (v: unknown): unknown =>
  typeof v === 'string'
    ? v.replace(/\[name:[0-9a-f]{8}\]/g, '[REDACTED:name]').replace(/\[JWT:[0-9a-f]{8}\]/g, '[JWT:REDACTED]')
    : Array.isArray(v)
      ? v.map(normalise)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]))
        : v;

/** Per key, what maskValue gives (no echoes across keys: the collector does not hunt those). */
const expectedAttributes = (attrs: Attrs): Attrs => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, normalise(maskValue(k, v))]));

describe('SEC-1 the generated masking processors in the collector binary give what the logger gives', () => {
  const receiver = new OtlpReceiver();
  const collector = new PrivateCollector();
  let received = 0;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    await collector.start([
      [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http:',
        '        endpoint: 127.0.0.1:${env:OTLP_HTTP_PORT}',
        'processors:',
        BLOCK.trimEnd(),
        'exporters:',
        '  otlp_http:',
        `    endpoint: ${endpoint}`,
        '    encoding: json',
        '    compression: none',
        '    sending_queue:',
        '      enabled: false',
        '    retry_on_failure:',
        '      enabled: false',
        'service:',
        '  telemetry:',
        '    metrics:',
        '      level: none',
        '  pipelines:',
        '    logs:',
        '      receivers: [otlp]',
        '      processors: [transform/mask_logs]',
        '      exporters: [otlp_http]',
        '    traces:',
        '      receivers: [otlp]',
        '      processors: [transform/mask_traces]',
        '      exporters: [otlp_http]',
        '',
      ].join('\n'),
    ]);
  }, 120_000);

  afterAll(async () => {
    await collector.stop();
    await receiver.stop();
  });

  /** Sends log records, returns what came out, in order. */
  async function roundTrip(logs: { body: unknown; attributes?: Attrs }[], resource: Attrs = {}) {
    const from = received;
    expect(await postOtlp(collector.otlpHttpEndpoint, 'logs', logsRequest('partner-api', logs, resource))).toBe(200);
    expect(await receiver.waitFor(() => receiver.logs.length >= from + logs.length)).toBe(true);
    received += logs.length;
    return receiver.logs.slice(from, from + logs.length);
  }

  test('corpus records as flat attributes: every value is what maskValue gives for its key', async () => {
    const records = RECORDS.map((r) => flatten(r as Attrs));
    const out = await roundTrip(records.map((attributes, i) => ({ body: `record ${i}`, attributes })));
    out.forEach((log, i) => expect(log.attributes).toEqual(expectedAttributes(records[i]!)));
  });

  test('corpus lines as text bodies: exactly maskText', async () => {
    const lines = [...LINES, ...NEGATIVES];
    const out = await roundTrip(lines.map((body) => ({ body })));
    out.forEach((log, i) => expect(log.body).toBe(normalise(maskText(lines[i]!))));
  });

  test('numbers and lists under sensitive keys are masked too; booleans stay', async () => {
    const attributes = { pin: 4321, 'user.phone': 89057778899, card_number: 4111111111111111, 'customer.email': 12345, phones: ['+7 916 123 45 67'], password_set: true, secret_verified: false };
    const [log] = await roundTrip([{ body: 'x', attributes }]);
    expect(log!.attributes).toEqual({
      pin: '[REDACTED]',
      'user.phone': '*******99',
      card_number: '**** **** **** 1111',
      'customer.email': '***',
      phones: '[REDACTED:phone]',
      password_set: true,
      secret_verified: false,
    });
  });

  test('what a key class leaves alone still gets the text rules (a phone key with few digits, a card key without a number)', async () => {
    const attributes = { 'customer.phone': 'ext. 12, or mail ivan.petrov@example.com', card: 'visa, holder anna+orders@mail.ru', 'customer.email': 'Anna <anna+orders@mail.ru>' };
    const [log] = await roundTrip([{ body: 'x', attributes }]);
    expect(log!.attributes).toEqual(expectedAttributes(attributes));
    expect(log!.attributes).toEqual({ 'customer.phone': 'ext. 12, or mail ***@example.com', card: 'visa, holder ***@mail.ru', 'customer.email': '***@mail.ru' });
  });

  test('a map body: its values get the same rules as attributes', async () => {
    const body = { email: 'ivan.petrov@example.com', text: 'call +44 20 7946 0958', 'order.id': '4000123412341235', password: 'hunter2hunter2' };
    const [log] = await roundTrip([{ body }]);
    expect(log!.body).toEqual(expectedAttributes(body));
    // A journald record: the command line of the process that logged.
    const [journal] = await roundTrip([{ body: { MESSAGE: 'login of ivan.petrov@example.com', _CMDLINE: 'mysql -u root --password S3cr3t shop' } }]);
    expect(journal!.body).toEqual({ MESSAGE: 'login of ***@example.com', _CMDLINE: 'mysql -u root --password [REDACTED] shop' });
  });

  test('resource command lines: secret flags and their values', async () => {
    const resource = { 'process.command_line': 'node app.js --password S3cr3t --token=abc123 --port 8080', 'process.command_args': ['node', 'app.js', '--password', 'S3cr3t', '--api-key=xyz', '--port', '8080'] };
    const [log] = await roundTrip([{ body: 'started' }], resource);
    expect(log!.resource).toMatchObject({
      'process.command_line': 'node app.js --password [REDACTED] --token=[REDACTED] --port 8080',
      'process.command_args': ['node', 'app.js', '--password', '[REDACTED]', '--api-key=[REDACTED]', '--port', '8080'],
    });
  });

  test('masking twice changes nothing: the collector’s own output, and the logger’s output, pass unchanged', async () => {
    const records = RECORDS.map((r) => flatten(r as Attrs));
    const once = await roundTrip(records.map((attributes, i) => ({ body: LINES[i]!, attributes })));
    const twice = await roundTrip(once.map((l) => ({ body: l.body, attributes: l.attributes })));
    twice.forEach((l, i) => expect({ body: l.body, attributes: l.attributes }).toEqual({ body: once[i]!.body, attributes: once[i]!.attributes }));
    const logged = records.map((r, i) => ({ body: maskText(LINES[i]!), attributes: maskAttributes(r) }));
    const passed = await roundTrip(logged);
    passed.forEach((l, i) => expect({ body: l.body, attributes: l.attributes }).toEqual(logged[i]));
  });

  test('spans: name, status message, attributes and event attributes and names', async () => {
    const traceId = randomHex(16);
    const attributes = flatten(RECORDS[3] as Attrs);
    const payload = tracesRequest('partner-api', [
      {
        traceId,
        spanId: randomHex(8),
        name: 'GET /customers/ivan.petrov@example.com',
        status: { code: 2, message: 'declined 4111 1111 1111 1111 for +7 916 123 45 67' },
        attributes,
        events: [{ name: 'retry for anna+orders@mail.ru', attributes: { 'exception.message': 'token=abc123 rejected', 'customer.phone': '8 916 123 45 67' } }],
      },
    ]);
    expect(await postOtlp(collector.otlpHttpEndpoint, 'traces', payload)).toBe(200);
    expect(await receiver.waitFor(() => receiver.spans.some((s) => s.traceId === traceId))).toBe(true);
    const span = receiver.spans.find((s) => s.traceId === traceId)!;
    expect(span.name).toBe('GET /customers/***@example.com');
    expect(span.status.message).toBe('declined **** **** **** 1111 for +7*******67');
    expect(span.attributes).toEqual(expectedAttributes(attributes));
    expect(span.events).toEqual([{ name: 'retry for ***@mail.ru', attributes: { 'exception.message': 'token=[REDACTED] rejected', 'customer.phone': '*******67' } }]);
  });

  test('no helper attribute of the masking is left behind, and the collector logged no error', () => {
    const all = JSON.stringify([...receiver.logs, ...receiver.spans]);
    expect(all).not.toContain('jewelry.masking');
    expect(all).not.toMatch(/[\uE000-\uE01F]/);
    expect(collector.log).not.toMatch(/\terror\t|failed to execute statement/i);
  });
});
