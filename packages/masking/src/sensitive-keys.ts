import { isKeyPath, isNumericSegment, splitKey } from './key-segments.js';
import type { MaskClass } from './masks.js';
import { isTradeKey, isTradeWord, isAmbiguousSecretWord } from './trade-words.js';

/**
 * What a key says about its value. The mask classes are sensitive and decide
 * the value's mask; `id` and `meta` are not, and also stop a sensitive
 * parent's class from flowing into them (customer.id, token.type).
 */
export type KeyClass = MaskClass | 'id' | 'meta' | 'none';
export type SensitiveKeyClass = MaskClass;

/**
 * A key rule as data (the collector's Go engine gets the same lists through
 * a generated file). All words are whole key words (see splitKey); a key
 * matches when its last word, after dropping trailing `suffixes`, is a
 * trigger. Keys written in Russian are read in both word orders
 * (номер_телефона, адрес_доставки), see classifyWords.
 */
export interface KeyRule {
  readonly name: MaskClass;
  /** Words that decide alone: `password`, `phone`, `patronymic`. */
  readonly words: readonly string[];
  /** Two-word triggers, written in any style: api_key, apiKey, x-api-key; matched before and after dropping suffixes. */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  /**
   * Ambiguous words (`name`, `address`) that decide only right after one of
   * `qualifiers` (customer.name, shipping_address) or as the whole key at the
   * top level. service.name, file_name, server.address do not match.
   */
  readonly qualified: readonly string[];
  readonly qualifiers: readonly string[];
  /**
   * Words that decide only when the value looks like the class (a person's
   * name, a postal address): `customer: "Анна Смирнова"` is a name,
   * `customer: "cus_8842"` is not. Their class does not flow into children.
   */
  readonly soft: readonly string[];
  readonly softPairs: ReadonlyArray<readonly [string, string]>;
  /** Trailing words that do not change what the value is: password_hash, phone_number, postal_code, session_id. */
  readonly suffixes: readonly string[];
}

const VALUE_SUFFIXES = [
  'value',
  'values',
  'raw',
  'plain',
  'text',
  'str',
  'string',
  'hash',
  'hashed',
  'encrypted',
  'enc',
  'encoded',
  'old',
  'new',
  'current',
  'prev',
  'previous',
  'confirm',
  'confirmation',
  'repeat',
  'full',
  'code',
  'number',
  'no',
  'num',
  'nr',
  'line',
  'header',
  'номер',
  'значение',
];

const PERSON_QUALIFIERS = [
  'customer',
  'client',
  'user',
  'recipient',
  'receiver',
  'sender',
  'contact',
  'person',
  'buyer',
  'payer',
  'payee',
  'beneficiary',
  'owner',
  'holder',
  'cardholder',
  'courier',
  'manager',
  'employee',
  'author',
  'member',
  'guest',
  'profile',
  'клиента',
  'получателя',
  'покупателя',
  'пользователя',
  'плательщика',
  'владельца',
  'отправителя',
  'курьера',
  'менеджера',
  'сотрудника',
  'заказчика',
];

const nothing = { pairs: [], qualified: [], qualifiers: [], soft: [], softPairs: [] } as const;

