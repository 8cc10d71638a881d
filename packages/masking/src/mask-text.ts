import { englishAddressPattern, germanAddressPattern, russianAddressPattern } from './address.js';
import { ibanPattern, ibanPrefixLength, isRussianAccount, russianAccountPattern } from './bank-accounts.js';
import { maskCards } from './card-number.js';
import { isInnValid, isSnilsValid } from './checksums.js';
import { isNumberSeparatorCode } from './digit-runs.js';
import { innPattern, passportPattern, SNILS_DASHED, snilsPattern } from './documents.js';
import { emailPattern, emailPercentPattern, emailQuotedPattern } from './email.js';
import { ADDRESS_REDACTED, REDACTED, redactedAs } from './masks.js';
import { findPersonNames, mayHoldPersonName } from './person-names.js';
import { internationalPhonePattern, PHONE_STARS, phoneDotsOk, russianPhonePattern } from './phone.js';
import {
  bearerPattern,
  pemPrivateKeyPattern,
  secretFlagJsonPattern,
  secretFlagPattern,
  secretKeyValuePattern,
  secretKeyValueRuPattern,
  secretXmlPattern,
} from './secrets.js';
import { stableHash } from './stable-hash.js';
import { CleanTextMemo } from './clean-text-memo.js';
import { compilePattern, group, replaceMatches, type TextPattern } from './text-rule.js';
import { awsAccessKeyIdPattern, exactApiKeyPattern, googleApiKeyPattern, jwtPattern, prefixedApiKeyPattern } from './tokens.js';
import { isTradeKeyInText, isTradeValue } from './trade-words.js';
import { webhookUrlPattern, urlCredentialsPattern } from './urls.js';
import { isWholeUuid } from './value-shapes.js';

/**
 * What the rules' hints consult besides the text: one pass over it, made
 * again after a rule changed the text (the Go engine makes the same scan).
 */
interface Scan {
  flags: number;
  /** Most digits in one stretch of digits, separators and parentheses (longestDigitRun). */
  digitRun: number;
  /** Most digits in a row. */
  plainDigits: number;
}

const F_DIGIT = 1 << 0;
const F_CYRILLIC = 1 << 1;
const F_UPPER = 1 << 2;
const F_NON_ASCII = 1 << 3;
const F_AT = 1 << 4;
const F_PLUS = 1 << 5;
const F_COLON = 1 << 6;
const F_COLON_OR_EQ = 1 << 7;
const F_LT = 1 << 8;
const F_QUOTE = 1 << 9;
const F_PERCENT = 1 << 10;
const F_UNDERSCORE = 1 << 11;
const F_DASH = 1 << 12;
/** A "-" at the start or after a space or tab. */
const F_FLAG_DASH = 1 << 13;
/** "eyJ", a JWT's start. */
const F_EYJ = 1 << 14;
/** "bearer", any case. */
const F_BEARER = 1 << 15;
/** "x 7": a German house number. */
const F_WORD_SPACE_DIGIT = 1 << 16;

function isBearerAt(t: string, i: number): boolean {
  // The next letter first: a copy per "b" cost a base64 token (S3's request ids) a tenth of its scan.
  return (t.charCodeAt(i + 1) | 0x20) === 101 && i + 6 <= t.length && t.slice(i, i + 6).toLowerCase() === 'bearer';
}

/** Filled in place by scanText (masking is synchronous): no object per string. */
const SCAN: Scan = { flags: 0, digitRun: 0, plainDigits: 0 };

