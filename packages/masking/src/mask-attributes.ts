import { maskCardValue } from './card-number.js';
import { maskEmailValue } from './email.js';
import { splitKey } from './key-segments.js';
import { hashName, type TextMasker } from './mask-text.js';
import { ADDRESS_REDACTED, CIRCULAR, MASK_TOKEN_SOURCE, REDACTED, redactedAs, TRUNCATED } from './masks.js';
import { maskPhoneValue } from './phone.js';
import { secretFlagElementPattern } from './secrets.js';
import { classifyKeyVerdict, isSensitiveClass, lastWord, type KeyClass } from './sensitive-keys.js';
import { compilePattern } from './text-rule.js';
import { isTradeValue } from './trade-words.js';
import { looksLikeNetworkAddress, looksLikePersonName } from './value-shapes.js';

interface NameMask {
  readonly masked: string;
  readonly echoes: ReadonlyArray<readonly [string, string]>;
}

/** How a value is masked: its key's class, and how the value decides (see KeyVerdict). */
interface Context {
  readonly cls: KeyClass;
  readonly soft: boolean;
  readonly ambiguous: boolean;
}

const PLAIN: Context = { cls: 'none', soft: false, ambiguous: false };
const SECRET: Context = { cls: 'secret', soft: false, ambiguous: false };

interface KeyInfo extends Context {
  /** Class from the key alone (no inheritance). */
  readonly cls: KeyClass;
  /** The word children of this key are qualified by. */
  readonly word: string;
  /** The key as written to the copy: keys are free text too ({ "ivan@x.ru": 1 }). */
  readonly outKey: string;
  /** The last string masked in this key's own context that came out unchanged (see keyedString). */
  lastClean: string | undefined;
}

// Keys repeat on every record, so classification is cached. Bounded, because
// some services put data into keys; when full it is simply dropped.
const MAX_CACHED_KEYS = 4096;
const MAX_CACHED_NAMES = 1024;

/** Per call: the objects being copied (cycle check) and the personal values seen under sensitive keys. */
interface Walk {
  readonly ancestors: object[];
  /** Raw value → its mask, for values to hunt down in the record's other strings. */
  readonly seen: Map<string, string>;
}

// A longer value is not kept as a key's last clean value (KeyInfo.lastClean).
const MAX_REMEMBERED_VALUE = 512;

