import {
  cardDigitsPattern,
  classifyKey,
  collectorPatterns,
  commandLinePatterns,
  idKeyPattern,
  maskText,
  maskValue,
  sensitiveKeyPatterns,
  type SensitiveKeyClass,
} from '@jewelry/masking';
import { CARDS, EMAILS, NEGATIVES, PHONES, SECRETS, ADDRESSES, NAMES, LINES } from './corpus';
import { KEY_CASES } from './key-cases';
import { compile, jsTemplate, NOT_RE2_SAFE, runRe2, withGo } from './re2-support';

const patternsOf = (cls: SensitiveKeyClass) => sensitiveKeyPatterns.find((p) => p.name === cls)!.valuePatterns;
function applyClass(cls: SensitiveKeyClass, value: string): string {
  let out = value;
  for (const p of patternsOf(cls)) out = out.replace(compile(p.regex), jsTemplate(p.replacement));
  return out;
}

/** What the collector does under a key of that class: its steps, then (for values they leave) the text rules. */
function collectorValue(cls: SensitiveKeyClass, value: string): string {
  const classed = applyClass(cls, value);
  let out = classed;
  for (const p of collectorPatterns) out = out.replace(compile(p.regex), jsTemplate(p.replacement));
  return out;
}

const KEY_OF: Record<SensitiveKeyClass, string> = {
  secret: 'password',
  card: 'card_number',
  email: 'customer.email',
  phone: 'customer.phone',
  name: 'customer.name',
  address: 'shipping_address',
};

const ODD_VALUES = [
  '', ' ', 'n/a', 'ios', '-', '12', '1234', '12345', '+7', '+7 1', '+7 12 34', '00 44 20 7946 0958', '0044 20 7946', '00 7',
  '+0 123 456 78', '+3 80 44 123 4567', '8 (800) 555-35-35 доб. 123', 'tel: +7 916 123 45 67\nwork: 8 495 123 45 67',
  'ivan@', '@', 'a@b', 'a@b.', 'a@.ru', 'x@..', 'Anna <anna@mail.ru>', 'ivan@example.com; anna+orders@mail.ru',
  'a@x.ru b@.. c@y.ru', 'ivan@example.com.', '"ivan"@example.com', 'ivan@пример.рф', 'x@y.ru', 'mailto:ivan@example.com?subject=1',
  '4111', '4111-1111', '4111 1111 1111', '4111 1111 1111 1', '4000123412341235', 'visa **** 1111', 'card: 4111 1111 1111 1111 exp 12/28',
  '[REDACTED]', '[REDACTED:address]', '***@example.com', '***', '+7*******67', '*******67', '**** **** **** 1111', '[name:1a2b3c4d]',
  '[REDACTED:name]', 'Иванов Иван Иванович', "  John O'Connor  ", 'line1\nline2', '\t', '0', '79161234567', '380441234567',
];
const VALUES = [...new Set([...ODD_VALUES, ...EMAILS, ...PHONES, ...CARDS, ...SECRETS, ...ADDRESSES, ...NAMES, ...NEGATIVES, ...LINES])];

