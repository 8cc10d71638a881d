import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The word lists in packages/masking/data (first names, words that are never
 * names, trade words): data files shared with the collector's Go processor,
 * which gets them through a generated file. Read once, when first needed.
 */
export type WordListName = 'first-names-ru' | 'first-names-en' | 'not-names' | 'trade-words';

const DATA_DIR = join(__dirname, '..', 'data');
const loaded = new Map<WordListName, ReadonlySet<string>>();

export function parseWordList(text: string): string[] {
  const words: string[] = [];
  for (const line of text.split('\n')) {
    const w = line.trim();
    if (w !== '' && !w.startsWith('#')) words.push(w);
  }
  return words;
}

export function wordListFile(name: WordListName): string {
  return join(DATA_DIR, `${name}.txt`);
}

export function wordList(name: WordListName): ReadonlySet<string> {
  let set = loaded.get(name);
  if (set === undefined) {
    set = new Set(parseWordList(readFileSync(wordListFile(name), 'utf8')));
    loaded.set(name, set);
  }
  return set;
}
