import { ibanLength, isIbanValid } from './checksums.js';
import type { TextPattern } from './text-rule.js';

/**
 * IBAN candidates: two letters, two check digits, then groups of up to four
 * letters or digits, with or without single spaces. A candidate is masked
 * when its first <country length> characters pass the MOD 97 check. Group 1: the candidate.
 */
export const ibanPattern: TextPattern = {
  name: 'iban',
  source: '\\b([A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)\\b',
  ignoreCase: false,
};

/**
 * The valid IBAN at the start of a candidate: its length in the candidate's
 * characters (spaces included), or 0.
 */
export function ibanPrefixLength(candidate: string): number {
  const want = ibanLength(candidate.slice(0, 2));
  if (want === 0) return 0;
  let compact = '';
  let i = 0;
  for (; i < candidate.length && compact.length < want; i++) {
    const ch = candidate.charAt(i);
    if (ch !== ' ') compact += ch;
  }
  return compact.length === want && isIbanValid(compact) ? i : 0;
}

/** Words that mark a Russian bank account number (р/с, расчётный счёт, к/с, лицевой счёт, account no.). */
const ACCOUNT_MARKER =
  '(?:р/с|р/сч|р\\.[ ]?с\\.|расч[её]тн[а-яё]*[ ]сч[её]т[а-яё]*|к/с|корр?\\.?[ ]?сч[её]т[а-яё]*' +
  '|корреспондентск[а-яё]*[ ]сч[её]т[а-яё]*|лицев[а-яё]*[ ]сч[её]т[а-яё]*|сч[её]т[а-яё]*' +
  '|account(?:[ ](?:no\\.?|number|#))?|acct\\.?)';

/**
 * A Russian bank account number: 20 digits, written together, as 5-3-1-4-7
 * or in groups of four, after an optional marker. Without a marker only a
 * number whose first five digits are a client account of the chart of
 * accounts and whose next three a currency is taken (see isRussianAccount).
 * Groups: 1 before, 2 marker, 3 what follows the marker, 4 the number.
 */
export const russianAccountPattern: TextPattern = {
  name: 'ru_account',
  source:
    `(^|[^0-9A-Za-zА-Яа-яЁё_])(?:(${ACCOUNT_MARKER})([ :№#]*))?` +
    '([0-9]{5}[ .-]?[0-9]{3}[ .-]?[0-9][ .-]?[0-9]{4}[ .-]?[0-9]{7}|[0-9]{4}(?:[ ][0-9]{4}){4})\\b',
  ignoreCase: true,
};

/** Balance accounts (first five digits) of client, deposit, correspondent and loan accounts. */
export const BALANCE_ACCOUNTS: ReadonlySet<string> = new Set([
  '30101',
  '30102',
  '30109',
  '30110',
  '30111',
  '30114',
  '30231',
  '40502',
  '40602',
  '40701',
  '40702',
  '40703',
  '40802',
  '40807',
  '40817',
  '40820',
  '40823',
  '40824',
  '42301',
  '42302',
  '42303',
  '42304',
  '42305',
  '42306',
  '42307',
  '42601',
  '42602',
  '42603',
  '42604',
  '42605',
  '42606',
  '42607',
  '45502',
  '45505',
  '45506',
  '45507',
  '45509',
  '47422',
  '47423',
]);

/** Currency codes (digits 6–8): 810 and 643 rubles, then the usual foreign ones. */
export const ACCOUNT_CURRENCIES: ReadonlySet<string> = new Set([
  '810',
  '643',
  '840',
  '978',
  '156',
  '826',
  '756',
  '398',
  '933',
  '860',
  '417',
  '392',
  '949',
  '972',
  '944',
]);

/** Whether 20 digits with no marker before them are a Russian bank account. */
export function isRussianAccount(digits: string): boolean {
  return digits.length === 20 && BALANCE_ACCOUNTS.has(digits.slice(0, 5)) && ACCOUNT_CURRENCIES.has(digits.slice(5, 8));
}
