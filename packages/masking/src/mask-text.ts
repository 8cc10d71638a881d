import { englishAddressPattern, germanAddressPattern, russianAddressPattern } from './address.js';
import { ibanPattern, ibanPrefixLength, isRussianAccount, russianAccountPattern } from './bank-accounts.js';
import { maskCards } from './card-number.js';
import { isInnValid, isSnilsValid } from './checksums.js';
import { longestDigitRun } from './digit-runs.js';
import { innPattern, passportPattern, SNILS_DASHED, snilsPattern } from './documents.js';
import { emailPattern, emailPercentPattern, emailQuotedPattern } from './email.js';
import { ADDRESS_REDACTED, REDACTED, redactedAs } from './masks.js';
import { findPersonNames } from './person-names.js';
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
import { compilePattern, group, replaceMatches, type TextPattern } from './text-rule.js';
import { awsAccessKeyIdPattern, exactApiKeyPattern, googleApiKeyPattern, jwtPattern, prefixedApiKeyPattern } from './tokens.js';
import { isTradeKeyInText, isTradeValue } from './trade-words.js';
import { webhookUrlPattern, urlCredentialsPattern } from './urls.js';

/** What the rules may consult about the text besides the text: computed once, on demand. */
interface Scan {
  digitRun: number;
}

interface Rule {
  readonly name: string;
  /** A cheap necessary condition: when false the rule cannot match, so it is skipped. */
  readonly hint: (text: string, scan: Scan) => boolean;
  readonly apply: (text: string) => string;
  readonly phone?: boolean;
}

const digitRun = (text: string, scan: Scan): number => {
  if (scan.digitRun < 0) scan.digitRun = longestDigitRun(text);
  return scan.digitRun;
};
const atLeastDigits = (n: number) => (text: string, scan: Scan): boolean => digitRun(text, scan) >= n;

/** A capitalised word, spaces, another capital: where a name may be (also "Mr. Smith", "И. Иванов"); or initials "И.И". */
const CAPITAL_PAIR = /\p{Lu}[\p{L}\p{M}'’.-]*[\t \u00a0]+\p{Lu}|\p{Lu}\.\p{Lu}/u;
const SECRET_WORD_HINT =
  /pass|pwd|secret|token|key|pin|otp|cvv|cvc|credential|signature|sig|authorization|cookie|sid|session/i;
const SECRET_KEY_HINT = new RegExp(`(?:${SECRET_WORD_HINT.source})[A-Za-z0-9_-]*\\\\?["']?[\\t\\n\\f\\r ]*[=:]`, 'i');
const RU_SECRET_HINT = /парол|токен|секрет|пин|код/i;
const API_KEY_HINT = /sk_|rk_|pk_|whsec_|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|xapp-|GOCSPX-/;
const EXACT_KEY_HINT = /npm_|AQVN|y0_/;
const AWS_HINT = /A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)/;
const IBAN_HINT = /[A-Z]{2}[0-9]{2}/;
const PASSPORT_HINT = /паспорт|passport|серия/i;
const PERCENT_AT = /%(?:25)?40/;
const CYRILLIC = /[А-Яа-яЁё]/;
const DIGIT = /[0-9]/;
const EN_HOUSE_HINT = /[0-9][A-Za-z]? [A-Z0-9]/;
const DE_STREET_HINT = /(?:straße|strasse|str\.|weg|platz|allee|gasse) [0-9]/;
const BEARER_HINT = /bearer/i;
const FLAG_HINT = /(?:^|[\t ])-/;

/**
 * Everything a rule could need somewhere in the text: one test of this regex
 * is the whole cost of masking most log text (a status word, a route, an
 * event name). Shorter than "pin=1" is never masked.
 */
const MIN_MATCH_LENGTH = 5;
const MAY_MATCH = new RegExp(
  [
    '[0-9@=:]', 'eyJ', '[Bb][Ee][Aa][Rr][Ee][Rr]', '-----BEGIN', '</', '(?:^|[\\t ])-', '"-',
    API_KEY_HINT.source, EXACT_KEY_HINT.source, AWS_HINT.source, 'AIza', CAPITAL_PAIR.source,
  ].join('|'),
  'u',
);

