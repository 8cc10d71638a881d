import { UsageError } from '@jewelry/ops-kit';
import { isolatedStackEnv, resolveSettings, stackEndpoints, DEFAULT_ES_VERSION, DEFAULT_VERSITYGW_VERSION } from '@jewelry/stack';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

describe('resolveSettings', () => {
  it('has working local defaults: stack dir in the repo, cache in ~/.cache, the usual ports', () => {
    const s = resolveSettings({}, {});
    expect(s.repoRoot).toBe(repoRoot);
    expect(s.stackDir).toBe(join(repoRoot, '.stack'));
    expect(s.cacheDir).toBe(join(homedir(), '.cache', 'jewelry-otel'));
    expect([s.rabbitmqPort, s.rabbitmqDistPort, s.esPort, s.otlpHttpPort, s.otlpGrpcPort]).toEqual([5672, 25672, 9200, 4318, 4317]);
    expect([s.collectorHealthPort, s.collectorMetricsPort, s.prometheusPort]).toEqual([13133, 8889, 9090]);
    expect(s.esVersion).toBe(DEFAULT_ES_VERSION);
    expect(s.esJavaOpts).toBe('-Xms512m -Xmx512m');
    expect(s.otelcolVersion).toBeUndefined();
    expect(s.host).toBe('127.0.0.1');
    expect(s).toMatchObject({ pgPort: 5432, pgUser: 'jewelry', pgPassword: 'jewelry', pgDatabase: 'jewelry' });
    expect(s).toMatchObject({
      s3Port: 9000,
      s3AccessKeyId: 'jewelry',
      s3SecretAccessKey: 'jewelry-secret-key',
      s3Bucket: 'jewelry-models',
      s3Region: 'us-east-1',
    });
    expect(s.versitygwVersion).toBe(DEFAULT_VERSITYGW_VERSION);
  });

  it('reads the PostgreSQL and S3 settings from the environment', () => {
    const s = resolveSettings(
      {},
      {
        PG_PORT: '15432',
        PG_USER: 'shop',
        PG_PASSWORD: ' spaces are kept ',
        PG_DATABASE: 'shop_db',
        S3_PORT: '19000',
        S3_ACCESS_KEY_ID: 'AKIAJEWELRY',
        S3_SECRET_ACCESS_KEY: 'another-secret',
        S3_BUCKET: 'shop-assets',
        S3_REGION: 'eu-central-1',
        VERSITYGW_VERSION: '1.7.0',
      },
    );
    expect(s).toMatchObject({
      pgPort: 15432,
      pgUser: 'shop',
      pgPassword: ' spaces are kept ',
      pgDatabase: 'shop_db',
      s3Port: 19000,
      s3AccessKeyId: 'AKIAJEWELRY',
      s3SecretAccessKey: 'another-secret',
      s3Bucket: 'shop-assets',
      s3Region: 'eu-central-1',
      versitygwVersion: 'v1.7.0',
    });
  });

  it('rejects a bucket name S3 would refuse, a bad access key id or versitygw version, naming the setting', () => {
    for (const bad of ['Jewelry-Models', 'ab', 'my_bucket', '-models', 'a..b', '192.168.1.1']) {
      expect(() => resolveSettings({}, { S3_BUCKET: bad })).toThrow(
        `S3_BUCKET must be a bucket name (3-63 of a-z, 0-9, '.', '-'), got '${bad}'`,
      );
    }
    expect(() => resolveSettings({}, { S3_ACCESS_KEY_ID: 'has space' })).toThrow('S3_ACCESS_KEY_ID must be 3-128 printable characters');
    expect(() => resolveSettings({}, { S3_ACCESS_KEY_ID: 'a/b/c' })).toThrow('S3_ACCESS_KEY_ID must be');
    expect(() => resolveSettings({}, { S3_REGION: 'EU Central' })).toThrow("S3_REGION must look like us-east-1, got 'EU Central'");
    expect(() => resolveSettings({}, { VERSITYGW_VERSION: 'latest' })).toThrow("VERSITYGW_VERSION must look like v1.8.0, got 'latest'");
    expect(() => resolveSettings({}, { PG_PORT: 'pg' })).toThrow("PG_PORT must be a port number (1-65535), got 'pg'");
    expect(() => resolveSettings({}, { PG_USER: 'x'.repeat(64) })).toThrow('PG_USER must be at most 63 bytes');
  });

  it('reads every setting from the environment', () => {
    const s = resolveSettings(
      {},
      {
        JEWELRY_STACK_DIR: '/tmp/st',
        JEWELRY_CACHE_DIR: '/tmp/ca',
        RABBITMQ_PORT: '5673',
        ES_PORT: '9201',
        ES_VERSION: '8.19.20',
        ES_JAVA_OPTS: '-Xmx1g',
        OTLP_HTTP_PORT: '14318',
        PROMETHEUS_PORT: '19090',
        OTELCOL_VERSION: '0.152.0',
      },
    );
    expect(s).toMatchObject({
      stackDir: '/tmp/st',
      cacheDir: '/tmp/ca',
      rabbitmqPort: 5673,
      rabbitmqDistPort: 25673,
      esPort: 9201,
      esVersion: '8.19.20',
      esJavaOpts: '-Xmx1g',
      otlpHttpPort: 14318,
      prometheusPort: 19090,
      otelcolVersion: 'v0.152.0',
    });
  });

  it('index shards and replicas for es setup: 1 and 0 by default, from ES_INDEX_SHARDS / ES_INDEX_REPLICAS', () => {
    expect(resolveSettings({}, {})).toMatchObject({ esIndexShards: 1, esIndexReplicas: 0 });
    expect(resolveSettings({}, { ES_INDEX_SHARDS: '3', ES_INDEX_REPLICAS: '1' })).toMatchObject({ esIndexShards: 3, esIndexReplicas: 1 });
    expect(() => resolveSettings({}, { ES_INDEX_SHARDS: '0' })).toThrow("ES_INDEX_SHARDS must be a whole number from 1 to 1024, got '0'");
    expect(() => resolveSettings({}, { ES_INDEX_REPLICAS: 'one' })).toThrow('ES_INDEX_REPLICAS must be a whole number');
  });

  it('lets explicit overrides win over the environment', () => {
    expect(resolveSettings({ esPort: 19200 }, { ES_PORT: '9201' }).esPort).toBe(19200);
  });

  it('rejects a bad port or version with the name of the setting', () => {
    expect(() => resolveSettings({}, { RABBITMQ_PORT: 'amqp' })).toThrow(UsageError);
    expect(() => resolveSettings({}, { RABBITMQ_PORT: 'amqp' })).toThrow("RABBITMQ_PORT must be a port number (1-65535), got 'amqp'");
    expect(() => resolveSettings({}, { ES_PORT: '70000' })).toThrow('ES_PORT must be a port number');
    expect(() => resolveSettings({}, { ES_VERSION: 'latest' })).toThrow("ES_VERSION must look like 8.19.21, got 'latest'");
  });
});