// Values shorter than this are not hunted in other fields: a CVV "123" would
// otherwise eat the end of "ORD-2026-000123".
const MIN_SECRET_ECHO = 6;
const MIN_NAME_WORD_ECHO = 3;
// Only capitalised names are hunted: a login like "admin" under user.name must
// not eat "/admin/orders" elsewhere in the record.
const STARTS_UPPER = /^\p{Lu}/u;
const WORDS = /[\p{L}\p{M}'’-]+/gu;
// An argv element that is a secret flag ("--password"): the next element is its value.
const SECRET_FLAG = new RegExp(compilePattern(secretFlagElementPattern).source, 'iu');
// Integers this small hold no card, phone, account or document number.
const SMALL_NUMBER = 1e10;

/** A log record's body and attributes, masked as one scope (maskRecord). */
export interface MaskedRecord<B, A> {
  readonly body: B;
  readonly attributes: A;
}

export interface AttributeMaskerOptions {
  readonly salt: string;
  readonly maxDepth: number;
  readonly text: TextMasker;
}

export class AttributeMasker {
  private readonly salt: string;
  private readonly maxDepth: number;
  private readonly text: TextMasker;
  /** Keys by the word of their parent; top-level keys (most: span and log attributes) in their own map. */
  private readonly keyCache = new Map<string, Map<string, KeyInfo>>();
  private readonly topKeys = new Map<string, KeyInfo>();
  private keyCacheSize = 0;
  /** The walk of maskAttributesOrSame: only read while it runs (masking is synchronous), emptied after. */
  private readonly probe: Walk = { ancestors: [], seen: new Map() };
  private readonly nameCache = new Map<string, NameMask>();

  constructor(options: AttributeMaskerOptions) {
    this.salt = options.salt;
    this.maxDepth = options.maxDepth;
    this.text = options.text;
  }

  maskValue(key: string, value: unknown): unknown {
    const info = this.keyInfo(key, undefined);
    return this.run(value, info, info.word);
  }

  maskAttributes<T>(attrs: T): T {
    return this.run(attrs, PLAIN, undefined) as T;
  }

  /**
   * For a flat map of data properties, as the OpenTelemetry SDK builds span,
   * event and link attributes (strings, numbers, booleans, lists of them): the
   * map itself when no key and no value in it is masked — no copy, which was
   * most of what masking a clean span cost — otherwise maskAttributes' copy.
   * Anything else (nested objects, class instances, a getter that throws) gets
   * maskAttributes. The result may be the input: treat it as read-only.
   */
  maskAttributesOrSame<T>(attrs: T): T {
    // maxDepth 0 or 1 truncates the map or its lists: left to maskAttributes.
    if (typeof attrs !== 'object' || attrs === null || Object.getPrototypeOf(attrs) !== Object.prototype || this.maxDepth < 2)
      return this.maskAttributes(attrs);
    const src = attrs as Record<string, unknown>;
    const walk = this.probe;
    try {
      // for…in, not Object.keys: V8 reads the values by the object's enum cache. An enumerable
      // inherited key (none on Object.prototype) is only checked too.
      for (const key in src) {
        const info = this.keyInfo(key, undefined);
        if (info.outKey !== key) return this.maskAttributes(attrs);
        if (!this.unchanged(src[key], info, walk)) return this.maskAttributes(attrs);
      }
      // Filled only where a value is masked; then the copy's own walk hunts the echoes.
      if (walk.seen.size > 0) return this.maskAttributes(attrs);
    } catch {
      return this.maskAttributes(attrs);
    } finally {
      walk.seen.clear();
    }
    return attrs;
  }

  /**
   * A log record as one scope, as the collector's MaskRecord does: the body
   * (any type, read as a top-level value) and the attributes; a name or
   * secret found under its key in either is hunted in both.
   */
  maskRecord<B, A>(body: B, attributes: A): MaskedRecord<B, A> {
    const walk: Walk = { ancestors: [], seen: new Map() };
    let maskedBody = this.node(body, PLAIN, undefined, 0, walk);
    let maskedAttributes = this.node(attributes, PLAIN, undefined, 0, walk);
    if (walk.seen.size > 0) {
      const echoes = echoesOf(walk);
      maskedBody = this.scrub(maskedBody, echoes, 0, undefined, PLAIN);
      maskedAttributes = this.scrub(maskedAttributes, echoes, 0, undefined, PLAIN);
    }
    return { body: maskedBody as B, attributes: maskedAttributes as A };
  }

  /**
   * Masks, then hunts the personal values found under sensitive keys in the
   * record's other strings: { recipient: "John O'Connor", message: "Dear John
   * O'Connor, …" } loses the name in both places. A name that appears only in
   * free text cannot be recognised (see README).
   */
  private run(value: unknown, ctx: Context, word: string | undefined): unknown {
    const walk: Walk = { ancestors: [], seen: new Map() };
    const out = this.node(value, ctx, word, 0, walk);
    if (walk.seen.size === 0) return out;
    return this.scrub(out, echoesOf(walk), 0, word, ctx);
  }

  private keyInfo(key: string, parentWord: string | undefined): KeyInfo {
    let bucket = parentWord === undefined ? this.topKeys : this.keyCache.get(parentWord);
    const hit = bucket?.get(key);
    if (hit !== undefined) return hit;
    const verdict = classifyKeyVerdict(key, parentWord);
    const info: KeyInfo = {
      cls: verdict.cls,
      soft: verdict.soft,
      ambiguous: verdict.ambiguous,
      word: lastWord(splitKey(key)),
      outKey: this.text.maskText(key),
      lastClean: undefined,
    };
    if (this.keyCacheSize >= MAX_CACHED_KEYS) {
      this.keyCache.clear();
      this.topKeys.clear();
      this.keyCacheSize = 0;
      if (parentWord !== undefined) bucket = undefined;
    }
    if (bucket === undefined) {
      bucket = new Map();
      this.keyCache.set(parentWord as string, bucket);
    }
    bucket.set(key, info);
    this.keyCacheSize++;
    return info;
  }

  /** Whether masking a top-level value of a flat map leaves it as it is (maskAttributesOrSame). */
  private unchanged(value: unknown, ctx: Context, walk: Walk): boolean {
    switch (typeof value) {
      case 'string':
        return this.keyedString(value, ctx, walk) === value;
      case 'number':
      case 'bigint':
        return this.number(value, ctx, walk) === value;
      case 'boolean':
      case 'undefined':
        return true;
      case 'object':
        if (value === null) return true;
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) {
          const element: unknown = value[i];
          if (typeof element === 'object' && element !== null) return false;
          if (!this.unchanged(element, elementContext(value, i, ctx), walk)) return false;
        }
        return true;
      default:
        return false;
    }
  }

  /**
   * A string under `ctx`; when that is its key's own context, the key's last
   * value that came out unchanged is not masked again: the same key with the
   * same value masks the same way, and most attributes repeat their value on
   * every record. Only unchanged values are kept, so nothing personal is held.
   */
  private keyedString(value: string, ctx: Context, walk: Walk): string {
    if (!isKeyInfo(ctx)) return this.string(value, ctx, walk);
    if (value === ctx.lastClean) return value;
    const out = this.string(value, ctx, walk);
    if (out === value && value.length <= MAX_REMEMBERED_VALUE) ctx.lastClean = value;
    return out;
  }

  /** `word` is the qualifier for child keys: the last word of this value's key, undefined at the top. */
  private node(value: unknown, ctx: Context, word: string | undefined, depth: number, walk: Walk): unknown {
    switch (typeof value) {
      case 'string':
        return this.string(value, ctx, walk);
      case 'number':
      case 'bigint':
        return this.number(value, ctx, walk);
      case 'object':
        return value === null ? value : this.object(value, ctx, word, depth, walk);
      default:
        // boolean, undefined, symbol, function: nothing personal can hide in them.
        return value;
    }
  }

  private string(value: string, ctx: Context, walk: Walk): string {
    // Masked already (by the source, when this is the collector): masking twice changes nothing.
    if (value === '' || isMaskToken(value)) return value;
    const cls = ctx.cls;
    switch (cls) {
      case 'secret':
        // A brooch pin, an assay pass: a trade value under an ambiguous secret word stays.
        if (ctx.ambiguous && isTradeValue(value)) return this.text.maskText(value);
        return this.hide(value, REDACTED, walk);
      case 'passport':
      case 'snils':
      case 'inn':
      case 'iban':
      case 'account':
        return this.hide(value, redactedAs(cls), walk);
      case 'name': {
        if (ctx.soft && !looksLikePersonName(value)) return this.text.maskText(value);
        if (value.trim() === '') return value;
        const name = this.name(value);
        for (const [raw, masked] of name.echoes) walk.seen.set(raw, masked);
        return name.masked;
      }
      case 'address':
        if (looksLikeNetworkAddress(value) || (ctx.soft && !this.looksLikePostalAddress(value))) return this.text.maskText(value);
        return this.hide(value, ADDRESS_REDACTED, walk);
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

  /** The whole value goes; long enough values are also hunted in the record's other strings. */
  private hide(value: string, mask: string, walk: Walk): string {
    if (value.length >= MIN_SECRET_ECHO) walk.seen.set(value, mask);
    return mask;
  }

  /** A soft address key's value is an address when the address rules find one in it, or it has two commas and a digit. */
  private looksLikePostalAddress(value: string): boolean {
    if (this.text.findsAddress(value)) return true;
    let commas = 0;
    let digit = false;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 44) commas++;
      else if (c >= 48 && c <= 57) digit = true;
    }
    return commas >= 2 && digit;
  }

  /**
   * Numbers under a sensitive key are masked as the class says (pin: 1234,
   * phone: 79161234567); under any other key a number long enough to be a
   * card, phone, account or document gets the text rules on its decimal
   * form (amount: 4111111111111111 is a card). Unchanged numbers stay numbers.
   */
  private number(value: number | bigint, ctx: Context, walk: Walk): unknown {
    const cls = ctx.cls;
    if (isSensitiveClass(cls) && !ctx.soft) {
      const s = String(value);
      let out: string;
      switch (cls) {
        case 'phone':
          out = maskPhoneValue(s) ?? s;
          break;
        case 'card':
          out = maskCardValue(s) ?? s;
          break;
        case 'email':
          out = '***';
          break;
        default:
          out = this.string(s, ctx, walk);
      }
      return out === s ? value : out;
    }
    // Before the decimal form is made: most numbers (ports, sizes, counts, amounts) end here.
    if (typeof value === 'number' ? !(Math.abs(value) >= SMALL_NUMBER) : value < BigInt(SMALL_NUMBER) && value > -BigInt(SMALL_NUMBER))
      return value;
    const s = String(value);
    const out = cls === 'id' ? this.text.maskTextExceptPhones(s) : this.text.maskText(s);
    return out === s ? value : out;
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
    return hashName(name, this.salt);
  }

  private object(value: object, ctx: Context, word: string | undefined, depth: number, walk: Walk): unknown {
    const cls = ctx.cls;
    const ancestors = walk.ancestors;
    if (ancestors.includes(value)) return CIRCULAR;
    if (depth >= this.maxDepth) return TRUNCATED;

    if (value instanceof Date) {
      if (isSensitiveClass(cls)) return this.string(Number.isNaN(value.getTime()) ? String(value) : value.toISOString(), ctx, walk);
      return new Date(value.getTime());
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof RegExp) {
      // Binary and patterns are not text we can scan; under a sensitive key they go entirely.
      return isSensitiveClass(cls) ? REDACTED : value;
    }
    if (value instanceof URLSearchParams) return this.string(value.toString(), ctx, walk);

    ancestors.push(value);
    try {
      if (Array.isArray(value)) {
        // Arrays are transparent: elements keep the array's key and class; in argv
        // (process.command_args) the element after a secret flag is a secret, unless it is a flag too.
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = this.node(value[i], elementContext(value, i, ctx), word, depth + 1, walk);
        return out;
      }
      if (value instanceof Error) return this.error(value, ctx, word, depth, walk);
      if (value instanceof Map) {
        const out = new Map<unknown, unknown>();
        for (const [k, v] of value) {
          if (typeof k === 'string') {
            const info = this.keyInfo(k, word);
            out.set(info.outKey, this.node(v, inherit(info, ctx), info.word, depth + 1, walk));
          } else {
            out.set(k, this.node(v, ctx, word, depth + 1, walk));
          }
        }
        return out;
      }
      if (value instanceof Set) {
        const out = new Set<unknown>();
        for (const v of value) out.add(this.node(v, ctx, word, depth + 1, walk));
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
        return this.node(json, ctx, word, depth + 1, walk);
      }
      return this.plainObject(value, ctx, word, depth, walk);
    } finally {
      ancestors.pop();
    }
  }

  private plainObject(value: object, ctx: Context, word: string | undefined, depth: number, walk: Walk): object {
    const proto: unknown = Object.getPrototypeOf(value);
    const plain = proto === Object.prototype;
    const out: Record<string, unknown> = plain ? {} : Object.create(proto as object | null);
    const src = value as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      let child: unknown;
      try {
        child = src[key];
      } catch {
        child = '[Unreadable]';
      }
      const info = this.keyInfo(key, word);
      const childCtx = inherit(info, ctx);
      const masked =
        typeof child === 'string' ? this.keyedString(child, childCtx, walk) : this.node(child, childCtx, info.word, depth + 1, walk);
      const outKey = info.outKey;
      // Plain assignment would replace the copy's prototype (__proto__) or run a class's setter.
      if (plain && outKey !== '__proto__') out[outKey] = masked;
      else Object.defineProperty(out, outKey, { value: masked, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  /**
   * A copy with the same prototype (instanceof and name still work) whose
   * message and stack are masked as text and whose other own properties
   * (code, cause, config.headers of HTTP client errors …) are masked like attributes.
   */
  private error(err: Error, ctx: Context, word: string | undefined, depth: number, walk: Walk): Error {
    const copy = Object.create(Object.getPrototypeOf(err) as object | null) as Error;
    const textCtx: Context = isSensitiveClass(ctx.cls) && !ctx.soft ? ctx : PLAIN;
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
        masked = typeof v === 'string' ? this.string(v, textCtx, walk) : v;
      } else {
        const info = this.keyInfo(key, word ?? 'error');
        masked = this.node(v, inherit(info, ctx), info.word, depth + 1, walk);
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
  private scrub(
    value: unknown,
    echoes: ReadonlyArray<readonly [string, string]>,
    depth: number,
    word: string | undefined,
    ctx: Context,
  ): unknown {
    // Not in ids (an id stays searchable: partner_id "partner-atelier-gold") nor in
    // e-mail masks (they are down to their domain already).
    if (typeof value === 'string') return ctx.cls === 'id' || ctx.cls === 'email' ? value : replaceEchoes(value, echoes);
    if (typeof value !== 'object' || value === null || depth > this.maxDepth) return value;
    if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.scrub(value[i], echoes, depth + 1, word, ctx);
      return value;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) {
        if (typeof k !== 'string') value.set(k, this.scrub(v, echoes, depth + 1, word, ctx));
        else {
          const info = this.keyInfo(k, word);
          value.set(k, this.scrub(v, echoes, depth + 1, info.word, inherit(info, ctx)));
        }
      }
      return value;
    }
    if (value instanceof Set) {
      const items = [...value];
      value.clear();
      for (const v of items) value.add(this.scrub(v, echoes, depth + 1, word, ctx));
      return value;
    }
    const names = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
    for (const key of names) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d === undefined || !('value' in d)) continue;
      const info = this.keyInfo(key, word);
      const next = this.scrub(d.value, echoes, depth + 1, info.word, inherit(info, ctx));
      if (next !== d.value) Object.defineProperty(value, key, { ...d, value: next });
    }
    return value;
  }
}

