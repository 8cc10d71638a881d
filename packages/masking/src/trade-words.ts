import { splitKey } from './key-segments.js';
import { wordList } from './word-lists.js';

/**
 * Secret key words that are also words of the jewelry trade or of everyday
 * text: a brooch pin, an assay pass, a gold token, a collection's signature.
 */
export const AMBIGUOUS_SECRET_WORDS: ReadonlySet<string> = new Set(['pin', 'pass', 'token', 'signature', 'sig', 'session', 'key']);

/** Standard finenesses of gold, silver and platinum (проба): values, not secrets. */
export const FINENESS: ReadonlySet<string> = new Set([
  '375',
  '500',
  '583',
  '585',
  '750',
  '800',
  '875',
  '900',
  '916',
  '925',
  '958',
  '960',
  '999',
  '999.9',
]);

export function isAmbiguousSecretWord(word: string): boolean {
  return AMBIGUOUS_SECRET_WORDS.has(word);
}

export function isTradeWord(word: string): boolean {
  return wordList('trade-words').has(word);
}

/**
 * A value made only of trade words and finenesses ("585", "gold 585",
 * "sterling", "брошь"): what a pin, pass or token of the trade holds.
 */
export function isTradeValue(value: string): boolean {
  const words = value
    .toLowerCase()
    .split(/[\t\n\f\r ,;/]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return false;
  for (const w of words) if (!FINENESS.has(w) && !isTradeWord(w)) return false;
  return true;
}

/**
 * A secret-looking key (`product_pin`, `assay.pass`, `goldToken`) whose
 * secret word is ambiguous and follows a trade word: not a secret.
 */
export function isTradeKey(words: readonly string[], end: number): boolean {
  if (end < 1 || !isAmbiguousSecretWord(words[end - 1] as string)) return false;
  return end >= 2 && isTradeWord(words[end - 2] as string);
}

/** Same as isTradeKey for a key written in text (`gold pin: 585`): the key's words, then the word before it. */
export function isTradeKeyInText(key: string, wordBefore: string): boolean {
  const words = splitKey(key);
  if (words.length === 0 || !isAmbiguousSecretWord(words[words.length - 1] as string)) return false;
  if (isTradeKey(words, words.length)) return true;
  return words.length === 1 && isTradeWord(wordBefore.toLowerCase());
}
