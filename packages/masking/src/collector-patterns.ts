import { CARD_MAX_DIGITS, CARD_MIN_DIGITS, cardNumberDigitsSource, cardNumberRule } from './card-number.js';
import { collectorValuePatterns, type CollectorValuePattern } from './collector-value-patterns.js';
import { TEXT_RULES } from './mask-text.js';
import { ID_WORDS, KEY_RULES, type KeyRule, type SensitiveKeyClass } from './sensitive-keys.js';
import { WS } from './text-rule.js';
import { SECRET_KEY } from './tokens.js';

export type { CollectorValuePattern } from './collector-value-patterns.js';

/**
 * The value rules for the collector's transform (replace_pattern /
 * replace_all_patterns) and redaction processors, applied in this order.
 * `regex` is RE2 syntax (case-insensitive ones start with `(?i)`),
 * `replacement` uses Go's `${1}` group references.
 */
export interface CollectorPattern {
  readonly name: string;
  readonly regex: string;
  readonly replacement: string;
  /** False where the source side does more than a regex: Luhn check for cards, keyed hash for JWTs. */
  readonly exact: boolean;
  readonly description: string;
}

export const collectorPatterns: ReadonlyArray<CollectorPattern> = Object.freeze(
  TEXT_RULES.map((rule) =>
    Object.freeze({
      name: rule.name,
      regex: (rule.ignoreCase ? '(?i)' : '') + rule.source,
      replacement: rule.replacement,
      exact: rule.exact,
      description: rule.description,
    }),
  ),
);

/**
 * The key-name rules for the collector: `regex` (RE2) matches a flat
 * attribute key (`customer.email`, `customerEmail`, `CUSTOMER_EMAIL`) that
 * the source side puts in the same class; `replacement` is what to write
 * over the whole value there (e.g. redaction processor's blocked_key_patterns,
 * or OTTL `set(...) where IsMatch(key, regex)`). The word lists are included
 * for anyone who needs to build another matcher.
 */
export interface SensitiveKeyPattern {
  readonly name: SensitiveKeyClass;
  readonly regex: string;
  readonly replacement: string;
  /**
   * What to do with a string value under such a key, step by step (RE2 regex
   * → Go replacement, in order): the source side's mask for the class where a
   * regex can compute it (`***@domain`, `+7*******67`, `**** **** **** 1234`,
   * `[REDACTED]`), `replacement` for names. Already-masked values stay as they are.
   */
  readonly valuePatterns: readonly CollectorValuePattern[];
  readonly description: string;
  readonly words: readonly string[];
  readonly pairs: ReadonlyArray<readonly [string, string]>;
  readonly qualified: readonly string[];
  readonly qualifiers: readonly string[];
  readonly suffixes: readonly string[];
}

// A key word may be written lower (snake, kebab, dotted), UPPER (env style) or
// Capitalised (inside camelCase). Lower and upper forms need a non-letter (or
// the start) before them, so "bypass" is not "pass"; a Capitalised form starts
// a word by itself. Between words: a separator, or none before a capital.
const SEP_OPT = '[^A-Za-z0-9]*';
const SEP_REQ = '[^A-Za-z0-9]+';

const capital = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
const alt = (xs: readonly string[]): string => xs.join('|');

function firstWordOf(words: readonly string[]): string {
  const plain = alt(words.flatMap((w) => [w, w.toUpperCase()]));
  return `(?:(?:^|[^A-Za-z])(?:${plain})|(?:${alt(words.map(capital))}))`;
}

function nextWordOf(words: readonly string[]): string {
  const plain = alt(words.flatMap((w) => [w, w.toUpperCase()]));
  return `(?:${SEP_REQ}(?:${plain})|${SEP_OPT}(?:${alt(words.map(capital))}))`;
}

function bareWordOf(words: readonly string[]): string {
  return `^(?:${alt(words.flatMap((w) => [w, w.toUpperCase(), capital(w)]))})`;
}

/**
 * Trailing suffix words, numbers before any of them or at the end, then end
 * of key. A number is only ever followed by a word or the end, which keeps
 * the pattern free of ambiguous repetition (fast in JS too, not only in RE2).
 */
