import type { TextRule } from './text-rule.js';

/**
 * 13–19 digits, first digit 2–6 (Mir, Visa, Mastercard, Amex, UnionPay,
 * Discover, JCB, Maestro), optionally separated by single spaces or dashes.
 * The first-digit limit keeps epoch milliseconds (1…) out. The last four
 * digits are captured one by one so a separator inside them does not matter.
 * The regex alone cannot check Luhn: the source side does, the collector cannot.
 */
export const cardNumberRule: TextRule = {
  name: 'card_number',
  source: '\\b[2-6][0-9]{3}(?:[ -]?[0-9]){5,11}[ -]?([0-9])[ -]?([0-9])[ -]?([0-9])[ -]?([0-9])\\b',
  ignoreCase: false,
  replacement: '**** **** **** ${1}${2}${3}${4}',
  exact: false,
  description: 'card number, last 4 kept; source side masks only Luhn-valid numbers, this regex cannot check Luhn',
};

/** Digits in a card number: the shortest (13) and longest (19) the rule above accepts. */
export const CARD_MIN_DIGITS = 13;
export const CARD_MAX_DIGITS = 19;

/**
 * The same matches as cardNumberRule.source (leftmost, then longest up to 19
 * digits ending at a word boundary), but with every digit in its own group
 * (groups 1..19; the last six only when the number is that long, unmatched
 * ones are empty). The collector needs the digits one by one to check Luhn
 * with plain regex rewriting, which has no arithmetic. The optional digits
 * are nested, so the ones that matched are always groups 14, 15, … in order.
 */
export function cardNumberDigitsSource(): string {
  const digit = '([0-9])';
  const next = `[ -]?${digit}`;
  let optional = '';
  for (let i = CARD_MIN_DIGITS; i < CARD_MAX_DIGITS; i++) optional = `(?:${next}${optional})?`;
  return `\\b([2-6])${digit.repeat(3)}${next.repeat(CARD_MIN_DIGITS - 4)}${optional}\\b`;
}

export function isLuhnValid(digits: string): boolean {
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function cardMask(digits: string): string {
  return `**** **** **** ${digits.slice(-4)}`;
}

function isCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  const first = digits.charCodeAt(0);
  return first >= 50 && first <= 54 && isLuhnValid(digits); // '2'..'6'
}

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
}

const DIGIT_GROUP = /[0-9]+/g;

/**
 * Masks the card inside one regex match: the whole match if it is a card,
 * else the longest run of whole digit groups from the start that is one
 * ("4111 1111 1111 1111 202" → card + " 202"). Undefined when there is none.
 */
function maskCardPrefix(match: string): string | undefined {
  const all = match.replace(/[ -]/g, '');
  if (isCard(all)) return cardMask(all);
  const groups: Group[] = [];
  for (const m of match.matchAll(DIGIT_GROUP)) {
    const start = m.index ?? 0;
    groups.push({ start, end: start + m[0].length, digits: m[0] });
  }
  for (let j = groups.length - 2; j >= 0; j--) {
    let digits = '';
    for (let k = 0; k <= j; k++) digits += (groups[k] as Group).digits;
    if (isCard(digits)) return cardMask(digits) + match.slice((groups[j] as Group).end);
  }
  return undefined;
}

/**
 * Masks every Luhn-valid card in `text`. `re` is the compiled cardNumberRule
 * (global). Not a plain String.replace: when a match is not a card, the scan
 * restarts one character later instead of after the match, because the greedy
 * regex may have glued a neighbouring number in front of a real card
 * ("2026 4111 1111 1111 1111").
 */
export function maskCards(text: string, re: RegExp): string {
  let out = '';
  let written = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const masked = maskCardPrefix(m[0]);
    if (masked === undefined) {
      re.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(written, m.index) + masked;
    written = m.index + m[0].length;
  }
  re.lastIndex = 0;
  return written === 0 ? text : out + text.slice(written);
}

/**
 * Card rule for a value whose key says it is a card number: masked whether
 * or not it passes Luhn (the key already says what it is). Undefined when
 * the value has too few digits to be a card (a brand, "last4", a month).
 */
export function maskCardValue(value: string): string | undefined {
  const digits = value.replace(/[^0-9]/g, '');
  return digits.length >= 12 ? cardMask(digits) : undefined;
}
