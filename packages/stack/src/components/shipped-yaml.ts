// A config file shipped under collector/ (Prometheus', Alertmanager's),
// rendered with the stack's settings: values replaced where they appear and
// keys set, in the parsed document (the yaml package), so that the file's
// comments, order and quoting stay as shipped.
import { parseDocument, visit } from 'yaml';

export interface ShippedYamlEdits {
  /** Every scalar equal to a key becomes its value (a default address, wherever the file names it). */
  readonly replace?: ReadonlyMap<string, string>;
  /** Keys set by path, e.g. [['global', 'scrape_interval'], '15s']. */
  readonly set?: ReadonlyArray<readonly [readonly string[], unknown]>;
}

export function renderShippedYaml(shipped: string, edits: ShippedYamlEdits): string {
  const doc = parseDocument(shipped);
  const replace = edits.replace;
  if (replace?.size) {
    visit(doc, {
      Scalar(_key, node) {
        const value = typeof node.value === 'string' ? replace.get(node.value) : undefined;
        if (value !== undefined) node.value = value;
      },
    });
  }
  for (const [path, value] of edits.set ?? []) doc.setIn(path, value);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