/** In priority order: the first rule that matches decides. */
export const KEY_RULES: readonly KeyRule[] = [
  {
    ...nothing,
    name: 'secret',
    words: [
      'password',
      'passwd',
      'pwd',
      'pass',
      'requirepass',
      'passphrase',
      'secret',
      'secrets',
      'token',
      'authorization',
      'cookie',
      'cookies',
      'setcookie',
      'session',
      'sessionid',
      'sid',
      'jsessionid',
      'phpsessid',
      'cvv',
      'cvc',
      'pin',
      'pincode',
      'otp',
      'credential',
      'credentials',
      'signature',
      'sig',
      'apikey',
      'apitoken',
      'accesstoken',
      'refreshtoken',
      'idtoken',
      'authtoken',
      'sessiontoken',
      'csrftoken',
      'xsrftoken',
      'clientsecret',
      'privatekey',
      'secretkey',
      'accesskey',
      'accountkey',
      'webhook',
      'dob',
      'birthdate',
      'birthday',
      'birth',
      'пароль',
      'пароля',
      'токен',
      'токена',
      'секрет',
      'пинкод',
      'рождения',
    ],
    pairs: [
      ['api', 'key'],
      ['access', 'key'],
      ['secret', 'key'],
      ['private', 'key'],
      ['signing', 'key'],
      ['encryption', 'key'],
      ['master', 'key'],
      ['account', 'key'],
      ['birth', 'date'],
      ['webhook', 'url'],
      ['пин', 'код'],
      ['кодовое', 'слово'],
    ],
    // session_id, token_id: an id of a secret is still the secret's handle.
    suffixes: [...VALUE_SUFFIXES, 'id', 'ids'],
  },
  {
    ...nothing,
    name: 'passport',
    words: ['passport', 'паспорт', 'паспорта', 'загранпаспорт'],
    suffixes: [...VALUE_SUFFIXES, 'series', 'серия', 'data', 'данные'],
  },
  { ...nothing, name: 'snils', words: ['snils', 'снилс'], suffixes: VALUE_SUFFIXES },
  {
    ...nothing,
    name: 'inn',
    words: ['inn', 'инн', 'taxpayer', 'taxid'],
    pairs: [
      ['tax', 'id'],
      ['taxpayer', 'id'],
    ],
    suffixes: VALUE_SUFFIXES,
  },
  { ...nothing, name: 'iban', words: ['iban'], suffixes: VALUE_SUFFIXES },
  {
    ...nothing,
    name: 'account',
    words: ['bankaccount'],
    pairs: [
      ['bank', 'account'],
      ['settlement', 'account'],
      ['checking', 'account'],
      ['account', 'number'],
      ['р', 'с'],
      ['расчетный', 'счет'],
      ['расчётный', 'счёт'],
      ['лицевой', 'счет'],
      ['корр', 'счет'],
    ],
    suffixes: VALUE_SUFFIXES,
  },
  { ...nothing, name: 'card', words: ['card', 'pan', 'cardnumber', 'creditcard', 'карта', 'карты'], suffixes: VALUE_SUFFIXES },
  {
    ...nothing,
    name: 'email',
    words: ['email', 'emails', 'mail', 'почта', 'почты', 'емейл', 'имейл'],
    pairs: [['e', 'mail']],
    suffixes: [...VALUE_SUFFIXES, 'address', 'addr', 'адрес'],
  },
  {
    ...nothing,
    name: 'phone',
    words: [
      'phone',
      'phones',
      'telephone',
      'tel',
      'mobile',
      'msisdn',
      'cellphone',
      'fax',
      'телефон',
      'телефона',
      'тел',
      'мобильный',
      'сотовый',
    ],
    suffixes: VALUE_SUFFIXES,
  },
  {
    name: 'name',
    words: [
      'fio',
      'фио',
      'patronymic',
      'отчество',
      'surname',
      'фамилия',
      'firstname',
      'lastname',
      'middlename',
      'fullname',
      'givenname',
      'familyname',
      'maidenname',
      'username',
      'nickname',
      'displayname',
      'recipient',
      'получатель',
      'addressee',
      'consignee',
      'cardholder',
      'holder',
      'payer',
      'плательщик',
      'payee',
      'beneficiary',
      'бенефициар',
      'signatory',
      'guarantor',
    ],
    pairs: [],
    qualified: ['name', 'имя', 'имени'],
    qualifiers: ['first', 'last', 'middle', 'full', 'given', 'family', 'maiden', 'nick', 'real', 'display', ...PERSON_QUALIFIERS],
    soft: [
      'customer',
      'client',
      'buyer',
      'sender',
      'receiver',
      'owner',
      'user',
      'author',
      'contact',
      'manager',
      'courier',
      'employee',
      'member',
      'guest',
      'person',
      'клиент',
      'покупатель',
      'отправитель',
      'менеджер',
      'курьер',
      'сотрудник',
      'пользователь',
      'владелец',
      'заказчик',
    ],
    softPairs: [],
    suffixes: VALUE_SUFFIXES,
  },
  {
    name: 'address',
    words: ['street', 'house', 'apartment', 'apt', 'flat', 'postcode', 'zipcode', 'zip', 'postal', 'улица', 'дом', 'квартира'],
    pairs: [],
    qualified: ['address', 'addr', 'адрес', 'адреса', 'индекс'],
    qualifiers: [
      'shipping',
      'billing',
      'delivery',
      'home',
      'postal',
      'mailing',
      'street',
      'customer',
      'recipient',
      'receiver',
      'user',
      'legal',
      'residential',
      'registration',
      'actual',
      'physical',
      'pickup',
      'order',
      'contact',
      'buyer',
      'payer',
      'work',
      'full',
      'correspondence',
      'доставки',
      'получателя',
      'клиента',
      'регистрации',
      'проживания',
      'покупателя',
      'пользователя',
      'плательщика',
      'почтовый',
      'заказчика',
    ],
    soft: ['destination', 'location', 'shipto', 'deliverto'],
    softPairs: [
      ['ship', 'to'],
      ['deliver', 'to'],
      ['delivery', 'point'],
    ],
    suffixes: [...VALUE_SUFFIXES, 'name', 'formatted', 'short'],
  },
];

