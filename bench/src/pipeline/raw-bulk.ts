import type { EsClient } from '@jewelry/cli';

export interface BulkOutcome {
  /** Documents Elasticsearch reported as failed (must be 0). */
  itemErrors: number;
  requests: number;
  bytes: number;
}

/**
 * Indexes `count` copies of `template` (order.id replaced by <run>-<n>, a
 * fresh @timestamp) into `index` with _bulk: `perRequest` documents per
 * request, `concurrency` requests in flight — the ceiling the collector's
 * exporter is compared with.
 */
export async function rawBulk(
  es: EsClient,
  index: string,
  template: Record<string, unknown>,
  run: string,
  count: number,
  perRequest: number,
  concurrency: number,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { itemErrors: 0, requests: 0, bytes: 0 };
  const action = '{"create":{}}\n';
  let next = 0;
  const body = (from: number, to: number): string => {
    let text = '';
    const timestamp = new Date().toISOString();
    for (let n = from; n < to; n++)
      text += action + JSON.stringify({ ...template, '@timestamp': timestamp, 'order.id': `${run}-${n}` }) + '\n';
    return text;
  };
  const worker = async (): Promise<void> => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + perRequest);
      next = to;
      const ndjson = body(from, to);
      outcome.requests += 1;
      outcome.bytes += Buffer.byteLength(ndjson);
      // fetch, not EsClient: the body is NDJSON, not one JSON value.
      const res = await fetch(`${es.url}/${encodeURIComponent(index)}/_bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: ndjson,
      });
      const answer = (await res.json()) as { errors?: boolean; items?: Record<string, { status: number }>[] };
      if (!res.ok) throw new Error(`_bulk into ${index}: HTTP ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      if (answer.errors) outcome.itemErrors += (answer.items ?? []).filter((i) => Object.values(i)[0]!.status >= 300).length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcome;
}