/** The values to hunt, longest first (a full name before its words). */
function echoesOf(walk: Walk): Array<[string, string]> {
  return [...walk.seen].sort((a, b) => b[0].length - a[0].length);
}

function replaceEchoes(text: string, echoes: ReadonlyArray<readonly [string, string]>): string {
  let out = text;
  for (const [raw, masked] of echoes) {
    if (out !== masked && out.includes(raw)) out = out.split(raw).join(masked);
  }
  return out;
}

/** A sensitive parent's class flows into children whose own key says nothing or only softly (a soft parent's does not). */
function inherit(own: Context, parent: Context): Context {
  if ((own.cls === 'none' || own.soft) && isSensitiveClass(parent.cls) && !parent.soft) return parent;
  return own;
}

const MASK_TOKEN = new RegExp(MASK_TOKEN_SOURCE, 'u');

function isMaskToken(value: string): boolean {
  return value.length <= 20 && value.charCodeAt(0) === 91 && MASK_TOKEN.test(value);
}

function isKeyInfo(ctx: Context): ctx is KeyInfo {
  return (ctx as Partial<KeyInfo>).outKey !== undefined;
}

/** A list element keeps the list's context; in argv the element after a secret flag is a secret, unless it is a flag too. */
function elementContext(list: readonly unknown[], i: number, ctx: Context): Context {
  const element = list[i];
  return i > 0 && typeof element === 'string' && isSecretFlag(list[i - 1]) && !element.startsWith('-') ? SECRET : ctx;
}

function isSecretFlag(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('-') && SECRET_FLAG.test(value);
}
