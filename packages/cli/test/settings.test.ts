import { resolveSettings, stackEndpoints, DEFAULT_ES_VERSION, UsageError } from '@jewelry/cli';
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
    });
  });
});
