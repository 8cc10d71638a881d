import type { EsClient } from '@jewelry/cli';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `_count` of the documents whose `field` starts with `prefix` until
 * there are `expected`, without forcing a refresh: a refresh every poll would
 * make Elasticsearch write tiny segments and charge the slower path for
 * being watched longer. Both paths see the index's own 1 s refresh, so both
 * end up to a second late. Returns the count reached.
 */
export async function waitForCount(
  es: EsClient,
  index: string,
  field: string,
  prefix: string,
  expected: number,
  timeoutMillis: number,
  pollMillis = 250,
): Promise<number> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const res = await es.post<{ count: number }>(`/${encodeURIComponent(index)}/_count`, { query: { prefix: { [field]: prefix } } });
    if (res.body.count >= expected || Date.now() > deadline) return res.body.count;
    await sleep(pollMillis);
  }
}
