// elasticsearch.yml as data: each setting a flat key (as Elasticsearch
// accepts them) with its value and, where the reason is not obvious, a
// comment; written with the yaml package, which quotes what YAML needs quoted.
import { Document, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';

export type EsYmlValue = string | number | boolean | readonly string[];
export interface EsYmlSetting {
  readonly key: string;
  readonly value: EsYmlValue;
  readonly comment?: string;
}

export const setting = (key: string, value: EsYmlValue, comment?: string): EsYmlSetting => ({
  key,
  value,
  ...(comment ? { comment } : {}),
});

/** The file: a header comment, then the settings in order, lists on one line as Elasticsearch's docs write them. */
export function renderEsYml(settings: readonly EsYmlSetting[], header: string): string {
  const doc = new Document(Object.fromEntries(settings.map((x) => [x.key, x.value])), { aliasDuplicateObjects: false });
  doc.commentBefore = comment(header);
  const map = doc.contents as YAMLMap<Scalar<string>, unknown>;
  for (const x of settings) {
    const pair = x.comment ? map.items.find((p) => p.key.value === x.key) : undefined;
    if (pair) pair.key.commentBefore = comment(x.comment!);
  }
  for (const pair of map.items) {
    if (!isSeq(pair.value)) continue;
    pair.value.flow = true;
    // Quoted: `host:port` in a flow list is plain YAML 1.2 but not every YAML 1.1 reader agrees.
    for (const item of pair.value.items) if (isScalar(item)) item.type = 'QUOTE_DOUBLE';
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

const comment = (text: string): string =>
  text
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
