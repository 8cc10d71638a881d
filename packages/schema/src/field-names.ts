import type { FieldDefinition, FieldType } from './field-types';
import { fields } from './fields';
import { logRecordFields } from './log-record-fields';
import { spanDocumentFields } from './span-document-fields';

/**
 * Every leaf field as (dotted name → type), object fields expanded into their
 * sub-fields. This is what index templates, Kibana assets and collector rules
 * are generated from or checked against.
 */
export function flattenFields(defs: Readonly<Record<string, FieldDefinition>>, prefix = ''): Map<string, FieldType> {
  const out = new Map<string, FieldType>();
  for (const def of Object.values(defs)) {
    const name = prefix ? `${prefix}.${def.name}` : def.name;
    if (def.type === 'object' && def.properties) {
      for (const [sub, type] of flattenFields(def.properties, name)) out.set(sub, type);
    } else {
      out.set(name, def.type);
    }
  }
  return out;
}

/** All log document fields (record fields and event fields), name → type. */
export function allFieldNames(): Map<string, FieldType> {
  return new Map([...flattenFields(logRecordFields), ...flattenFields(fields)]);
}

/** All span document fields (ECS span fields and the business fields a span may carry), name → type. */
export function allSpanFieldNames(): Map<string, FieldType> {
  return new Map([...flattenFields(spanDocumentFields), ...flattenFields(fields)]);
}
