import { randomUUID } from 'node:crypto';
import { writeAlias } from '@jewelry/schema';
import { waitForUnique } from '../support/elasticsearch';
import { IsolatedStack } from '../support/fault-stack';
import { NumberedStream } from '../support/numbered-stream';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the node is away: 60 s in npm test; longer by hand, e.g. `JEWELRY_FAULT_OUTAGE_SECONDS=150 npm test -- fault-elasticsearch-outage`. */
const OUTAGE_S = Number(process.env.JEWELRY_FAULT_OUTAGE_SECONDS ?? 60);

// Issue 7: Elasticsearch stopped for 60 s and started again loses nothing. The
// collector keeps answering the SDK (the records go to its on-disk queue) and its
// exporter retries the bulk requests until the node is back. Its own node, so the
// shared one other tests use stays up.
describe(`Elasticsearch stopped for ${OUTAGE_S} s and started again: nothing lost (issue 7, ST-1)`, () => {
  const run = `ESOUT-${randomUUID().slice(0, 8)}`;
  let stack: IsolatedStack;
  let stream: NumberedStream | undefined;

  beforeAll(async () => {
    stack = await IsolatedStack.create('fault-es', { ownElasticsearch: true });
    await stack.up(['elasticsearch', 'collector']);
  }, 300_000);

  afterAll(async () => {
    await stream?.service.stop();
    await stack?.destroy(['collector', 'elasticsearch']);
  });

  test(
    'a stream of records before, during and after the outage: all stored',
    async () => {
      stream = await new NumberedStream(run, stack.otlpEndpoint).start();
      stream.begin(10, 50); // 200 records/s
      await sleep(3000);
      await stack.down(['elasticsearch']);
      const stoppedAt = Date.now();
      await sleep(OUTAGE_S * 1000 - (Date.now() - stoppedAt));
      await stack.up(['elasticsearch']);
      await sleep(2000);
      const written = await stream.stop();
      expect(written.failures).toBe(0);

      await stream.settled(30_000);
      const stats = (await stream.stats()).logs;
      // The collector took everything while the node was away: the SDK never had to hold or drop.
      expect(stats).toMatchObject({ accepted: written.written, exported: written.written, failed: 0, droppedQueueFull: 0, inFlight: 0 });

      const stored = await waitForUnique(
        stack.elasticsearchUrl,
        writeAlias('crm-api', 'logs'),
        'order.id',
        `${run}-`,
        written.written,
        120_000,
      );
      console.log(
        `Elasticsearch outage (${OUTAGE_S} s): ${written.written} records written, ${stored.unique} stored, ${written.written - stored.unique} missing, ${stored.duplicates} duplicates`,
      );
      if (stored.unique !== written.written) console.log(`the collector's warnings and errors:\n${stack.collectorProblems().join('\n')}`);
      expect(stored.unique).toBe(written.written);
    },
    240_000 + OUTAGE_S * 1000,
  );
});
