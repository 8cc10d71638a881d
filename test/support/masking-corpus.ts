/**
 * The masking corpus (packages/masking/corpus, read by both engines' tests)
 * as the end-to-end tests use it: each case is a free text or a record, the
 * personal values in it that must not survive anywhere, and the look-alikes
 * that must survive unchanged.
 */
import { corpusCases as corpusFileCases } from '../../packages/masking/test/corpus-files';

export type Json = Record<string, unknown>;

export interface CorpusCase {
  /** Short and unique, safe in an id field (`c17`); `name` is the corpus's own id. */
  id: string;
  name: string;
  /** Free text (a message, a span name, a status message). */
  text?: string;
  /** A record of attributes, possibly nested. */
  record?: Json;
  personal: string[];
  keep: Array<string | number | boolean>;
}

export function corpusCases(): CorpusCase[] {
  return corpusFileCases().map((c, i) => ({ id: `c${i}`, name: c.id, text: c.text, record: c.record, personal: c.personal, keep: c.keep }));
}

const digitsOf = (s: string): string => s.replace(/[^0-9]/g, '');

/** Ids the pipeline itself writes (random hex: a short personal value could turn up in one by chance). */
const ID_FIELDS = new Set(['trace.id', 'span.id', 'parent.id', 'TraceId', 'SpanId', 'ParentSpanId', 'traceID', 'spanID']);

/**
 * Every key and string value in a document (a _source, or anything JSON-like),
 * recursively, but the pipeline's ids. The exporter writes a span's links as one
 * JSON string (`Link`): it is read as the values it holds.
 */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (ID_FIELDS.has(k)) continue;
      out.push(k);
      if (k === 'Link' && typeof v === 'string' && v.startsWith('[')) stringsOf(JSON.parse(v) as unknown, out);
      else stringsOf(v, out);
    }
  }
  return out;
}

/** Every leaf value in a document, recursively. */
function leavesOf(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const v of value) leavesOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) leavesOf(v, out);
  else out.push(value);
  return out;
}

/**
 * The personal values found in `strings`: as they were written, and for
 * values with 7 or more digits (cards, phones, documents) as their digits in
 * any one string, however they are separated there (the corpus's rule).
 */
export function leaks(strings: readonly string[], personal: readonly string[]): string[] {
  const digitForms = strings.map(digitsOf);
  return personal.filter((p) => {
    if (strings.some((s) => s.includes(p))) return true;
    const d = digitsOf(p);
    return d.length >= 7 && digitForms.some((s) => s.includes(d));
  });
}

/**
 * Fields the collector's ECS transform writes from the record's envelope
 * (its time, level, trace context, service): a record attribute of that name
 * is replaced in the document, whatever masking did with it.
 */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  '@timestamp',
  'log.level',
  'service.name',
  'trace.id',
  'span.id',
  'elasticsearch.index',
  'elastic.mapping.mode',
]);

/** Dotted paths of a record's leaves ({a: {b: 1}} → a.b = 1; arrays keep their parent's path). */
function paths(value: unknown, prefix: string, out: Array<[string, unknown]>): Array<[string, unknown]> {
  if (Array.isArray(value)) for (const v of value) paths(v, prefix, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, prefix ? `${prefix}.${k}` : k, out);
  else out.push([prefix, value]);
  return out;
}

/**
 * The look-alikes of a case missing from its documents: for a text, a
 * substring of some string; for a record, a whole value somewhere (what an
 * exact term query finds) — but for values the record holds only under an
 * envelope field, which the documents replace.
 */
export function missingLookalikes(c: CorpusCase, docs: readonly unknown[]): Array<string | number | boolean> {
  if (c.text !== undefined) {
    const all = docs.flatMap((d) => stringsOf(d));
    return c.keep.filter((k) => !all.some((s) => s.includes(String(k))));
  }
  const where = paths(c.record, '', []);
  const checkable = c.keep.filter((k) => where.some(([path, v]) => v === k && !ENVELOPE_FIELDS.has(path)));
  const leaves = docs.flatMap((d) => leavesOf(d));
  return checkable.filter((k) => !leaves.some((v) => v === k));
}
