import { collectorPatterns, isLuhnValid, maskText, sensitiveKeyPatterns } from '@jewelry/masking';
import { LINES, NEGATIVES } from './corpus';
import { KEY_CASES } from './key-cases';
import { compile, jsTemplate, NOT_RE2_SAFE, runRe2, withGo } from './re2-support';

/** What the collector does, run with JavaScript regexps: every pattern in order. */
function applyCollector(text: string, upTo = collectorPatterns.length): string {
  let out = text;
  for (const p of collectorPatterns.slice(0, upTo)) out = out.replace(compile(p.regex), jsTemplate(p.replacement));
  return out;
}

const CARD_STAGE = collectorPatterns.findIndex((p) => p.name === 'card_number');

/**
 * Lines where the two sides must agree: no JWT (keyed hash on the source side)
 * and only Luhn-valid numbers where the card regex matches (the collector cannot check Luhn).
 */
function collectorIsExact(line: string): boolean {
  if (line.includes('eyJ')) return false;
  const atCardStage = applyCollector(line, CARD_STAGE);
  for (const m of atCardStage.matchAll(compile((collectorPatterns[CARD_STAGE] as { regex: string }).regex))) {
    if (!isLuhnValid(m[0].replace(/[^0-9]/g, ''))) return false;
  }
  return true;
}

const EXTRA_LINES = [
  'письмо на иван@пример.рф и ivan+orders@example.com',
  'tel:+79161234567,+79161234568;8 (916) 1234567',
  'order ORD-89161234567 at /orders/89161234567 price +12500.00',
  'Invalid password: too short',
  '{ "password" : "x y z", "token":"abc" }',
  "Set-Cookie: JSESSIONID=ABC123; Path=/; HttpOnly",
];
const ALL_LINES = [...LINES, ...NEGATIVES, ...EXTRA_LINES];

describe('SEC-1 collectorPatterns: the value rules as RE2 data', () => {
  test('SEC-1 every pattern has a name, an RE2 regex and a replacement', () => {
    expect(collectorPatterns.length).toBeGreaterThanOrEqual(10);
    for (const p of collectorPatterns) {
      expect(p.name).toMatch(/^[a-z0-9_]+$/);
      expect(typeof p.regex).toBe('string');
      expect(typeof p.replacement).toBe('string');
    }
    expect(new Set(collectorPatterns.map((p) => p.name)).size).toBe(collectorPatterns.length);
  });

  test.each([...collectorPatterns.map((p) => [p.name, p.regex]), ...sensitiveKeyPatterns.map((p) => [`key:${p.name}`, p.regex])])(
    'SEC-1 %s is valid and RE2-safe',
    (_name, regex) => {
      for (const [construct, what] of NOT_RE2_SAFE) expect({ what, found: construct.test(regex as string) }).toEqual({ what, found: false });
      expect(() => compile(regex as string)).not.toThrow();
    },
  );

  test('SEC-1 replacements only use ${n} group references the regex has', () => {
    for (const p of collectorPatterns) {
      const groups = new RegExp(`${compile(p.regex).source}|`).exec('')!.length - 1;
      for (const m of p.replacement.matchAll(/\$\{(\d+)\}/g)) expect(Number(m[1])).toBeLessThanOrEqual(groups);
      expect(p.replacement.replace(/\$\{\d+\}/g, '')).not.toContain('$');
    }
  });

  const exactLines = ALL_LINES.filter(collectorIsExact);

  test('SEC-1 most corpus lines are ones where the collector must match the source exactly', () => {
    expect(exactLines.length).toBeGreaterThanOrEqual(35);
  });

  test.each(exactLines)('SEC-1 collector patterns give the same result as maskText: %s', (line) => {
    expect(applyCollector(line)).toBe(maskText(line));
  });

  test.each(ALL_LINES.map((l) => maskText(l)).filter(collectorIsExact))(
    'SEC-1 the collector leaves the logger’s masked output alone: %s',
    (masked) => {
      expect(applyCollector(masked)).toBe(masked);
    },
  );

  test('SEC-1 known differences: the collector hides JWTs without the hash and masks non-Luhn card-like numbers', () => {
    expect(applyCollector('id 4000123412341235')).toBe('id **** **** **** 1235');
    expect(maskText('id 4000123412341235')).toBe('id 4000123412341235');
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(applyCollector(jwt)).toBe('[JWT:REDACTED]');
    expect(maskText(jwt)).toMatch(/^\[JWT:[0-9a-f]{8}\]$/);
    expect(collectorPatterns.filter((p) => !p.exact).map((p) => p.name).sort()).toEqual(['card_number', 'jwt']);
  });
});

describe('SEC-1 collector patterns under real RE2 (Go regexp), when Go is installed', () => {
  withGo(
    'SEC-1 Go compiles every pattern and produces exactly what the JS run of the same patterns produces',
    () => {
      const keys = KEY_CASES.map(([k]) => k);
      const lines = [...ALL_LINES, ...ALL_LINES.map((l) => maskText(l))];
      const out = runRe2({ lists: [collectorPatterns], lines: lines.map((value) => ({ list: 0, value })), keyPatterns: sensitiveKeyPatterns, keys });
      expect(out.errors).toEqual([]);
      expect(out.values).toEqual(lines.map((l) => applyCollector(l)));
      const jsKeys = keys.map((k) => sensitiveKeyPatterns.find((p) => new RegExp(p.regex).test(k))?.name ?? '');
      expect(out.keys).toEqual(jsKeys);
    },
    200_000,
  );
});
