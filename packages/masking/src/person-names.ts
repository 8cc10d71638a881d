import { wordList } from './word-lists.js';

/**
 * Personal names in free text, found without a key:
 *  - a Russian full name by its patronymic (-ович, -евна, -ична … in any case):
 *    "Иванов Иван Иванович", "Иван Иванович Иванов", "Вера Павловна";
 *  - a surname with initials: "Иванов И.И.", "И. И. Иванов";
 *  - a first name from the lists in data/ (Russian, English and transliterated)
 *    next to a capitalised word that is not in data/not-names.txt:
 *    "Анна Смирнова", "Смирнова Анна" (a surname-like word first), "John O'Connor",
 *    "Jean-Luc Picard", "John F. Kennedy";
 *  - Mr/Mrs/Ms/Miss/Mx and a capitalised word: "Mr Smith".
 * A lone first name ("Dear John") is not taken: too many words are names too.
 * Each name found becomes [name:<stableHash of the normalised name>].
 */

interface Word {
  readonly start: number;
  readonly end: number;
  readonly lower: string;
  readonly cyrillic: boolean;
  readonly latin: boolean;
  readonly capital: boolean;
}

const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const UPPER = /^\p{Lu}/u;

function isCyrillicCode(c: number): boolean {
  return c >= 0x400 && c <= 0x4ff;
}

function isLatinCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    const first = w.charCodeAt(0);
    out.push({
      start: m.index,
      end: m.index + w.length,
      lower: w.toLowerCase(),
      cyrillic: isCyrillicCode(first),
      latin: isLatinCode(first),
      capital: w.length >= 2 && UPPER.test(w),
    });
  }
  return out;
}

/** Only spaces, tabs and no-break spaces from `from` to `to` (none at all too). */
function isSpaces(text: string, from: number, to: number): boolean {
  if (to < from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0) return false;
  }
  return true;
}

/** What separates two words of one name: one or more spaces. */
function isGap(text: string, from: number, to: number): boolean {
  return to > from && isSpaces(text, from, to);
}

export const PATRONYMIC_ENDINGS: readonly string[] = [
  'ич',
  'ича',
  'ичу',
  'ичем',
  'иче',
  'овна',
  'овны',
  'овне',
  'овну',
  'овной',
  'евна',
  'евны',
  'евне',
  'евну',
  'евной',
  'ична',
  'ичны',
  'ичне',
  'ичну',
  'ичной',
];
export const SURNAME_ENDINGS: readonly string[] = [
  'ов',
  'ев',
  'ёв',
  'ин',
  'ын',
  'ова',
  'ева',
  'ёва',
  'ина',
  'ына',
  'ский',
  'ская',
  'цкий',
  'цкая',
  'ской',
  'цкой',
  'их',
  'ых',
  'енко',
  'ук',
  'юк',
  'ян',
  'дзе',
  'швили',
  'ич',
];
export const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'mme', 'mlle', 'herr', 'frau', 'sra', 'signora']);
export const PARTICLES: ReadonlySet<string> = new Set([
  'van',
  'von',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'der',
  'den',
  'la',
  'le',
  'ní',
  'nic',
  'mac',
  'bin',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'dos',
]);

function endsWithAny(word: string, endings: readonly string[]): boolean {
  for (const e of endings) if (word.length > e.length + 1 && word.endsWith(e)) return true;
  return false;
}

function isPatronymic(w: Word): boolean {
  return w.cyrillic && w.capital && w.lower.length >= 5 && endsWithAny(w.lower, PATRONYMIC_ENDINGS);
}

function isSurnameLike(w: Word): boolean {
  return w.cyrillic && w.capital && endsWithAny(w.lower, SURNAME_ENDINGS) && !isNotName(w);
}

function isNotName(w: Word): boolean {
  return wordList('not-names').has(w.lower);
}

function isFirstName(w: Word): boolean {
  if (!w.capital || isNotName(w)) return false;
  const list = wordList(w.cyrillic ? 'first-names-ru' : 'first-names-en');
  if (!w.cyrillic && !w.latin) return false;
  if (list.has(w.lower)) return true;
  const hyphen = w.lower.indexOf('-');
  return hyphen > 0 && list.has(w.lower.slice(0, hyphen));
}

/** A capitalised word of the same script that may stand next to a first name. */
function isNamePart(w: Word, script: Word): boolean {
  return w.capital && w.cyrillic === script.cyrillic && w.latin === script.latin && !isNotName(w);
}

