import type { Instrumentation } from '@opentelemetry/instrumentation';
import { readDistroConfig, type DistroConfig } from './config/distro-config';
import { contextFrameHint } from './diagnostics/context-frame-hint';
import { DistroLog, routeSdkDiagnostics } from './diagnostics/distro-log';
import { DropReporter } from './diagnostics/drop-reporter';
import { BUILT_IN_FEATURES, createInstrumentation, type InstrumentationName } from './instrumentations/registry';
import { selectInstrumentations } from './instrumentations/select-instrumentations';
import { buildPipeline } from './pipeline/build-pipeline';
import { TelemetryAccounting, type AccountedSignal, type SignalCounts } from './pipeline/telemetry-accounting';
import type { Preset } from './presets/preset';
import { selectPreset } from './presets/select-preset';
import { baseResource, resourceDetectors } from './resource';
import { startSdk } from './sdk/start-sdk';
import { installShutdown, type ShutdownControl } from './shutdown';
import { VERSION } from './version';

export interface StartedDistro {
  preset: Preset;
  instrumentations: InstrumentationName[];
  /** The instrumentation packages that were loaded and started, by the name each reports (`@opentelemetry/instrumentation-http`), and the built-in features (`@jewelry/otel/express-route`). */
  instrumentationPackages: string[];
  config: DistroConfig;
  accounting: TelemetryAccounting;
  shutdown: ShutdownControl['shutdown'];
}

// One SDK per process, even if the package is loaded twice (--require plus an import, or two copies).
const STARTED = Symbol.for('@jewelry/otel.started');
type Global = typeof globalThis & { [STARTED]?: StartedDistro | null };

function startupLine(preset: Preset, reason: string, names: InstrumentationName[], config: DistroConfig, serviceName: string): string {
  const signals = (['traces', 'metrics', 'logs'] as const)
    .map((s) => {
      const c = config.signals[s];
      return c.exporter === 'otlp' ? `${s}→${c.endpoint}` : `${s}→${c.exporter}`;
    })
    .join(' ');
  const protocols = [
    ...new Set(
      Object.values(config.signals)
        .filter((c) => c.exporter === 'otlp')
        .map((c) => c.protocol),
    ),
  ].join(',');
  return `${VERSION} started: service=${serviceName} preset=${preset.name} (${reason}) instrumentations=${names.join(',') || 'none'} otlp=${protocols || 'off'} ${signals}`;
}

interface LoadedInstrumentations {
  loaded: Instrumentation[];
  names: InstrumentationName[];
  /** Package (or built-in feature) names of what was started. */
  packages: string[];
}

function loadInstrumentations(names: InstrumentationName[], metrics: boolean, log: DistroLog): LoadedInstrumentations {
  const result: LoadedInstrumentations = { loaded: [], names: [], packages: [] };
  const chosen = new Set(names);
  const selection = { has: (name: InstrumentationName) => chosen.has(name), metrics };
  if (selection.has('express') && !selection.has('http')) {
    log.warn('instrumentation express records the route on the HTTP server span: without http it records nothing');
  }
  for (const name of names) {
    try {
      const instrumentation = createInstrumentation(name, selection);
      if (instrumentation) {
        result.loaded.push(instrumentation);
        result.packages.push(instrumentation.instrumentationName);
      } else {
        result.packages.push(BUILT_IN_FEATURES[name] ?? name);
      }
      result.names.push(name);
    } catch (err) {
      log.warn(`instrumentation ${name} could not be loaded and is skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return result;
}

function doStart(log: DistroLog): StartedDistro | null {
  const config = readDistroConfig();
  for (const warning of config.warnings) log.warn(warning);
  if (config.disabled) {
    log.info(`${VERSION}: OTEL_SDK_DISABLED=true, no telemetry`);
    return null;
  }
  // Before anything of the SDK runs, so what it reports while starting goes to stderr too.
  routeSdkDiagnostics();
  // Stable HTTP semantic conventions (http.request.method, url.path, http.response.status_code): the ECS names too.
  process.env.OTEL_SEMCONV_STABILITY_OPT_IN ??= 'http';

  const choice = selectPreset(config.serviceName, config.presetOverride);
  if (choice.warning) log.warn(choice.warning);
  const selection = selectInstrumentations(choice.preset.instrumentations, config.enabledInstrumentations, config.disabledInstrumentations);
  for (const warning of selection.warnings) log.warn(warning);
  const instrumentations = loadInstrumentations(selection.names, config.instrumentationMetrics, log);

  const accounting = new TelemetryAccounting();
  const reporter = new DropReporter(accounting, log, config.dropReportIntervalMillis);
  const pipeline = buildPipeline(config, accounting, reporter);
  const resource = baseResource(choice.preset, config.serviceName);
  const sdk = startSdk({
    resource,
    resourceDetectors,
    instrumentations: instrumentations.loaded,
    spanProcessors: pipeline.spanProcessors,
    logRecordProcessors: pipeline.logRecordProcessors,
    metricReaders: pipeline.metricReaders,
    instrumentationMetrics: config.instrumentationMetrics,
    spans: config.spans,
    warn: log.warn,
  });
  reporter.start();

  const control = installShutdown({
    shutdownSdk: async () => {
      reporter.stop();
      await sdk.shutdown();
    },
    flush: async () => {
      await Promise.all([...pipeline.spanProcessors, ...pipeline.logRecordProcessors].map((p) => p.forceFlush()));
    },
    timeoutMillis: config.shutdownTimeoutMillis,
    log,
    undelivered: () => {
      const pending = (['logs', 'spans'] as const).filter((s) => accounting.inFlight(s) > 0).map((s) => `${accounting.inFlight(s)} ${s}`);
      return pending.length ? `${pending.join(', ')} not delivered` : undefined;
    },
    lostSummary: () => reporter.summary(),
  });

  const serviceName = String(resource.attributes['service.name'] ?? 'unknown_service:node');
  log.info(startupLine(choice.preset, choice.reason, instrumentations.names, config, config.serviceName ?? serviceName));
  const hint = contextFrameHint();
  if (hint) log.info(hint);
  return {
    preset: choice.preset,
    instrumentations: instrumentations.names,
    instrumentationPackages: instrumentations.packages,
    config,
    accounting,
    shutdown: control.shutdown,
  };
}

/**
 * Starts the distribution once per process. Telemetry must never break the
 * service it observes: any failure here is reported on stderr and the
 * service starts without telemetry.
 */
export function start(): StartedDistro | null {
  const g = globalThis as Global;
  if (g[STARTED] !== undefined) return g[STARTED];
  const log = new DistroLog();
  try {
    g[STARTED] = doStart(log);
  } catch (err) {
    log.error(`could not start, the service runs without telemetry: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    g[STARTED] = null;
  }
  return g[STARTED];
}

/** Counts of spans and log records: accepted, exported, failed, dropped, in flight. */
export function getTelemetryStats(): Record<AccountedSignal, SignalCounts> | undefined {
  return (globalThis as Global)[STARTED]?.accounting.snapshot();
}

/** Flushes and stops telemetry within JEWELRY_SHUTDOWN_TIMEOUT_MS; for services with their own signal handling. */
export function shutdown(): Promise<void> {
  return (globalThis as Global)[STARTED]?.shutdown() ?? Promise.resolve();
}
