import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { LogAttributes } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type LogRecordLimits } from '@opentelemetry/sdk-logs';
import { resolveLogRecordLimits, sdkLogAttributes } from '@jewelry/otel/internals';

const warnings: string[] = [];
beforeAll(() => diag.setLogger({ ...silent(), warn: (m: string) => void warnings.push(m) }, DiagLogLevel.WARN));
afterAll(() => diag.disable());
beforeEach(() => (warnings.length = 0));

function silent() {
  const none = () => undefined;
  return { error: none, warn: none, info: none, debug: none, verbose: none };
}

interface Outcome {
  keys: string[];
  attributes: unknown;
  dropped: number;
  warnings: string[];
}

/** What a LogRecordImpl of the SDK holds for these attributes and exception. */
function throughSdk(attributes: LogAttributes, exception: unknown, limits: LogRecordLimits): Outcome {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ logRecordLimits: limits, processors: [new SimpleLogRecordProcessor({ exporter })] });
  warnings.length = 0;
  provider.getLogger('@jewelry/logger').emit({ body: 'x', attributes, ...(exception === undefined ? {} : { exception }) });
  const record = exporter.getFinishedLogRecords()[0]!;
  return {
    keys: Object.keys(record.attributes),
    attributes: record.attributes,
    dropped: record.droppedAttributesCount,
    warnings: [...warnings],
  };
}

function direct(attributes: LogAttributes, exception: unknown, limits: LogRecordLimits): Outcome {
  warnings.length = 0;
  const out = sdkLogAttributes(attributes, exception, resolveLogRecordLimits(limits));
  return { keys: Object.keys(out.attributes), attributes: out.attributes, dropped: out.droppedAttributesCount, warnings: [...warnings] };
}

class Money {
  constructor(readonly amount: number) {}
}

const shared = { sku: 'RING-585-17' };
const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;

/** Each case makes its inputs afresh, so the two paths never share an object. */
const CASES: [string, () => LogAttributes][] = [
  [
    'every valid kind: strings (Cyrillic, emoji), numbers, booleans, null, undefined, bytes, lists, maps, a prototype-less map',
    () => ({
      'order.id': 'ORD-2026-000123',
      'customer.name': 'Анна Смирнова 💍',
      total: 12500.5,
      qty: 3,
      paid: false,
      coupon: null,
      note: undefined,
      scan: Buffer.from('3d-model'),
      items: [{ sku: 'RING-585-17', qty: 1, sizes: [17, 17.5] }, 'engraving', 42],
      address: { city: 'Москва', lines: ['ул. Тверская, д. 7'] },
      bare: Object.assign(Object.create(null) as object, { k: 'v' }),
    }),
  ],
  [
    'invalid values are dropped uncounted, in place: Date, Map, Set, function, bigint, symbol, class instance, Error, a map with its own constructor, a cycle, an object met twice',
    () =>
      ({
        first: 'kept',
        when: new Date(0),
        map: new Map([['a', 1]]),
        set: new Set([1]),
        fn: () => 1,
        big: BigInt(10),
        sym: Symbol('s'),
        money: new Money(5),
        error: new Error('x'),
        ctor: { constructor: 'custom' },
        loop: circular,
        twice: { a: shared, b: shared },
        last: 'kept too',
      }) as unknown as LogAttributes,
  ],
  ['an empty key', () => ({ '': 'nameless', ok: 1 })],
  [
    'long lists of maps: all distinct, and one map met twice far down',
    () => {
      const lines = Array.from({ length: 100 }, (_, i) => ({ sku: `RING-${i}`, qty: i }));
      const repeated = Array.from({ length: 100 }, (_, i) => ({ sku: `RING-${i}` }));
      repeated[80] = repeated[40]!;
      return { lines, repeated, after: 'kept' };
    },
  ],
  ['integer-like keys come first, as in any object', () => ({ b: 1, '2': 'two', a: 3, '1': 'one' })],
];

const EXCEPTIONS: [string, () => unknown][] = [
  ['an Error', () => Object.assign(new Error('no bucket'), { stack: 'Error: no bucket\n    at upload (s3.js:1:1)' })],
  ['an Error with a string code', () => Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
  ['an Error with a numeric code', () => Object.assign(new Error('busy'), { code: 503 })],
  ['an Error without a stack', () => Object.assign(new Error('no stack'), { stack: undefined })],
  ['an Error with an empty message', () => new Error('')],
  ['a string', () => 'plain failure'],
  ['a number', () => 42],
  ['an object with nothing to record', () => ({ reason: 'unknown' })],
];

const LIMITS: [string, LogRecordLimits][] = [
  ['default limits', {}],
  ['3 attributes', { attributeCountLimit: 3 }],
  ['no attributes', { attributeCountLimit: 0 }],
  ['values of 4 characters', { attributeValueLengthLimit: 4 }],
  ['a length limit of 0 (the SDK warns and cuts nothing)', { attributeValueLengthLimit: 0 }],
  ['both', { attributeCountLimit: 2, attributeValueLengthLimit: 6 }],
];

// Issue 16: the direct log entry's attributes are the SDK's, attribute for attribute, under every limit.
describe('sdkLogAttributes: what the SDK’s LogRecordImpl holds', () => {
  describe.each(LIMITS)('%s', (_name, limits) => {
    test.each(CASES)('%s', (_case, make) => {
      expect(direct(make(), undefined, limits)).toEqual(throughSdk(make(), undefined, limits));
    });

    // Neither path changes the exception: one object for both.
    test.each(EXCEPTIONS)('with %s, after the attributes', (_case, makeException) => {
      const make = (): LogAttributes => ({ 'order.id': 'ORD-1', note: 'cut here please' });
      const exception = makeException();
      expect(direct(make(), exception, limits)).toEqual(throughSdk(make(), exception, limits));
    });
  });

  test('a long value cut to the limit at any depth, also inside a surrogate pair, as the SDK cuts it', () => {
    const make = (): LogAttributes => ({ title: 'Кольцо 💍 с гравировкой', items: [{ note: 'x'.repeat(20) }, ['y'.repeat(9)]] });
    for (const attributeValueLengthLimit of [1, 7, 8, 9]) {
      expect(direct(make(), undefined, { attributeValueLengthLimit })).toEqual(
        throughSdk(make(), undefined, { attributeValueLengthLimit }),
      );
    }
  });

  test('exception attributes the record already has are kept; one given as an invalid value is replaced', () => {
    const make = (): LogAttributes =>
      ({ 'exception.type': 'OwnType', 'exception.message': new Date(0), other: 1 }) as unknown as LogAttributes;
    const exception = Object.assign(new Error('boom'), { stack: 'Error: boom' });
    const out = direct(make(), exception, {});
    expect(out).toEqual(throughSdk(make(), exception, {}));
    expect(out.attributes).toEqual({
      'exception.type': 'OwnType',
      other: 1,
      'exception.message': 'boom',
      'exception.stacktrace': 'Error: boom',
    });
  });

  test('nothing to drop or cut: the attributes object itself, not a copy', () => {
    const given: LogAttributes = { 'order.id': 'ORD-1', items: [{ sku: 'R1' }] };
    expect(sdkLogAttributes(given, undefined, resolveLogRecordLimits({ attributeValueLengthLimit: 100 })).attributes).toBe(given);
  });
});
