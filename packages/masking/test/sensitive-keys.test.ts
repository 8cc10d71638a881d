import { classifyKey, sensitiveKeyPatterns, splitKey } from '@jewelry/masking';
import { KEY_CASES } from './key-cases';

describe('SEC-1 splitKey', () => {
  test.each([
    ['customer.email', ['customer', 'email']],
    ['customer_email', ['customer', 'email']],
    ['customer-email', ['customer', 'email']],
    ['customerEmail', ['customer', 'email']],
    ['CUSTOMER_EMAIL', ['customer', 'email']],
    ['APIKey', ['api', 'key']],
    ['address2', ['address', '2']],
    ['http.request.header.set-cookie', ['http', 'request', 'header', 'set', 'cookie']],
  ])('SEC-1 %s → %j', (key, words) => {
    expect(splitKey(key)).toEqual(words);
  });
});

describe('SEC-1 classifyKey: exact word matching in every key style', () => {
  test.each(KEY_CASES)('SEC-1 %s is %s', (key, cls) => {
    expect(classifyKey(key)).toBe(cls);
  });

  test.each([
    ['name', 'customer', 'name'],
    ['name', 'service', 'none'],
    ['name', 'items', 'none'],
    ['address', 'shipping', 'address'],
    ['address', 'server', 'none'],
    ['number', 'phone', 'none'],
  ] as const)('SEC-1 nested key %s under %s is %s', (key, parent, cls) => {
    expect(classifyKey(key, parent)).toBe(cls);
  });
});

describe('SEC-1 sensitiveKeyPatterns: the key rules as data for the collector', () => {
  test('SEC-1 covers every sensitive class once, with a replacement', () => {
    expect(sensitiveKeyPatterns.map((p) => p.name)).toEqual(['secret', 'card', 'email', 'phone', 'name', 'address']);
    for (const p of sensitiveKeyPatterns) expect(p.replacement).toMatch(/^\[REDACTED(:[a-z]+)?\]$/);
  });

  test('SEC-1 trigger words never double as the same rule’s suffixes', () => {
    for (const p of sensitiveKeyPatterns) {
      const triggers = [...p.words, ...p.qualified, ...p.pairs.map(([, b]) => b)];
      for (const t of triggers) expect(p.suffixes).not.toContain(t);
    }
  });

  test.each(KEY_CASES)('SEC-1 the collector key regexes agree with the source side on %s', (key, cls) => {
    const hit = sensitiveKeyPatterns.find((p) => new RegExp(p.regex).test(key));
    const expected = cls === 'id' || cls === 'meta' || cls === 'none' ? undefined : cls;
    expect(hit?.name).toBe(expected);
  });
});
