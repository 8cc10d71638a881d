import { BatchLogRecordProcessor, ConsoleLogRecordExporter, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader, ConsoleMetricExporter, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { DistroConfig } from '../config/distro-config';
import { BoundedLogProcessor } from './bounded-log-processor';
import { BoundedSpanProcessor } from './bounded-span-processor';
import { CountingExporter } from './counting-exporter';
import { createOtlpExporter } from './create-exporters';
import { MaskingLogProcessor } from './masking-log-processor';
import { MaskingSpanExporter } from './masking-span-exporter';
import type { AccountedSignal, TelemetryAccounting } from './telemetry-accounting';

export interface Pipeline {
  spanProcessors: SpanProcessor[];
  logRecordProcessors: LogRecordProcessor[];
  metricReaders: IMetricReader[];
}

export type ExportFailureListener = (signal: AccountedSignal, count: number, error: Error | undefined) => void;

/**
 * span  → Bounded (count drops) → Batch → Counting → Masking → OTLP
 * log   → Masking → Bounded → Batch → Counting → OTLP
 * metric→ PeriodicExportingMetricReader → OTLP
 */
export function buildPipeline(config: DistroConfig, accounting: TelemetryAccounting, onFailure: ExportFailureListener): Pipeline {
  const pipeline: Pipeline = { spanProcessors: [], logRecordProcessors: [], metricReaders: [] };
  const { traces, logs, metrics } = config.signals;

  if (traces.exporter !== 'none') {
    const exporter = traces.exporter === 'console' ? new ConsoleSpanExporter() : createOtlpExporter('traces', traces.protocol);
    const counted = new CountingExporter(new MaskingSpanExporter(exporter), 'spans', accounting, onFailure);
    const batch = new BatchSpanProcessor({ exporter: counted, ...config.spanQueue });
    pipeline.spanProcessors.push(new BoundedSpanProcessor(batch, accounting, config.spanQueue.maxQueueSize));
  }
  if (logs.exporter !== 'none') {
    const exporter = logs.exporter === 'console' ? new ConsoleLogRecordExporter() : createOtlpExporter('logs', logs.protocol);
    const counted = new CountingExporter(exporter, 'logs', accounting, onFailure);
    const batch = new BatchLogRecordProcessor({ exporter: counted, ...config.logQueue });
    pipeline.logRecordProcessors.push(new MaskingLogProcessor(), new BoundedLogProcessor(batch, accounting, config.logQueue.maxQueueSize));
  }
  if (metrics.exporter !== 'none') {
    const exporter = metrics.exporter === 'console' ? new ConsoleMetricExporter() : createOtlpExporter('metrics', metrics.protocol);
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