export function scanText(t: string, into: Scan = SCAN): Scan {
  let flags = 0;
  let digitRun = 0;
  let plainDigits = 0;
  let run = 0;
  let plain = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      flags |= F_DIGIT;
      run++;
      plain++;
      if (run > digitRun) digitRun = run;
      if (plain > plainDigits) plainDigits = plain;
      continue;
    }
    plain = 0;
    if (c >= 128) {
      flags |= F_NON_ASCII;
      if (c >= 0x400 && c <= 0x4ff) flags |= F_CYRILLIC;
      if (!isNumberSeparatorCode(c)) run = 0;
      continue;
    }
    if (c !== 40 && c !== 41 && c !== 32 && c !== 46 && c !== 45) run = 0;
    if (c >= 65 && c <= 90) {
      flags |= F_UPPER;
      if (c === 66 && isBearerAt(t, i)) flags |= F_BEARER;
    } else if (c === 98) {
      if (isBearerAt(t, i)) flags |= F_BEARER;
    } else if (c === 101) {
      if (t.charCodeAt(i + 1) === 121 && t.charCodeAt(i + 2) === 74) flags |= F_EYJ;
    } else if (c === 64) flags |= F_AT;
    else if (c === 43) flags |= F_PLUS;
    else if (c === 58) flags |= F_COLON | F_COLON_OR_EQ;
    else if (c === 61) flags |= F_COLON_OR_EQ;
    else if (c === 60) flags |= F_LT;
    else if (c === 34) flags |= F_QUOTE;
    else if (c === 37) flags |= F_PERCENT;
    else if (c === 95) flags |= F_UNDERSCORE;
    else if (c === 45) {
      flags |= F_DASH;
      if (i === 0 || t.charCodeAt(i - 1) === 32 || t.charCodeAt(i - 1) === 9) flags |= F_FLAG_DASH;
    } else if (c === 32 && i > 0) {
      const before = t.charCodeAt(i - 1);
      const after = t.charCodeAt(i + 1);
      if (after >= 48 && after <= 57 && ((before >= 97 && before <= 122) || before === 46 || before >= 128)) flags |= F_WORD_SPACE_DIGIT;
    }
  }
  into.flags = flags;
  into.digitRun = digitRun;
  into.plainDigits = plainDigits;
  return into;
}

interface Rule {
  readonly name: string;
  /** Cheap necessary conditions, checked in this order: flags all present, digit runs long enough, then the hint. */
  readonly needs: number;
  readonly minDigitRun: number;
  readonly minPlainDigits: number;
  readonly hint: ((text: string, scan: Scan) => boolean) | undefined;
  readonly apply: (text: string) => string;
  /** Skipped in values under id keys (an order id 79161234567 is not a phone). */
  readonly phone: boolean;
}

interface Needs {
  readonly needs?: number;
  readonly digitRun?: number;
  readonly plainDigits?: number;
  readonly hint?: (text: string, scan: Scan) => boolean;
  readonly phone?: boolean;
}

function rule(name: string, needs: Needs, apply: (text: string) => string): Rule {
  return {
    name,
    needs: needs.needs ?? 0,
    minDigitRun: needs.digitRun ?? 0,
    minPlainDigits: needs.plainDigits ?? 0,
    hint: needs.hint,
    apply,
    phone: needs.phone ?? false,
  };
}

