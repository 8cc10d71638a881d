import type { WinstonInstrumentationConfig } from '@opentelemetry/instrumentation-winston';

/**
 * Log sending on: the instrumentation adds its transport to every winston
 * logger, so third-party winston loggers are exported too. `@jewelry/logger`
 * replaces that transport on its own loggers with a direct export of the
 * record it has just masked (cheaper, and masked once); either way each
 * record is exported exactly once. Correlation stays on so third-party
 * winston loggers get trace_id/span_id too; our logger writes the ECS names.
 */
export function winstonConfig(): WinstonInstrumentationConfig {
  return { disableLogSending: false, disableLogCorrelation: false };
}
