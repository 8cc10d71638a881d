// The realistic section end to end with tiny settings, against the real
// RabbitMQ, PostgreSQL and S3 server (npm test brings them up): both variants
// answer, the stack really holds the orders, the telemetry has the spans of
// the order path, and the run's table, queues and bucket are gone afterwards.
import amqp from 'amqplib';
import { Client } from 'pg';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { resolveSettings, stackEndpoints } from '@jewelry/cli';
import { liveChildCount } from '../dist/child-processes';
import { realisticNodeLines, realisticRunVariants, realisticSummary, realisticVariants, run } from '../dist/realistic/run';
import type { VariantFigures } from '../dist/overhead/summarize';
import { withServiceStack } from './with-service-stack';

const TINY = { BENCH_DURATION: '2', BENCH_WARMUP: '0', BENCH_ROUNDS: '1', BENCH_STARTS: '1', BENCH_REALISTIC_NODE_LINES: 'none' };

describe('realistic section settings and summary', () => {
  test('the other Node lines: BENCH_REALISTIC_NODE_LINES, else BENCH_NODE_LINES, else 22 and 24', () => {
    expect(realisticNodeLines({})).toEqual(['22', '24']);
    expect(realisticNodeLines({ BENCH_NODE_LINES: '24' })).toEqual(['24']);
    expect(realisticNodeLines({ BENCH_NODE_LINES: '24', BENCH_REALISTIC_NODE_LINES: 'none' })).toEqual([]);
    expect(() => realisticNodeLines({ BENCH_REALISTIC_NODE_LINES: 'lts' })).toThrow(/not a Node major line/);
  });

  test('the variants: bare, jewelry and (where its flag exists, Node 22) jewelry-context-frame by default; BENCH_REALISTIC_VARIANTS names others', () => {
    expect(realisticVariants({})).toEqual(['bare', 'jewelry', 'jewelry-context-frame']);
    expect(realisticVariants({ BENCH_REALISTIC_VARIANTS: 'bare,jewelry' })).toEqual(['bare', 'jewelry']);
    expect(() => realisticVariants({ BENCH_REALISTIC_VARIANTS: 'jewelry' })).toThrow(/bare is required/);
  });

  test('every variant named runs on every other line too, a peer included, where its Node can run it', () => {
    const own = { line: '20', version: '20.20.2', execPath: '/n20' };
    const n22 = { line: '22', version: '22.9.0', execPath: '/n22' };
    const n24 = { line: '24', version: '24.21.0', execPath: '/n24' };
    const names = realisticRunVariants(['bare', 'context-floor', 'jewelry', 'jewelry-context-frame', 'datadog'], [n22, n24], own).map(
      (v) => v.name,
    );
    expect(names).toEqual([
      'bare',
      'context-floor',
      'jewelry',
      'datadog',
      'bare@22',
      'context-floor@22',
      'jewelry@22',
      'jewelry-context-frame@22',
      'datadog@22',
      'bare@24',
      'context-floor@24',
      'jewelry@24',
      'datadog@24',
    ]);
  });

  test("the target reads jewelry on the bench's own Node; another line gets its own ratio and target, against bare on that line", () => {
    const f = (variant: string, kind: string, ratio: number, added: number) =>
      ({
        variant,
        kind,
        ratio,
        pairedRatio: ratio,
        requestsPerSec: 100 * ratio,
        cpuMicrosPerRequest: 1000 + added,
        addedCpuMicrosPerRequest: added,
        problems: [],
      }) as unknown as VariantFigures;
    const summary = realisticSummary(
      [
        f('bare', 'bare', 1, 0),
        f('context-floor', 'context-floor', 0.8, 250),
        f('jewelry', 'jewelry', 0.72, 400),
        f('bare@24', 'bare', 1, 0),
        f('jewelry@24', 'jewelry', 0.93, 150),
      ],
      { rows: 10, messages: 10, objects: 10 },
      10,
    );
    expect(summary).toMatchObject({
      jewelryRatio: 0.72,
      jewelryAddedCpuUs: 400,
      'context-floorRatio': 0.8,
      // Ours against the floor only where the floor ran: 0.72 / 0.8.
      jewelryRatioOverFloor: 0.9,
      'jewelryRatio@24': 0.93,
      'jewelryRatioPaired@24': 0.93,
      'jewelryAddedCpuUs@24': 150,
      targetRealistic90: false,
      'targetRealistic90@24': true,
      allWorkDone: true,
    });
    expect(summary).not.toHaveProperty('jewelryRatioOverFloor@24');
  });
});

