// Mapping and template generation, without a network: everything is derived
// from @jewelry/schema, so the expectations below are too.
import {
  buildMapping,
  buildTemplates,
  CLASS_PRIORITY,
  DATE_FORMAT,
  exporterSpanFields,
  familyMapping,
  fieldMapping,
  KEYWORD_IGNORE_ABOVE,
  logMapping,
  mappingFamily,
  spanMapping,
  type EsMapping,
  type IndexTemplate,
  type ComponentTemplate,
} from '@jewelry/elasticsearch';
import {
  allFieldNames,
  allSpanFieldNames,
  classIndexPatterns,
  fields,
  flattenFields,
  logRecordFields,
  retentionClasses,
  spanDocumentFields,
  type FieldDefinition,
  type FieldType,
  type RetentionClass,
} from '@jewelry/schema';

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];

/** Schema fields holding a list of objects, found by walking the definitions (here, independently of the code). */
function listOfObjectPrefixes(): string[] {
  const out: string[] = [];
  const walk = (defs: Readonly<Record<string, FieldDefinition>>, prefix: string): void => {
    for (const def of Object.values(defs)) {
      const name = prefix ? `${prefix}.${def.name}` : def.name;
      if (def.type === 'object' && def.array) out.push(name);
      if (def.properties) walk(def.properties, name);
    }
  };
  for (const defs of [logRecordFields, fields, spanDocumentFields]) walk(defs, '');
  return out;
}

/** Where a leaf must be, and as what: indexed with its own type, or a runtime field inside a list of objects. */
function expected(name: string, type: FieldType): { section: 'properties' | 'runtime'; type: string } {
  const inList = listOfObjectPrefixes().some((p) => name.startsWith(`${p}.`));
  return inList ? { section: 'runtime', type: type === 'text' ? 'keyword' : type } : { section: 'properties', type };
}

function expectMapsEverything(mapping: EsMapping, leaves: Map<string, FieldType>): void {
  for (const [name, type] of leaves) {
    const want = expected(name, type);
    expect({ name, type: mapping[want.section][name]?.type }).toEqual({ name, type: want.type });
  }
  // Nothing beyond the schema (and the exporter's raw span fields).
  expect(Object.keys(mapping.properties).length + Object.keys(mapping.runtime).length).toBe(leaves.size);
}

