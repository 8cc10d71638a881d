// Index mappings generated from the one schema (@jewelry/schema): the log
// families (logs, errors, audit share one mapping built from allFieldNames())
// and the traces family (allSpanFieldNames() plus the exporter's raw span
// fields). No field is listed here by hand except those raw exporter fields,
// which are the exporter's contract, not ours.
//
// Why the mapping looks the way it does (measured on our Elasticsearch 8.19.21
// build; the tests in test/es-setup.test.ts keep these facts honest):
//
// 1. `subobjects: false` at the root. OTel attribute names nest into each
//    other: the amqplib instrumentation still writes `messaging.destination`
//    (a string, pre-1.24 conventions) while our schema maps
//    `messaging.destination.name`; `http` vs `http.route` likewise. With
//    ordinary object mappings Elasticsearch rejects such a document even under
//    `dynamic: false` ("object mapping for [messaging.destination] tried to
//    parse field [destination] as object, but found a concrete value"), and the
//    collector drops what is rejected. With `subobjects: false` every dotted
//    name is one leaf: both fields are accepted side by side.
//
// 2. Objects in documents. Under `subobjects: false` a single JSON object is
//    flattened into dotted leaves when the document is parsed:
//    `{"dashboard.filters": {"status": "new"}}`, `{"dashboard": {"filters":
//    {...}}}` and `{"dashboard.filters.status": "new"}` all index into the
//    mapped leaf `dashboard.filters.status` with its type. But an ARRAY of
//    objects (`"order.items": [{"sku": "A"}, ...]`) is not flattened: the
//    document is stored and its items are silently not indexed. `nested` is
//    refused under `subobjects: false` ("Tried to add nested object
//    [order.items] to object [_doc] which does not support subobjects").
//    `flattened` would index the items (as keywords only), but it REJECTS the
//    whole document when a producer sends a scalar there (`"order.items":
//    "..."`, which our logger keeps "as given" on a schema error) and it has
//    no ignore_malformed. So the sub-fields of an array-of-objects schema
//    field are RUNTIME fields with their schema types and no script: they are
//    read from _source at search time (no painless needed, which this build
//    lacks), whatever shape the producer used (array of objects, one object,
//    dotted arrays), are typed (`range` on `order.items.quantity`, `sum` of
//    `order.items.unit_price`), and never reject a document. The price is
//    search-time work: filter by time or `order.id` first on big indices.
//
// 3. `dynamic: false`: attributes the schema does not know stay in _source
//    (visible in Discover) but add no field to the mapping, so no service can
//    explode it. The total-fields limit (templates.ts) is a guard on top.
//
// 4. `index.mapping.ignore_malformed: true` (templates.ts): a wrong-typed
//    value (a string in a long, an object in a date, "maybe" in a boolean) is
//    skipped and listed in `_ignored`; the document is stored.
import {
  allFieldNames,
  allSpanFieldNames,
  fields,
  logRecordFields,
  spanDocumentFields,
  type FieldDefinition,
  type FieldType,
  type RetentionClass,
} from '@jewelry/schema';
import { createHash } from 'node:crypto';

/** Keywords longer than this are kept in _source but not indexed (listed in `_ignored`), as ECS does. */
export const KEYWORD_IGNORE_ABOVE = 1024;
/** ISO-8601 (with or without time, up to nanoseconds, which the exporter writes) or epoch milliseconds. */
export const DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

/** The two mappings: every log class shares one, the traces class has its own. */
export type MappingFamily = 'logs' | 'traces';

export function mappingFamily(cls: RetentionClass): MappingFamily {
  return cls === 'traces' ? 'traces' : 'logs';
}

/**
 * The raw fields the collector's `elasticsearch` exporter writes on every span
 * document in its `none`/`raw` mapping modes (exporter/elasticsearchexporter,
 * nonOTelSpanEncoder.encodeSpan, v0.152.0). Span attributes arrive at the top
 * level under their own dotted names and are covered by the schema's fields;
 * `Resource.*`, `Link` and `<event>.*` stay unmapped (in _source).
 */
export const exporterSpanFields: Readonly<Record<string, FieldType>> = {
  EndTimestamp: 'date',
  TraceId: 'keyword',
  SpanId: 'keyword',
  ParentSpanId: 'keyword',
  Name: 'keyword',
  /** e.g. `Server`, `Client` (traceutil.SpanKindStr). */
  Kind: 'keyword',
  /** Span status code: 0 unset, 1 ok, 2 error. */
  TraceStatus: 'long',
  TraceStatusDescription: 'keyword',
  /** Microseconds (not the ECS nanoseconds of `event.duration`). */
  Duration: 'long',
  'Scope.name': 'keyword',
  'Scope.version': 'keyword',
};

