import { maskCardValue } from './card-number.js';
import { maskEmailValue } from './email.js';
import { splitKey } from './key-segments.js';
import type { TextMasker } from './mask-text.js';
import { maskPhoneValue } from './phone.js';
import { classifyWords, isSensitiveClass, lastWord, type KeyClass } from './sensitive-keys.js';
import { stableHash } from './stable-hash.js';

export const REDACTED = '[REDACTED]';
export const ADDRESS_REDACTED = '[REDACTED:address]';
export const CIRCULAR = '[Circular]';
export const TRUNCATED = '[Truncated]';

interface NameMask {
  readonly masked: string;
  readonly echoes: ReadonlyArray<readonly [string, string]>;
}

interface KeyInfo {
  /** Class from the key alone (no inheritance). */
  readonly cls: KeyClass;
  /** The word children of this key are qualified by. */
  readonly word: string;
  /** The key as written to the copy: keys are free text too ({ "ivan@x.ru": 1 }). */
  readonly outKey: string;
}

// Keys repeat on every record, so classification is cached. Bounded, because
// some services put data into keys; when full it is simply dropped.
const MAX_CACHED_KEYS = 4096;
const MAX_CACHED_NAMES = 1024;
const TOP = '\u0000top';

/** Per call: the objects being copied (cycle check) and the personal values seen under sensitive keys. */
interface Walk {
  readonly ancestors: object[];
  /** Raw value → its mask, for values to hunt down in the record's other strings. */
  readonly seen: Map<string, string>;
}

