import { context } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { DIRECT_LOG_ENTRY_KEY, directLogEntry } from '@jewelry/logger';
import { BoundedLogProcessor } from '../src/pipeline/bounded-log-processor';
import { MaskingLogProcessor } from '../src/pipeline/masking-log-processor';
import { TelemetryAccounting } from '../src/pipeline/telemetry-accounting';
import { startSdk } from '../src/sdk/start-sdk';
import { capturingLogExporter } from './capturing-log-exporter';

// The SDK as the distribution starts it, with the log half only: the direct entry registered
// beside the LoggerProvider, and what either is handed after shutdown dropped and counted.
describe('startSdk: the log pipeline’s two entries', () => {
  const accounting = new TelemetryAccounting();
  const { exporter, exported } = capturingLogExporter();
  const batch = new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 });
  const sdk = startSdk({
    resource: resourceFromAttributes({ 'service.name': 'crm-api' }),
    resourceDetectors: [],
    instrumentations: [],
    spanProcessors: [],
    logRecordProcessors: [new MaskingLogProcessor(), new BoundedLogProcessor(batch, accounting, 100)],
    metricReaders: [],
    instrumentationMetrics: false,
    warn: () => undefined,
    env: { OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4' },
  });
  afterAll(() => {
    delete (globalThis as { [key: symbol]: unknown })[Symbol.for(DIRECT_LOG_ENTRY_KEY)];
    logs.disable();
    context.disable();
  });

  const record = (body: string) => ({
    severityNumber: 9,
    severityText: 'info',
    body,
    attributes: { 'order.id': 'ORD-2026-000123' },
    exception: undefined,
    context: context.active(),
    spanContext: undefined,
  });

  test('the direct entry is registered, with the provider’s resource and limits; both entries reach the same pipeline', async () => {
    const entry = directLogEntry();
    expect(entry).toBeDefined();
    entry!.emit(record('direct'));
    logs.getLogger('winston').emit({ body: 'through the SDK', attributes: { 'customer.email': 'anna.smirnova@example.com' } });
    await batch.forceFlush();
    expect(exported.map((r) => [r.body, r.instrumentationScope.name, r.attributes])).toEqual([
      ['direct', '@jewelry/logger', { 'order.id': 'ORD-' }],
      ['through the SDK', 'winston', { 'customer.email': '***' }],
    ]);
    expect(exported[0]!.resource).toBe(exported[1]!.resource);
    expect(exported[0]!.resource.attributes['service.name']).toBe('crm-api');
  });

  test('after shutdown, records of either entry are dropped and counted as lost after shutdown', async () => {
    await sdk.shutdown();
    const before = exported.length;
    directLogEntry()!.emit(record('late, direct'));
    logs.getLogger('winston').emit({ body: 'late, through the SDK' });
    expect(exported).toHaveLength(before);
    expect(accounting.snapshot().logs).toMatchObject({ accepted: 2, droppedAfterShutdown: 2 });
  });
});
