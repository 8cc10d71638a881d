import { isEan13Valid, isLuhnValid } from './checksums.js';
import { isDigitCode, readDigitRun, type DigitRun } from './digit-runs.js';

export const CARD_MIN_DIGITS = 13;
export const CARD_MAX_DIGITS = 19;

export function cardMask(digits: string): string {
  return `**** **** **** ${digits.slice(-4)}`;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHexOrDigit(c: number): boolean {
  return isDigitCode(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * True when the digits from `start` to `end` (one group, or groups with their
 * separators) are glued to letters and what is glued to them is all hex: part
 * of a trace id, a hash or a UUID (`486f4445-5095-4422-9680-7b22…`), not a card.
 */
function insideHexToken(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  const after = end < text.length ? text.charCodeAt(end) : -1;
  if (!isAsciiLetter(before) && !isAsciiLetter(after)) return false;
  let a = start;
  while (a > 0 && (isAsciiLetter(text.charCodeAt(a - 1)) || isDigitCode(text.charCodeAt(a - 1)))) a--;
  let b = end;
  while (b < text.length && (isAsciiLetter(text.charCodeAt(b)) || isDigitCode(text.charCodeAt(b)))) b++;
  for (let i = a; i < start; i++) if (!isHexOrDigit(text.charCodeAt(i))) return false;
  for (let i = end; i < b; i++) if (!isHexOrDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Whether the number starts like a card of a payment system and has that
 * system's length: Visa 4… (13, 16, 19), Mastercard 51–55 and 2221–2720 (16),
 * Maestro 50, 56–59 and 6… (13–19), Mir 2200–2204 (16–19), Amex 34/37 (15),
 * Diners 300–305/36/38/39 (14–19), JCB 3528–3589 (16–19). Compact timestamps
 * (2026031510203012) and most plain references fail here already.
 */
export function hasCardBrandLength(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  switch (digits.charAt(0)) {
    case '4':
      return n === 13 || n === 16 || n === 19;
    case '5':
      return p2 >= 51 && p2 <= 55 ? n === 16 : n >= 13;
    case '2':
      if (p4 >= 2200 && p4 <= 2204) return n >= 16;
      return p4 >= 2221 && p4 <= 2720 && n === 16;
    case '3':
      if (p2 === 34 || p2 === 37) return n === 15;
      if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14;
      return p4 >= 3528 && p4 <= 3589 && n >= 16;
    case '6':
      return n >= 13;
    default:
      return false;
  }
}

/**
 * Whether groups k..e of the run are a card: 13–19 digits of a card's brand
 * and length (hasCardBrandLength), one separator throughout, a card's layout
 * (one group; groups of four and a last of 1–4; 4-6-5 or 4-6-4) and
 * Luhn-valid. Groups around it do not matter: a card next to a year or an
 * expiry (`2026 4111 1111 1111 1111`) is still a card, while a reference of
 * five groups of four stays unless four of its groups pass brand and Luhn.
 * A 13-digit group that is a valid EAN-13 is a barcode; digits glued inside
 * a hex token are an id.
 */
function isCardAt(text: string, run: DigitRun, k: number, e: number): string | undefined {
  const len = (i: number): number => (run.ends[i] as number) - (run.starts[i] as number);
  if ((run.ends[e] as number) - (run.starts[k] as number) < CARD_MIN_DIGITS) return undefined;
  let digits = '';
  for (let i = k; i <= e && digits.length <= CARD_MAX_DIGITS; i++) digits += text.slice(run.starts[i], run.ends[i]);
  if (digits.length < CARD_MIN_DIGITS || digits.length > CARD_MAX_DIGITS) return undefined;
  if (!hasCardBrandLength(digits)) return undefined;
  if (insideHexToken(text, run.starts[k] as number, run.ends[e] as number)) return undefined;
  if (e === k) {
    if (digits.length === 13 && isEan13Valid(digits)) return undefined;
  } else {
    const sep = run.seps[k] as string;
    for (let i = k; i < e; i++) if (run.seps[i] !== sep) return undefined;
    let fours = len(e) >= 1 && len(e) <= 4;
    for (let i = k; i < e && fours; i++) fours = len(i) === 4;
    const amex = e === k + 2 && len(k) === 4 && len(k + 1) === 6 && (len(e) === 5 || len(e) === 4);
    if (!fours && !amex) return undefined;
  }
  return isLuhnValid(digits) ? digits : undefined;
}

/** Masks every card in `text` (see isCardAt), keeping the last four digits. */
export function maskCards(text: string): string {
  let out = '';
  let written = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isDigitCode(text.charCodeAt(i))) continue;
    const run = readDigitRun(text, i);
    const n = run.starts.length;
    let k = 0;
    while (k < n) {
      let found = -1;
      let digits: string | undefined;
      // A card has at most 19 digits: only the groups that fit are tried.
      let last = k;
      let total = (run.ends[k] as number) - (run.starts[k] as number);
      while (last + 1 < n && total + (run.ends[last + 1] as number) - (run.starts[last + 1] as number) <= CARD_MAX_DIGITS) {
        last++;
        total += (run.ends[last] as number) - (run.starts[last] as number);
      }
      for (let e = last; e >= k && found < 0; e--) {
        digits = isCardAt(text, run, k, e);
        if (digits !== undefined) found = e;
      }
      if (found < 0) {
        k++;
        continue;
      }
      out += text.slice(written, run.starts[k]) + cardMask(digits as string);
      written = run.ends[found] as number;
      k = found + 1;
    }
    i = (run.ends[n - 1] as number) - 1;
  }
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