// Values shorter than this are not hunted in other fields: a CVV "123" would
// otherwise eat the end of "ORD-2026-000123".
const MIN_SECRET_ECHO = 6;
const MIN_NAME_WORD_ECHO = 3;
// Only capitalised names are hunted: a login like "admin" under user.name must
// not eat "/admin/orders" elsewhere in the record.
const STARTS_UPPER = /^\p{Lu}/u;
const WORDS = /[\p{L}\p{M}'’-]+/gu;

export interface AttributeMaskerOptions {
  readonly salt: string;
  readonly maxDepth: number;
  readonly text: TextMasker;
}

export class AttributeMasker {
  private readonly salt: string;
  private readonly maxDepth: number;
  private readonly text: TextMasker;
  private readonly keyCache = new Map<string, Map<string, KeyInfo>>();
  private keyCacheSize = 0;
  private readonly nameCache = new Map<string, NameMask>();

  constructor(options: AttributeMaskerOptions) {
    this.salt = options.salt;
    this.maxDepth = options.maxDepth;
    this.text = options.text;
  }

  maskValue(key: string, value: unknown): unknown {
    const info = this.keyInfo(key, undefined);
    return this.run(value, info.cls, info.word);
  }

  maskAttributes<T>(attrs: T): T {
    return this.run(attrs, 'none', undefined) as T;
  }

  /**
   * Masks, then hunts the personal values found under sensitive keys in the
   * record's other strings: { recipient: "John O'Connor", message: "Dear John
   * O'Connor, …" } loses the name in both places. A name that appears only in
   * free text cannot be recognised (see README).
   */
  private run(value: unknown, cls: KeyClass, word: string | undefined): unknown {
    const walk: Walk = { ancestors: [], seen: new Map() };
    const out = this.node(value, cls, word, 0, walk);
    if (walk.seen.size === 0) return out;
    const echoes = [...walk.seen].sort((a, b) => b[0].length - a[0].length);
    return this.scrub(out, echoes, 0);
  }

  private keyInfo(key: string, parentWord: string | undefined): KeyInfo {
    const bucketKey = parentWord ?? TOP;
    let bucket = this.keyCache.get(bucketKey);
    const hit = bucket?.get(key);
    if (hit !== undefined) return hit;
    const words = splitKey(key);
    const info: KeyInfo = {
      cls: classifyWords(words, parentWord),
      word: lastWord(words),
      outKey: this.text.maskText(key),
    };
    if (this.keyCacheSize >= MAX_CACHED_KEYS) {
      this.keyCache.clear();
      this.keyCacheSize = 0;
      bucket = undefined;
    }
    if (bucket === undefined) {
      bucket = new Map();
      this.keyCache.set(bucketKey, bucket);
    }
    bucket.set(key, info);
    this.keyCacheSize++;
    return info;
  }

  /** `word` is the qualifier for child keys: the last word of this value's key, undefined at the top. */
  private node(value: unknown, cls: KeyClass, word: string | undefined, depth: number, walk: Walk): unknown {
    switch (typeof value) {
      case 'string':
        return this.string(value, cls, walk);
      case 'number':
      case 'bigint':
        return isSensitiveClass(cls) ? this.number(value, cls) : value;
      case 'object':
        return value === null ? value : this.object(value, cls, word, depth, walk);
      default:
        // boolean, undefined, symbol, function: nothing personal can hide in them.
        return value;
    }
  }

  private string(value: string, cls: KeyClass, walk?: Walk): string {
    if (value === '') return value;
    switch (cls) {
      case 'secret':
        if (walk !== undefined && value.length >= MIN_SECRET_ECHO) walk.seen.set(value, REDACTED);
        return REDACTED;
      case 'name': {
        const name = this.name(value);
        if (walk !== undefined) for (const [raw, masked] of name.echoes) walk.seen.set(raw, masked);
        return name.masked;
      }
      case 'address':
        if (walk !== undefined && value.length >= MIN_SECRET_ECHO) walk.seen.set(value, ADDRESS_REDACTED);
        return ADDRESS_REDACTED;
      case 'email':
        return maskEmailValue(value);
      case 'phone':
        return maskPhoneValue(value) ?? this.text.maskText(value);
      case 'card':
        return maskCardValue(value) ?? this.text.maskText(value);
      case 'id':
        return this.text.maskTextExceptPhones(value);
      default:
        return this.text.maskText(value);
    }
  }

  private number(value: number | bigint, cls: KeyClass): unknown {
    const s = String(value);
    switch (cls) {
      case 'phone':
        return maskPhoneValue(s) ?? value;
      case 'card':
        return maskCardValue(s) ?? value;
      case 'email':
        return '***';
      default:
        return this.string(s, cls);
    }
  }

  /**
   * The token for a name, and the echoes to hunt in the record's other
   * strings: the whole name and each of its words ("Dear John" loses "John"
   * too). Cached per raw value: names repeat, HMAC and word splitting do not need to.
   */
  private name(raw: string): NameMask {
    let hit = this.nameCache.get(raw);
    if (hit !== undefined) return hit;
    const trimmed = raw.trim();
    const masked = `[name:${this.hash(trimmed)}]`;
    const echoes: Array<[string, string]> = [];
    if (trimmed.length >= MIN_NAME_WORD_ECHO && STARTS_UPPER.test(trimmed)) echoes.push([trimmed, masked]);
    for (const m of trimmed.matchAll(WORDS)) {
      const w = m[0];
      if (w !== trimmed && w.length >= MIN_NAME_WORD_ECHO && STARTS_UPPER.test(w)) echoes.push([w, `[name:${this.hash(w)}]`]);
    }
    hit = { masked, echoes };
    if (this.nameCache.size >= MAX_CACHED_NAMES) this.nameCache.clear();
    this.nameCache.set(raw, hit);
    return hit;
  }

  /** Normalised so "Анна Смирнова" and " анна  смирнова" correlate. */
  private hash(name: string): string {
    return stableHash(name.trim().replace(/[\t\n\f\r ]+/g, ' ').toLowerCase(), this.salt);
  }

  private object(value: object, cls: KeyClass, word: string | undefined, depth: number, walk: Walk): unknown {
    const ancestors = walk.ancestors;
    if (ancestors.includes(value)) return CIRCULAR;
    if (depth >= this.maxDepth) return TRUNCATED;

    if (value instanceof Date) {
      if (isSensitiveClass(cls)) return this.string(Number.isNaN(value.getTime()) ? String(value) : value.toISOString(), cls, walk);
      return new Date(value.getTime());
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof RegExp) {
      // Binary and patterns are not text we can scan; under a sensitive key they go entirely.
      return isSensitiveClass(cls) ? REDACTED : value;
    }
    if (value instanceof URLSearchParams) return this.string(value.toString(), cls, walk);

    ancestors.push(value);
    try {
      if (Array.isArray(value)) {
        // Arrays are transparent: elements keep the array's key and class.
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = this.node(value[i], cls, word, depth + 1, walk);
        return out;
      }
      if (value instanceof Error) return this.error(value, cls, word, depth, walk);
      if (value instanceof Map) {
        const out = new Map<unknown, unknown>();
        for (const [k, v] of value) {
          if (typeof k === 'string') {
            const info = this.keyInfo(k, word);
            out.set(info.outKey, this.node(v, inherit(info.cls, cls), info.word, depth + 1, walk));
          } else {
            out.set(k, this.node(v, cls, word, depth + 1, walk));
          }
        }
        return out;
      }
      if (value instanceof Set) {
        const out = new Set<unknown>();
        for (const v of value) out.add(this.node(v, cls, word, depth + 1, walk));
        return out;
      }
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        // What JSON.stringify would write (URL → href, Decimal → string); mask that.
        let json: unknown;
        try {
          json = toJSON.call(value);
        } catch {
          return '[Unserializable]';
        }
        return this.node(json, cls, word, depth + 1, walk);
      }
      return this.plainObject(value, cls, word, depth, walk);
    } finally {
      ancestors.pop();
    }
  }

  private plainObject(value: object, cls: KeyClass, word: string | undefined, depth: number, walk: Walk): object {
    const proto: unknown = Object.getPrototypeOf(value);
    const out: Record<string, unknown> = proto === Object.prototype ? {} : Object.create(proto as object | null);
    const src = value as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      let child: unknown;
      try {
        child = src[key];
      } catch {
        child = '[Unreadable]';
      }
      const info = this.keyInfo(key, word);
      setOwn(out, info.outKey, this.node(child, inherit(info.cls, cls), info.word, depth + 1, walk));
    }
    return out;
  }

  /**
   * A copy with the same prototype (instanceof and name still work) whose
   * message and stack are masked as text and whose other own properties
   * (code, cause, config.headers of HTTP client errors …) are masked like attributes.
   */
  private error(err: Error, cls: KeyClass, word: string | undefined, depth: number, walk: Walk): Error {
    const copy = Object.create(Object.getPrototypeOf(err) as object | null) as Error;
    const textCls: KeyClass = isSensitiveClass(cls) ? cls : 'none';
    const src = err as unknown as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(err)) {
      const descriptor = Object.getOwnPropertyDescriptor(err, key);
      let v: unknown;
      try {
        v = src[key];
      } catch {
        continue;
      }
      let masked: unknown;
      if (key === 'message' || key === 'stack' || key === 'name') {
        masked = typeof v === 'string' ? this.string(v, textCls, walk) : v;
      } else {
        const info = this.keyInfo(key, word ?? 'error');
        masked = this.node(v, inherit(info.cls, cls), info.word, depth + 1, walk);
      }
      Object.defineProperty(copy, key, {
        value: masked,
        writable: true,
        configurable: true,
        enumerable: descriptor?.enumerable ?? true,
      });
    }
    return copy;
  }

  /**
   * Second pass over our own copy (never the input), replacing echoes of
   * personal values in every string. The copy has no cycles: they became "[Circular]".
   */
  private scrub(value: unknown, echoes: ReadonlyArray<readonly [string, string]>, depth: number): unknown {
    if (typeof value === 'string') return replaceEchoes(value, echoes);
    if (typeof value !== 'object' || value === null || depth > this.maxDepth) return value;
    if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.scrub(value[i], echoes, depth + 1);
      return value;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) value.set(k, this.scrub(v, echoes, depth + 1));
      return value;
    }
    if (value instanceof Set) {
      const items = [...value];
      value.clear();
      for (const v of items) value.add(this.scrub(v, echoes, depth + 1));
      return value;
    }
    const names = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
    for (const key of names) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d === undefined || !('value' in d)) continue;
      const next = this.scrub(d.value, echoes, depth + 1);
      if (next !== d.value) Object.defineProperty(value, key, { ...d, value: next });
    }
    return value;
  }
}

function replaceEchoes(text: string, echoes: ReadonlyArray<readonly [string, string]>): string {
  let out = text;
  for (const [raw, masked] of echoes) {
    if (out !== masked && out.includes(raw)) out = out.split(raw).join(masked);
  }
  return out;
}

/** A sensitive parent's class flows into children whose own key says nothing. */
function inherit(own: KeyClass, parent: KeyClass): KeyClass {
  if (own === 'none' && isSensitiveClass(parent)) return parent;
  return own;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || Object.getPrototypeOf(target) !== Object.prototype) {
    // Plain assignment would replace the copy's prototype (__proto__) or run a class's setter.
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
