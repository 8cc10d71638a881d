// The aws-sdk instrumentation as the presets load it, against the real S3
// server of the stack (npm test brings it up): every put in a request is one
// `S3.PutObject` span under the server span, with no HTTP client span under
// it, however many commands the client has sent — the SDK builds a new
// middleware stack per command, and the distribution patches each one once
// (aws-sdk-config.ts).
import { join } from 'node:path';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { resolveSettings, stackDown, stackEndpoints, stackUp } from '@jewelry/cli';
import { httpRequest } from '../../../test/support/fixture-process';
import { useReceiverAndFixture } from '../../../test/support/receiver-and-fixture';

const REPO = join(__dirname, '..', '..', '..');
const BUCKET = `otel-s3-spans-${process.pid}`;

describe('S3 spans under the distribution', () => {
  let started: string[] = [];
  beforeAll(async () => {
    started = (await stackUp(['s3'])).filter((r) => r.startedByThisCall).map((r) => r.name);
  }, 180_000);
  afterAll(async () => {
    const e = stackEndpoints(resolveSettings()).s3;
    const s3 = new S3Client({ ...e, credentials: { accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey } });
    try {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys, Quiet: true } }));
      await s3.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    } catch (err) {
      if ((err as Error).name !== 'NoSuchBucket') throw err;
    } finally {
      s3.destroy();
      if (started.length) await stackDown(started);
    }
  }, 60_000);
  const fixture = useReceiverAndFixture();

  test('three puts in three requests: three S3.PutObject spans, each the child of its server span, no HTTP client span', async () => {
    const e = stackEndpoints(resolveSettings()).s3;
    const service = fixture.start(
      ['--require', '@jewelry/otel', join(__dirname, 'fixtures', 's3-probe.js')],
      {
        OTEL_SERVICE_NAME: 'mes-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: fixture.receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        S3_ENDPOINT: e.endpoint,
        S3_REGION: e.region,
        S3_ACCESS_KEY_ID: e.accessKeyId,
        S3_SECRET_ACCESS_KEY: e.secretAccessKey,
        S3_BUCKET: BUCKET,
      },
      REPO,
    );
    const port = await service.port();
    for (let i = 0; i < 3; i++) expect((await httpRequest(port, 'GET', '/put')).body).toBe('200');
    const servers = () => fixture.receiver.spans.filter((s) => s.name.startsWith('GET'));
    const puts = () => fixture.receiver.spans.filter((s) => s.name === 'S3.PutObject');
    expect(await fixture.receiver.waitFor(() => servers().length === 3 && puts().length === 3)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      puts()
        .map((p) => p.parentSpanId)
        .sort(),
    ).toEqual(
      servers()
        .map((s) => s.spanId)
        .sort(),
    );
    for (const put of puts()) {
      expect(put.kind).toBe(3); // CLIENT
      expect(put.attributes).toMatchObject({
        'rpc.system': 'aws-api',
        'rpc.service': 'S3',
        'rpc.method': 'PutObject',
        'aws.s3.bucket': BUCKET,
      });
    }
    // The bucket's creation at start-up, outside a request, is a span of its own; nothing else.
    expect(fixture.receiver.spans.map((s) => s.name).sort()).toEqual([
      'GET',
      'GET',
      'GET',
      'S3.CreateBucket',
      'S3.PutObject',
      'S3.PutObject',
      'S3.PutObject',
    ]);
  });
});
