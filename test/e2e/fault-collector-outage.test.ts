import { randomUUID } from 'node:crypto';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { waitForUnique } from '../support/elasticsearch';
import { IsolatedStack } from '../support/fault-stack';
import { NumberedStream, percentile } from '../support/numbered-stream';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const QUEUE = 2000;

// Issue 7: with the collector away for 30 s the service keeps answering at its
// usual latency; the SDK holds up to its queue size (the buffer promise) and
// delivers it when the collector is back; what does not fit is dropped, counted
// and reported — never more than what exceeded the promise.
describe('the collector down for 30 s: the service keeps answering, the SDK keeps its buffer promise (issue 7)', () => {
  const run = `OUT-${randomUUID().slice(0, 8)}`;
  const es = stackEndpoints().elasticsearchUrl;
  let stack: IsolatedStack;
  let stream: NumberedStream | undefined;

  beforeAll(async () => {
    stack = await IsolatedStack.create('fault-outage');
    await stack.up(['collector']);
  }, 300_000);

  afterAll(async () => {
    await stream?.service.stop();
    await stack?.destroy(['collector']);
  });

  test(`${QUEUE} records held through the outage and delivered; the excess dropped and counted exactly`, async () => {
    stream = await new NumberedStream(run, stack.otlpEndpoint, {
      OTEL_BLRP_MAX_QUEUE_SIZE: String(QUEUE),
      JEWELRY_DROP_REPORT_INTERVAL_MS: '1000',
    }).start();

    stream.begin(5, 50); // 100 records/s
    await sleep(2000);
    const before = await stream.stop();

    await stack.down(['collector']);
    stream.begin(5, 50); // 30 s × 100/s = 3000 records, more than the queue holds
    await sleep(30_000);
    const during = await stream.stop();
    const statsDuring = (await stream.stats()).logs;

    await stack.up(['collector']);
    stream.begin(5, 50);
    await sleep(2000);
    const total = await stream.stop();
    await stream.settled(60_000);
    const stats = (await stream.stats()).logs;

    // The service answered every request during the outage, as fast as before it.
    const outage = during.latencies.slice(before.latencies.length);
    console.log(
      `collector outage: latency p50 ${percentile(outage, 50)} ms, p99 ${percentile(outage, 99)} ms, max ${Math.max(...outage)} ms over ${outage.length} requests (before: p99 ${percentile(before.latencies, 99)} ms)`,
    );
    expect(total.failures).toBe(0);
    expect(percentile(outage, 99)).toBeLessThan(250);
    expect(Math.max(...outage)).toBeLessThan(1000);

    // The SDK held exactly its queue and dropped (and counted) the rest.
    const writtenDuringOutage = during.written - before.written;
    expect(statsDuring.inFlight).toBeLessThanOrEqual(QUEUE);
    expect(statsDuring.inFlight).toBeGreaterThanOrEqual(QUEUE - 200); // full, less what was exported before the stop
    expect(stats.droppedQueueFull).toBeGreaterThan(0);
    // The promise: QUEUE records are kept, whatever the outage; at most the rest is dropped. (Drops go on for
    // a few seconds after the collector is back, until the SDK's next retry finds it, so they are bounded by
    // everything written beyond the queue, not only by what was written during the outage.)
    expect(stats.droppedQueueFull).toBeLessThanOrEqual(total.written - QUEUE);
    expect(stats.droppedQueueFull).toBeGreaterThanOrEqual(writtenDuringOutage - QUEUE);
    expect(stats).toMatchObject({
      accepted: total.written - stats.droppedQueueFull,
      exported: total.written - stats.droppedQueueFull,
      failed: 0,
      inFlight: 0,
    });
    expect(stream.service.stderr).toMatch(/telemetry lost since start — logs: \d+ of \d+ \(queue full \d+, export failed 0\)/);

    // Everything accepted is in Elasticsearch.
    const stored = await waitForUnique(es, writeAlias('crm-api', 'logs'), 'order.id', `${run}-`, stats.exported, 90_000);
    console.log(
      `collector outage: ${total.written} written, ${stats.droppedQueueFull} dropped by the SDK (queue ${QUEUE}), ${stored.unique} stored, ${stored.duplicates} duplicates`,
    );
    expect(stored.unique).toBe(stats.exported);
  }, 240_000);
});