export interface EsFieldMapping {
  readonly type: 'keyword' | 'text' | 'long' | 'double' | 'date' | 'boolean';
  readonly ignore_above?: number;
  readonly format?: string;
}

export interface EsRuntimeField {
  readonly type: 'keyword' | 'long' | 'double' | 'date' | 'boolean';
  readonly format?: string;
}

export interface EsMappingMeta {
  readonly managed_by: 'jewelry-otel';
  readonly family: MappingFamily;
  /** Hash of everything else in the mapping: `es setup` updates an index whose hash differs. */
  readonly hash: string;
}

export interface EsMapping {
  readonly _meta: EsMappingMeta;
  readonly dynamic: false;
  readonly subobjects: false;
  readonly properties: Readonly<Record<string, EsFieldMapping>>;
  readonly runtime: Readonly<Record<string, EsRuntimeField>>;
}

/** The indexed mapping of one schema leaf type. */
export function fieldMapping(type: FieldType, name = '(field)'): EsFieldMapping {
  switch (type) {
    case 'keyword':
      return { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE };
    case 'date':
      return { type: 'date', format: DATE_FORMAT };
    case 'text':
    case 'long':
    case 'double':
    case 'boolean':
      return { type };
    case 'object':
      throw new Error(`schema field ${name} is an object without properties; declare its sub-fields so they can be mapped`);
  }
}

/** The runtime mapping of a leaf inside an array of objects (runtime fields have no `text`: a keyword). */
export function runtimeFieldMapping(type: FieldType, name = '(field)'): EsRuntimeField {
  switch (type) {
    case 'keyword':
    case 'text':
      return { type: 'keyword' };
    case 'date':
      return { type: 'date', format: DATE_FORMAT };
    case 'long':
    case 'double':
    case 'boolean':
      return { type };
    case 'object':
      throw new Error(`schema field ${name} is an object without properties; declare its sub-fields so they can be mapped`);
  }
}

function collectArrayObjects(defs: Readonly<Record<string, FieldDefinition>>, prefix: string, out: Set<string>): void {
  for (const def of Object.values(defs)) {
    const name = prefix ? `${prefix}.${def.name}` : def.name;
    if (def.type !== 'object') continue;
    if (def.array) out.add(name);
    if (def.properties) collectArrayObjects(def.properties, name, out);
  }
}

/** Schema fields that hold a list of objects (`order.items`): their sub-fields become runtime fields. */
export function arrayOfObjectFields(): string[] {
  const out = new Set<string>();
  for (const defs of [logRecordFields, fields, spanDocumentFields]) collectArrayObjects(defs, '', out);
  return [...out].sort();
}

function insideArrayOfObjects(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => name.startsWith(`${p}.`));
}

/** Sorted-key JSON, so a hash does not depend on the order fields were declared in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function shortHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}

/** Merges field lists, refusing one name with two types (the schema would be contradicting itself). */
export function mergeFieldTypes(...lists: Iterable<[string, FieldType]>[]): Map<string, FieldType> {
  const out = new Map<string, FieldType>();
  for (const list of lists) {
    for (const [name, type] of list) {
      const known = out.get(name);
      if (known !== undefined && known !== type) throw new Error(`field ${name} has two types: ${known} and ${type}`);
      out.set(name, type);
    }
  }
  return out;
}

/** The mapping of one family from its leaf fields (dotted name → schema type). */
export function buildMapping(family: MappingFamily, leaves: ReadonlyMap<string, FieldType>): EsMapping {
  const prefixes = arrayOfObjectFields();
  const properties: Record<string, EsFieldMapping> = {};
  const runtime: Record<string, EsRuntimeField> = {};
  for (const name of [...leaves.keys()].sort()) {
    const type = leaves.get(name) as FieldType;
    if (insideArrayOfObjects(name, prefixes)) runtime[name] = runtimeFieldMapping(type, name);
    else properties[name] = fieldMapping(type, name);
  }
  const body = { dynamic: false as const, subobjects: false as const, properties, runtime };
  return { _meta: { managed_by: 'jewelry-otel', family, hash: shortHash(body) }, ...body };
}

/**
 * The leaves a family maps (name → schema type). Log documents (logs, errors,
 * audit): the record fields and every event field. Span documents (traces):
 * the ECS span fields, the event fields a span may carry and the exporter's
 * raw fields.
 */
export function familyFieldTypes(family: MappingFamily): Map<string, FieldType> {
  return family === 'traces' ? mergeFieldTypes(allSpanFieldNames(), Object.entries(exporterSpanFields)) : allFieldNames();
}

export function familyMapping(family: MappingFamily): EsMapping {
  return buildMapping(family, familyFieldTypes(family));
}

export function logMapping(): EsMapping {
  return familyMapping('logs');
}

export function spanMapping(): EsMapping {
  return familyMapping('traces');
}