describe('bench realistic section', () => {
  // What the section says on stderr while it runs (registered before the section's beforeAll, so it hears all of it).
  const said: string[] = [];
  let stderrSpy: jest.SpyInstance | undefined;
  beforeAll(() => {
    const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
    const hear = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      said.push(String(chunk));
      return write(chunk, ...rest);
    };
    stderrSpy = jest.spyOn(process.stderr, 'write').mockImplementation(hear as typeof process.stderr.write);
  });
  afterAll(() => stderrSpy?.mockRestore());
  // The stack stays up after the section (it leaves running what it found), so the checks below can still look.
  const section = withServiceStack({ ...TINY, BENCH_REALISTIC_VARIANTS: 'bare,context-floor,jewelry' }, run);

  const row = (variant: string) => section().rows.find((r) => r.variant === variant)!;

  it('measures bare, the context floor and jewelry on the order path, every request answered 201 and its work in the stack', () => {
    expect(section().rows.map((r) => r.variant)).toEqual(['bare', 'context-floor', 'jewelry']);
    for (const r of section().rows) {
      expect(r.failed).toBe(0);
      expect(r['req/s']).toBeGreaterThan(0);
      expect(r.check).toBe('ok');
    }
    expect(section().summary.allWorkDone).toBe(true);
    expect(Number(section().summary.ordersStored)).toBeGreaterThan(0);
    expect(section().summary.comparisonValid).toBe(true);
    expect(section().summary.targetRealistic90).toBe(Number(section().summary.jewelryRatio) >= 0.9);
  });

  it('jewelry exported the spans of the path (server, S3, pg, publish) and the three events of each order', () => {
    expect(Number(row('jewelry')['spans/req'])).toBeGreaterThanOrEqual(3.5);
    expect(Number(row('jewelry')['logs/req'])).toBeGreaterThanOrEqual(2.9);
    expect(row('bare')['span exp']).toBe(0);
    // The floor enters a context per request and records nothing: no tracer, no telemetry.
    expect(row('context-floor')['span exp']).toBe(0);
    expect(row('context-floor')['log exp']).toBe(0);
    expect(Number(section().summary.jewelryRatioOverFloor)).toBeGreaterThan(0);
  });

  it("removes the run's table, exchange and queues, and bucket; leaves no process behind", async () => {
    const endpoints = stackEndpoints(resolveSettings());
    const note = section().notes.find((n) => n.startsWith('stack:'))!;
    const [, table, prefix, bucket] = /table (\S+), exchange and queues (\S+)\.\*, bucket (\S+)\)/.exec(note)!;
    // Removing the objects can take minutes after a long run: it is said when it starts and how it ended.
    const removal = said.join('').split('\n');
    expect(removal).toContain(`realistic: removing bucket ${bucket} and the orders' objects in it`);
    const removed = removal.find((l) => l.startsWith(`realistic: bucket ${bucket} removed (`));
    expect(Number(/\((\d+) objects/.exec(removed ?? '')?.[1])).toBeGreaterThanOrEqual(Number(section().summary.objectsStored));
    const pg = new Client({ connectionString: endpoints.databaseUrl });
    await pg.connect();
    try {
      expect((await pg.query('SELECT to_regclass($1) AS t', [table])).rows[0].t).toBeNull();
    } finally {
      await pg.end();
    }
    const connection = await amqp.connect(endpoints.amqpUrl);
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      await expect(channel.checkExchange(`${prefix}.orders`)).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await connection.close().catch(() => undefined);
    }
    const s3 = new S3Client({
      endpoint: endpoints.s3.endpoint,
      region: endpoints.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: endpoints.s3.accessKeyId, secretAccessKey: endpoints.s3.secretAccessKey },
    });
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toThrow();
    s3.destroy();
    expect(liveChildCount()).toBe(0);
  });
});
