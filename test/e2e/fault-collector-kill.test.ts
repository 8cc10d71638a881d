import { randomUUID } from 'node:crypto';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { waitForUnique } from '../support/elasticsearch';
import { IsolatedStack } from '../support/fault-stack';
import { NumberedStream } from '../support/numbered-stream';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Issue 7: a collector killed without warning (OOM killer, host crash) and
// restarted in the middle of a stream loses nothing. The SDK holds every batch
// until the collector confirms it; the collector confirms only once the batch is
// in its on-disk queue, which the restarted process picks up again.
describe('the collector killed with SIGKILL mid-stream and restarted: every record reaches Elasticsearch (issue 7, ST-1)', () => {
  const run = `KILL-${randomUUID().slice(0, 8)}`;
  const es = stackEndpoints().elasticsearchUrl;
  let stack: IsolatedStack;
  let stream: NumberedStream | undefined;

  beforeAll(async () => {
    stack = await IsolatedStack.create('fault-kill');
    await stack.up(['collector']);
  }, 300_000);

  afterAll(async () => {
    await stream?.service.stop();
    await stack?.destroy(['collector']);
  });

  test('about 1000 records/s; SIGKILL after 3 s, restart 1 s later; all records stored, duplicates counted', async () => {
    stream = await new NumberedStream(run, stack.otlpEndpoint, { OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '200' }).start();
    stream.begin(20, 20);
    await sleep(3000);
    const killed = await stack.kill('collector');
    await sleep(1000);
    await stack.up(['collector']);
    expect(await stack.pid('collector')).not.toBe(killed);
    await sleep(3000);
    const written = await stream.stop();
    expect(written.failures).toBe(0);
    expect(written.written).toBeGreaterThan(3000);

    await stream.settled(60_000);
    const stats = (await stream.stats()).logs;
    expect(stats).toMatchObject({ accepted: written.written, exported: written.written, failed: 0, droppedQueueFull: 0, inFlight: 0 });

    const stored = await waitForUnique(es, writeAlias('crm-api', 'logs'), 'order.id', `${run}-`, written.written, 90_000);
    const missing = written.written - stored.unique;
    console.log(
      `collector SIGKILL: ${written.written} records written, ${stored.unique} stored, ${missing} missing, ${stored.duplicates} duplicates`,
    );
    expect(missing).toBe(0);
    expect(stored.unique).toBe(written.written);
  }, 180_000);
});