/** A capitalised word, spaces, another capital: where a name may be (also "Mr. Smith", "И. Иванов"); or initials "И.И". */
const CAPITAL_PAIR = /\p{Lu}[\p{L}\p{M}'’.-]*[\t \u00a0]+\p{Lu}|\p{Lu}\.\p{Lu}/u;

const UPPER = /^\p{Lu}$/u;
const NAME_CHAR = /^[\p{L}\p{M}'’.-]$/u;

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

/** The character (code point) that starts at `at`, or the one that ends right before `end`. */
function codePointAt(t: string, at: number): string {
  return String.fromCodePoint(t.codePointAt(at)!);
}
function codePointBefore(t: string, end: number): string {
  const low = t.charCodeAt(end - 1);
  const high = end >= 2 ? t.charCodeAt(end - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? t.slice(end - 2, end) : t.charAt(end - 1);
}

/**
 * Whether CAPITAL_PAIR can match at all, asked before it: with a dot, always; else only
 * where a run of blanks has a letter (or ' ’ -) right before it and a capital right after.
 * On a long run of letters without such a place the Unicode regex backtracks through
 * every capital's run: S3's `aws.request.extended_id` (196 characters of base64, new on
 * every request, written twice as "X, X" — a blank, but after a comma) was half the cost
 * of masking it (issue 16). Same answer as the regex (test/mask-text.test.ts compares them).
 */
export function mayHoldCapitalPair(t: string): boolean {
  if (t.includes('.')) return CAPITAL_PAIR.test(t);
  for (let i = 1; i < t.length - 1; i++) {
    if (!isBlankCode(t.charCodeAt(i)) || isBlankCode(t.charCodeAt(i - 1))) continue;
    let j = i + 1;
    while (j < t.length && isBlankCode(t.charCodeAt(j))) j++;
    if (j < t.length && NAME_CHAR.test(codePointBefore(t, i)) && UPPER.test(codePointAt(t, j))) return CAPITAL_PAIR.test(t);
    i = j - 1;
  }
  return false;
}
const SECRET_WORD_HINT = /pass|pwd|secret|token|key|pin|otp|cvv|cvc|credential|signature|sig|authorization|cookie|sid|session/i;

const SECRET_KEY_HINT = new RegExp(`(?:${SECRET_WORD_HINT.source})[A-Za-z0-9_-]*\\\\?["']?[\\t\\n\\f\\r ]*[=:]`, 'i');

/** A URL's password that is a mask already: stars only. */
const ALREADY_MASKED_PASSWORD = /^\*+$/;

const RU_SECRET_HINT = /парол|токен|секрет|пин|код/i;
const API_KEY_HINT = /sk_|rk_|pk_|whsec_|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|xapp-|GOCSPX-/;
const EXACT_KEY_HINT = /npm_|AQVN|y0_/;
const AWS_HINT = /A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)/;
const IBAN_HINT = /[A-Z]{2}[0-9]{2}/;
const PASSPORT_HINT = /паспорт|passport|серия/i;
const PERCENT_AT = /%(?:25)?40/;
const RU_ADDRESS_HINT =
  /[Уу]л|[Пп]р|[Пп]ер|[Бб]-р|[Бб]ульвар|[Шш]\.|[Шш]оссе|[Нн]аб|[Пп]л|[Мм]кр|[Мм]икрорайон|[Тт]уп|[Аа]ллея|[Дд]\.|[Дд]ом/;
const EN_HOUSE_HINT = /[0-9][A-Za-z]? [A-Z0-9]/;
const DE_STREET_HINT = /(?:straße|strasse|str\.|weg|platz|allee|gasse) [0-9]/;

/**
 * Everything a rule could need somewhere in the text: one test of these
 * regexes is the whole cost of masking most log text (a status word, a
 * route, an event name). Shorter than "pin=1" is never masked. The capital
 * pair (names) is a second test: Unicode classes make it the slow one.
 */
const MIN_MATCH_LENGTH = 5;
const MAY_MATCH = new RegExp(
  [
    '[0-9@=:]',
    'eyJ',
    '[Bb][Ee][Aa][Rr][Ee][Rr]',
    '-----BEGIN',
    '</',
    '(?:^|[\\t ])-',
    '"-',
    API_KEY_HINT.source,
    EXACT_KEY_HINT.source,
    AWS_HINT.source,
    'AIza',
  ].join('|'),
);

export function mayNeedMasking(text: string): boolean {
  return text.length >= MIN_MATCH_LENGTH && (MAY_MATCH.test(text) || mayHoldCapitalPair(text));
}

/** A rule that replaces each match by what `replace` returns (undefined: keep the match). */
function regexRule(pattern: TextPattern, needs: Needs, replace: (m: RegExpExecArray) => string | undefined): Rule {
  const re = compilePattern(pattern);
  return rule(pattern.name, needs, (text) => replaceMatches(text, re, replace));
}

/** The text right before a match, up to `at`: its last word (for "gold pin: 585"). */
function wordBefore(text: string, at: number): string {
  let end = at;
  while (end > 0 && text.charAt(end - 1) === ' ') end--;
  let start = end;
  while (start > 0 && /[\p{L}\p{M}]/u.test(text.charAt(start - 1))) start--;
  return text.slice(start, end);
}

/** [REDACTED] in place of a secret value, quotes and auth scheme kept; `v` is the value's first group. */
function redactSecretValue(m: RegExpExecArray, v: number): string {
  const open = group(m, v) + group(m, v + 2) + group(m, v + 4) + group(m, v + 6);
  const close = group(m, v + 1) + group(m, v + 3) + group(m, v + 5);
  return `${open}${REDACTED}${close}`;
}

/** The value of a secret_kv match without its quotes and scheme. */
function secretValueText(m: RegExpExecArray, prefixLength: number, v: number): string {
  const open = group(m, v) + group(m, v + 2) + group(m, v + 4) + group(m, v + 6);
  const close = group(m, v + 1) + group(m, v + 3) + group(m, v + 5);
  return m[0].slice(prefixLength + open.length, m[0].length - close.length);
}

export interface TextMasker {
  maskText(text: string): string;
  /** Same without the phone and ИНН rules: for values under id keys (an order id 79161234567 is not a phone). */
  maskTextExceptPhones(text: string): string;
  /** Whether the free-text address rules find an address in `text`. */
  findsAddress(text: string): boolean;
}

/** Longest text remembered as clean, and texts per generation of the memo per rule set (see run). */
const MAX_MEMO_LENGTH = 512;
const MEMO_GENERATION = 4096;

export function createTextMasker(salt: string): TextMasker {
  const nameToken = (name: string): string => `[name:${hashName(name, salt)}]`;

  /** The rules in the order they run; the Go engine runs the same list. */
  const rules: Rule[] = [
    regexRule(
      pemPrivateKeyPattern,
      { needs: F_DASH, hint: (t) => t.includes('-----BEGIN') },
      (m) => `${group(m, 1)}${REDACTED}${group(m, 2)}`,
    ),
    // A password already masked ("amqp://guest:***@…", as the amqplib instrumentation writes
    // its spans' messaging.url) is kept: the value stays as it is, so it is not copied and
    // masked again on every span (issue 16).
    regexRule(urlCredentialsPattern, { needs: F_COLON, hint: (t) => t.includes('://') }, (m) =>
      ALREADY_MASKED_PASSWORD.test(group(m, 3)) ? undefined : `${group(m, 1)}${group(m, 2)}:${REDACTED}@`,
    ),
    regexRule(webhookUrlPattern, { needs: F_COLON, hint: (t) => t.includes('://') }, (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(bearerPattern, { needs: F_BEARER }, (m) => `${group(m, 1)} ${REDACTED}`),
    regexRule(secretXmlPattern, { needs: F_LT, hint: (t) => t.includes('</') }, (m) => `${group(m, 1)}${REDACTED}${group(m, 2)}`),
    regexRule(secretKeyValuePattern, { needs: F_COLON_OR_EQ, hint: (t) => SECRET_KEY_HINT.test(t) }, (m) => {
      const prefix = group(m, 1) + group(m, 2);
      if (isTradeKeyInText(group(m, 1), wordBefore(m.input, m.index)) || isTradeValue(secretValueText(m, prefix.length, 3)))
        return undefined;
      return prefix + redactSecretValue(m, 3);
    }),
    regexRule(
      secretKeyValueRuPattern,
      { needs: F_COLON_OR_EQ | F_CYRILLIC, hint: (t) => RU_SECRET_HINT.test(t) },
      (m) => group(m, 1) + group(m, 2) + group(m, 3) + redactSecretValue(m, 4),
    ),
    regexRule(
      secretFlagPattern,
      { needs: F_FLAG_DASH, hint: (t) => SECRET_WORD_HINT.test(t) },
      (m) => `${group(m, 1)}${group(m, 2)} ${REDACTED}`,
    ),
    regexRule(
      secretFlagJsonPattern,
      { needs: F_QUOTE | F_DASH, hint: (t) => t.includes('"-') },
      (m) => `${group(m, 1)}${group(m, 2)}"${REDACTED}"`,
    ),
    regexRule(jwtPattern, { needs: F_EYJ }, (m) => `[JWT:${stableHash(m[0], salt)}]`),
    regexRule(
      prefixedApiKeyPattern,
      { hint: (t, s) => (s.flags & (F_UNDERSCORE | F_DASH)) !== 0 && API_KEY_HINT.test(t) },
      (m) => `${group(m, 1)}${REDACTED}`,
    ),
    regexRule(
      exactApiKeyPattern,
      { hint: (t, s) => (s.flags & (F_UNDERSCORE | F_UPPER)) !== 0 && EXACT_KEY_HINT.test(t) },
      (m) => `${group(m, 1)}${group(m, 2)}${group(m, 3)}${REDACTED}`,
    ),
    regexRule(awsAccessKeyIdPattern, { needs: F_UPPER, hint: (t) => AWS_HINT.test(t) }, (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(googleApiKeyPattern, { needs: F_UPPER, hint: (t) => t.includes('AIza') }, (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(emailQuotedPattern, { needs: F_AT | F_QUOTE, hint: (t) => t.includes('"@') }, (m) => `***@${group(m, 1)}`),
    regexRule(emailPattern, { needs: F_AT }, (m) => `${group(m, 1)}***@${group(m, 2)}`),
    regexRule(
      emailPercentPattern,
      { needs: F_PERCENT, hint: (t) => PERCENT_AT.test(t) },
      (m) => `${group(m, 1)}***%${group(m, 2)}40${group(m, 3)}`,
    ),
    regexRule(ibanPattern, { needs: F_UPPER | F_DIGIT, hint: (t) => IBAN_HINT.test(t) }, (m) => {
      const n = ibanPrefixLength(m[0]);
      return n === 0 ? undefined : redactedAs('iban') + m[0].slice(n);
    }),
    regexRule(russianAccountPattern, { digitRun: 20 }, (m) => {
      const marker = group(m, 2);
      if (marker === '' && !isRussianAccount(group(m, 4).replace(/[^0-9]/g, ''))) return undefined;
      return group(m, 1) + marker + group(m, 3) + redactedAs('account');
    }),
    regexRule(
      passportPattern,
      { needs: F_DIGIT, hint: (t) => PASSPORT_HINT.test(t) },
      (m) => group(m, 1) + group(m, 2) + group(m, 3) + redactedAs('passport'),
    ),
    regexRule(snilsPattern, { digitRun: 11 }, (m) => {
      const marker = group(m, 2);
      const number = group(m, 4);
      if (marker === '' && !(SNILS_DASHED.test(number) && isSnilsValid(number.replace(/[^0-9]/g, '')))) return undefined;
      return group(m, 1) + marker + group(m, 3) + redactedAs('snils');
    }),
    // Not in ids either: one 12-digit id in a hundred passes the checksums.
    regexRule(innPattern, { plainDigits: 10, phone: true }, (m) => {
      const marker = group(m, 2);
      const number = group(m, 4);
      if (marker === '' && !(number.length === 12 && isInnValid(number))) return undefined;
      return group(m, 1) + marker + group(m, 3) + redactedAs('inn');
    }),
    rule('card_number', { digitRun: 13 }, maskCards),
    regexRule(internationalPhonePattern, { needs: F_PLUS, digitRun: 8, phone: true }, (m) =>
      phoneDotsOk(m[0].slice(group(m, 1).length)) ? `${group(m, 1)}+${group(m, 2)}${PHONE_STARS}${group(m, 3)}` : undefined,
    ),
    regexRule(russianPhonePattern, { digitRun: 11, phone: true }, (m) =>
      phoneDotsOk(m[0].slice(group(m, 1).length)) ? `${group(m, 1)}${PHONE_STARS}${group(m, 2)}` : undefined,
    ),
    regexRule(
      russianAddressPattern,
      { needs: F_DIGIT | F_CYRILLIC, hint: (t) => RU_ADDRESS_HINT.test(t) },
      (m) => group(m, 1) + ADDRESS_REDACTED,
    ),
    regexRule(
      englishAddressPattern,
      { needs: F_DIGIT | F_UPPER, hint: (t) => t.includes(' ') && EN_HOUSE_HINT.test(t) },
      (m) => group(m, 1) + ADDRESS_REDACTED,
    ),
    regexRule(
      germanAddressPattern,
      { needs: F_WORD_SPACE_DIGIT, hint: (t) => DE_STREET_HINT.test(t) },
      (m) => group(m, 1) + ADDRESS_REDACTED,
    ),
    rule(
      'person_name',
      { hint: (t, s) => (s.flags & (F_UPPER | F_NON_ASCII)) !== 0 && mayHoldCapitalPair(t) && mayHoldPersonName(t) },
      (text) => {
        const spans = findPersonNames(text);
        if (spans.length === 0) return text;
        let out = '';
        let written = 0;
        for (const s of spans) {
          out += text.slice(written, s.start) + nameToken(text.slice(s.start, s.end));
          written = s.end;
        }
        return out + text.slice(written);
      },
    ),
  ];

  // Texts the rules left unchanged, by rule set: the same values come back on every record
  // (a statement, a route, a product title, a broker URL), and an id the logger has just
  // masked comes back on the span that ends a moment later; looking one up costs far less
  // than scanning it again (issue 16). Only clean texts are kept — nothing the rules would
  // mask is held — and only short ones; bounded: the last 4096 to 8192 of each set.
  const cleanAll = new CleanTextMemo(MEMO_GENERATION);
  const cleanExceptPhones = new CleanTextMemo(MEMO_GENERATION);

  function run(text: string, phones: boolean): string {
    if (typeof text !== 'string' || text.length < MIN_MATCH_LENGTH) return text;
    // A UUID (a message, file or request id, new on every request) by its shape, before the memo:
    // the check costs less than the memo's lookups, and the memo keeps its room for values that repeat.
    if (isWholeUuid(text)) return text;
    // The memo first: a value seen before costs one lookup, not the pre-filter's regexes.
    const clean = phones ? cleanAll : cleanExceptPhones;
    const memo = text.length <= MAX_MEMO_LENGTH;
    if (memo && clean.has(text)) return text;
    const out = mayNeedMasking(text) ? applyRules(text, phones) : text;
    if (memo && out === text) clean.add(text);
    return out;
  }

  function applyRules(text: string, phones: boolean): string {
    let out = text;
    let scan = scanText(out);
    for (const r of rules) {
      if (!phones && r.phone) continue;
      if ((scan.flags & r.needs) !== r.needs || scan.digitRun < r.minDigitRun || scan.plainDigits < r.minPlainDigits) continue;
      if (r.hint !== undefined && !r.hint(out, scan)) continue;
      const next = r.apply(out);
      if (next !== out) {
        out = next;
        scan = scanText(out);
      }
    }
    return out;
  }

  const addressRules = rules.filter((r) => r.name.startsWith('address_'));
  // Every address pattern needs a digit (the Go engine's findsAddress checks the same first).
  const findsAddress = (text: string): boolean => /[0-9]/.test(text) && addressRules.some((r) => r.apply(text) !== text);
  return {
    maskText: (text) => run(text, true),
    maskTextExceptPhones: (text) => run(text, false),
    findsAddress,
  };
}

/** The normalised form a name is hashed in, so "Анна Смирнова" and " анна  смирнова" correlate. */
export function hashName(name: string, salt: string): string {
  return stableHash(
    name
      .trim()
      .replace(/[\t\n\f\r ]+/g, ' ')
      .toLowerCase(),
    salt,
  );
}

/** The rules' names in the order they run (the Go engine's order is checked against it). */
export const TEXT_RULE_ORDER: readonly string[] = [
  'pem_private_key',
  'url_credentials',
  'webhook_url',
  'bearer_token',
  'secret_xml',
  'secret_kv',
  'secret_kv_ru',
  'secret_flag',
  'secret_flag_json',
  'jwt',
  'api_key_prefixed',
  'api_key_exact',
  'aws_access_key_id',
  'google_api_key',
  'email_quoted',
  'email',
  'email_percent',
  'iban',
  'ru_account',
  'passport',
  'snils',
  'inn',
  'card_number',
  'phone_international',
  'phone_ru',
  'address_ru',
  'address_en',
  'address_de',
  'person_name',
];
