import type { TextPattern } from './text-rule.js';

/**
 * Country calling codes, 1 and 2 digits listed, the rest 3 digits. Needed to
 * know how many leading digits to keep in "+4930901820" (49) or "+79161234567" (7).
 * Alternation order matters: both engines take the first alternative that lets the whole pattern match.
 */
export const COUNTRY_CODE = '1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|[2-9][0-9]{2}';

/** Fixed width, so the mask does not tell the number's length. */
export const PHONE_STARS = '*******';

/** Between the digits of a phone: space, dot, dash, no-break space. */
const SEP = ' .\u00a0-';

/**
 * "+" and a country code, then 7 to 13 more digits in groups separated by
 * single spaces, dots, dashes or parentheses (a 3- to 5-digit area code in
 * parentheses too), ending at a word boundary. The char before "+" is
 * consumed and written back (no lookbehind). Groups: 1 before, 2 country code, 3 last two digits.
 */
export const internationalPhonePattern: TextPattern = {
  name: 'phone_international',
  source: `(^|[^0-9A-Za-z_+])\\+(${COUNTRY_CODE})(?:[()${SEP}]{0,2}[0-9]){5,11}[${SEP}]?([0-9]{2})\\b`,
  ignoreCase: false,
};

/**
 * Russian numbers without "+": 7 or 8, then ten digits: a 3-digit code (in
 * parentheses or not) and seven digits, or a 4- or 5-digit city code in
 * parentheses and six or five. Not after "-", ".", "/", "_", "+" or
 * alphanumerics, so ORD-…, decimals, URL paths and hex ids stay. Groups: 1 before, 2 last two digits.
 */
export const russianPhonePattern: TextPattern = {
  name: 'phone_ru',
  source:
    `(^|[^0-9A-Za-z_+./-])[78][${SEP}]?` +
    `(?:\\(?[0-9]{3}\\)?[${SEP}]?(?:[0-9][${SEP}]?){5}` +
    `|\\([0-9]{4}\\)[${SEP}]?(?:[0-9][${SEP}]?){4}` +
    `|\\([0-9]{5}\\)[${SEP}]?(?:[0-9][${SEP}]?){3})` +
    `([0-9]{2})\\b`,
  ignoreCase: false,
};

/**
 * A match with dots is a phone only with two dots or more: "+7.916.123.45.67"
 * is, "+125000.00" (a price) is not. `match` is without the character before
 * the phone: in "phones.+7 916 …" (a flattened key) that dot is not the phone's.
 */
export function phoneDotsOk(match: string): boolean {
  let dots = 0;
  for (let i = 0; i < match.length; i++) if (match.charCodeAt(i) === 46) dots++;
  return dots === 0 || dots >= 2;
}

const COUNTRY_CODE_AT_START = new RegExp(`^(?:${COUNTRY_CODE})`);
const NON_DIGITS = /[^0-9]/g;
const LEADING_PLUS = /^[\t\n\f\r ]*\+/;
const LEADING_00 = /^[\t\n\f\r ]*00/;

/**
 * Phone rule for a value whose key says it is a phone. Returns undefined when
 * the value has too few digits to be a phone (e.g. "n/a", "ios"), so the caller
 * can fall back to free-text masking.
 */
export function maskPhoneValue(value: string): string | undefined {
  let digits = value.replace(NON_DIGITS, '');
  if (digits.length < 5) return undefined;
  const last2 = digits.slice(-2);
  let international = LEADING_PLUS.test(value);
  if (!international && LEADING_00.test(value) && digits.length > 11) {
    // "00 44 …" is the dial-out spelling of "+44 …".
    international = true;
    digits = digits.slice(2);
  }
  if (international) {
    const cc = COUNTRY_CODE_AT_START.exec(digits)?.[0] ?? '';
    return `+${cc}${PHONE_STARS}${last2}`;
  }
  return `${PHONE_STARS}${last2}`;
}
