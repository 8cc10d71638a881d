// `jewelry-otel es status`: cluster health, our templates, and every index
// family (write alias) with its indices and document count.
import { retentionClasses, type RetentionClass } from '@jewelry/schema';
import type { EsClient } from './client';
import { buildTemplates, DEFAULT_INDEX_SETTINGS, TEMPLATE_PREFIX } from './templates';

export interface EsFamilyStatus {
  readonly alias: string;
  readonly service: string;
  readonly retentionClass: RetentionClass;
  readonly writeIndex: string | null;
  readonly indices: string[];
  readonly docs: number;
  readonly storeBytes: number;
}

export interface EsStatus {
  readonly endpoint: string;
  readonly cluster: { name: string; status: string; nodes: number; unassignedShards: number };
  /** Our templates: installed or missing. */
  readonly templates: { name: string; installed: boolean }[];
  readonly families: EsFamilyStatus[];
  /** Plain indices named like an alias (a service wrote before setup). */
  readonly plainIndices: { index: string; retentionClass: RetentionClass; docs: number }[];
}

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];

/** The retention class an alias (or plain index) name belongs to: `shop-api-logs` → logs. */
export function classOfAlias(name: string): RetentionClass | undefined {
  return CLASSES.find((cls) => name.endsWith(`-${cls}`) && name.length > cls.length + 1);
}

export async function esStatus(client: EsClient): Promise<EsStatus> {
  const health = (
    await client.get<{ cluster_name: string; status: string; number_of_nodes: number; unassigned_shards: number }>('/_cluster/health')
  ).body;
  const components = (await client.get<{ component_templates?: { name: string }[] }>(`/_component_template/${TEMPLATE_PREFIX}-*`)).body;
  const indexTemplates = (await client.get<{ index_templates?: { name: string }[] }>(`/_index_template/${TEMPLATE_PREFIX}-*`)).body;
  const installed = new Set([...(components.component_templates ?? []), ...(indexTemplates.index_templates ?? [])].map((t) => t.name));
  const aliasBody = (await client.get<Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>>('/_alias')).body;
  const cat = (
    await client.get<{ index: string; 'docs.count': string | null; 'store.size': string | null }[]>(
      '/_cat/indices?format=json&h=index,docs.count,store.size&bytes=b',
    )
  ).body;
  const stats = new Map(cat.map((r) => [r.index, { docs: Number(r['docs.count'] ?? 0), bytes: Number(r['store.size'] ?? 0) }]));

  const families = new Map<string, { cls: RetentionClass; indices: string[]; write: string | null }>();
  for (const [index, entry] of Object.entries(aliasBody)) {
    for (const [alias, props] of Object.entries(entry.aliases ?? {})) {
      const cls = classOfAlias(alias);
      if (!cls) continue;
      const f = families.get(alias) ?? { cls, indices: [], write: null };
      f.indices.push(index);
      if (props.is_write_index) f.write = index;
      families.set(alias, f);
    }
  }
  const familyList: EsFamilyStatus[] = [...families.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alias, f]) => {
      const indices = f.indices.sort();
      return {
        alias,
        service: alias.slice(0, -(f.cls.length + 1)),
        retentionClass: f.cls,
        writeIndex: f.write ?? (indices.length === 1 ? (indices[0] as string) : null),
        indices,
        docs: indices.reduce((n, i) => n + (stats.get(i)?.docs ?? 0), 0),
        storeBytes: indices.reduce((n, i) => n + (stats.get(i)?.bytes ?? 0), 0),
      };
    });
  const plainIndices = cat
    .filter((r) => classOfAlias(r.index) !== undefined)
    .map((r) => ({ index: r.index, retentionClass: classOfAlias(r.index) as RetentionClass, docs: stats.get(r.index)?.docs ?? 0 }))
    .sort((a, b) => a.index.localeCompare(b.index));
  return {
    endpoint: client.url,
    cluster: {
      name: health.cluster_name,
      status: health.status,
      nodes: health.number_of_nodes,
      unassignedShards: health.unassigned_shards,
    },
    templates: buildTemplates(DEFAULT_INDEX_SETTINGS).map((t) => ({ name: t.name, installed: installed.has(t.name) })),
    families: familyList,
    plainIndices,
  };
}
