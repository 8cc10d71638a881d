import type { EsClient } from './client';
import { setTimeout as sleep } from 'node:timers/promises';

export interface UniqueCount {
  /** Distinct values found. */
  unique: number;
  /** Documents beyond the first per value (at-least-once delivery may repeat a batch). */
  duplicates: number;
  /** The values seen, for finding the missing ones. */
  values: Set<string>;
}

interface CompositePage {
  aggregations?: { ids: { after_key?: Record<string, unknown>; buckets: { key: { id: string }; doc_count: number }[] } };
}

/**
 * Exactly how many distinct `field` values starting with `prefix` are stored
 * in `index`, and how many documents repeat one — by paging a composite
 * aggregation (cardinality is approximate). Refreshes the index first. What
 * the fault tests and the pipeline bench count delivered records with.
 */
export async function countUnique(
  client: EsClient,
  index: string,
  field: string,
  prefix: string,
  /** Only documents that also match this query (e.g. one event name). */
  filter?: Record<string, unknown>,
): Promise<UniqueCount> {
  const result: UniqueCount = { unique: 0, duplicates: 0, values: new Set() };
  const refreshed = await client.post(`/${encodeURIComponent(index)}/_refresh`, undefined, { allow: [404] });
  if (refreshed.status === 404) return result;
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const page = await client.post<CompositePage>(`/${encodeURIComponent(index)}/_search`, {
      size: 0,
      query: filter ? { bool: { filter: [{ prefix: { [field]: prefix } }, filter] } } : { prefix: { [field]: prefix } },
      aggs: { ids: { composite: { size: 10000, sources: [{ id: { terms: { field } } }], ...(after ? { after } : {}) } } },
    });
    const ids = page.body.aggregations?.ids;
    for (const b of ids?.buckets ?? []) {
      result.values.add(b.key.id);
      result.duplicates += b.doc_count - 1;
    }
    if (!ids?.buckets.length || !ids.after_key) break;
    after = ids.after_key;
  }
  result.unique = result.values.size;
  return result;
}

/** Polls countUnique until `expected` distinct values are stored or the time is up. */
export async function waitForUnique(
  client: EsClient,
  index: string,
  field: string,
  prefix: string,
  expected: number,
  timeoutMillis: number,
  pollMillis = 1000,
): Promise<UniqueCount> {
  const deadline = Date.now() + timeoutMillis;
  let count = await countUnique(client, index, field, prefix);
  while (count.unique < expected && Date.now() < deadline) {
    await sleep(pollMillis);
    count = await countUnique(client, index, field, prefix);
  }
  return count;
}
