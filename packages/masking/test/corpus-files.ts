import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One case of packages/masking/corpus (see corpus/README.md). */
export interface CorpusCase {
  id: string;
  class: string;
  place: string;
  text?: string;
  record?: Record<string, unknown>;
  expected: unknown;
  personal: string[];
  keep: Array<string | number | boolean>;
}

export const CORPUS_DIR = join(__dirname, '..', 'corpus');

/** The salt the expected [name:…] and [JWT:…] tokens were made with: the built-in one. */
export const CORPUS_SALT = 'jewelry-observability/masking/v1';

interface CorpusFile {
  description: string;
  class: string;
  place: string;
  cases: Array<Omit<CorpusCase, 'class' | 'place'> & Partial<Pick<CorpusCase, 'class' | 'place'>>>;
}

/** Every case of every corpus file, the file's class and place filled in where the case has none. */
export function corpusCases(): Array<CorpusCase & { file: string }> {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const doc = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as CorpusFile;
      return doc.cases.map((c) => ({ ...c, class: c.class ?? doc.class, place: c.place ?? doc.place, file }));
    });
}
