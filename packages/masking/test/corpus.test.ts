import { createMasker } from '@jewelry/masking';
import { canonicalJson } from './canonical-json';
import { CORPUS_SALT, corpusCases } from './corpus-files';

/**
 * SEC-1: the shared corpus (packages/masking/corpus/*.json) through
 * @jewelry/masking. The collector's Go engine runs the same files
 * (collector/processor/maskingprocessor/internal/mask/corpus_test.go); both
 * must give these outputs byte for byte.
 */
const masker = createMasker({ salt: CORPUS_SALT });
const cases = corpusCases();
const mask = (c: (typeof cases)[number]): unknown => (c.text !== undefined ? masker.maskText(c.text) : masker.maskAttributes(c.record));
const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');

/** Every key and string (and number, as written) in a value, recursively. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  }
  return out;
}

/** Whether `value` is, whole, one of the values in `tree`. */
function holdsValue(tree: unknown, value: unknown): boolean {
  if (tree === value) return true;
  if (Array.isArray(tree)) return tree.some((v) => holdsValue(v, value));
  if (tree !== null && typeof tree === 'object') return Object.values(tree).some((v) => holdsValue(v, value));
  return false;
}

describe('SEC-1 the masking corpus', () => {
  test('SEC-1 has hundreds of cases, each id once, each a text or a record', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect([c.id, (c.text === undefined) !== (c.record === undefined)]).toEqual([c.id, true]);
  });

  test.each(cases.map((c) => [c.id, c] as const))('SEC-1 %s: exactly the expected output', (_id, c) => {
    expect(canonicalJson(mask(c))).toBe(canonicalJson(c.expected));
  });

  test.each(cases.filter((c) => c.personal.length > 0).map((c) => [c.id, c] as const))(
    'SEC-1 %s: no personal value survives, nor its digits',
    (_id, c) => {
      const input = c.text ?? JSON.stringify(c.record);
      const strings = stringsOf(mask(c));
      for (const p of c.personal) {
        // The case holds what it claims (a JSON-escaped form counts for records).
        expect([p, input.includes(p) || input.includes(JSON.stringify(p).slice(1, -1))]).toEqual([p, true]);
        expect([p, strings.filter((s) => s.includes(p))]).toEqual([p, []]);
        const d = digitsOf(p);
        if (d.length >= 7) expect([p, strings.filter((s) => digitsOf(s).includes(d))]).toEqual([p, []]);
      }
    },
  );

  test.each(cases.filter((c) => c.keep.length > 0).map((c) => [c.id, c] as const))(
    'SEC-1 %s: every look-alike survives unchanged',
    (_id, c) => {
      const out = mask(c);
      for (const k of c.keep) {
        // In a text, as a substring; in a record, as a whole value (what an exact term query finds).
        const found = c.text !== undefined ? (out as string).includes(String(k)) : holdsValue(out, k);
        expect([k, found]).toEqual([k, true]);
      }
    },
  );

  // The span exporter's call: the same outputs, and the input itself only where nothing in a flat record changed.
  const sameMasker = createMasker({ salt: CORPUS_SALT });
  const isFlat = (record: Record<string, unknown>): boolean =>
    Object.values(record).every(
      (v) => typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((e) => typeof e !== 'object' || e === null)),
    );
  test.each(cases.filter((c) => c.record !== undefined).map((c) => [c.id, c] as const))(
    'SEC-1 %s: maskAttributesOrSame gives the same output, twice, and never changes the input',
    (_id, c) => {
      const record = c.record as Record<string, unknown>;
      const before = JSON.stringify(record);
      for (let round = 0; round < 2; round++) {
        const out = sameMasker.maskAttributesOrSame(record);
        expect(canonicalJson(out)).toBe(canonicalJson(c.expected));
        // The input itself exactly when a flat record comes out as it went in; a copy otherwise.
        const unchanged = canonicalJson(c.expected) === canonicalJson(record) && isFlat(record);
        expect(out === record).toBe(unchanged);
      }
      expect(JSON.stringify(record)).toBe(before);
    },
  );

  test.each(cases.map((c) => [c.id, c] as const))('SEC-1 %s: masking the output again changes nothing', (_id, c) => {
    const again = c.text !== undefined ? masker.maskText(c.expected as string) : masker.maskAttributes(c.expected);
    expect(canonicalJson(again)).toBe(canonicalJson(c.expected));
  });
});
