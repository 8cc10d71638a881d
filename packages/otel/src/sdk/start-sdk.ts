import {
  context,
  createNoopMeter,
  metrics,
  propagation,
  trace,
  type MeterProvider as ApiMeterProvider,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { detectResources, type Resource, type ResourceDetector } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanImplementation } from '../config/distro-config';
import { AMQPLIB_SCOPE, currentMessagingAttributes } from '../instrumentations/amqplib-attributes';
import { DirectLogEntry } from '../pipeline/direct-log-entry';
import { resolveLogRecordLimits } from '../pipeline/sdk-log-attributes';
import { maskedResource } from '../resource';
import { JewelryContextManager } from './context-manager';
import { useLinkedContexts } from './linked-context';
import { PooledIdGenerator } from './pooled-id-generator';
import { JewelryTracerProvider } from './tracer-provider';
import {
  logRecordLimitsFromEnv,
  propagatorsFromEnv,
  samplerFromEnv,
  sdkMetricsEnabled,
  spanLimitsFromEnv,
  type PropagatorName,
  type Warn,
} from './sdk-env';

/** Instruments that record nothing: an instrumentation's per-request metrics when they are off. */
const NOOP_METER_PROVIDER: ApiMeterProvider = { getMeter: () => createNoopMeter() };

export interface SdkParts {
  /** Our defaults; the detected attributes are merged over them. */
  resource: Resource;
  resourceDetectors: ResourceDetector[];
  instrumentations: Instrumentation[];
  spanProcessors: SpanProcessor[];
  logRecordProcessors: LogRecordProcessor[];
  metricReaders: IMetricReader[];
  /** Give the instrumentations the meter provider (their per-request metrics), or a no-op one. */
  instrumentationMetrics: boolean;
  /** Whose spans the tracers make (JEWELRY_SPANS); lean when not given. */
  spans?: SpanImplementation;
  warn: Warn;
  env?: NodeJS.ProcessEnv;
}

export interface StartedSdk {
  resource: Resource;
  /** Flushes and shuts down every provider that was started. */
  shutdown(): Promise<void>;
}

function propagatorOf(names: PropagatorName[]): TextMapPropagator | undefined {
  const all = names.map((name) => (name === 'tracecontext' ? new W3CTraceContextPropagator() : new W3CBaggagePropagator()));
  if (all.length <= 1) return all[0];
  return new CompositePropagator({ propagators: all });
}

/**
 * What the NodeSDK's start() did with our options, and only that: it also
 * loaded every exporter, propagator and sampler package it could be asked
 * for by an environment variable (gRPC, zipkin, prometheus, jaeger, b3, the
 * YAML configuration), about a third of our start-up time.
 *
 * As there: a tracer provider only when a span processor exists, a meter
 * provider only when a metric reader exists (a provider without either would
 * create spans or instruments for nothing); the instrumentations are
 * enabled at once, and get the providers as they are registered.
 */
export function startSdk(parts: SdkParts): StartedSdk {
  const env = parts.env ?? process.env;
  const { warn } = parts;

  const contextManager = new JewelryContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  // Contexts as chains of links rather than Map copies (linked-context.ts).
  useLinkedContexts();

  const propagator = propagatorOf(propagatorsFromEnv(env, warn));
  if (propagator) propagation.setGlobalPropagator(propagator);

  // detectResources runs the detectors now; attributes they find later (host.id) are awaited by the exporters.
  // Masked once here (SEC-1): the command line in process.command_args can hold passwords.
  const resource = maskedResource(parts.resource.merge(detectResources({ detectors: parts.resourceDetectors })));
  const selfMetrics = sdkMetricsEnabled(env);

  let meterProvider: MeterProvider | undefined;
  if (parts.metricReaders.length > 0) {
    meterProvider = new MeterProvider({ resource, readers: parts.metricReaders, sdkMetricsEnabled: selfMetrics });
    metrics.setGlobalMeterProvider(meterProvider);
  }

  let tracerProvider: TracerProvider | undefined;
  if (parts.spanProcessors.length > 0) {
    const sampler = samplerFromEnv(env, warn);
    tracerProvider = new JewelryTracerProvider(
      {
        resource,
        spanProcessors: parts.spanProcessors,
        // Ids from pooled crypto random bytes: cheaper than the SDK's Math.random ones, and unpredictable.
        idGenerator: new PooledIdGenerator(),
        spanLimits: spanLimitsFromEnv(env, warn),
        ...(sampler ? { sampler } : {}),
        ...(selfMetrics && meterProvider ? { meterProvider } : {}),
      },
      { selfMetrics, startAttributes: { [AMQPLIB_SCOPE]: currentMessagingAttributes }, spans: parts.spans ?? 'lean' },
    );
    trace.setGlobalTracerProvider(tracerProvider);
  }

  let loggerProvider: LoggerProvider | undefined;
  if (parts.logRecordProcessors.length > 0) {
    const logRecordLimits = logRecordLimitsFromEnv(env, warn);
    loggerProvider = new LoggerProvider({
      resource,
      processors: parts.logRecordProcessors,
      logRecordLimits,
      ...(selfMetrics && meterProvider ? { meterProvider } : {}),
    });
    // The winston instrumentation's transport writes through the global logs API.
    logs.setGlobalLoggerProvider(loggerProvider);
    // @jewelry/logger's records take the direct entry to the same processors (direct-log-entry.ts).
    new DirectLogEntry(parts.logRecordProcessors, resource, resolveLogRecordLimits(logRecordLimits)).register();
  }

  registerInstrumentations({
    instrumentations: parts.instrumentations,
    ...(tracerProvider ? { tracerProvider } : {}),
    // Without a provider given they would take the global one, ours.
    meterProvider: meterProvider && parts.instrumentationMetrics ? meterProvider : NOOP_METER_PROVIDER,
    ...(loggerProvider ? { loggerProvider } : {}),
  });

  return {
    resource,
    shutdown: async () => {
      // The log processors are shut down, not the LoggerProvider: a shut-down provider's loggers
      // drop what is emitted later without a word, while the bounded processor counts it as lost
      // after shutdown — as it does for what comes through the direct entry, and for late spans.
      const logProcessors = loggerProvider ? parts.logRecordProcessors : [];
      await Promise.all([tracerProvider?.shutdown(), ...logProcessors.map((p) => p.shutdown()), meterProvider?.shutdown()]);
    },
  };
}
