import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import amqp from 'amqplib';
import { Client } from 'pg';
import { resolveSettings, stackDown, stackEndpoints, stackUp, type ComponentName, type StackEndpoints } from '@jewelry/cli';
import { deleteTopology, topologyNames } from '@jewelry-examples/common';
import { ORDERS_TABLE_ENV } from './orders-table';

const COMPONENTS: ComponentName[] = ['rabbitmq', 'postgres', 's3'];

/**
 * The real components the realistic service talks to — RabbitMQ, PostgreSQL
 * and the S3 server — brought up by the project's stack code with the
 * environment's settings (ports, state dir), as `npm test` does: what was
 * already running is used, what this run started is stopped afterwards.
 * The run gets names of its own (a table, an exchange and queues with a
 * prefix, a bucket), all removed at the end, so the measured orders never
 * mix with a developer's data.
 */
export class ServiceStack {
  private constructor(
    readonly endpoints: StackEndpoints,
    private readonly started: ComponentName[],
    readonly run: { table: string; amqpPrefix: string; bucket: string },
  ) {}

  static async start(progress: (line: string) => void = () => undefined): Promise<ServiceStack> {
    const results = await stackUp(COMPONENTS, { onProgress: (m) => progress(`realistic: ${m}`) });
    const started = results.filter((r) => r.startedByThisCall).map((r) => r.name as ComponentName);
    const endpoints = stackEndpoints(resolveSettings());
    const id = `${process.pid}${Date.now().toString(36)}`;
    const stack = new ServiceStack(endpoints, started, {
      table: `bench_orders_${id}`,
      amqpPrefix: `bench-${id}`,
      bucket: `jewelry-bench-${id}`,
    });
    try {
      await stack.s3().send(new CreateBucketCommand({ Bucket: stack.run.bucket }));
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** The service's environment (examples/common's loadConfig reads these). */
  serviceEnv(): Record<string, string> {
    const e = this.endpoints;
    return {
      DATABASE_URL: e.databaseUrl,
      AMQP_URL: e.amqpUrl,
      AMQP_NAME_PREFIX: this.run.amqpPrefix,
      S3_ENDPOINT: e.s3.endpoint,
      S3_REGION: e.s3.region,
      S3_ACCESS_KEY_ID: e.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: e.s3.secretAccessKey,
      S3_BUCKET: this.run.bucket,
      [ORDERS_TABLE_ENV]: this.run.table,
    };
  }

  private s3(): S3Client {
    const e = this.endpoints.s3;
    return new S3Client({
      endpoint: e.endpoint,
      region: e.region,
      forcePathStyle: true,
      credentials: { accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey },
    });
  }

  /** Rows, messages and objects the measured orders left: they show the work was done. */
  async counts(): Promise<{ rows: number; messages: number; objects: number }> {
    const pg = new Client({ connectionString: this.endpoints.databaseUrl });
    await pg.connect();
    let rows = 0;
    try {
      rows = Number((await pg.query(`SELECT count(*) AS n FROM ${this.run.table}`)).rows[0]?.n ?? 0);
    } catch {
      rows = 0; // no service created the table
    } finally {
      await pg.end();
    }
    const connection = await amqp.connect(this.endpoints.amqpUrl);
    let messages = 0;
    try {
      const channel = await connection.createChannel();
      const names = topologyNames(this.run.amqpPrefix);
      messages = (await channel.checkQueue(names.queues.crmNew).catch(() => ({ messageCount: 0 }))).messageCount;
    } finally {
      await connection.close();
    }
    let objects = 0;
    const s3 = this.s3();
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: this.run.bucket, ContinuationToken: token }));
      objects += page.KeyCount ?? page.Contents?.length ?? 0;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    s3.destroy();
    return { rows, messages, objects };
  }

  /** Removes what the run made, then stops the components this run started. Errors are reported, not thrown. */
  async stop(progress: (line: string) => void = () => undefined): Promise<void> {
    const quietly = async (what: string, step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (err) {
        progress(`realistic: could not remove ${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    await quietly(`table ${this.run.table}`, async () => {
      const pg = new Client({ connectionString: this.endpoints.databaseUrl });
      await pg.connect();
      try {
        await pg.query(`DROP TABLE IF EXISTS ${this.run.table}`);
      } finally {
        await pg.end();
      }
    });
    await quietly(`the ${this.run.amqpPrefix} exchange and queues`, async () => {
      const connection = await amqp.connect(this.endpoints.amqpUrl);
      try {
        await deleteTopology(await connection.createChannel(), topologyNames(this.run.amqpPrefix));
      } finally {
        await connection.close();
      }
    });
    await quietly(`bucket ${this.run.bucket}`, async () => {
      const s3 = this.s3();
      const began = Date.now();
      let reported = began;
      let removed = 0;
      progress(`realistic: removing bucket ${this.run.bucket} and the orders' objects in it`);
      try {
        for (;;) {
          const page = await s3.send(new ListObjectsV2Command({ Bucket: this.run.bucket, MaxKeys: 1000 }));
          const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
          if (keys.length === 0) break;
          await s3.send(new DeleteObjectsCommand({ Bucket: this.run.bucket, Delete: { Objects: keys, Quiet: true } }));
          removed += keys.length;
          // A five-round run with every variant leaves half a million objects: about ten minutes of deleting.
          if (Date.now() - reported >= 10_000) {
            reported = Date.now();
            progress(`realistic: ${removed} objects removed so far`);
          }
        }
        await s3.send(new DeleteBucketCommand({ Bucket: this.run.bucket }));
        progress(`realistic: bucket ${this.run.bucket} removed (${removed} objects, ${((Date.now() - began) / 1000).toFixed(1)} s)`);
      } finally {
        s3.destroy();
      }
    });
    if (this.started.length)
      await stackDown(this.started).catch((err: Error) => progress(`realistic: stopping ${this.started.join(', ')}: ${err.message}`));
  }
}
