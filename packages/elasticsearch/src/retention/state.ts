// What the retention planner looks at, read from the cluster in five requests:
//   GET  /_alias                          the families: `<service>-<class>` aliases and their write index
//   GET  /_cat/indices/<class patterns>   creation date, open/closed, docs, primary store size
//   GET  /_cat/shards/<class patterns>    the largest primary shard (what max_primary_shard_size compares)
//   POST /<class patterns>/_search        per index, its newest record: terms on _index, max @timestamp
//   GET  /<class patterns>/_settings/index.lifecycle.name   which indices ILM manages (none on a cluster without ILM)
// The result is plain data, so planning is a pure function a test can feed by hand.
import { classIndexPatterns, indexSafeServiceName, type RetentionClass } from '@jewelry/schema';
import type { EsClient } from '../client';
import { classOfAlias } from '../status';
import { RETENTION_CLASSES } from './settings';

/** The calls retention makes; an EsClient, or a fake in unit tests. */
export type RetentionEsClient = Pick<EsClient, 'url' | 'get' | 'put' | 'post' | 'delete'>;

export interface RetentionIndexState {
  readonly index: string;
  /** false: closed (no stats, no search): retention leaves it alone. */
  readonly open: boolean;
  readonly docs: number;
  /** Primary store size (replicas not counted): what the size cap adds up. */
  readonly primaryBytes: number;
  /** Largest primary shard: what max_primary_shard_size compares. */
  readonly maxPrimaryShardBytes: number;
  /** epoch ms */
  readonly createdAt: number;
  /** epoch ms of its newest record (max @timestamp); null when it has none. */
  readonly newestAt: number | null;
  /** index.lifecycle.name, when ILM manages it. */
  readonly ilmPolicy?: string | undefined;
}

export interface RetentionFamilyState {
  /** `<service>-<class>` */
  readonly alias: string;
  readonly service: string;
  readonly retentionClass: RetentionClass;
  /** The index the alias writes to; null when it has several and none is marked (writes fail; setup's problem). */
  readonly writeIndex: string | null;
  /** The alias's members whose name is `<alias>-…`, oldest name first. Other members are not ours and never touched. */
  readonly indices: RetentionIndexState[];
}

export interface RetentionState {
  readonly endpoint: string;
  /** epoch ms when it was read: the "now" of a plan. */
  readonly readAt: number;
  readonly families: RetentionFamilyState[];
}

export interface ReadStateOptions {
  /** Only these services' families (index-safe names); default all. */
  readonly services?: readonly string[] | undefined;
}

/** Every class's rolled-index pattern: `*-logs-*,*-errors-*,*-audit-*,*-traces-*`. */
export function familyIndexPatterns(): string {
  return RETENTION_CLASSES.map((cls) => classIndexPatterns(cls)[0] as string).join(',');
}

const LENIENT = 'ignore_unavailable=true&allow_no_indices=true';

interface CatIndexRow {
  index: string;
  status?: string | null;
  'docs.count'?: string | null;
  'pri.store.size'?: string | null;
  'creation.date'?: string | null;
}

interface NewestAggs {
  aggregations?: { indices?: { buckets: { key: string; doc_count: number; newest?: { value: number | null } }[] } };
}

export async function readRetentionState(client: RetentionEsClient, options: ReadStateOptions = {}): Promise<RetentionState> {
  const readAt = Date.now();
  const wanted = options.services ? new Set(options.services.map(indexSafeServiceName)) : undefined;
  const patterns = familyIndexPatterns();

  const aliasBody = (await client.get<Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>>('/_alias')).body;
  const byAlias = new Map<string, { index: string; isWrite: boolean }[]>();
  for (const [index, entry] of Object.entries(aliasBody)) {
    for (const [alias, props] of Object.entries(entry.aliases ?? {})) {
      const cls = classOfAlias(alias);
      if (!cls) continue;
      if (wanted && !wanted.has(alias.slice(0, -(cls.length + 1)))) continue;
      const list = byAlias.get(alias) ?? [];
      list.push({ index, isWrite: props.is_write_index === true });
      byAlias.set(alias, list);
    }
  }
  if (byAlias.size === 0) return { endpoint: client.url, readAt, families: [] };

  const cat = (
    await client.get<CatIndexRow[]>(
      `/_cat/indices/${patterns}?format=json&bytes=b&expand_wildcards=all&h=index,status,docs.count,pri.store.size,creation.date`,
    )
  ).body;
  const catByIndex = new Map(cat.map((r) => [r.index, r]));

  const shards = (
    await client.get<{ index: string; prirep: string; store: string | null }[]>(
      `/_cat/shards/${patterns}?format=json&bytes=b&h=index,prirep,store`,
    )
  ).body;
  const maxShard = new Map<string, number>();
  for (const s of shards) {
    if (s.prirep !== 'p') continue;
    maxShard.set(s.index, Math.max(maxShard.get(s.index) ?? 0, Number(s.store ?? 0)));
  }

  // Searching also refreshes search-idle shards, so these counts are current (the _cat numbers may lag).
  const aggs = (
    await client.post<NewestAggs>(`/${patterns}/_search?${LENIENT}`, {
      size: 0,
      track_total_hits: false,
      aggs: { indices: { terms: { field: '_index', size: 10_000 }, aggs: { newest: { max: { field: '@timestamp' } } } } },
    })
  ).body;
  const newest = new Map(
    (aggs.aggregations?.indices?.buckets ?? []).map((b) => [b.key, { docs: b.doc_count, at: b.newest?.value ?? null }]),
  );

  const ilm = (
    await client.get<Record<string, { settings?: Record<string, string> }>>(
      `/${patterns}/_settings/index.lifecycle.name?flat_settings=true&${LENIENT}`,
    )
  ).body;

  const families: RetentionFamilyState[] = [];
  for (const [alias, members] of [...byAlias.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const cls = classOfAlias(alias) as RetentionClass;
    const marked = members.find((m) => m.isWrite)?.index;
    const writeIndex = marked ?? (members.length === 1 ? (members[0]?.index ?? null) : null);
    const indices: RetentionIndexState[] = members
      .filter((m) => m.index.startsWith(`${alias}-`) && catByIndex.has(m.index))
      .map((m) => {
        const row = catByIndex.get(m.index) as CatIndexRow;
        const open = row.status !== 'close';
        const found = newest.get(m.index);
        const primaryBytes = Number(row['pri.store.size'] ?? 0);
        return {
          index: m.index,
          open,
          // The larger of the two counts: a shard the search could not answer (busy, rejected) leaves no bucket,
          // and an index with records must not be taken for an empty one (it would never roll over).
          docs: Math.max(found?.docs ?? 0, Number(row['docs.count'] ?? 0)),
          primaryBytes,
          maxPrimaryShardBytes: maxShard.get(m.index) ?? primaryBytes,
          createdAt: Number(row['creation.date'] ?? 0),
          newestAt: found?.at ?? null,
          ilmPolicy: ilm[m.index]?.settings?.['index.lifecycle.name'],
        };
      })
      .sort((a, b) => a.index.localeCompare(b.index));
    families.push({ alias, service: alias.slice(0, -(cls.length + 1)), retentionClass: cls, writeIndex, indices });
  }
  return { endpoint: client.url, readAt, families };
}
