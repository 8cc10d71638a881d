import { cardNumberRule, maskCards } from './card-number.js';
import { emailRule } from './email.js';
import { internationalPhoneRule, russianPhoneRule } from './phone.js';
import { stableHash } from './stable-hash.js';
import { goTemplateToJs, type TextRule } from './text-rule.js';
import {
  awsAccessKeyIdRule,
  bearerRule,
  googleApiKeyRule,
  jwtRule,
  prefixedApiKeyRule,
  secretKeyValueRule,
} from './tokens.js';

/**
 * The value rules in the order they run; the collector applies them in the
 * same order. Secrets come before e-mails (password=ivan@x.ru is a password),
 * e-mails before numbers (digits in a local part), cards before phones.
 */
export const TEXT_RULES: readonly TextRule[] = [
  bearerRule,
  secretKeyValueRule,
  jwtRule,
  prefixedApiKeyRule,
  awsAccessKeyIdRule,
  googleApiKeyRule,
  emailRule,
  cardNumberRule,
  internationalPhoneRule,
  russianPhoneRule,
];

/**
 * A string none of the rules can match: shorter than the shortest match
 * ("pin=1") or containing none of the characters or words every rule needs.
 * One test of this regex is the whole cost of masking most log text.
 */
const MIN_MATCH_LENGTH = 5;
const MAY_MATCH =
  /[0-9@=:]|eyJ|[Bb][Ee][Aa][Rr][Ee][Rr]|sk_|rk_|pk_|whsec_|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)|AIza/;

export function mayNeedMasking(text: string): boolean {
  return text.length >= MIN_MATCH_LENGTH && MAY_MATCH.test(text);
}

interface CompiledRule {
  readonly apply: (text: string) => string;
  readonly hint: ((text: string) => boolean) | undefined;
  /** Necessary length of the longest digit run (see longestDigitRun); 0 when not a number rule. */
  readonly minDigitRun: number;
  readonly phone: boolean;
}

/** A secret key word (password, passwd, session_id, api_key …) before "=" or ":", after an optional closing quote. */
const SECRET_KEY_HINT =
  /(?:pass|pwd|secret|token|key|pin|otp|cvv|cvc|credential|signature|authorization|cookie|sid|session)[A-Za-z0-9_-]*["']?[\t\n\f\r ]*[=:]/i;
const BEARER_HINT = /bearer/i;
const API_KEY_HINT = /sk_|rk_|pk_|whsec_|gh[pousr]_|github_pat_|glpat-|xox[abprs]-/;
const AWS_HINT = /A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)/;

const secretKeyHint = (t: string): boolean => (t.includes('=') || t.includes(':')) && SECRET_KEY_HINT.test(t);

/**
 * Per rule, a cheap necessary condition (implied by the rule's regex), so a
 * rule does not scan text it cannot match. Plain `includes` first where
 * possible: it is several times cheaper than a regex test. Hints never leave
 * this process, so they need not be RE2.
 */
const HINTS: Readonly<Record<string, (text: string) => boolean>> = {
  bearer_token: (t) => BEARER_HINT.test(t),
  secret_kv: secretKeyHint,
  jwt: (t) => t.includes('eyJ'),
  api_key_prefixed: (t) => (t.includes('_') || t.includes('-')) && API_KEY_HINT.test(t),
  aws_access_key_id: (t) => t.includes('A') && AWS_HINT.test(t),
  google_api_key: (t) => t.includes('AIza'),
  email: (t) => t.includes('@'),
  phone_international: (t) => t.includes('+'),
};

// Cards have 13+ digits, phones 8+ (country code and 7), all in one run of digits and separators.
const MIN_DIGIT_RUN: Readonly<Record<string, number>> = {
  card_number: 13,
  phone_international: 8,
  phone_ru: 11,
};

/**
 * Most digits in one run of digits, spaces, dashes and parentheses, the only
 * characters a card or phone match can span. Trace ids, UUIDs, dates and
 * prices have short runs, so the number rules skip them without a regex.
 */
function longestDigitRun(text: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      if (run > best) best = run;
    } else if (c !== 32 && c !== 45 && c !== 40 && c !== 41) {
      run = 0; // not space, "-", "(" or ")"
    }
  }
  return best;
}

export interface TextMasker {
  maskText(text: string): string;
  /** Same without the phone rules: for values under id keys (an order id 79161234567 is not a phone). */
  maskTextExceptPhones(text: string): string;
}

export function createTextMasker(salt: string): TextMasker {
  const compiled: CompiledRule[] = TEXT_RULES.map((rule) => {
    // String.prototype.replace resets lastIndex of a global regex, so one compiled `re` per rule is enough.
    const re = new RegExp(rule.source, rule.ignoreCase ? 'gi' : 'g');
    const template = goTemplateToJs(rule.replacement);
    let apply = (text: string): string => text.replace(re, template);
    if (rule === jwtRule) apply = (text) => text.replace(re, (jwt) => `[JWT:${stableHash(jwt, salt)}]`);
    if (rule === cardNumberRule) apply = (text) => maskCards(text, re);
    return {
      apply,
      hint: HINTS[rule.name],
      minDigitRun: MIN_DIGIT_RUN[rule.name] ?? 0,
      phone: rule === internationalPhoneRule || rule === russianPhoneRule,
    };
  });

  function run(text: string, phones: boolean): string {
    if (typeof text !== 'string' || !mayNeedMasking(text)) return text;
    let out = text;
    // Computed once, when the first number rule needs it; masking only shortens runs, so it stays an upper bound.
    let digitRun = -1;
    for (const rule of compiled) {
      if (!phones && rule.phone) continue;
      if (rule.hint !== undefined && !rule.hint(out)) continue;
      if (rule.minDigitRun > 0) {
        if (digitRun < 0) digitRun = longestDigitRun(out);
        if (digitRun < rule.minDigitRun) continue;
      }
      out = rule.apply(out);
    }
    return out;
  }

  return {
    maskText: (text) => run(text, true),
    maskTextExceptPhones: (text) => run(text, false),
  };
}