export function mayNeedMasking(text: string): boolean {
  return text.length >= MIN_MATCH_LENGTH && MAY_MATCH.test(text);
}

/** A rule that replaces each match by what `replace` returns (undefined: keep the match). */
function regexRule(
  pattern: TextPattern,
  hint: Rule['hint'],
  replace: (m: RegExpExecArray) => string | undefined,
  phone = false,
): Rule {
  const re = compilePattern(pattern);
  return { name: pattern.name, hint, apply: (text) => replaceMatches(text, re, replace), phone };
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
  /** Same without the phone rules: for values under id keys (an order id 79161234567 is not a phone). */
  maskTextExceptPhones(text: string): string;
  /** Whether the free-text address rules find an address in `text`. */
  findsAddress(text: string): boolean;
}

export function createTextMasker(salt: string): TextMasker {
  const nameToken = (name: string): string => `[name:${hashName(name, salt)}]`;

  /** The rules in the order they run; the Go engine runs the same list. */
  const rules: Rule[] = [
    regexRule(pemPrivateKeyPattern, (t) => t.includes('-----BEGIN'), (m) => `${group(m, 1)}${REDACTED}${group(m, 2)}`),
    regexRule(urlCredentialsPattern, (t) => t.includes('://'), (m) => `${group(m, 1)}${group(m, 2)}:${REDACTED}@`),
    regexRule(webhookUrlPattern, (t) => t.includes('://'), (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(bearerPattern, (t) => BEARER_HINT.test(t), (m) => `${group(m, 1)} ${REDACTED}`),
    regexRule(secretXmlPattern, (t) => t.includes('</'), (m) => `${group(m, 1)}${REDACTED}${group(m, 2)}`),
    regexRule(
      secretKeyValuePattern,
      (t) => (t.includes('=') || t.includes(':')) && SECRET_KEY_HINT.test(t),
      (m) => {
        const prefix = group(m, 1) + group(m, 2);
        if (isTradeKeyInText(group(m, 1), wordBefore(m.input, m.index)) || isTradeValue(secretValueText(m, prefix.length, 3))) {
          return undefined;
        }
        return prefix + redactSecretValue(m, 3);
      },
    ),
    regexRule(
      secretKeyValueRuPattern,
      (t) => (t.includes('=') || t.includes(':')) && RU_SECRET_HINT.test(t),
      (m) => group(m, 1) + group(m, 2) + group(m, 3) + redactSecretValue(m, 4),
    ),
    regexRule(secretFlagPattern, (t) => FLAG_HINT.test(t) && SECRET_WORD_HINT.test(t), (m) => `${group(m, 1)}${group(m, 2)} ${REDACTED}`),
    regexRule(secretFlagJsonPattern, (t) => t.includes('"-'), (m) => `${group(m, 1)}${group(m, 2)}"${REDACTED}"`),
    regexRule(jwtPattern, (t) => t.includes('eyJ'), (m) => `[JWT:${stableHash(m[0], salt)}]`),
    regexRule(prefixedApiKeyPattern, (t) => API_KEY_HINT.test(t), (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(exactApiKeyPattern, (t) => EXACT_KEY_HINT.test(t), (m) => `${group(m, 1)}${group(m, 2)}${group(m, 3)}${REDACTED}`),
    regexRule(awsAccessKeyIdPattern, (t) => AWS_HINT.test(t), (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(googleApiKeyPattern, (t) => t.includes('AIza'), (m) => `${group(m, 1)}${REDACTED}`),
    regexRule(emailQuotedPattern, (t) => t.includes('"@'), (m) => `***@${group(m, 1)}`),
    regexRule(emailPattern, (t) => t.includes('@'), (m) => `${group(m, 1)}***@${group(m, 2)}`),
    regexRule(emailPercentPattern, (t) => PERCENT_AT.test(t), (m) => `${group(m, 1)}***%${group(m, 2)}40${group(m, 3)}`),
    regexRule(
      ibanPattern,
      (t) => IBAN_HINT.test(t),
      (m) => {
        const n = ibanPrefixLength(m[0]);
        return n === 0 ? undefined : redactedAs('iban') + m[0].slice(n);
      },
    ),
    regexRule(russianAccountPattern, atLeastDigits(20), (m) => {
      const marker = group(m, 2);
      if (marker === '' && !isRussianAccount(group(m, 4).replace(/[^0-9]/g, ''))) return undefined;
      return group(m, 1) + marker + group(m, 3) + redactedAs('account');
    }),
    regexRule(passportPattern, (t) => PASSPORT_HINT.test(t) && DIGIT.test(t), (m) => group(m, 1) + group(m, 2) + group(m, 3) + redactedAs('passport')),
    regexRule(snilsPattern, atLeastDigits(11), (m) => {
      const marker = group(m, 2);
      const number = group(m, 4);
      if (marker === '' && !(SNILS_DASHED.test(number) && isSnilsValid(number.replace(/[^0-9]/g, '')))) return undefined;
      return group(m, 1) + marker + group(m, 3) + redactedAs('snils');
    }),
    regexRule(innPattern, atLeastDigits(10), (m) => {
      const marker = group(m, 2);
      const number = group(m, 4);
      if (marker === '' && !(number.length === 12 && isInnValid(number))) return undefined;
      return group(m, 1) + marker + group(m, 3) + redactedAs('inn');
    }),
    { name: 'card_number', hint: atLeastDigits(13), apply: maskCards },
    regexRule(
      internationalPhonePattern,
      (t, s) => t.includes('+') && digitRun(t, s) >= 8,
      (m) => (phoneDotsOk(m[0]) ? `${group(m, 1)}+${group(m, 2)}${PHONE_STARS}${group(m, 3)}` : undefined),
      true,
    ),
    regexRule(
      russianPhonePattern,
      atLeastDigits(11),
      (m) => (phoneDotsOk(m[0]) ? `${group(m, 1)}${PHONE_STARS}${group(m, 2)}` : undefined),
      true,
    ),
    regexRule(russianAddressPattern, (t) => DIGIT.test(t) && CYRILLIC.test(t), (m) => group(m, 1) + ADDRESS_REDACTED),
    regexRule(englishAddressPattern, (t) => EN_HOUSE_HINT.test(t), (m) => group(m, 1) + ADDRESS_REDACTED),
    regexRule(germanAddressPattern, (t) => DE_STREET_HINT.test(t), (m) => group(m, 1) + ADDRESS_REDACTED),
    {
      name: 'person_name',
      hint: (t) => CAPITAL_PAIR.test(t),
      apply: (text) => {
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
    },
  ];

  function run(text: string, phones: boolean): string {
    if (typeof text !== 'string' || !mayNeedMasking(text)) return text;
    let out = text;
    const scan: Scan = { digitRun: -1 };
    for (const rule of rules) {
      if (!phones && rule.phone === true) continue;
      if (!rule.hint(out, scan)) continue;
      const next = rule.apply(out);
      if (next !== out) {
        out = next;
        scan.digitRun = -1;
      }
    }
    return out;
  }

  const addressRules = rules.filter((r) => r.name.startsWith('address_'));
  return {
    maskText: (text) => run(text, true),
    maskTextExceptPhones: (text) => run(text, false),
    findsAddress: (text) => addressRules.some((r) => r.hint(text, { digitRun: -1 }) && r.apply(text) !== text),
  };
}

/** The normalised form a name is hashed in, so "Анна Смирнова" and " анна  смирнова" correlate. */
export function hashName(name: string, salt: string): string {
  return stableHash(name.trim().replace(/[\t\n\f\r ]+/g, ' ').toLowerCase(), salt);
}

/** The rules' names in the order they run (the Go engine's order is checked against it). */
export const TEXT_RULE_ORDER: readonly string[] = [
  'pem_private_key', 'url_credentials', 'webhook_url', 'bearer_token', 'secret_xml', 'secret_kv', 'secret_kv_ru',
  'secret_flag', 'secret_flag_json', 'jwt', 'api_key_prefixed', 'api_key_exact', 'aws_access_key_id', 'google_api_key',
  'email_quoted', 'email', 'email_percent', 'iban', 'ru_account', 'passport', 'snils', 'inn', 'card_number',
  'phone_international', 'phone_ru', 'address_ru', 'address_en', 'address_de', 'person_name',
];
