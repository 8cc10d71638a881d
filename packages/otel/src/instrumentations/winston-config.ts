import type { WinstonInstrumentationConfig } from '@opentelemetry/instrumentation-winston';

/**
 * Log export goes through the instrumentation's transport and nothing else:
 * `@jewelry/logger` adds no exporting transport of its own, so each record is
 * exported exactly once (adding the OTel transport by hand as well would
 * duplicate every record). Correlation stays on so third-party winston
 * loggers get trace_id/span_id too; our logger renames them to ECS.
 */
export function winstonConfig(): WinstonInstrumentationConfig {
  return { disableLogSending: false, disableLogCorrelation: false };
}