describe('stackEndpoints', () => {
  it('derives every client URL from the settings', () => {
    const s = resolveSettings({ rabbitmqPort: 5673, esPort: 9201, otlpHttpPort: 14318, otlpGrpcPort: 14317 }, {});
    expect(stackEndpoints(s)).toEqual({
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5673',
      elasticsearchUrl: 'http://127.0.0.1:9201',
      otlpHttpEndpoint: 'http://127.0.0.1:14318',
      otlpGrpcEndpoint: 'http://127.0.0.1:14317',
      collectorHealthUrl: 'http://127.0.0.1:13133/',
      collectorMetricsUrl: 'http://127.0.0.1:8889/metrics',
      prometheusUrl: 'http://127.0.0.1:9090',
      alertmanagerUrl: 'http://127.0.0.1:9093',
      databaseUrl: 'postgres://jewelry:jewelry@127.0.0.1:5432/jewelry',
      postgres: { host: '127.0.0.1', port: 5432, user: 'jewelry', password: 'jewelry', database: 'jewelry' },
      s3Endpoint: 'http://127.0.0.1:9000',
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        accessKeyId: 'jewelry',
        secretAccessKey: 'jewelry-secret-key',
        bucket: 'jewelry-models',
        forcePathStyle: true,
      },
    });
  });

  it('percent-encodes the parts of databaseUrl, so any password works with pg', () => {
    const s = resolveSettings({}, { PG_USER: 'shop api', PG_PASSWORD: 'p@ss:/w?rd#%', PG_DATABASE: 'shop/db', PG_PORT: '15432' });
    const url = stackEndpoints(s).databaseUrl;
    expect(url).toBe('postgres://shop%20api:p%40ss%3A%2Fw%3Frd%23%25@127.0.0.1:15432/shop%2Fdb');
    const parsed = new URL(url);
    expect([
      decodeURIComponent(parsed.username),
      decodeURIComponent(parsed.password),
      decodeURIComponent(parsed.pathname.slice(1)),
    ]).toEqual(['shop api', 'p@ss:/w?rd#%', 'shop/db']);
  });

  it('lays extra collector configs over the distribution config, in the order given (JEWELRY_COLLECTOR_EXTRA_CONFIG)', () => {
    expect(resolveSettings({}, {}).collectorExtraConfigs).toEqual([]);
    expect(resolveSettings({}, { JEWELRY_COLLECTOR_EXTRA_CONFIG: ' /etc/a.yaml , b.yaml,' }).collectorExtraConfigs).toEqual([
      '/etc/a.yaml',
      resolve('b.yaml'),
    ]);
  });

  it('an isolated stack gets its own dir and distinct free ports, Elasticsearch ones only when asked', async () => {
    const plain = await isolatedStackEnv('/tmp/iso', {}, { KEEP: 'x' });
    const withEs = await isolatedStackEnv('/tmp/iso', { elasticsearch: true }, {});
    expect(plain).toMatchObject({ KEEP: 'x', JEWELRY_STACK_DIR: '/tmp/iso' });
    expect(plain.ES_PORT).toBeUndefined();
    const settings = resolveSettings({}, withEs);
    const ports = [
      settings.otlpHttpPort,
      settings.otlpGrpcPort,
      settings.collectorHealthPort,
      settings.collectorMetricsPort,
      settings.collectorTelemetryPort,
      settings.esPort,
      settings.esTransportPort,
    ];
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(9200);
    expect(settings.stackDir).toBe('/tmp/iso');
  });
});
