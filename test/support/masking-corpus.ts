/**
 * The masking corpus as the end-to-end tests use it: each case is a free
 * text or a record (attributes, possibly nested), the personal values in it
 * that must not survive anywhere, and the look-alikes in it that must
 * survive unchanged. Read from packages/masking/test/corpus.ts.
 */
import { ADDRESSES, CARDS, EMAILS, JWTS, LINES, NAMES, NEGATIVES, PHONES, RECORDS, SECRETS } from '../../packages/masking/test/corpus';

export type Json = Record<string, unknown>;

export interface CorpusCase {
  id: string;
  /** Free text (a message, a span name, a status message). */
  text?: string;
  /** A record of attributes, possibly nested. */
  record?: Json;
  personal: string[];
  keep: string[];
}

const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');
/** The words of a name that alone would still identify (3+ letters). */
const nameWords = (name: string): string[] => name.split(/[\s,.]+/).filter((w) => w.length >= 3 && /\p{L}/u.test(w));

const PERSONAL = [...NAMES, ...EMAILS, ...PHONES, ...CARDS, ...JWTS, ...SECRETS, ...ADDRESSES];

/** The personal values and look-alikes a text contains. */
function classify(text: string): { personal: string[]; keep: string[] } {
  const personal = PERSONAL.filter((p) => text.includes(p));
  for (const name of NAMES) if (text.includes(name)) personal.push(...nameWords(name));
  // The local part is what identifies; the domain stays on purpose.
  const emails = EMAILS.filter((e) => text.includes(e)).map((e) => `${e.split('@')[0]}@`);
  return { personal: [...new Set([...personal, ...emails])], keep: NEGATIVES.filter((n) => text.includes(n)) };
}

export function corpusCases(): CorpusCase[] {
  const texts = [...LINES, ...NEGATIVES].map((text, i) => ({ id: `t${i}`, text, ...classify(text) }));
  const records = RECORDS.map((record, i) => ({ id: `r${i}`, record: record as Json, ...classify(JSON.stringify(record)) }));
  return [...texts, ...records];
}

/** Every key and string value in a document (a _source, or anything JSON-like), recursively. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  }
  return out;
}

/**
 * The personal values found in `strings`: as they were written, and for
 * values with 7 or more digits (cards, phones, documents) as their digits in
 * any one string, however they are separated there.
 */
export function leaks(strings: readonly string[], personal: readonly string[]): string[] {
  const digitForms = strings.map(digitsOf);
  return personal.filter((p) => {
    if (strings.some((s) => s.includes(p))) return true;
    const d = digitsOf(p);
    return d.length >= 7 && digitForms.some((s) => s.includes(d));
  });
}
