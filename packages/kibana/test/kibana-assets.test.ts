// The Kibana assets without a Kibana (none runs on these machines): every
// field they name is checked against the index templates `es setup` installs
// (buildTemplates(): mapped properties and runtime fields) with a type that
// fits its use; the NDJSON is checked to be well-formed saved objects as a
// Kibana 8.x export writes them, with every reference resolving inside the
// file; and the committed files under kibana/ are checked to be exactly what
// the generator writes from the schema. What only a real Kibana can tell
// (that the charts render, that the import migrations accept every attribute)
// is listed in kibana/README.md.
import { buildTemplates, type IndexTemplate } from '@jewelry/elasticsearch';
import {
  ASSET_FILES,
  buildKibanaAssets,
  discoverSearchUrl,
  JEWELRY_SPACE_ID,
  renderAssetFiles,
  rolesForSpace,
  traceDiscoverUrl,
  type KibanaRole,
} from '@jewelry/kibana';
import {
  events,
  fields,
  firstIndex,
  knownServices,
  logRecordFields,
  retentionClasses,
  spanDocumentFields,
  writeAlias,
  type FieldDefinition,
  type RetentionClass,
} from '@jewelry/schema';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');
const KIBANA_DIR = join(REPO, 'kibana');
const CLASSES = Object.keys(retentionClasses) as RetentionClass[];

type Obj = {
  attributes: Record<string, unknown>;
  id: string;
  type: string;
  references: { id: string; name: string; type: string }[];
} & Record<string, unknown>;

/** The committed file, parsed line by line (what `kibana import` sends). */
const NDJSON = readFileSync(join(KIBANA_DIR, ASSET_FILES.savedObjects), 'utf8');
const OBJECTS: Obj[] = NDJSON.split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as Obj);
const ROLES = JSON.parse(readFileSync(join(KIBANA_DIR, ASSET_FILES.roles), 'utf8')) as Record<string, KibanaRole>;
const byId = (type: string, id: string): Obj | undefined => OBJECTS.find((o) => o.type === type && o.id === id);
const ofType = (type: string): Obj[] => OBJECTS.filter((o) => o.type === type);
const parseJson = <T>(value: unknown): T => JSON.parse(value as string) as T;

// ---------------------------------------------------------------------------
// The index templates, resolved the way Elasticsearch does for a new index:
// the matching index template of highest priority, its component templates'
// mappings (properties and runtime fields) merged.

const TEMPLATES = buildTemplates();
const INDEX_TEMPLATES = TEMPLATES.filter((t): t is IndexTemplate => t.kind === 'index');
const COMPONENT_MAPPINGS = new Map(
  TEMPLATES.filter((t) => t.kind === 'component').map((t) => [
    t.name,
    (t.body.template as { mappings?: { properties?: Record<string, { type: string }>; runtime?: Record<string, { type: string }> } })
      .mappings,
  ]),
);

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
      .join('.*')}$`,
  );

/** A concrete index name a pattern stands for: `*-logs-*` → `svc-logs-000001`. */
const sampleIndex = (pattern: string): string => pattern.replace(/^\*/, 'svc').replace(/\*/g, '000001');

function templateFor(index: string): IndexTemplate | undefined {
  return INDEX_TEMPLATES.filter((t) => t.body.index_patterns.some((p) => globToRegExp(p).test(index))).sort(
    (a, b) => b.body.priority - a.body.priority,
  )[0];
}

interface MappedField {
  type: string;
  runtime: boolean;
}

/** Field name → mapped type, for the indices a data-view or role pattern stands for. */
function mappingOf(pattern: string): { template: string; fields: Map<string, MappedField> } {
  const template = templateFor(sampleIndex(pattern));
  if (!template) throw new Error(`no index template matches ${pattern} (sample ${sampleIndex(pattern)})`);
  const out = new Map<string, MappedField>();
  for (const component of template.body.composed_of) {
    const mappings = COMPONENT_MAPPINGS.get(component);
    for (const [name, m] of Object.entries(mappings?.properties ?? {})) out.set(name, { type: m.type, runtime: false });
    for (const [name, m] of Object.entries(mappings?.runtime ?? {})) out.set(name, { type: m.type, runtime: true });
  }
  return { template: template.name, fields: out };
}

const dataViewPatterns = (id: string): string[] => {
  const view = byId('index-pattern', id);
  if (!view) throw new Error(`data view ${id} is not in the file`);
  return String(view.attributes.title).split(',');
};

// ---------------------------------------------------------------------------
// Every field reference of every asset, found by reading the assets (not by
// asking the generator what it meant to write).

type Use =
  | { kind: 'time' }
  | { kind: 'format'; format: string }
  | { kind: 'column' }
  | { kind: 'sort' }
  | { kind: 'query'; values: string[] }
  | { kind: 'lens'; operation: string; dataType: string };

interface FieldRef {
  where: string;
  dataView: string;
  field: string;
  use: Use;
}

/** `field : "v"` / `field : ("a" or "b")` clauses of a KQL query; refuses anything else it cannot read. */
function kqlClauses(kql: string): { field: string; values: string[] }[] {
  const quoted = String.raw`"(?:[^"\\]|\\.)*"`;
  const clause = new RegExp(String.raw`([A-Za-z_@][\w.@]*)\s*:\s*(\((?:\s*${quoted}\s*(?:or\s*)?)+\)|${quoted})`, 'g');
  const out: { field: string; values: string[] }[] = [];
  const rest = kql.replace(clause, (_m, field: string, value: string) => {
    const values = [...value.matchAll(new RegExp(quoted, 'g'))].map((v) => JSON.parse(v[0]) as string);
    out.push({ field, values });
    return ' ';
  });
  if (rest.replace(/\b(and|or|not)\b/g, '').trim() !== '') throw new Error(`KQL the test cannot read: ${kql} (left: ${rest})`);
  return out;
}

