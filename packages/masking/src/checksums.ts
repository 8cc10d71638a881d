/**
 * Check digits that tell a real card, document or account number from a
 * look-alike. Every function takes ASCII digits only (IBAN: digits and
 * upper-case letters) and answers false for anything else.
 */

function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (digitAt(s, i) < 0) return false;
  return s.length > 0;
}

/** Luhn (cards). */
export function isLuhnValid(digits: string): boolean {
  if (!allDigits(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digitAt(digits, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** EAN-13 (product barcodes): weights 1,3,1,3… over the first 12 digits. */
export function isEan13Valid(digits: string): boolean {
  if (digits.length !== 13 || !allDigits(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += digitAt(digits, i) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === digitAt(digits, 12);
}

/** СНИЛС: 11 digits, the last two a checksum of the first nine (weights 9…1, modulo 101). */
export function isSnilsValid(digits: string): boolean {
  if (digits.length !== 11 || !allDigits(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(digits, i) * (9 - i);
  let check = sum < 100 ? sum : sum % 101;
  if (check === 100) check = 0;
  return check === digitAt(digits, 9) * 10 + digitAt(digits, 10);
}

const INN10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function innCheck(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digitAt(digits, i) * (weights[i] as number);
  return (sum % 11) % 10;
}

/** ИНН: 10 digits (organisations, one check digit) or 12 (people, two). */
export function isInnValid(digits: string): boolean {
  if (!allDigits(digits)) return false;
  if (digits.length === 10) return innCheck(digits, INN10) === digitAt(digits, 9);
  if (digits.length === 12) return innCheck(digits, INN11) === digitAt(digits, 10) && innCheck(digits, INN12) === digitAt(digits, 11);
  return false;
}

/** IBAN lengths by country (SWIFT's IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** Length of an IBAN of the country (two upper-case letters), 0 for a country without IBANs. */
export function ibanLength(country: string): number {
  return Object.prototype.hasOwnProperty.call(IBAN_LENGTHS, country) ? (IBAN_LENGTHS[country] as number) : 0;
}

/** IBAN (no spaces, upper case): the country's length, then ISO 7064 MOD 97-10. */
export function isIbanValid(iban: string): boolean {
  if (ibanLength(iban.slice(0, 2)) !== iban.length) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    if (c >= 48 && c <= 57) rest = (rest * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rest = (rest * 100 + (c - 55)) % 97;
    else return false;
  }
  return rest === 1;
}
