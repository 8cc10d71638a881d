import { isNumericSegment, splitKey } from './key-segments.js';

/**
 * What a key says about its value. The first six are sensitive and decide the
 * value's mask; `id` and `meta` are not, and also stop a sensitive parent's
 * class from flowing into them (customer.id, token.type).
 */
export type KeyClass = 'secret' | 'card' | 'email' | 'phone' | 'name' | 'address' | 'id' | 'meta' | 'none';
export type SensitiveKeyClass = 'secret' | 'card' | 'email' | 'phone' | 'name' | 'address';

/**
 * A key rule as data, so the collector config can be generated from the same
 * lists. All words are whole key words (see splitKey); a key matches when its
 * last word, after dropping trailing `suffixes`, is a trigger.
 */
export interface KeyRule {
  readonly name: SensitiveKeyClass;
  /** Words that decide alone: `password`, `phone`, `patronymic`. */
  readonly words: readonly string[];
  /** Two-word triggers, written in any style: api_key, apiKey, x-api-key. */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  /**
   * Ambiguous words (`name`, `address`) that decide only right after one of
   * `qualifiers` (customer.name, shipping_address) or as the whole key at the
   * top level. service.name, file_name, server.address do not match.
   */
  readonly qualified: readonly string[];
  readonly qualifiers: readonly string[];
  /** Trailing words that do not change what the value is: password_hash, phone_number, postal_code, session_id. */
  readonly suffixes: readonly string[];
  /** What the collector writes over the whole value (the source side keeps more, see README). */
  readonly replacement: string;
  readonly description: string;
}

const VALUE_SUFFIXES = [
  'value', 'values', 'raw', 'plain', 'text', 'str', 'string', 'hash', 'hashed', 'encrypted', 'enc', 'encoded',
  'old', 'new', 'current', 'prev', 'previous', 'confirm', 'confirmation', 'repeat', 'full',
  'code', 'number', 'no', 'num', 'nr', 'line', 'header',
];

/** In priority order: the first rule that matches decides. */
export const KEY_RULES: readonly KeyRule[] = [
  {
    name: 'secret',
    words: [
      'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'authorization',
      'cookie', 'cookies', 'setcookie', 'session', 'sessionid', 'sid', 'jsessionid', 'phpsessid',
      'cvv', 'cvc', 'pin', 'pincode', 'otp', 'credential', 'credentials', 'signature',
      'apikey', 'apitoken', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'sessiontoken',
      'csrftoken', 'xsrftoken', 'clientsecret', 'privatekey', 'secretkey', 'accesskey',
      'passport', 'snils', 'dob', 'birthdate', 'birthday', 'birth',
    ],
    pairs: [
      ['api', 'key'], ['access', 'key'], ['secret', 'key'], ['private', 'key'], ['signing', 'key'],
      ['encryption', 'key'], ['master', 'key'], ['birth', 'date'],
    ],
    qualified: [],
    qualifiers: [],
    // session_id, token_id: an id of a secret is still the secret's handle.
    suffixes: [...VALUE_SUFFIXES, 'id', 'ids'],
    replacement: '[REDACTED]',
    description: 'passwords, tokens, API keys, cookies, sessions, CVV/PIN, identity documents: value replaced by [REDACTED]',
  },
  {
    name: 'card',
    words: ['card', 'pan', 'cardnumber', 'creditcard'],
    pairs: [],
    qualified: [],
    qualifiers: [],
    suffixes: VALUE_SUFFIXES,
    replacement: '[REDACTED:card]',
    description: 'card numbers: **** **** **** 1234 when the value has 12+ digits (Luhn not required under a card key)',
  },
  {
    name: 'email',
    words: ['email', 'emails', 'mail'],
    pairs: [['e', 'mail']],
    qualified: [],
    qualifiers: [],
    suffixes: [...VALUE_SUFFIXES, 'address', 'addr'],
    replacement: '[REDACTED:email]',
    description: 'e-mail: ***@domain for every "@" in the value, *** when there is none',
  },
  {
    name: 'phone',
    words: ['phone', 'phones', 'telephone', 'tel', 'mobile', 'msisdn', 'cellphone', 'fax'],
    pairs: [],
    qualified: [],
    qualifiers: [],
    suffixes: VALUE_SUFFIXES,
    replacement: '[REDACTED:phone]',
    description: 'phone: + and country code and last 2 digits kept (+7*******67)',
  },
  {
    name: 'name',
    words: [
      'fio', 'patronymic', 'surname', 'firstname', 'lastname', 'middlename', 'fullname', 'givenname',
      'familyname', 'maidenname', 'username', 'nickname', 'recipient', 'addressee', 'consignee',
      'cardholder', 'holder',
    ],
    pairs: [],
    qualified: ['name'],
    qualifiers: [
      'first', 'last', 'middle', 'full', 'given', 'family', 'maiden', 'nick', 'real',
      'customer', 'client', 'user', 'recipient', 'receiver', 'sender', 'contact', 'person', 'buyer', 'payer',
      'owner', 'holder', 'cardholder', 'courier', 'manager', 'employee', 'author', 'member', 'guest', 'profile',
    ],
    suffixes: VALUE_SUFFIXES,
    replacement: '[REDACTED:name]',
    description: 'personal names: [name:<stableHash>] of the trimmed, lower-cased name',
  },
  {
    name: 'address',
    words: ['street', 'house', 'apartment', 'apt', 'flat', 'postcode', 'zipcode', 'zip', 'postal'],
    pairs: [],
    qualified: ['address', 'addr'],
    qualifiers: [
      'shipping', 'billing', 'delivery', 'home', 'postal', 'mailing', 'street', 'customer', 'recipient',
      'receiver', 'user', 'legal', 'residential', 'registration', 'actual', 'physical', 'pickup', 'order',
      'contact', 'buyer', 'payer', 'work', 'full', 'correspondence',
    ],
    suffixes: [...VALUE_SUFFIXES, 'name', 'formatted', 'short'],
    replacement: '[REDACTED:address]',
    description: 'postal addresses: [REDACTED:address]',
  },
];

