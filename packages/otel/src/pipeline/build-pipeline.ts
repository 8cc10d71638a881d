import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  type LogRecordExporter,
  type LogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader, ConsoleMetricExporter, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { DistroConfig, QueueConfig } from '../config/distro-config';
import { BoundedLogProcessor } from './bounded-log-processor';
import { BoundedSpanProcessor } from './bounded-span-processor';
import { createLazyOtlpExporter } from './create-exporters';
import { MaskingLogProcessor } from './masking-log-processor';
import { MaskingSpanExporter } from './masking-span-exporter';
import { RedeliveringExporter, type RedeliveryListener, type RedeliveryOptions } from './redelivering-exporter';
import type { TelemetryAccounting } from './telemetry-accounting';

export interface Pipeline {
  spanProcessors: SpanProcessor[];
  logRecordProcessors: LogRecordProcessor[];
  metricReaders: IMetricReader[];
}

/**
 * span  → Bounded (sampled? count drops) → Batch → Masking (the whole batch) → Redelivering (hold until delivered, count) → OTLP
 * log   → Masking → Bounded → Batch → Redelivering → OTLP
 * metric→ PeriodicExportingMetricReader → OTLP
 */
export function buildPipeline(config: DistroConfig, accounting: TelemetryAccounting, listener: RedeliveryListener): Pipeline {
  const pipeline: Pipeline = { spanProcessors: [], logRecordProcessors: [], metricReaders: [] };
  const { traces, logs, metrics } = config.signals;
  // Inside the shutdown bound, so what is still held is booked as lost before the process reports and exits.
  const redelivery = { ...config.redelivery, drainTimeoutMillis: Math.max(100, config.shutdownTimeoutMillis - 500) };

  if (traces.exporter !== 'none') {
    const exporter =
      traces.exporter === 'console' ? new ConsoleSpanExporter() : createLazyOtlpExporter('traces', traces.protocol, config.otlpEncoder);
    const held = new RedeliveringExporter(exporter, 'spans', accounting, listener, redelivery);
    // Admitted by the bounded processor, then not exportable: lost, counted and reported like a failed export.
    const masking = new MaskingSpanExporter(held, (error) => {
      accounting.resolve('spans', 1, false);
      listener.onLost('spans', 1, new Error(`masking a span failed, so it is not exported: ${error.message}`));
    });
    const batch = new BatchSpanProcessor({ exporter: masking, ...config.spanQueue });
    pipeline.spanProcessors.push(new BoundedSpanProcessor(batch, accounting, config.spanQueue.maxQueueSize, held));
  }
  if (logs.exporter !== 'none') {
    const exporter =
      logs.exporter === 'console' ? new ConsoleLogRecordExporter() : createLazyOtlpExporter('logs', logs.protocol, config.otlpEncoder);
    pipeline.logRecordProcessors.push(...logRecordProcessors(exporter, accounting, listener, config.logQueue, redelivery));
  }
  if (metrics.exporter !== 'none') {
    const exporter = metrics.exporter === 'console' ? new ConsoleMetricExporter() : createLazyOtlpExporter('metrics', metrics.protocol);
    pipeline.metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: config.metricIntervalMillis,
        exportTimeoutMillis: Math.min(30000, config.metricIntervalMillis),
      }),
    );
  }
  return pipeline;
}

/** The log half: Masking → Bounded → Batch → Redelivering → `exporter`, the processors the LoggerProvider and the direct log entry share. */
export function logRecordProcessors(
  exporter: LogRecordExporter,
  accounting: TelemetryAccounting,
  listener: RedeliveryListener,
  queue: QueueConfig,
  redelivery: RedeliveryOptions,
): LogRecordProcessor[] {
  const held = new RedeliveringExporter(exporter, 'logs', accounting, listener, redelivery);
  const batch = new BatchLogRecordProcessor({ exporter: held, ...queue });
  return [new MaskingLogProcessor(), new BoundedLogProcessor(batch, accounting, queue.maxQueueSize, held)];
}