/** Keys that identify a record; never hashed as names and never given the phone rule. */
export const ID_WORDS: readonly string[] = ['id', 'ids', 'uuid', 'guid', 'ид', 'идентификатор'];

/** Keys describing a value rather than holding it: token_type, password_length, email_verified. */
export const META_WORDS: readonly string[] = [
  'type',
  'kind',
  'count',
  'length',
  'len',
  'size',
  'ttl',
  'timeout',
  'expires',
  'expiry',
  'expired',
  'exp',
  'enabled',
  'disabled',
  'required',
  'present',
  'provided',
  'valid',
  'verified',
  'confirmed',
  'changed',
  'updated',
  'status',
  'state',
  'policy',
  'version',
  'format',
  'algorithm',
  'alg',
  'scheme',
  'sent',
  'attempts',
  'retries',
  'strength',
  'at',
  'in',
  'ms',
  'sec',
  'seconds',
  'field',
  'fields',
  'тип',
  'вид',
  'статус',
  'количество',
  'длина',
  'размер',
  'формат',
  'наличие',
  'состояние',
  'срок',
];

/** What classifyWords found: the class, and how the value decides. */
export interface KeyVerdict {
  readonly cls: KeyClass;
  /** The class holds only if the value looks like it (see KeyRule.soft); never inherited. */
  readonly soft: boolean;
  /** The secret word is also a trade word (pin, pass, token …): a trade value under it stays. */
  readonly ambiguous: boolean;
}

interface CompiledKeyRule {
  readonly name: MaskClass;
  readonly words: ReadonlySet<string>;
  readonly pairs: ReadonlySet<string>;
  readonly qualified: ReadonlySet<string>;
  readonly qualifiers: ReadonlySet<string>;
  readonly soft: ReadonlySet<string>;
  readonly softPairs: ReadonlySet<string>;
  readonly suffixes: ReadonlySet<string>;
}

const pairSet = (pairs: ReadonlyArray<readonly [string, string]>): ReadonlySet<string> => new Set(pairs.map(([a, b]) => `${a} ${b}`));
const COMPILED: readonly CompiledKeyRule[] = KEY_RULES.map((r) => ({
  name: r.name,
  words: new Set(r.words),
  pairs: pairSet(r.pairs),
  qualified: new Set(r.qualified),
  qualifiers: new Set(r.qualifiers),
  soft: new Set(r.soft),
  softPairs: pairSet(r.softPairs),
  suffixes: new Set(r.suffixes),
}));
const IDS = new Set(ID_WORDS);
const METAS = new Set(META_WORDS);

const NONE: KeyVerdict = { cls: 'none', soft: false, ambiguous: false };
const verdict = (cls: KeyClass, soft = false, ambiguous = false): KeyVerdict => ({ cls, soft, ambiguous });

function pairAt(set: ReadonlySet<string>, words: readonly string[], end: number): boolean {
  return end >= 2 && set.has(`${words[end - 2] as string} ${words[end - 1] as string}`);
}

