// `jewelry-otel es setup`: makes a cluster ready for the collector, idempotently.
//   1. writes the component and index templates whose `_meta.hash` differs (or that are missing);
//   2. for every service (knownServices, unknownService — where the collector puts records whose
//      service.name cannot name an index — and --service names) and retention class,
//      creates `<alias>-000001` with `<alias>` as its write alias, unless the alias exists;
//   3. brings the mapping of existing write indices up to the schema (new fields are
//      added in place; a changed type needs a rollover, which is reported).
// A plain index where an alias belongs (a service wrote before setup) is reported
// with the way out; it never makes setup fail for the other families.
import {
  firstIndex,
  indexSafeServiceName,
  knownServices,
  retentionClasses,
  unknownService,
  writeAlias,
  type RetentionClass,
} from '@jewelry/schema';
import { EsError, type EsClient } from './client';
import { familyMapping, mappingFamily, type MappingFamily } from './mappings';
import { buildTemplates, DEFAULT_INDEX_SETTINGS, TEMPLATE_PREFIX, type IndexSettingsOptions, type Template } from './templates';

export interface EsSetupOptions {
  /** Services besides knownServices whose families to create. */
  readonly services?: readonly string[];
  readonly index?: IndexSettingsOptions;
  /** How many index creations run at once. */
  readonly concurrency?: number;
}

export type TemplateAction = 'created' | 'updated' | 'unchanged';

export interface TemplateResult {
  readonly kind: 'component' | 'index';
  readonly name: string;
  readonly action: TemplateAction;
}

export type AliasAction = 'created' | 'found' | 'conflict';

export interface AliasResult {
  readonly service: string;
  readonly retentionClass: RetentionClass;
  readonly alias: string;
  readonly action: AliasAction;
  /** The index the alias writes to; null for a conflict. */
  readonly writeIndex: string | null;
  /** Its mapping was behind the schema and was brought up to date by this run. */
  readonly mappingUpdated: boolean;
  /** What is wrong and what to do, when something is. */
  readonly problem?: string;
}

export interface EsSetupReport {
  readonly endpoint: string;
  readonly templates: TemplateResult[];
  readonly aliases: AliasResult[];
  /** Every problem of `aliases`, one line each. */
  readonly problems: string[];
  readonly seconds: number;
}

/** knownServices, then the extra names (index-safe, without duplicates). */
export function setupServices(extra: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const name of [...knownServices, ...extra]) {
    const safe = indexSafeServiceName(name);
    if (!out.includes(safe)) out.push(safe);
  }
  return out;
}

interface TemplateListing {
  component_templates?: { name: string; component_template: { _meta?: { hash?: string } } }[];
  index_templates?: { name: string; index_template: { _meta?: { hash?: string } } }[];
}

async function installedTemplateHashes(client: EsClient): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const components = await client.get<TemplateListing>(`/_component_template/${TEMPLATE_PREFIX}-*`, { allow: [404] });
  for (const t of components.body.component_templates ?? []) out.set(`component:${t.name}`, t.component_template._meta?.hash);
  const indexTemplates = await client.get<TemplateListing>(`/_index_template/${TEMPLATE_PREFIX}-*`, { allow: [404] });
  for (const t of indexTemplates.body.index_templates ?? []) out.set(`index:${t.name}`, t.index_template._meta?.hash);
  return out;
}

async function putTemplates(client: EsClient, templates: readonly Template[]): Promise<TemplateResult[]> {
  const installed = await installedTemplateHashes(client);
  const results: TemplateResult[] = [];
  // In order: an index template may only name component templates that exist.
  for (const t of templates) {
    const key = `${t.kind}:${t.name}`;
    const action: TemplateAction = !installed.has(key) ? 'created' : installed.get(key) === t.body._meta.hash ? 'unchanged' : 'updated';
    if (action !== 'unchanged') {
      await client.put(`/${t.kind === 'component' ? '_component_template' : '_index_template'}/${t.name}`, t.body);
    }
    results.push({ kind: t.kind, name: t.name, action });
  }
  return results;
}

interface ClusterIndices {
  /** alias → its indices and which one it writes to */
  aliases: Map<string, { index: string; isWrite: boolean }[]>;
  /** index → docs count */
  indices: Map<string, number>;
}

async function readIndices(client: EsClient): Promise<ClusterIndices> {
  const aliasBody = (await client.get<Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>>('/_alias')).body;
  const aliases = new Map<string, { index: string; isWrite: boolean }[]>();
  for (const [index, entry] of Object.entries(aliasBody)) {
    for (const [alias, props] of Object.entries(entry.aliases ?? {})) {
      const list = aliases.get(alias) ?? [];
      list.push({ index, isWrite: props.is_write_index === true });
      aliases.set(alias, list);
    }
  }
  const cat = (await client.get<{ index: string; 'docs.count': string | null }[]>('/_cat/indices?format=json&h=index,docs.count')).body;
  const indices = new Map<string, number>();
  for (const row of cat) indices.set(row.index, Number(row['docs.count'] ?? 0));
  return { aliases, indices };
}

export function plainIndexProblem(alias: string, docs: number): string {
  return (
    `${alias} is a plain index (${docs} docs), not a write alias: a service wrote to it before 'es setup' ran, ` +
    `so it has no rollover and no retention. Its documents are safe. To fix: stop the writers, then keep the ` +
    `documents (PUT /${alias}/_block/write; POST /${alias}/_clone/${alias}-000000; DELETE /${alias}) ` +
    `or drop them (DELETE /${alias}), and run 'jewelry-otel es setup' again.`
  );
}

