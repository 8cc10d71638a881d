/** Minimal Elasticsearch reads for end-to-end tests (the real cluster the stack started). */
export type Doc = Record<string, unknown>;

export class EsReader {
  constructor(readonly url: string) {}

  async get(path: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.url}${path}`);
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  }

  /** Documents of `index` matching a term query on `field` (a missing index is no documents yet). */
  async search(index: string, query: Record<string, unknown>, size = 100): Promise<{ index: string; source: Doc }[]> {
    const res = await fetch(`${this.url}/${index}/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size, query, sort: [{ '@timestamp': 'asc' }] }),
    });
    if (res.status === 404) return [];
    const body = (await res.json()) as { hits?: { hits: { _index: string; _source: Doc }[] } };
    if (!res.ok) throw new Error(`search ${index}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return (body.hits?.hits ?? []).map((h) => ({ index: h._index, source: h._source }));
  }

  /** Polls until `predicate` holds for the hits or the time is up; returns the last hits. */
  async waitFor(
    index: string,
    query: Record<string, unknown>,
    predicate: (hits: { index: string; source: Doc }[]) => boolean,
    timeoutMillis = 30000,
  ): Promise<{ index: string; source: Doc }[]> {
    const deadline = Date.now() + timeoutMillis;
    let hits: { index: string; source: Doc }[] = [];
    while (Date.now() < deadline) {
      hits = await this.search(index, query);
      if (predicate(hits)) return hits;
      await new Promise((r) => setTimeout(r, 500));
    }
    return hits;
  }
}

export const term = (field: string, value: unknown) => ({ term: { [field]: value } });

export interface UniqueCount {
  /** Distinct values found. */
  unique: number;
  /** Documents beyond the first per value (at-least-once delivery may repeat a batch). */
  duplicates: number;
  /** The values seen, for finding the missing ones. */
  values: Set<string>;
}

/**
 * Exactly how many distinct `field` values starting with `prefix` are stored
 * in `index`, and how many documents repeat one — by paging a composite
 * aggregation (cardinality is approximate). Refreshes the index first.
 */
export async function countUnique(url: string, index: string, field: string, prefix: string): Promise<UniqueCount> {
  await fetch(`${url}/${index}/_refresh`, { method: 'POST' });
  const result: UniqueCount = { unique: 0, duplicates: 0, values: new Set() };
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const res = await fetch(`${url}/${index}/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        size: 0,
        query: { prefix: { [field]: prefix } },
        aggs: { ids: { composite: { size: 10000, sources: [{ id: { terms: { field } } }], ...(after ? { after } : {}) } } },
      }),
    });
    if (res.status === 404) return result;
    const body = (await res.json()) as { aggregations?: { ids: { after_key?: Record<string, unknown>; buckets: { key: { id: string }; doc_count: number }[] } } };
    if (!res.ok) throw new Error(`countUnique ${index}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    const buckets = body.aggregations?.ids.buckets ?? [];
    for (const b of buckets) {
      result.values.add(b.key.id);
      result.duplicates += b.doc_count - 1;
    }
    if (buckets.length === 0 || !body.aggregations?.ids.after_key) break;
    after = body.aggregations.ids.after_key;
  }
  result.unique = result.values.size;
  return result;
}

/** Polls countUnique until `expected` distinct values are stored or the time is up. */
export async function waitForUnique(url: string, index: string, field: string, prefix: string, expected: number, timeoutMillis: number): Promise<UniqueCount> {
  const deadline = Date.now() + timeoutMillis;
  let count = await countUnique(url, index, field, prefix);
  while (count.unique < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    count = await countUnique(url, index, field, prefix);
  }
  return count;
}
