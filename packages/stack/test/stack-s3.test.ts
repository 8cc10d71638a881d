// Real S3 (versitygw, built from its Go module into the cache on first use),
// in an isolated stack dir on a free port, checked with @aws-sdk/client-s3
// the way the services use it: path-style, SigV4, the SDK's default checksums.
import { resolveSettings, stackDown, stackEndpoints, stackStatus, stackUp, type S3Endpoint, type StackOptions } from '@jewelry/stack';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeStackDir, removeStackDir } from '../../../test/support/own-stack';

// A cold cache builds versitygw from source (about a minute here; longer with a cold Go module cache).
jest.setTimeout(1_800_000);

function client(s3: S3Endpoint, secretAccessKey = s3.secretAccessKey): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: s3.forcePathStyle,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

describe('stack: s3 (real)', () => {
  let options: StackOptions;
  let stackDir: string;
  let port: number;
  let s3: S3Endpoint;
  const key = 'models/ring-42/v1.stl';
  const body = 'solid ring\n  facet normal 0 0 1\nendsolid ring\n';

  beforeAll(async () => {
    stackDir = makeStackDir('s3');
    port = await freePort();
    options = { settings: { stackDir, s3Port: port } };
    s3 = stackEndpoints(resolveSettings(options.settings)).s3;
  });

  afterAll(async () => {
    await stackDown(['s3'], options);
    removeStackDir(stackDir);
  });

  it('starts it with the bucket made, and PutObject/GetObject/HeadObject/ListObjectsV2 round-trip', async () => {
    const [up] = await stackUp(['s3'], options);
    expect(up).toMatchObject({ name: 's3', state: 'up', startedByThisCall: true, endpoint: `127.0.0.1:${port}` });
    expect(s3).toEqual({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      accessKeyId: 'jewelry',
      secretAccessKey: 'jewelry-secret-key',
      bucket: 'jewelry-models',
      forcePathStyle: true,
    });
    const [status] = await stackStatus(['s3'], options);
    expect(status).toMatchObject({ name: 's3', state: 'running', healthy: true, portTakenBy: null });

    const c = client(s3);
    try {
      // stack up made the bucket; creating it again is the usual S3 answer, not a new bucket.
      expect((await c.send(new HeadBucketCommand({ Bucket: s3.bucket }))).$metadata.httpStatusCode).toBe(200);
      await expect(c.send(new CreateBucketCommand({ Bucket: s3.bucket }))).rejects.toMatchObject({ name: 'BucketAlreadyOwnedByYou' });

      const put = await c.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body, ContentType: 'model/stl', Metadata: { 'order-id': 'o-42' } }),
      );
      expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);

      const got = await c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      expect(await got.Body?.transformToString()).toBe(body);
      expect(got.ContentType).toBe('model/stl');
      expect(got.Metadata).toEqual({ 'order-id': 'o-42' });

      const head = await c.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
      expect(head).toMatchObject({ ContentLength: Buffer.byteLength(body), ETag: put.ETag });
      await expect(c.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'models/none' }))).rejects.toMatchObject({ name: 'NotFound' });

      const list = await c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'models/' }));
      expect(list.Contents?.map((o) => o.Key)).toEqual([key]);
    } finally {
      c.destroy();
    }
    // The object is a plain file in the stack dir.
    const file = join(stackDir, 's3', 'data', s3.bucket, key);
    expect(existsSync(file) && readFileSync(file, 'utf8')).toBe(body);
  });

  it('checks SigV4 signatures: a wrong secret is refused', async () => {
    const c = client(s3, 'not-the-secret');
    try {
      await expect(c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      c.destroy();
    }
  });

  it('a second up is fast and says it was already running', async () => {
    const started = Date.now();
    const [again] = await stackUp(['s3'], options);
    expect(again).toMatchObject({ name: 's3', startedByThisCall: false });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('down stops it; up again serves the same objects; a second down is a no-op', async () => {
    const [down] = await stackDown(['s3'], options);
    expect(down).toMatchObject({ name: 's3', state: 'stopped', stoppedByThisCall: true });
    const [status] = await stackStatus(['s3'], options);
    expect(status).toMatchObject({ state: 'stopped', pid: null, healthy: false });
    await expect(fetch(`${s3.endpoint}/_health`)).rejects.toThrow();

    const started = Date.now();
    const [up] = await stackUp(['s3'], options);
    expect(up).toMatchObject({ startedByThisCall: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    const c = client(s3);
    try {
      const got = await c.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      expect(await got.Body?.transformToString()).toBe(body);
      expect(got.Metadata).toEqual({ 'order-id': 'o-42' });
    } finally {
      c.destroy();
    }

    await stackDown(['s3'], options);
    const [again] = await stackDown(['s3'], options);
    expect(again).toMatchObject({ state: 'stopped', stoppedByThisCall: false });
  });
});