interface Target {
  service: string;
  retentionClass: RetentionClass;
  alias: string;
  first: string;
}

async function ensureAlias(client: EsClient, t: Target, cluster: ClusterIndices): Promise<AliasResult> {
  const base = { service: t.service, retentionClass: t.retentionClass, alias: t.alias, mappingUpdated: false };
  const members = cluster.aliases.get(t.alias);
  if (members) {
    const write = members.find((m) => m.isWrite)?.index ?? (members.length === 1 ? members[0]?.index : undefined);
    if (write) return { ...base, action: 'found', writeIndex: write };
    return {
      ...base,
      action: 'found',
      writeIndex: null,
      problem: `${t.alias} points to ${members.length} indices and none is its write index, so writes to it fail; mark one: POST /_aliases with is_write_index: true`,
    };
  }
  if (cluster.indices.has(t.alias)) {
    return { ...base, action: 'conflict', writeIndex: null, problem: plainIndexProblem(t.alias, cluster.indices.get(t.alias) ?? 0) };
  }
  try {
    if (cluster.indices.has(t.first)) {
      // The first index is there without its alias (deleted by hand?): give it back.
      await client.post('/_aliases', { actions: [{ add: { index: t.first, alias: t.alias, is_write_index: true } }] });
    } else {
      await client.put(`/${t.first}`, { aliases: { [t.alias]: { is_write_index: true } } });
    }
    return { ...base, action: 'created', writeIndex: t.first };
  } catch (err) {
    // Another setup, or a service's first write, got there between our read and this create.
    if (err instanceof EsError && (err.type === 'resource_already_exists_exception' || err.type === 'invalid_alias_name_exception')) {
      const again = await readIndices(client);
      if (again.aliases.has(t.alias) || again.indices.has(t.alias)) return ensureAlias(client, t, again);
    }
    throw err;
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Adds new schema fields to the existing write indices whose mapping hash is not the current one. */
async function refreshMappings(client: EsClient, results: AliasResult[]): Promise<AliasResult[]> {
  const found = results.filter((r) => r.action === 'found' && r.writeIndex);
  if (found.length === 0) return results;
  const indices = [...new Set(found.map((r) => r.writeIndex as string))];
  const metas = (
    await client.get<Record<string, { mappings?: { _meta?: { hash?: string } } }>>(
      `/${indices.join(',')}/_mapping?filter_path=*.mappings._meta&ignore_unavailable=true`,
    )
  ).body;
  const done = new Map<string, string | true>();
  for (const r of found) {
    const index = r.writeIndex as string;
    const family: MappingFamily = mappingFamily(r.retentionClass);
    const mapping = familyMapping(family);
    if (done.has(index) || metas[index]?.mappings?._meta?.hash === mapping._meta.hash) continue;
    try {
      await client.put(`/${index}/_mapping`, mapping);
      done.set(index, true);
    } catch (err) {
      if (!(err instanceof EsError) || err.status !== 400) throw err;
      done.set(
        index,
        `the mapping of ${index} is behind the schema and cannot be changed in place (${err.reason ?? err.message}); ` +
          `roll the alias over to start an index with the new mapping: POST /${r.alias}/_rollover`,
      );
    }
  }
  return results.map((r) => {
    const outcome = r.writeIndex ? done.get(r.writeIndex) : undefined;
    if (outcome === true) return { ...r, mappingUpdated: true };
    if (typeof outcome === 'string') return { ...r, problem: outcome };
    return r;
  });
}

export async function setupElasticsearch(client: EsClient, options: EsSetupOptions = {}): Promise<EsSetupReport> {
  const started = Date.now();
  const templates = await putTemplates(client, buildTemplates(options.index ?? DEFAULT_INDEX_SETTINGS));
  const classes = Object.keys(retentionClasses) as RetentionClass[];
  const services = [...new Set([...setupServices(options.services), unknownService])];
  const targets: Target[] = services.flatMap((service) =>
    classes.map((cls) => ({ service, retentionClass: cls, alias: writeAlias(service, cls), first: firstIndex(service, cls) })),
  );
  const cluster = await readIndices(client);
  const ensured = await mapLimit(targets, options.concurrency ?? 4, (t) => ensureAlias(client, t, cluster));
  const aliases = await refreshMappings(client, ensured);
  return {
    endpoint: client.url,
    templates,
    aliases,
    problems: aliases.flatMap((a) => (a.problem ? [a.problem] : [])),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** One line for `stack up`'s progress: what setup changed, or nothing when it changed nothing. */
export function setupSummary(report: EsSetupReport): string | undefined {
  const count = (xs: readonly { action: string }[], action: string): number => xs.filter((x) => x.action === action).length;
  const parts: string[] = [];
  const tCreated = count(report.templates, 'created');
  const tUpdated = count(report.templates, 'updated');
  if (tCreated) parts.push(`${tCreated} templates created`);
  if (tUpdated) parts.push(`${tUpdated} templates updated`);
  const aCreated = count(report.aliases, 'created');
  if (aCreated) parts.push(`${aCreated} write aliases created`);
  const remapped = report.aliases.filter((a) => a.mappingUpdated).length;
  if (remapped) parts.push(`${remapped} mappings updated`);
  if (report.problems.length) parts.push(`${report.problems.length} problems (run 'jewelry-otel es setup' to see them)`);
  return parts.length ? `es setup: ${parts.join(', ')} (${report.seconds.toFixed(1)}s)` : undefined;
}