describe('SEC-1 collector value patterns: the masks under sensitive keys, as RE2 data', () => {
  const all = [
    ...sensitiveKeyPatterns.flatMap((p) => p.valuePatterns.map((v, i) => [`${p.name}[${i}]`, v.regex] as const)),
    ['idKeyPattern', idKeyPattern] as const,
    ['cardDigitsPattern', cardDigitsPattern.regex] as const,
    ...commandLinePatterns.map((p) => [p.name, p.regex] as const),
  ];

  test.each(all)('SEC-1 %s is valid and RE2-safe', (_name, regex) => {
    for (const [construct, what] of NOT_RE2_SAFE) expect({ what, found: construct.test(regex) }).toEqual({ what, found: false });
    expect(() => compile(regex)).not.toThrow();
  });

  test('SEC-1 every replacement only uses ${n} groups its regex has, and no other $', () => {
    for (const p of [...sensitiveKeyPatterns.flatMap((k) => k.valuePatterns), ...commandLinePatterns]) {
      const groups = new RegExp(`${compile(p.regex, false).source}|`).exec('')!.length - 1;
      for (const m of p.replacement.matchAll(/\$\{(\d+)\}/g)) expect(Number(m[1])).toBeLessThanOrEqual(groups);
      expect(p.replacement.replace(/\$\{\d+\}/g, '')).not.toContain('$');
    }
  });

  test.each(['secret', 'card', 'email', 'phone', 'address'] as const)(
    'SEC-1 %s: the steps give exactly what maskValue gives for every corpus value',
    (cls) => {
      const key = KEY_OF[cls];
      expect(classifyKey(key)).toBe(cls);
      const diff = VALUES.filter((v) => collectorValue(cls, v) !== maskValue(key, v)).map((v) => [v, collectorValue(cls, v), maskValue(key, v)]);
      // The one case the phone steps cannot see: a separator inside the country code.
      const allowed = cls === 'phone' ? diff.filter(([v]) => v !== '+3 80 44 123 4567') : diff;
      expect(allowed).toEqual([]);
    },
  );

  test('SEC-1 names: [REDACTED:name] instead of the keyed hash; the source side’s tokens stay', () => {
    for (const v of VALUES) {
      const out = applyClass('name', v);
      if (v === '') expect(out).toBe('');
      else if (/^\[(name:[0-9a-f]{8}|REDACTED:name)\]$/.test(v)) expect(out).toBe(v);
      else expect(out).toBe('[REDACTED:name]');
    }
    const hashed = maskValue('customer.name', 'Анна Смирнова') as string;
    expect(applyClass('name', hashed)).toBe(hashed);
  });

  test.each(['secret', 'card', 'email', 'phone', 'name', 'address'] as const)('SEC-1 %s: masking a masked value changes nothing', (cls) => {
    for (const v of VALUES) {
      const once = collectorValue(cls, v);
      expect([v, collectorValue(cls, once)]).toEqual([v, once]);
      // Nor does the collector change what the logger already masked.
      const logged = maskValue(KEY_OF[cls], v);
      if (typeof logged === 'string' && cls !== 'name') expect([v, collectorValue(cls, logged)]).toEqual([v, logged]);
    }
  });

  test('SEC-1 idKeyPattern matches the keys the source side classes as ids, and no key it leaves unclassed', () => {
    const re = new RegExp(idKeyPattern);
    const wrong = KEY_CASES.filter(([key, cls]) => (cls === 'id' && !re.test(key)) || ((cls === 'none' || cls === 'meta') && re.test(key)));
    expect(wrong).toEqual([]);
    for (const key of ['orderId', 'orderID', 'order.id', 'ORDER_ID', 'uuid', 'request.uuid', 'customerGuid', 'ID']) expect([key, re.test(key)]).toEqual([key, true]);
    for (const key of ['idle', 'ids_count', 'video', 'paid', 'android', 'identity']) expect([key, re.test(key)]).toEqual([key, false]);
  });

  test('SEC-1 cardDigitsPattern finds the same spans as the card rule, each digit in its own group', () => {
    const card = compile(collectorPatterns.find((p) => p.name === 'card_number')!.regex);
    const digits = compile(cardDigitsPattern.regex);
    expect(cardDigitsPattern.sameMatchesAs).toBe(card.source);
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '0123456789012345678923456 -- x.';
    const texts = [...LINES, ...CARDS, ...NEGATIVES];
    for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 10 + rnd(40) }, () => alphabet[rnd(alphabet.length)]).join(''));
    for (const text of texts) {
      const a = [...text.matchAll(card)].map((m) => [m.index, m[0]]);
      const b = [...text.matchAll(digits)].map((m) => [m.index, m[0]]);
      expect([text, b]).toEqual([text, a]);
      for (const m of text.matchAll(digits)) expect(m.slice(1).join('')).toBe(m[0].replace(/[^0-9]/g, ''));
    }
  });

  test('SEC-1 commandLinePatterns: a secret flag’s next word goes, other flags and already masked values stay', () => {
    const [flag, json] = commandLinePatterns;
    const line = (s: string) => s.replace(compile(flag!.regex), jsTemplate(flag!.replacement));
    const args = (s: string) => s.replace(compile(json!.regex), jsTemplate(json!.replacement));
    expect(line('node app.js --password S3cr3t --port 8080')).toBe('node app.js --password [REDACTED] --port 8080');
    expect(line('pg_dump --db-password "x y" -h db --api-key k-123 --token=abc')).toBe('pg_dump --db-password [REDACTED] -h db --api-key [REDACTED] --token=abc');
    expect(line('node --password-file /run/secret app.js --no-password-prompt x --bypass y')).toBe('node --password-file /run/secret app.js --no-password-prompt x --bypass y');
    expect(line(line('x --secret s'))).toBe('x --secret [REDACTED]');
    expect(args('["node","app.js","--password","S3cr3t","--access-token","a\\"b","--port","8080"]')).toBe(
      '["node","app.js","--password","[REDACTED]","--access-token","[REDACTED]","--port","8080"]',
    );
    expect(maskText('x --password=S3cr3t')).toBe('x --password=[REDACTED]');
  });
});

describe('SEC-1 collector value patterns under real RE2 (Go regexp), when Go is installed', () => {
  withGo(
    'SEC-1 Go compiles every value pattern and gives what the JavaScript run gives',
    () => {
      const classes = ['secret', 'card', 'email', 'phone', 'name', 'address'] as const;
      const lines = classes.flatMap((cls) => VALUES.map((v) => ({ cls, v })));
      const patterns = classes.map((cls) => patternsOf(cls));
      const out = runRe2({ lists: patterns, lines: lines.map(({ cls, v }) => ({ list: classes.indexOf(cls), value: v })) });
      expect(out.errors).toEqual([]);
      expect(out.values).toEqual(lines.map(({ cls, v }) => applyClass(cls, v)));
    },
    200_000,
  );
});
