import { EsClient, waitForUnique as waitForUniqueIn, type UniqueCount } from '@jewelry/cli';
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

  /** Polls until `predicate` holds for the hits (at most `size` of them) or the time is up; returns the last hits. */
  async waitFor(
    index: string,
    query: Record<string, unknown>,
    predicate: (hits: { index: string; source: Doc }[]) => boolean,
    timeoutMillis = 30000,
    size = 100,
  ): Promise<{ index: string; source: Doc }[]> {
    const deadline = Date.now() + timeoutMillis;
    let hits: { index: string; source: Doc }[] = [];
    while (Date.now() < deadline) {
      hits = await this.search(index, query, size);
      if (predicate(hits)) return hits;
      await new Promise((r) => setTimeout(r, 500));
    }
    return hits;
  }
}

export const term = (field: string, value: unknown) => ({ term: { [field]: value } });

/** Exact distinct-value counts in the real cluster (the fault tests' "nothing lost"). */
export async function waitForUnique(
  url: string,
  index: string,
  field: string,
  prefix: string,
  expected: number,
  timeoutMillis: number,
): Promise<UniqueCount> {
  return waitForUniqueIn(new EsClient({ url }), index, field, prefix, expected, timeoutMillis);
}