const ASCII_CAPITALISED = /[A-Z][A-Za-z'-]+/g;
// eslint-disable-next-line no-control-regex -- the ASCII range itself, NUL included
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A cheap necessary condition of findPersonNames: some non-ASCII character
 * (Cyrillic or accented words go to the full check), or a capitalised ASCII
 * word that is a listed first name or a title.
 */
export function mayHoldPersonName(text: string): boolean {
  if (NON_ASCII.test(text)) return true;
  const en = wordList('first-names-en');
  ASCII_CAPITALISED.lastIndex = 0;
  for (let m = ASCII_CAPITALISED.exec(text); m !== null; m = ASCII_CAPITALISED.exec(text)) {
    if (m.index > 0 && /[A-Za-z]/.test(text.charAt(m.index - 1))) continue;
    const w = m[0].toLowerCase();
    const hyphen = w.indexOf('-');
    if (en.has(w) || TITLES.has(w) || (hyphen > 0 && en.has(w.slice(0, hyphen)))) {
      ASCII_CAPITALISED.lastIndex = 0;
      return true;
    }
  }
  return false;
}

export interface NameSpan {
  readonly start: number;
  readonly end: number;
}

/** The names in `text`, in order, not overlapping. */
export function findPersonNames(text: string): NameSpan[] {
  const ws = words(text);
  const taken = new Array<boolean>(ws.length).fill(false);
  const spans: NameSpan[] = [];
  const adjacent = (a: number, b: number): boolean => a >= 0 && b < ws.length && isGap(text, (ws[a] as Word).end, (ws[b] as Word).start);
  const take = (from: number, to: number, start?: number, end?: number): void => {
    for (let i = from; i <= to; i++) taken[i] = true;
    spans.push({ start: start ?? (ws[from] as Word).start, end: end ?? (ws[to] as Word).end });
  };
  const free = (i: number): boolean => i >= 0 && i < ws.length && !(taken[i] as boolean);

  // 1. Patronymics: first name before, surname before or after.
  for (let p = 1; p < ws.length; p++) {
    const pw = ws[p] as Word;
    if (!free(p) || !isPatronymic(pw)) continue;
    const f = p - 1;
    const fw = ws[f] as Word;
    if (!free(f) || !adjacent(f, p) || !fw.cyrillic || !fw.capital || isNotName(fw) || isPatronymic(fw)) continue;
    const okSurname = (i: number): boolean =>
      free(i) && (ws[i] as Word).cyrillic && (ws[i] as Word).capital && !isNotName(ws[i] as Word) && !isPatronymic(ws[i] as Word);
    // Before the first name only a surname-like word ("Клиентка Ольга Ильинична" is not a surname).
    if (f >= 1 && adjacent(f - 1, f) && okSurname(f - 1) && isSurnameLike(ws[f - 1] as Word)) take(f - 1, p);
    else if (p + 1 < ws.length && adjacent(p, p + 1) && okSurname(p + 1)) take(f, p + 1);
    else take(f, p);
  }

  // 2. A surname-like word with initials after it ("Иванов И.И.") or before it ("И. И. Иванов").
  const isInitial = (j: number): boolean => {
    if (!free(j)) return false;
    const w = ws[j] as Word;
    return w.end - w.start === 1 && w.cyrillic && UPPER.test(text.charAt(w.start)) && text.charAt(w.end) === '.';
  };
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as Word;
    if (!free(i) || !isSurnameLike(w)) continue;
    if (isInitial(i + 1) && isGap(text, w.end, (ws[i + 1] as Word).start)) {
      let k = i + 1;
      if (isInitial(k + 1) && isSpaces(text, (ws[k] as Word).end + 1, (ws[k + 1] as Word).start)) k++;
      take(i, k, w.start, (ws[k] as Word).end + 1);
    } else if (isInitial(i - 1) && isSpaces(text, (ws[i - 1] as Word).end + 1, w.start)) {
      let k = i - 1;
      if (isInitial(k - 1) && isSpaces(text, (ws[k - 1] as Word).end + 1, (ws[k] as Word).start)) k--;
      take(k, i);
    }
  }

  // 3. A first name and a capitalised word beside it.
  for (let i = 0; i < ws.length; i++) {
    const f = ws[i] as Word;
    if (!free(i) || !isFirstName(f)) continue;
    const n = i + 1;
    // "Siobhán Ní Bhriain", "Ludwig van Beethoven": a particle between.
    if (
      free(n) &&
      free(n + 1) &&
      adjacent(i, n) &&
      adjacent(n, n + 1) &&
      PARTICLES.has((ws[n] as Word).lower) &&
      isNamePart(ws[n + 1] as Word, f)
    ) {
      take(i, n + 1);
      continue;
    }
    if (free(n) && adjacent(i, n) && isNamePart(ws[n] as Word, f)) {
      take(i, n);
      continue;
    }
    // "John F. Kennedy": a one-letter initial with a dot between.
    if (f.latin && free(n) && free(n + 1) && n + 1 < ws.length) {
      const mid = ws[n] as Word;
      if (
        mid.end - mid.start === 1 &&
        isGap(text, f.end, mid.start) &&
        text.charAt(mid.end) === '.' &&
        UPPER.test(text.charAt(mid.start))
      ) {
        if (isGap(text, mid.end + 1, (ws[n + 1] as Word).start) && isNamePart(ws[n + 1] as Word, f)) {
          take(i, n + 1);
          continue;
        }
      }
    }
    if (f.cyrillic && free(i - 1) && adjacent(i - 1, i) && isSurnameLike(ws[i - 1] as Word)) take(i - 1, i);
  }

  // 4. Titles: Mr Smith, Mrs. Smith.
  for (let i = 0; i + 1 < ws.length; i++) {
    const t = ws[i] as Word;
    if (!t.latin || !TITLES.has(t.lower) || !UPPER.test(text.charAt(t.start))) continue;
    let gapStart = t.end;
    if (text.charAt(gapStart) === '.') gapStart++;
    const s = i + 1;
    if (!free(s) || !isGap(text, gapStart, (ws[s] as Word).start) || !isNamePart(ws[s] as Word, t)) continue;
    if (free(s + 1) && adjacent(s, s + 1) && isNamePart(ws[s + 1] as Word, t)) take(s, s + 1);
    else take(s, s);
  }

  return spans.sort((a, b) => a.start - b.start);
}
