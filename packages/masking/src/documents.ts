import type { TextPattern } from './text-rule.js';

const BEFORE = '(^|[^0-9A-Za-zА-Яа-яЁё_])';
// Not after a dot, plus or dash either: 2026-112-233-445 95, +7…, ORD-… are not documents.
const BEFORE_NUMBER = '(^|[^0-9A-Za-zА-Яа-яЁё_.+-])';

/**
 * A Russian passport (series and number, 4+6 digits), a foreign-travel
 * passport (2+7) or a passport of another country (letters and digits),
 * only after a marker: паспорт, passport, серия. Groups: 1 before, 2 marker, 3 what follows it, 4 the number.
 */
export const passportPattern: TextPattern = {
  name: 'passport',
  source:
    `${BEFORE}(паспорт[а-яё]*(?:[ ]гражданина[ ]РФ|[ ]РФ)?|загранпаспорт[а-яё]*|passport(?:[ ](?:no\\.?|number|#))?|серия[ ]и[ ]номер|серия)` +
    '([ :№#]*)' +
    '([0-9]{2}[ ]?[0-9]{2}[ ]*(?:№|N|номер)?[ ]*[0-9]{6}|[0-9]{2}[ ]?[0-9]{7}|[A-Z]{1,2}[0-9][A-Z0-9]{5,7})\\b',
  ignoreCase: true,
};

/**
 * СНИЛС: 11 digits as 3-3-3 2. After a marker (СНИЛС, SNILS, страховой номер)
 * any such number; without one only the dashed spelling NNN-NNN-NNN NN with
 * a valid checksum (isSnilsValid). Groups: 1 before, 2 marker, 3 what follows it, 4 the number.
 */
export const snilsPattern: TextPattern = {
  name: 'snils',
  source:
    `${BEFORE_NUMBER}(?:(снилс|snils|страхов[а-яё]*[ ]номер[а-яё]*)([ :№#]*))?` + '([0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{2})\\b',
  ignoreCase: true,
};

/** The spelling of a СНИЛС that needs no marker. */
export const SNILS_DASHED_SOURCE = '^[0-9]{3}-[0-9]{3}-[0-9]{3}[ -][0-9]{2}$';
export const SNILS_DASHED = new RegExp(SNILS_DASHED_SOURCE, 'u');

/**
 * ИНН: after a marker (ИНН, ИНН/КПП, INN, TIN) 10 or 12 digits; without one
 * only 12 digits with both check digits right (isInnValid) — one random
 * 12-digit number in a hundred passes, a 10-digit one in ten, which is too
 * many epoch seconds and order numbers. Groups: 1 before, 2 marker, 3 what follows it, 4 the number.
 */
export const innPattern: TextPattern = {
  name: 'inn',
  source: `${BEFORE_NUMBER}(?:(инн(?:/кпп)?|inn|tin)([ :№#]*))?([0-9]{12}|[0-9]{10})\\b`,
  ignoreCase: true,
};
