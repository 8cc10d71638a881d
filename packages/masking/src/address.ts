import type { TextPattern } from './text-rule.js';

/**
 * Postal addresses in free text, found by their markers: a street type with
 * a name and a house number (ул. Тверская, д. 7; Невский пр-т, 28; 221B Baker
 * Street; Hauptstraße 5), or a house with a flat (д. 7, кв. 12), with what
 * is joined to them by commas: city, index, building, flat, a US state and
 * ZIP or a UK postcode. The whole stretch becomes [REDACTED:address]. The
 * char before is consumed and written back (group 1). A street alone (a
 * shop "на ул. Тверской") or a city alone is not an address of a person.
 */

const UP = 'А-ЯЁ';
const LO = 'а-яё';
const CY = 'А-ЯЁа-яё';
const BEFORE = '(^|[^A-Za-zА-Яа-яЁё0-9_])';

const RU_WORD = `[${UP}][${CY}]+(?:-[${CY}]+)*`;
const RU_NUMWORD = `[0-9]{1,3}(?:-?[${LO}]{1,3})?`;
const RU_NAME = `(?:${RU_NUMWORD}[ ])?${RU_WORD}(?:[ ]${RU_WORD}){0,2}`;
// Street names written before the street type are adjectives: Невский, Тверская, Ленинградское.
const RU_ADJ = `[${UP}][${CY}]*(?:ий|ый|ой|ая|яя|ое|ее)(?:-[${CY}]+)?`;
const RU_TYPE_BEFORE =
  '(?:[Уу]л\\.|[Уу]лица|[Пп]р-т|[Пп]р-кт|[Пп]росп\\.|[Пп]роспект|[Пп]ер\\.|[Пп]ереулок|[Бб]-р|[Бб]ульвар' +
  '|[Шш]\\.|[Шш]оссе|[Нн]аб\\.|[Нн]абережная|[Пп]л\\.|[Пп]лощадь|[Пп]р-д|[Пп]роезд|[Мм]кр\\.?|[Мм]икрорайон' +
  '|[Тт]уп\\.|[Тт]упик|[Аа]ллея)';
const RU_TYPE_AFTER = '(?:ул\\.|улица|пр-т|проспект|пер\\.|переулок|б-р|бульвар|ш\\.|шоссе|наб\\.|набережная|пл\\.|площадь|проезд|пр-д)';
const RU_STREET = `(?:${RU_TYPE_BEFORE}[ ]?${RU_NAME}` + `|(?:${RU_NUMWORD}[ ])?(?:${RU_ADJ}[ ])?${RU_ADJ}[ ]${RU_TYPE_AFTER})`;
// 7, 7а, 16А, 7к2 (корпус 2), 3/18.
const RU_HOUSE_NUMBER = `[0-9]{1,4}(?:[кК][0-9]{1,2}|/[0-9]{1,4}[${CY}]?|[${CY}])?`;
const RU_HOUSE = `(?:[Дд]\\.|[Дд]ом)[ ]?${RU_HOUSE_NUMBER}`;
const RU_BUILDING = `(?:[Кк]орп\\.|[Кк]орпус|[Кк]\\.|[Сс]тр\\.|[Сс]троение|[Лл]ит\\.|[Лл]итера)[ ]?(?:[0-9]{1,3}[${LO}]?|[${UP}])`;
const RU_FLAT = `(?:[Кк]в\\.|[Кк]вартира|[Оо]ф\\.|[Оо]фис|[Пп]ом\\.|[Пп]омещение)[ ]?[0-9]{1,5}[${LO}]?`;
const RU_CITY = `(?:[Гг]\\.|[Гг]ород)[ ]?${RU_WORD}(?:[ ]${RU_WORD})?`;
const RU_PLACE = `${RU_WORD}(?:[ ]${RU_WORD})?`;
const RU_INDEX = '[1-6][0-9]{5}';
const SEP = '(?:,[ ]?|[ ])';
const RU_LEAD = `(?:(?:${RU_INDEX}|${RU_CITY}|${RU_PLACE}),[ ]?){0,3}`;
const RU_TAIL = `(?:,[ ]?(?:${RU_CITY}|${RU_PLACE}))?(?:,[ ]?${RU_INDEX})?`;

export const russianAddressPattern: TextPattern = {
  name: 'address_ru',
  source:
    `${BEFORE}${RU_LEAD}(?:${RU_STREET}${SEP}(?:${RU_HOUSE}|${RU_HOUSE_NUMBER})(?:${SEP}${RU_BUILDING})*(?:${SEP}${RU_FLAT})?` +
    `|${RU_HOUSE}(?:${SEP}${RU_BUILDING})*${SEP}${RU_FLAT})${RU_TAIL}`,
  ignoreCase: false,
};

const EN_WORD = "(?:[A-Z][a-z'’]*[a-z]\\b|[A-Z]{2,}\\b|[0-9]{1,3}(?:st|nd|rd|th)\\b)";
const EN_TYPE =
  '(?:Street|street|St|Avenue|avenue|Ave|Road|road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq' +
  '|Parkway|Pkwy|Terrace|Highway|Hwy|Way|Close|Crescent|Row|Mews|STREET|AVENUE|ROAD)\\b\\.?';
const EN_UNIT = '(?:,[ ]?|[ ])(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|Fl\\.?|#)[ ]?[0-9A-Za-z-]{1,6}';
const US_ZIP = '[A-Z]{2}[ ][0-9]{5}(?:-[0-9]{4})?';
const UK_POSTCODE = '[A-Z]{1,2}[0-9][A-Z0-9]?[ ][0-9][A-Z]{2}';
const EN_TAIL = `,[ ]?${EN_WORD}(?:[ ]${EN_WORD}){0,2}(?:,?[ ](?:${US_ZIP}|${UK_POSTCODE}))?`;

export const englishAddressPattern: TextPattern = {
  name: 'address_en',
  source: `${BEFORE}[0-9]{1,5}[A-Za-z]?[ ](?:${EN_WORD}[ ]){1,3}${EN_TYPE}(?:${EN_UNIT})?(?:${EN_TAIL})?`,
  ignoreCase: false,
};

export const germanAddressPattern: TextPattern = {
  name: 'address_de',
  source:
    `${BEFORE}[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\\.|weg|platz|allee|gasse)[ ][0-9]{1,4}[a-z]?` +
    '(?:,[ ]?[0-9]{5}[ ][A-ZÄÖÜ][a-zäöüß]+)?',
  ignoreCase: false,
};