function tailOf(suffixes: readonly string[]): string {
  return `(?:(?:${SEP_OPT}[0-9]+)?${nextWordOf(suffixes)})*(?:${SEP_OPT}[0-9]+)?${SEP_OPT}$`;
}

export function keyRuleRegex(rule: KeyRule): string {
  const heads: string[] = [];
  if (rule.words.length > 0) heads.push(firstWordOf(rule.words));
  for (const [a, b] of rule.pairs) heads.push(firstWordOf([a]) + nextWordOf([b]));
  if (rule.qualified.length > 0) {
    heads.push(firstWordOf(rule.qualifiers) + nextWordOf(rule.qualified));
    // At the top level the ambiguous word alone counts; nested keys cannot be seen from a flat key.
    heads.push(bareWordOf(rule.qualified));
  }
  return `(?:${heads.join('|')})${tailOf(rule.suffixes)}`;
}

export const sensitiveKeyPatterns: ReadonlyArray<SensitiveKeyPattern> = Object.freeze(
  KEY_RULES.map((rule) =>
    Object.freeze({
      name: rule.name,
      regex: keyRuleRegex(rule),
      replacement: rule.replacement,
      valuePatterns: Object.freeze([...collectorValuePatterns(rule.name, rule.replacement)]),
      description: rule.description,
      words: rule.words,
      pairs: rule.pairs,
      qualified: rule.qualified,
      qualifiers: rule.qualifiers,
      suffixes: rule.suffixes,
    }),
  ),
);

/**
 * RE2 regex of a flat key the source side classes as an id (`order.id`,
 * `customer_id`, `orderId`, `orderID`, `uuid`): values under such keys get
 * every text rule except the phone rules (an order id 79161234567 is not a
 * phone). Keys of a sensitive class are matched first (`session_id` is a secret).
 */
export const idKeyPattern: string = (() => {
  const plain = ID_WORDS.flatMap((w) => [w, w.toUpperCase()]);
  const capital = ID_WORDS.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  const upperAfterLower = ID_WORDS.map((w) => w.toUpperCase());
  // The last word of the key: lower or UPPER after a non-letter (or alone), Capitalised, or UPPER after a lower-case letter or digit (orderID).
  return `^(?:(?:.*[^A-Za-z])?(?:${alt(plain)})|.*(?:${alt(capital)}|[a-z0-9](?:${alt(upperAfterLower)})))[^A-Za-z0-9]*$`;
})();

/**
 * The card rule with each digit in its own group 1..19 (see
 * cardNumberDigitsSource): the same matches as collectorPatterns' card_number,
 * for a collector that checks Luhn by rewriting the digits.
 */
export const cardDigitsPattern: Readonly<{ regex: string; minDigits: number; maxDigits: number; sameMatchesAs: string }> =
  Object.freeze({
    regex: cardNumberDigitsSource(),
    minDigits: CARD_MIN_DIGITS,
    maxDigits: CARD_MAX_DIGITS,
    sameMatchesAs: cardNumberRule.source,
  });

/**
 * Collector-only rules for command lines (`process.command_line`, and
 * `process.command_args` written as a JSON array): a secret flag followed by
 * its value as the next word, `--password S3cr3t` / `"--password","S3cr3t"`.
 * (`--password=S3cr3t` is already the text rule secret_kv.) The source side
 * has no such rule: its text rules see log messages, not argv.
 */
export interface CommandLinePattern {
  readonly name: string;
  readonly regex: string;
  readonly replacement: string;
  readonly description: string;
}

export const commandLinePatterns: ReadonlyArray<CommandLinePattern> = Object.freeze([
  Object.freeze({
    name: 'secret_flag',
    regex: `(?i)(^|[\\t ])(--?${SECRET_KEY})[\\t ]+("[^"]*"|'[^']*'|[^${WS}"']+)`,
    replacement: '${1}${2} [REDACTED]',
    description: 'command line: --password S3cr3t, --api-key "x y" → --password [REDACTED]',
  }),
  Object.freeze({
    name: 'secret_flag_json',
    regex: `(?i)("--?${SECRET_KEY}")(,)"(?:[^"\\\\]|\\\\.)*"`,
    replacement: '${1}${2}"[REDACTED]"',
    description: 'argv as a JSON array: "--password","S3cr3t" → "--password","[REDACTED]"',
  }),
]);