describe('mappings generated from the schema', () => {
  it('log mapping: every log field of the schema, each with its type', () => {
    expectMapsEverything(logMapping(), allFieldNames());
  });

  it('span mapping: every span field of the schema plus the exporter raw fields', () => {
    const leaves = new Map([...allSpanFieldNames(), ...Object.entries(exporterSpanFields)]);
    expectMapsEverything(spanMapping(), leaves);
    expect(spanMapping().properties).toMatchObject({
      TraceId: { type: 'keyword' },
      SpanId: { type: 'keyword' },
      ParentSpanId: { type: 'keyword' },
      Name: { type: 'keyword' },
      Kind: { type: 'keyword' },
      Duration: { type: 'long' },
      EndTimestamp: { type: 'date' },
    });
  });

  it('keeps unknown fields out of the mapping and dotted names as leaves (dynamic false, subobjects false)', () => {
    for (const m of [logMapping(), spanMapping()]) {
      expect(m.dynamic).toBe(false);
      expect(m.subobjects).toBe(false);
      // Leaves only: no object mappings that a concrete value could collide with.
      for (const def of Object.values(m.properties)) expect(def.type).not.toBe('object');
    }
  });

  it('keywords get ignore_above, dates take ISO-8601 and epoch millis, text stays text', () => {
    const m = logMapping();
    for (const [name, type] of allFieldNames()) {
      const def = m.properties[name];
      if (!def) continue;
      if (type === 'keyword') expect(def).toEqual({ type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE });
      if (type === 'date') expect(def).toEqual({ type: 'date', format: DATE_FORMAT });
      if (type === 'text') expect(def).toEqual({ type: 'text' });
    }
    expect(m.properties.message).toEqual({ type: 'text' });
    expect(DATE_FORMAT).toBe('strict_date_optional_time||epoch_millis');
  });

  it('maps the sub-fields of a list of objects as typed runtime fields, those of a single object as indexed leaves', () => {
    const prefixes = listOfObjectPrefixes();
    expect(prefixes.length).toBeGreaterThan(0);
    const m = logMapping();
    for (const prefix of prefixes) {
      const subs = [...allFieldNames().keys()].filter((n) => n.startsWith(`${prefix}.`));
      expect(subs.length).toBeGreaterThan(0);
      for (const sub of subs) expect(m.runtime[sub]).toBeDefined();
    }
    // Single objects (not lists) are indexed: Elasticsearch flattens them into their dotted leaves.
    const singleObjectLeaves = [...allFieldNames().keys()].filter(
      (n) =>
        !prefixes.some((p) => n.startsWith(`${p}.`)) &&
        Object.values(fields).some((f) => f.type === 'object' && n.startsWith(`${f.name}.`)),
    );
    expect(singleObjectLeaves.length).toBeGreaterThan(0);
    for (const leaf of singleObjectLeaves) expect(m.properties[leaf]).toBeDefined();
  });

  it('the schema does not give one field two types across its field sets', () => {
    const seen = new Map<string, FieldType>();
    for (const defs of [logRecordFields, fields, spanDocumentFields]) {
      for (const [name, type] of flattenFields(defs)) {
        if (seen.has(name)) expect({ name, type }).toEqual({ name, type: seen.get(name) });
        seen.set(name, type);
      }
    }
    for (const name of Object.keys(exporterSpanFields)) expect(seen.has(name)).toBe(false);
  });

  it('refuses a schema object without properties instead of silently not mapping it', () => {
    expect(() => fieldMapping('object', 'order.extra')).toThrow('order.extra is an object without properties');
    expect(() => buildMapping('logs', new Map([['order.extra', 'object' as FieldType]]))).toThrow('order.extra');
  });

  it('is deterministic: the same schema gives the same mapping and hash', () => {
    expect(logMapping()).toEqual(logMapping());
    expect(logMapping()._meta.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(logMapping()._meta.hash).not.toBe(spanMapping()._meta.hash);
    const reordered = buildMapping('logs', new Map([...allFieldNames()].reverse()));
    expect(reordered._meta.hash).toBe(logMapping()._meta.hash);
  });
});

describe('templates', () => {
  const templates = buildTemplates({ shards: 1, replicas: 0, totalFieldsLimit: 1000 });
  const indexTemplates = templates.filter((t): t is IndexTemplate => t.kind === 'index');
  const components = new Map(templates.filter((t): t is ComponentTemplate => t.kind === 'component').map((t) => [t.name, t]));

  it('one index template per retention class, with the schema index patterns', () => {
    expect(indexTemplates.map((t) => t.retentionClass).sort()).toEqual([...CLASSES].sort());
    for (const t of indexTemplates) expect(t.body.index_patterns).toEqual(classIndexPatterns(t.retentionClass));
  });

  it('log classes share one mapping component, traces has the span one', () => {
    for (const t of indexTemplates) {
      const [settingsName, mappingName] = t.body.composed_of;
      expect(components.has(settingsName as string)).toBe(true);
      const mapping = (components.get(mappingName as string)?.body.template as { mappings: EsMapping }).mappings;
      expect(mapping).toEqual(familyMapping(mappingFamily(t.retentionClass)));
    }
    const logMappingNames = new Set(indexTemplates.filter((t) => t.retentionClass !== 'traces').map((t) => t.body.composed_of[1]));
    expect(logMappingNames.size).toBe(1);
  });

  it('components come before the index templates that use them', () => {
    const firstIndex = templates.findIndex((t) => t.kind === 'index');
    expect(templates.slice(firstIndex).every((t) => t.kind === 'index')).toBe(true);
  });

  it('gives overlapping class patterns distinct priorities (Elasticsearch refuses equal ones)', () => {
    const priorities = indexTemplates.map((t) => t.body.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(indexTemplates.find((t) => t.retentionClass === 'traces')?.body.priority).toBe(Math.max(...Object.values(CLASS_PRIORITY)));
  });

  it('small-cluster settings, malformed values ignored, a field limit, and no ILM', () => {
    const settings = components.get('jewelry-settings')?.body.template as { settings: { index: Record<string, unknown> } };
    expect(settings.settings.index).toMatchObject({
      number_of_shards: 1,
      number_of_replicas: 0,
      mapping: { ignore_malformed: true, total_fields: { limit: 1000 } },
    });
    expect(JSON.stringify(templates)).not.toContain('lifecycle');
    const bigger = buildTemplates({ shards: 3, replicas: 1, totalFieldsLimit: 1000 })[0] as ComponentTemplate;
    expect(bigger.body.template).toMatchObject({ settings: { index: { number_of_shards: 3, number_of_replicas: 1 } } });
    expect(bigger.body._meta.hash).not.toBe(components.get('jewelry-settings')?.body._meta.hash);
  });

  it('every template carries a content hash, stable across builds', () => {
    const again = buildTemplates({ shards: 1, replicas: 0, totalFieldsLimit: 1000 });
    expect(again.map((t) => t.body._meta.hash)).toEqual(templates.map((t) => t.body._meta.hash));
    for (const t of templates)
      expect(t.body._meta).toMatchObject({ managed_by: 'jewelry-otel', hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
