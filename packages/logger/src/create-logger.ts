import { createLogger as createWinstonLogger, transports, type Logger, type LeveledLogMethod } from 'winston';
import type { Writable } from 'node:stream';
import { ecsFormat } from './ecs-format';
import { createEventFunctions, type EventFunctions } from './events';
import { levelFromEnv, levels, type LogLevel } from './levels';
import { RecordExport } from './otel-export';
import { serviceIdentityFromEnv, type ServiceIdentity } from './service-identity';
import { sizeLimitsFromEnv, type SizeLimits } from './size-limits';
import { captureContextWithoutCorrelation } from './write-time-context';

export interface LoggerOptions {
  /** Defaults from OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES, as the SDK reads them. */
  service?: Partial<ServiceIdentity>;
  /** Minimum level written; default JEWELRY_LOG_LEVEL or LOG_LEVEL, else info. */
  level?: LogLevel;
  /** Name of the module writing (`log.logger`). */
  name?: string;
  /** Where the JSON lines go; default stdout. */
  stream?: Writable;
  /** Longest message and value; default JEWELRY_MAX_BODY_CHARS / JEWELRY_MAX_ATTRIBUTE_CHARS, else 32768 / 8192. */
  limits?: Partial<SizeLimits>;
}

export type JewelryLogger = Logger & {
  fatal: LeveledLogMethod;
  /** Typed business events EV-1…EV-10, written at INFO through this logger. */
  events: EventFunctions;
};

/**
 * A winston logger writing one ECS JSON object per line on stdout. When the
 * process runs under `--require @jewelry/otel`, each record is also exported
 * as an OTel log record — exactly once: the OTel winston instrumentation
 * adds its transport to this logger, and the logger exports in its place,
 * from the record it has masked (otel-export.ts). The instrumentation's
 * trace_id/span_id injection is skipped on it: the format writes the ECS
 * trace.id/span.id from the context captured at write time (write-time-context.ts).
 */
export function createLogger(options: LoggerOptions = {}): JewelryLogger {
  const fromEnv = serviceIdentityFromEnv();
  const service: ServiceIdentity = { ...fromEnv, ...stripUndefined(options.service ?? {}) };
  const limits: SizeLimits = { ...sizeLimitsFromEnv(), ...stripUndefined(options.limits ?? {}) };
  const exporter = new RecordExport();
  const format = ecsFormat(service, options.name, limits, exporter);
  const logger = createWinstonLogger({
    levels,
    level: options.level ?? levelFromEnv(),
    format,
    transports: [new transports.Stream({ stream: options.stream ?? process.stdout })],
    exitOnError: false,
  }) as JewelryLogger;
  exporter.takeOver(logger);
  captureContextWithoutCorrelation(logger, () => logger.format === format);
  // configure() again (new transports, level) makes the instrumentation add its transport again;
  // with a format other than ours the records are no longer ours to export, and its transport stays.
  const proto = Object.getPrototypeOf(logger) as Pick<JewelryLogger, 'configure'>;
  logger.configure = (opts) => {
    proto.configure.call(logger, opts);
    if (logger.format === format) exporter.takeOver(logger);
    else exporter.release();
  };
  logger.events = createEventFunctions(logger, limits);
  return logger;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