function fieldReferences(): FieldRef[] {
  const refs: FieldRef[] = [];
  const refTo = (o: Obj, name: string): string => {
    const ref = o.references.find((r) => r.name === name);
    if (!ref) throw new Error(`${o.type} ${o.id} has no reference ${name}`);
    return ref.id;
  };
  for (const o of OBJECTS) {
    const where = `${o.type} ${o.id}`;
    if (o.type === 'index-pattern') {
      refs.push({ where, dataView: o.id, field: String(o.attributes.timeFieldName), use: { kind: 'time' } });
      for (const [field, format] of Object.entries(parseJson<Record<string, { id: string }>>(o.attributes.fieldFormatMap))) {
        refs.push({ where, dataView: o.id, field, use: { kind: 'format', format: format.id } });
      }
      for (const field of Object.keys(parseJson<Record<string, unknown>>(o.attributes.fieldAttrs))) {
        refs.push({ where, dataView: o.id, field, use: { kind: 'column' } });
      }
    }
    if (o.type === 'search') {
      const source = parseJson<{ query: { query: string; language: string }; indexRefName: string; filter: unknown[] }>(
        (o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON,
      );
      const dataView = refTo(o, source.indexRefName);
      for (const field of o.attributes.columns as string[]) refs.push({ where, dataView, field, use: { kind: 'column' } });
      for (const [field] of o.attributes.sort as [string, string][]) refs.push({ where, dataView, field, use: { kind: 'sort' } });
      expect(source.query.language).toBe('kuery');
      expect(source.filter).toEqual([]);
      for (const c of kqlClauses(source.query.query))
        refs.push({ where, dataView, field: c.field, use: { kind: 'query', values: c.values } });
    }
    if (o.type === 'lens') {
      const state = o.attributes.state as {
        query: { query: string; language: string };
        filters: unknown[];
        datasourceStates: { formBased: { layers: Record<string, { columns: Record<string, Record<string, unknown>> }> } };
      };
      expect(state.query.language).toBe('kuery');
      expect(state.filters).toEqual([]);
      for (const [layerId, layer] of Object.entries(state.datasourceStates.formBased.layers)) {
        const dataView = refTo(o, `indexpattern-datasource-layer-${layerId}`);
        for (const c of kqlClauses(state.query.query))
          refs.push({ where, dataView, field: c.field, use: { kind: 'query', values: c.values } });
        for (const column of Object.values(layer.columns)) {
          if (column.sourceField === '___records___') continue;
          refs.push({
            where,
            dataView,
            field: String(column.sourceField),
            use: { kind: 'lens', operation: String(column.operationType), dataType: String(column.dataType) },
          });
          const filter = column.filter as { query: string } | undefined;
          if (filter)
            for (const c of kqlClauses(filter.query))
              refs.push({ where, dataView, field: c.field, use: { kind: 'query', values: c.values } });
        }
      }
    }
    if (o.type === 'dashboard') {
      const source = parseJson<{ query: { query: string }; filter: unknown[] }>(
        (o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON,
      );
      // A dashboard-wide query would name fields without a data view; ours has none.
      expect(source).toEqual({ query: { query: '', language: 'kuery' }, filter: [] });
    }
  }
  return refs;
}

// ---------------------------------------------------------------------------

const KIBANA_TYPE: Record<string, string> = {
  keyword: 'string',
  text: 'string',
  long: 'number',
  double: 'number',
  date: 'date',
  boolean: 'boolean',
};
const NUMERIC = ['long', 'double'];
const METRIC_OPS = ['percentile', 'median', 'average', 'max', 'min', 'sum', 'standard_deviation'];

/** Why `type` does not fit `use`, or undefined when it does. */
function misfit(use: Use, field: MappedField): string | undefined {
  switch (use.kind) {
    case 'time':
      return field.type === 'date' ? undefined : 'the time field must be a date';
    case 'format':
      return ['duration', 'bytes', 'number', 'percent'].includes(use.format) && !NUMERIC.includes(field.type)
        ? `format ${use.format} needs a number`
        : undefined;
    case 'column':
      return undefined;
    case 'sort':
      return field.type === 'text' ? 'a text field cannot be sorted on' : undefined;
    case 'query':
      if (NUMERIC.includes(field.type) && use.values.some((v) => Number.isNaN(Number(v)))) return 'a number field compared with text';
      if (field.type === 'boolean' && use.values.some((v) => v !== 'true' && v !== 'false')) return 'a boolean compared with text';
      return undefined;
    case 'lens': {
      if (use.dataType !== KIBANA_TYPE[field.type]) return `Lens dataType ${use.dataType} but the field is ${field.type}`;
      if (use.operation === 'date_histogram') return field.type === 'date' ? undefined : 'date_histogram needs a date';
      if (use.operation === 'terms') return field.type === 'text' ? 'terms on a text field (not aggregatable)' : undefined;
      if (METRIC_OPS.includes(use.operation)) return NUMERIC.includes(field.type) ? undefined : `${use.operation} needs a number`;
      if (use.operation === 'count' || use.operation === 'unique_count') return field.type === 'text' ? 'not aggregatable' : undefined;
      return `operation ${use.operation} is not known to this test`;
    }
  }
}

/** Allowed values of a keyword field, from the schema (enum) or the event catalogue. */
function allowedValues(field: string): readonly string[] | undefined {
  if (field === logRecordFields.eventName.name) return Object.values(events).map((e) => e.name);
  // The collector writes the OTel span kind lower-cased (collector/config.yaml: ConvertCase(kind.string, "lower")).
  if (field === spanDocumentFields.spanKind.name) return ['server', 'client', 'producer', 'consumer', 'internal'];
  const find = (defs: Readonly<Record<string, FieldDefinition>>): readonly string[] | undefined =>
    Object.values(defs).find((d) => d.name === field)?.enum;
  return find(logRecordFields) ?? find(fields) ?? find(spanDocumentFields);
}

describe('Kibana assets: every referenced field exists in the index templates with a fitting type', () => {
  const refs = fieldReferences();

  it('finds the references it must check (data views, searches, every Lens chart)', () => {
    expect(refs.length).toBeGreaterThan(40);
    for (const o of OBJECTS.filter((x) => x.type !== 'dashboard')) expect(refs.some((r) => r.where === `${o.type} ${o.id}`)).toBe(true);
    // The AL-6 metrics, by what they read.
    const lens = refs.filter((r) => r.use.kind === 'lens').map((r) => `${r.field}:${(r.use as { operation: string }).operation}`);
    expect(lens).toEqual(
      expect.arrayContaining(['event.duration:percentile', 'service.name:terms', '@timestamp:date_histogram', 'order.status:terms']),
    );
  });

  it.each(refs.map((r) => [`${r.where}: ${r.field} (${r.use.kind}${r.use.kind === 'lens' ? ` ${r.use.operation}` : ''})`, r] as const))(
    '%s',
    (_title, ref) => {
      for (const pattern of dataViewPatterns(ref.dataView)) {
        const { template, fields: mapped } = mappingOf(pattern);
        const field = mapped.get(ref.field);
        expect({ pattern, template, field: ref.field, mapped: field !== undefined }).toEqual({
          pattern,
          template,
          field: ref.field,
          mapped: true,
        });
        expect({ field: ref.field, problem: misfit(ref.use, field!) }).toEqual({ field: ref.field, problem: undefined });
      }
      if (ref.use.kind === 'query') {
        const allowed = allowedValues(ref.field);
        if (allowed)
          for (const value of ref.use.values)
            expect({ field: ref.field, value, known: allowed.includes(value) }).toEqual({ field: ref.field, value, known: true });
      }
    },
  );

  it('data views cover our index families: logs views only log templates, the traces view the span template', () => {
    for (const view of ofType('index-pattern')) {
      const templates = new Set(
        String(view.attributes.title)
          .split(',')
          .map((p) => mappingOf(p).template),
      );
      expect([view.id, [...templates].sort()]).toEqual([
        view.id,
        view.id === 'jewelry-traces' ? ['jewelry-traces'] : ['jewelry-audit', 'jewelry-errors', 'jewelry-logs'],
      ]);
    }
  });

  it("a per-service data view reads exactly that service's log families (alias and rolled indices)", () => {
    for (const service of knownServices) {
      const patterns = dataViewPatterns(`jewelry-logs-${service}`).map(globToRegExp);
      for (const cls of CLASSES) {
        const inView = cls !== 'traces';
        for (const index of [writeAlias(service, cls), firstIndex(service, cls)])
          expect([index, patterns.some((p) => p.test(index))]).toEqual([index, inView]);
        for (const other of knownServices.filter((s) => s !== service)) {
          expect([firstIndex(other, cls), patterns.some((p) => p.test(firstIndex(other, cls)))]).toEqual([firstIndex(other, cls), false]);
        }
      }
    }
  });
});

describe('Kibana roles (SEC-2)', () => {
  const names = (role: KibanaRole): string[] => role.elasticsearch.indices.flatMap((i) => i.names);

  it('name only index patterns our templates map', () => {
    for (const [name, role] of Object.entries(ROLES)) {
      for (const pattern of names(role))
        expect([name, pattern, templateFor(sampleIndex(pattern))?.name.startsWith('jewelry-')]).toEqual([name, pattern, true]);
    }
  });

  it('devops has all; developer and qa read every family and write nothing', () => {
    expect(ROLES['jewelry-devops']!.elasticsearch.indices[0]!.privileges).toEqual(['all']);
    expect(ROLES['jewelry-devops']!.kibana).toEqual([{ base: ['all'], feature: {}, spaces: ['*'] }]);
    for (const name of ['jewelry-developer', 'jewelry-qa']) {
      const role = ROLES[name]!;
      expect(role.elasticsearch.cluster).toEqual([]);
      for (const i of role.elasticsearch.indices) expect(i.privileges).toEqual(['read', 'view_index_metadata']);
      for (const service of knownServices) {
        for (const cls of CLASSES) expect(names(role).some((p) => globToRegExp(p).test(firstIndex(service, cls)))).toBe(true);
      }
      expect(role.kibana).toEqual([{ base: ['read'], feature: {}, spaces: [JEWELRY_SPACE_ID] }]);
    }
  });

  it("a service reader sees its own families and no other service's", () => {
    for (const service of knownServices) {
      const role = ROLES[`jewelry-reader-${service}`]!;
      expect(role).toBeDefined();
      const patterns = names(role).map(globToRegExp);
      for (const i of role.elasticsearch.indices) expect(i.privileges).toEqual(['read', 'view_index_metadata']);
      for (const cls of CLASSES) {
        expect(patterns.some((p) => p.test(firstIndex(service, cls)))).toBe(true);
        expect(patterns.some((p) => p.test(writeAlias(service, cls)))).toBe(true);
        for (const other of knownServices.filter((s) => s !== service)) {
          for (const index of [firstIndex(other, cls), writeAlias(other, cls)])
            expect([service, index, patterns.some((p) => p.test(index))]).toEqual([service, index, false]);
        }
      }
      // Everything its data view reads, the role may read.
      for (const pattern of dataViewPatterns(`jewelry-logs-${service}`)) expect(names(role)).toContain(pattern);
    }
  });

  it('moves space grants to the import space, keeping devops on every space', () => {
    const moved = rolesForSpace(ROLES, 'ops');
    expect(moved['jewelry-devops']!.kibana[0]!.spaces).toEqual(['*']);
    expect(moved['jewelry-qa']!.kibana[0]!.spaces).toEqual(['ops']);
    expect(ROLES['jewelry-qa']!.kibana[0]!.spaces).toEqual([JEWELRY_SPACE_ID]);
  });
});

describe('Kibana saved objects NDJSON is well-formed (as a Kibana 8.x export writes it)', () => {
  const KNOWN_TYPES: Record<string, string> = { 'index-pattern': '8.0.0', search: '8.0.0', lens: '8.9.0', dashboard: '8.9.0' };

  it('is one JSON object per line, newline-terminated, no blank lines', () => {
    expect(NDJSON.endsWith('\n')).toBe(true);
    const lines = NDJSON.slice(0, -1).split('\n');
    expect(lines.length).toBe(OBJECTS.length);
    for (const line of lines) {
      expect(line.trim()).not.toBe('');
      expect(line.startsWith('{') && line.endsWith('}')).toBe(true);
    }
  });

  it('each object has id, type, attributes, references and the 8.x migration versions', () => {
    for (const o of OBJECTS) {
      expect(Object.keys(o)).toEqual(['attributes', 'coreMigrationVersion', 'id', 'references', 'type', 'typeMigrationVersion']);
      expect(typeof o.id).toBe('string');
      expect(o.id).toMatch(/^[a-z0-9-]+$/);
      expect(Object.keys(KNOWN_TYPES)).toContain(o.type);
      expect(o.coreMigrationVersion).toBe('8.8.0');
      // Not newer than what Kibana 8.9 knows (a newer one is refused on import).
      expect([o.type, o.typeMigrationVersion]).toEqual([o.type, KNOWN_TYPES[o.type]]);
      expect(typeof o.attributes.title).toBe('string');
    }
    const keys = OBJECTS.map((o) => `${o.type}/${o.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('every reference resolves to an object in the file, and every reference name is used', () => {
    for (const o of OBJECTS) {
      for (const ref of o.references) {
        expect(Object.keys(ref).sort()).toEqual(['id', 'name', 'type']);
        expect([o.id, ref.name, byId(ref.type, ref.id) !== undefined]).toEqual([o.id, ref.name, true]);
      }
      const names = o.references.map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
      let used: string[] = [];
      if (o.type === 'search') {
        const source = parseJson<{ indexRefName: string }>(
          (o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON,
        );
        used = [source.indexRefName];
        expect(o.references.find((r) => r.name === source.indexRefName)?.type).toBe('index-pattern');
      }
      if (o.type === 'lens') {
        const layers = Object.keys(
          (o.attributes.state as { datasourceStates: { formBased: { layers: object } } }).datasourceStates.formBased.layers,
        );
        used = [...layers.map((l) => `indexpattern-datasource-layer-${l}`), 'indexpattern-datasource-current-indexpattern'];
        for (const r of o.references) expect(r.type).toBe('index-pattern');
      }
      if (o.type === 'dashboard') {
        const panels = parseJson<{ type: string; panelIndex: string; panelRefName: string; gridData: { i: string } }[]>(
          o.attributes.panelsJSON,
        );
        used = panels.map((p) => `${p.panelIndex}:${p.panelRefName}`);
        for (const p of panels) {
          expect(p.gridData.i).toBe(p.panelIndex);
          expect(o.references.find((r) => r.name === `${p.panelIndex}:${p.panelRefName}`)?.type).toBe(p.type);
        }
      }
      expect(names.sort()).toEqual(used.sort());
    }
  });

  it('JSON-in-a-string attributes parse, and data views have a time field', () => {
    for (const o of ofType('index-pattern')) {
      for (const key of ['fieldAttrs', 'fieldFormatMap', 'fields', 'runtimeFieldMap', 'sourceFilters'])
        expect(() => parseJson(o.attributes[key])).not.toThrow();
      expect(o.attributes.timeFieldName).toBe('@timestamp');
      expect(o.attributes.name).toEqual(expect.any(String));
    }
    const logs = parseJson<Record<string, { id: string; params?: { inputFormat?: string } }>>(
      byId('index-pattern', 'jewelry-logs')!.attributes.fieldFormatMap,
    );
    expect(logs['event.duration']).toEqual({
      id: 'duration',
      params: { inputFormat: 'nanoseconds', outputFormat: 'humanizePrecise', outputPrecision: 1 },
    });
    for (const o of ofType('dashboard')) {
      expect(() => parseJson(o.attributes.optionsJSON)).not.toThrow();
      expect(() => parseJson(o.attributes.panelsJSON)).not.toThrow();
    }
  });

  it("saved searches use only the attribute keys of Kibana's search schema (it refuses others)", () => {
    // saved_search plugin, server/saved_objects/search.ts, schema '8.8.0'.
    const allowed = [
      'title',
      'description',
      'columns',
      'sort',
      'grid',
      'rowHeight',
      'rowsPerPage',
      'hideChart',
      'breakdownField',
      'kibanaSavedObjectMeta',
      'isTextBasedQuery',
      'usesAdHocDataView',
      'timeRestore',
      'timeRange',
      'refreshInterval',
      'viewMode',
      'hideAggregatedPreview',
      'hits',
      'version',
    ];
    for (const o of ofType('search')) {
      for (const key of Object.keys(o.attributes)) expect([o.id, key, allowed.includes(key)]).toEqual([o.id, key, true]);
      for (const s of o.attributes.sort as unknown[]) expect(s).toEqual([expect.any(String), expect.stringMatching(/^(asc|desc)$/)]);
      expect(Object.keys(o.attributes.kibanaSavedObjectMeta as object)).toEqual(['searchSourceJSON']);
    }
  });

  it('Lens charts are consistent: columns, column order, visualization accessors and layer', () => {
    for (const o of ofType('lens')) {
      expect(o.attributes.visualizationType).toBe('lnsXY');
      const state = o.attributes.state as {
        datasourceStates: {
          formBased: { layers: Record<string, { columnOrder: string[]; columns: Record<string, { isBucketed: boolean }> }> };
        };
        visualization: {
          layers: {
            layerId: string;
            layerType: string;
            xAccessor: string;
            accessors: string[];
            splitAccessor?: string;
            seriesType: string;
          }[];
          preferredSeriesType: string;
        };
      };
      const layers = Object.entries(state.datasourceStates.formBased.layers);
      expect(layers).toHaveLength(1);
      const [layerId, layer] = layers[0]!;
      expect([...layer.columnOrder].sort()).toEqual(Object.keys(layer.columns).sort());
      const vis = state.visualization.layers;
      expect(vis).toHaveLength(1);
      expect(vis[0]!.layerId).toBe(layerId);
      expect(vis[0]!.layerType).toBe('data');
      expect(['line', 'bar_stacked', 'area', 'bar']).toContain(vis[0]!.seriesType);
      expect(layer.columns[vis[0]!.xAccessor]?.isBucketed).toBe(true);
      for (const a of vis[0]!.accessors) expect(layer.columns[a]?.isBucketed).toBe(false);
      if (vis[0]!.splitAccessor) expect(layer.columns[vis[0]!.splitAccessor]?.isBucketed).toBe(true);
      const used = new Set([vis[0]!.xAccessor, ...vis[0]!.accessors, ...(vis[0]!.splitAccessor ? [vis[0]!.splitAccessor] : [])]);
      expect([...used].sort()).toEqual(Object.keys(layer.columns).sort());
    }
  });

  it('the dashboard shows the AL-6 metrics on the 48-column grid without overlaps', () => {
    const [dashboard] = ofType('dashboard');
    const panels = parseJson<{ type: string; gridData: { x: number; y: number; w: number; h: number } }[]>(
      dashboard!.attributes.panelsJSON,
    );
    for (const p of panels) expect(p.gridData.x + p.gridData.w).toBeLessThanOrEqual(48);
    for (let i = 0; i < panels.length; i++) {
      for (let j = i + 1; j < panels.length; j++) {
        const a = panels[i]!.gridData;
        const b = panels[j]!.gridData;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
    const lensTitles = dashboard!.references.filter((r) => r.type === 'lens').map((r) => byId('lens', r.id)!.attributes.title);
    expect(lensTitles).toEqual(
      expect.arrayContaining([
        'Response time p95 by service',
        'Errors and warnings per service',
        'Price calculation time',
        'Order status changes',
        'Orders per second',
      ]),
    );
    const queries = ofType('lens').map((l) => (l.attributes.state as { query: { query: string } }).query.query);
    for (const event of [events.orderCreated.name, events.orderStatusChanged.name, events.priceCalculationFinished.name]) {
      expect(queries).toContain(`event.name : "${event}"`);
    }
  });
});

// That the committed kibana/ files are the generator's output is the one
// drift check of every generated file: test/generated-files.test.ts.
describe('the generator of kibana/', () => {
  it('the generator is deterministic and names every known service', () => {
    expect(renderAssetFiles()).toEqual(renderAssetFiles());
    const assets = buildKibanaAssets();
    for (const service of knownServices) {
      expect(assets.savedObjects.some((o) => o.id === `jewelry-logs-${service}`)).toBe(true);
      expect(assets.roles[`jewelry-reader-${service}`]).toBeDefined();
    }
  });
});

describe('Discover links to the placeholder searches', () => {
  it("opens the trace search with the trace id as the query, in the assets' space", () => {
    const url = traceDiscoverUrl('http://kibana.internal:5601/', '0af7651916cd43dd8448eb211c80319c');
    expect(url.startsWith('http://kibana.internal:5601/s/jewelry/app/discover#/view/jewelry-search-trace?_g=')).toBe(true);
    const a = decodeURIComponent(new URL(url.replace('#', '')).searchParams.get('_a')!);
    expect(a).toBe(`(query:(language:kuery,query:'trace.id : "0af7651916cd43dd8448eb211c80319c"'))`);
  });

  it('escapes rison and KQL specials, and uses no /s/ prefix for the default space', () => {
    const url = discoverSearchUrl('http://k', 'x', `order.id : "it's!"`, { space: 'default', from: 'now-1d' });
    expect(url.startsWith('http://k/app/discover#/view/x?')).toBe(true);
    expect(decodeURIComponent(url)).toContain(`query:'order.id : "it!'s!!"'`);
  });
});

describe('kibana/kibana.yml (SEC-3)', () => {
  /** The file uses flat dotted keys only, so `key: value` per line is all there is to read. */
  const settings = new Map(
    readFileSync(join(KIBANA_DIR, 'kibana.yml'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
      .map((l) => {
        const m = /^([\w.]+):\s*(.*?)\s*(#.*)?$/.exec(l);
        if (!m) throw new Error(`kibana.yml line not in key: value form: ${l}`);
        return [m[1]!, m[2]!.replace(/^"(.*)"$/, '$1')] as const;
      }),
  );

  it('binds Kibana to one internal address only', () => {
    const host = settings.get('server.host')!;
    expect(host).toMatch(/^(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|127\.\d+\.\d+\.\d+)$/);
    expect(settings.get('server.port')).toBe('5601');
  });

  it('talks to Elasticsearch over https, verifying its certificate, with credentials from the environment', () => {
    const hosts = JSON.parse(settings.get('elasticsearch.hosts')!) as string[];
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h).toMatch(/^https:\/\//);
    expect(settings.get('elasticsearch.ssl.verificationMode')).toBe('full');
    expect(settings.get('elasticsearch.username')).toMatch(/^\$\{[A-Z_]+\}$/);
    expect(settings.get('elasticsearch.password')).toMatch(/^\$\{[A-Z_]+\}$/);
    for (const [key, value] of settings)
      if (/encryptionKey$/.test(key)) expect([key, value]).toEqual([key, expect.stringMatching(/^\$\{[A-Z_]+\}$/)]);
  });
});
