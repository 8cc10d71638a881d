import type { EsClient } from '@jewelry/cli';
import type { Phase } from './orders';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The delay from an order's request to its `order.created` record being
 * searchable in Elasticsearch, for a sample of orders (one every
 * `sampleMillis`; all of them at a low rate): their ids are searched for every
 * 250 ms without forcing a refresh, as a person in Kibana would find them.
 */
export class SearchableProbe {
  private readonly pending = new Map<string, { sentAt: number; phase: Phase }>();
  readonly delays: { phase: Phase; seconds: number }[] = [];
  private lastSample = 0;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly es: EsClient,
    private readonly index: string,
    private readonly sampleMillis = 100,
  ) {}

  offer(orderId: string | undefined, sentAt: number, phase: Phase): void {
    if (!orderId || sentAt - this.lastSample < this.sampleMillis) return;
    this.lastSample = sentAt;
    this.pending.set(orderId, { sentAt, phase });
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running || this.pending.size > 0) {
        await this.poll().catch(() => undefined);
        await sleep(250);
      }
    })();
  }

  /** Stops once every sampled order was found, or after `timeoutMillis`; what is still pending is reported as not found. */
  async stop(timeoutMillis: number): Promise<number> {
    this.running = false;
    const deadline = Date.now() + timeoutMillis;
    while (this.pending.size > 0 && Date.now() < deadline) await sleep(250);
    const notFound = this.pending.size;
    this.pending.clear();
    await this.loop;
    return notFound;
  }

  private async poll(): Promise<void> {
    const ids = [...this.pending.keys()].slice(0, 1000);
    if (ids.length === 0) return;
    const res = await this.es.post<{ hits: { hits: { _source: { 'order.id': string } }[] } }>(`/${this.index}/_search`, {
      size: ids.length,
      _source: ['order.id'],
      query: { bool: { filter: [{ terms: { 'order.id': ids } }, { term: { 'event.name': 'order.created' } }] } },
    });
    const now = Date.now();
    for (const hit of res.body.hits.hits) {
      const seen = this.pending.get(hit._source['order.id']);
      if (!seen) continue;
      this.pending.delete(hit._source['order.id']);
      this.delays.push({ phase: seen.phase, seconds: (now - seen.sentAt) / 1000 });
    }
  }
}