/** Keys that identify a record; never hashed as names and never given the phone rule. */
export const ID_WORDS: readonly string[] = ['id', 'ids', 'uuid', 'guid'];

/** Keys describing a value rather than holding it: token_type, password_length, email_verified. */
export const META_WORDS: readonly string[] = [
  'type', 'kind', 'count', 'length', 'len', 'size', 'ttl', 'timeout', 'expires', 'expiry', 'expired', 'exp',
  'enabled', 'disabled', 'required', 'present', 'provided', 'valid', 'verified', 'confirmed', 'changed',
  'updated', 'status', 'state', 'policy', 'version', 'format', 'algorithm', 'alg', 'scheme', 'sent',
  'attempts', 'retries', 'strength', 'at', 'in', 'ms', 'sec', 'seconds', 'field', 'fields',
];

interface CompiledKeyRule {
  readonly name: SensitiveKeyClass;
  readonly words: ReadonlySet<string>;
  readonly pairs: ReadonlySet<string>;
  readonly qualified: ReadonlySet<string>;
  readonly qualifiers: ReadonlySet<string>;
  readonly suffixes: ReadonlySet<string>;
}

const COMPILED: readonly CompiledKeyRule[] = KEY_RULES.map((r) => ({
  name: r.name,
  words: new Set(r.words),
  pairs: new Set(r.pairs.map(([a, b]) => `${a} ${b}`)),
  qualified: new Set(r.qualified),
  qualifiers: new Set(r.qualifiers),
  suffixes: new Set(r.suffixes),
}));
const IDS = new Set(ID_WORDS);
const METAS = new Set(META_WORDS);

function matches(rule: CompiledKeyRule, words: readonly string[], parentWord: string | undefined): boolean {
  let end = words.length;
  while (end > 0 && (rule.suffixes.has(words[end - 1] as string) || isNumericSegment(words[end - 1] as string))) end--;
  if (end === 0) return false;
  const last = words[end - 1] as string;
  if (rule.words.has(last)) return true;
  const prev = end >= 2 ? words[end - 2] : undefined;
  if (prev !== undefined && rule.pairs.has(`${prev} ${last}`)) return true;
  if (rule.qualified.has(last)) {
    if (prev !== undefined) return rule.qualifiers.has(prev);
    // The ambiguous word opens the key: look at the parent key (customer: { name }),
    // and at the top level a bare `name` / `address` counts.
    return parentWord === undefined || rule.qualifiers.has(parentWord);
  }
  return false;
}

export function classifyWords(words: readonly string[], parentWord?: string): KeyClass {
  if (words.length === 0) return 'none';
  for (const rule of COMPILED) if (matches(rule, words, parentWord)) return rule.name;
  const last = words[words.length - 1] as string;
  if (IDS.has(last)) return 'id';
  if (METAS.has(last)) return 'meta';
  return 'none';
}

/**
 * Class of an attribute key. `parentKey` is the key of the object holding
 * this one, for nested attributes ({ customer: { name } } is customer.name);
 * leave it out for a top-level key.
 */
export function classifyKey(key: string, parentKey?: string): KeyClass {
  return classifyWords(splitKey(key), parentKey === undefined ? undefined : lastWord(splitKey(parentKey)));
}

/** The word a child key is qualified by: the last non-numeric word (customer2 → customer). */
export function lastWord(words: readonly string[]): string {
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i] as string;
    if (!isNumericSegment(w)) return w;
  }
  return '';
}

export function isSensitiveClass(cls: KeyClass): cls is SensitiveKeyClass {
  return cls !== 'none' && cls !== 'id' && cls !== 'meta';
}
