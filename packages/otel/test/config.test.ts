import { readDistroConfig } from '@jewelry/otel/presets';

describe('configuration from OTEL_* and JEWELRY_* variables', () => {
  test('defaults: OTLP http/protobuf to localhost:4318 for every signal, queues sized for bursts, 5 s shutdown bound', () => {
    const c = readDistroConfig({});
    expect(c.signals.traces).toEqual({ exporter: 'otlp', protocol: 'http/protobuf', endpoint: 'http://localhost:4318/v1/traces' });
    expect(c.signals.logs.endpoint).toBe('http://localhost:4318/v1/logs');
    expect(c.logQueue.maxQueueSize).toBeGreaterThan(2048);
    expect(c.shutdownTimeoutMillis).toBe(5000);
    expect(c.warnings).toEqual([]);
  });

  test('standard variables are honoured, per signal where the spec has them', () => {
    const c = readDistroConfig({
      OTEL_SERVICE_NAME: 'crm-api',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/v1/traces',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_BLRP_MAX_QUEUE_SIZE: '500',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg, aws-sdk',
      JEWELRY_PRESET: 'mes-api',
      OTEL_SDK_DISABLED: 'true',
    });
    expect(c.serviceName).toBe('crm-api');
    expect(c.signals.logs).toEqual({ exporter: 'otlp', protocol: 'http/json', endpoint: 'http://collector:4318/v1/logs' });
    expect(c.signals.traces.endpoint).toBe('http://traces:4318/v1/traces');
    expect(c.signals.metrics.exporter).toBe('none');
    expect(c.logQueue.maxQueueSize).toBe(500);
    expect(c.disabledInstrumentations).toEqual(['pg', 'aws-sdk']);
    expect(c.presetOverride).toBe('mes-api');
    expect(c.disabled).toBe(true);
  });

  test('service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset; grpc defaults to port 4317', () => {
    const c = readDistroConfig({
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=partner-api,deployment.environment.name=prod',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(c.serviceName).toBe('partner-api');
    expect(c.signals.traces).toEqual({ exporter: 'otlp', protocol: 'grpc', endpoint: 'http://localhost:4317' });
  });

  test('bad values fall back to defaults with a warning instead of failing the service', () => {
    const c = readDistroConfig({
      OTEL_BLRP_MAX_QUEUE_SIZE: 'lots',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon',
      JEWELRY_SHUTDOWN_TIMEOUT_MS: '-1',
    });
    expect(c.logQueue.maxQueueSize).toBe(16384);
    expect(c.signals.logs.protocol).toBe('http/protobuf');
    expect(c.shutdownTimeoutMillis).toBe(5000);
    expect(c.warnings).toHaveLength(3);
    expect(c.warnings.join('\n')).toContain('OTEL_BLRP_MAX_QUEUE_SIZE=lots is not a positive integer');
  });

  test('JEWELRY_OTLP_ENCODER: ours by default, the official serializer on request, a warning for anything else', () => {
    expect(readDistroConfig({}).otlpEncoder).toBe('lean');
    expect(readDistroConfig({ JEWELRY_OTLP_ENCODER: 'Official' }).otlpEncoder).toBe('official');
    const bad = readDistroConfig({ JEWELRY_OTLP_ENCODER: 'fast' });
    expect(bad.otlpEncoder).toBe('lean');
    expect(bad.warnings).toEqual(['JEWELRY_OTLP_ENCODER=fast is not one of lean, official; using lean']);
  });

  test('JEWELRY_SPANS: ours by default, the SDK’s on request, a warning for anything else', () => {
    expect(readDistroConfig({}).spans).toBe('lean');
    expect(readDistroConfig({ JEWELRY_SPANS: ' LEAN ' }).spans).toBe('lean');
    expect(readDistroConfig({ JEWELRY_SPANS: 'official' }).spans).toBe('official');
    const bad = readDistroConfig({ JEWELRY_SPANS: 'sdk' });
    expect(bad.spans).toBe('lean');
    expect(bad.warnings).toEqual(['JEWELRY_SPANS=sdk is not one of lean, official; using lean']);
  });
});