/** How `rule` reads the key: undefined when it does not match. */
function match(rule: CompiledKeyRule, words: readonly string[], parentWord: string | undefined): KeyVerdict | undefined {
  const n = words.length;
  if (pairAt(rule.pairs, words, n)) return verdict(rule.name);
  let end = n;
  while (end > 0 && (rule.suffixes.has(words[end - 1] as string) || isNumericSegment(words[end - 1] as string))) end--;
  if (end === 0) return undefined;
  const last = words[end - 1] as string;
  const prev = end >= 2 ? words[end - 2] : undefined;
  if (rule.words.has(last) || pairAt(rule.pairs, words, end)) {
    if (rule.name !== 'secret') return verdict(rule.name);
    // product_pin, assay.pass, { product: { pin } }: trade words, not secrets.
    if (isTradeKey(words, end) || (end === 1 && parentWord !== undefined && isAmbiguousSecretWord(last) && isTradeWord(parentWord)))
      return undefined;
    return verdict('secret', false, isAmbiguousSecretWord(last));
  }
  if (rule.qualified.has(last)) {
    if (prev !== undefined) return rule.qualifiers.has(prev) ? verdict(rule.name) : undefined;
    // The ambiguous word opens the key: look at the parent key (customer: { name }),
    // and at the top level a bare `name` / `address` counts (a bare name only if the value looks like one).
    if (parentWord === undefined) return verdict(rule.name, rule.name === 'name');
    return rule.qualifiers.has(parentWord) ? verdict(rule.name) : undefined;
  }
  // Soft words count only as the very last word: messaging.destination.name is a queue.
  if (rule.soft.has(words[n - 1] as string) || pairAt(rule.softPairs, words, n)) return verdict(rule.name, true);
  return undefined;
}

function classifyOrder(words: readonly string[], parentWord: string | undefined): KeyVerdict {
  for (const rule of COMPILED) {
    const v = match(rule, words, parentWord);
    if (v !== undefined) return v;
  }
  const last = words[words.length - 1] as string;
  if (IDS.has(last)) return verdict('id');
  if (METAS.has(last)) return verdict('meta');
  return NONE;
}

function isCyrillicWord(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 0x400 && c <= 0x4ff;
}

/**
 * Class of a key given as words. Russian keys put the head noun first and
 * its dependants after (номер_телефона, адрес_доставки, тип_телефона), or an
 * adjective first (электронная_почта): a key whose first word is Cyrillic is
 * an id or metadata when its first word says so, else it is read as written
 * and, if that finds nothing sensitive, in reverse.
 */
export function classifyWordsVerdict(words: readonly string[], parentWord?: string): KeyVerdict {
  if (words.length === 0) return NONE;
  const first = words[0] as string;
  if (!isCyrillicWord(first)) return classifyOrder(words, parentWord);
  if (IDS.has(first)) return verdict('id');
  if (METAS.has(first)) return verdict('meta');
  const asWritten = classifyOrder(words, parentWord);
  if (isSensitiveClass(asWritten.cls) || words.length === 1) return asWritten;
  const reversed = classifyOrder([...words].reverse(), parentWord);
  return isSensitiveClass(reversed.cls) ? reversed : asWritten;
}

export function classifyWords(words: readonly string[], parentWord?: string): KeyClass {
  return classifyWordsVerdict(words, parentWord).cls;
}

/**
 * Verdict on a key as written. A flat dotted key reads like the nesting it
 * flattens: when the whole key says nothing or only softly, the class of what
 * stands before its last dot flows in as a parent's would
 * (`credentials.user` is { credentials: { user } }, a secret;
 * `customer.address.city` an address; `token.type` stays metadata).
 */
export function classifyKeyVerdict(key: string, parentWord?: string): KeyVerdict {
  const own = classifyWordsVerdict(splitKey(key), parentWord);
  // Only a key that says nothing or only softly inherits (as in inherit(), mask-attributes.ts).
  if (own.cls !== 'none' && !own.soft) return own;
  if (!isKeyPath(key)) return own;
  const dot = key.lastIndexOf('.');
  const prefix = classifyKeyVerdict(key.slice(0, dot), parentWord);
  return isSensitiveClass(prefix.cls) && !prefix.soft ? prefix : own;
}

/**
 * Class of an attribute key. `parentKey` is the key of the object holding
 * this one, for nested attributes ({ customer: { name } } is customer.name);
 * leave it out for a top-level key.
 */
export function classifyKey(key: string, parentKey?: string): KeyClass {
  return classifyKeyVerdict(key, parentKey === undefined ? undefined : lastWord(splitKey(parentKey))).cls;
}

/** The word a child key is qualified by: the last non-numeric word (customer2 → customer). */
export function lastWord(words: readonly string[]): string {
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i] as string;
    if (!isNumericSegment(w)) return w;
  }
  return '';
}

export function isSensitiveClass(cls: KeyClass): cls is MaskClass {
  return cls !== 'none' && cls !== 'id' && cls !== 'meta';
}
