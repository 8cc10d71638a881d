import type { TextRule } from './text-rule.js';

/**
 * Country calling codes, 1 and 2 digits listed, the rest 3 digits. Needed to
 * know how many leading digits to keep in "+4930901820" (49) or "+79161234567" (7).
 * Alternation order matters: both engines take the first alternative that lets the whole pattern match.
 */
export const COUNTRY_CODE = '1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58]|[2-9][0-9]{2}';

/** Fixed width, so the mask does not tell the number's length and the collector can write the same thing. */
export const PHONE_STARS = '*******';

/**
 * "+" and a country code, then 7 to 13 more digits in groups separated by
 * single spaces, dashes or parentheses, ending at a word boundary. The char
 * before "+" is consumed (no lookbehind in RE2) and written back.
 * "." is not a separator, so "+12500.00" stays a price.
 */
export const internationalPhoneRule: TextRule = {
  name: 'phone_international',
  source: `(^|[^0-9A-Za-z_+])\\+(${COUNTRY_CODE})(?:[ ()-]{0,2}[0-9]){5,11}[ -]?([0-9]{2})\\b`,
  ignoreCase: false,
  replacement: '${1}+${2}' + PHONE_STARS + '${3}',
  exact: true,
  description: 'phone with + and country code (+7 (916) 123-45-67, +44 20 7946 0958): + and country code and last 2 digits kept',
};

/**
 * Russian numbers without "+": 7 or 8, then 3+3+2+2 digits with optional
 * space/dash separators and parentheses around the area code. Not after
 * "-", ".", "/", "_" or alphanumerics, so ORD-…, decimals, URL paths and hex ids stay.
 */
export const russianPhoneRule: TextRule = {
  name: 'phone_ru',
  source: '(^|[^0-9A-Za-z_+./-])[78][ -]?\\(?[0-9]{3}\\)?[ -]?[0-9]{3}[ -]?[0-9]{2}[ -]?([0-9]{2})\\b',
  ignoreCase: false,
  replacement: '${1}' + PHONE_STARS + '${2}',
  exact: true,
  description: 'Russian phone without + (8 916 123 45 67, 8(495)123-45-67, 89161234567): last 2 digits kept',
};

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
