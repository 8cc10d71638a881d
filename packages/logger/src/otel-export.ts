import type { Context, SpanContext } from '@opentelemetry/api';
import { logs, type LogAttributes, type Logger as OtelLogger } from '@opentelemetry/api-logs';
import type { Logger } from 'winston';
import { directLogEntry } from './direct-log-entry';

/**
 * The instrumentation scope of the records this logger exports: the
 * package's name. @jewelry/otel's masking processor knows it — a record
 * under this scope was masked here, field by field, with the same masker —
 * and does not mask it a second time.
 */
export const EXPORT_SCOPE = '@jewelry/logger';

/** OTel severity numbers of our levels (the same table as the OTel winston transport's). */
const SEVERITY: Record<string, number> = { debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };

/** The transport the OTel winston instrumentation adds to every winston logger it sees configured. */
function isInstrumentationTransport(transport: unknown): boolean {
  return (transport as { constructor?: { name?: string } } | null)?.constructor?.name === 'OpenTelemetryTransportV3';
}

/**
 * One logger's export of its records as OTel log records, written straight
 * from the record the ECS format has just masked and bounded — instead of
 * through the instrumentation's winston transport, which copied every record
 * twice, normalised every value again (a new Set per attribute) and handed
 * it to a masking processor that masked it all again: about half of what a
 * log record cost the service (issue 16's profile). On only where the
 * instrumentation would have exported (see takeOver). Where the distribution
 * offers its direct entry (direct-log-entry.ts), the record goes there rather
 * than through the SDK's logger, which validated and copied it all once more.
 */
export class RecordExport {
  private target: OtelLogger | undefined;
  private logger: Logger | undefined;

  /**
   * Whether a record at `level` is exported: on, and the level within the
   * logger's — winston runs the format for every record, also those below
   * its level, which its transports (the instrumentation's too) then skip.
   */
  exports(level: string): boolean {
    const logger = this.logger;
    if (this.target === undefined || logger === undefined) return false;
    const wanted = logger.levels[level];
    return wanted !== undefined && wanted <= (logger.levels[logger.level] ?? -1);
  }

  /**
   * Replaces the instrumentation's transport on `logger`, if it added one:
   * under `--require @jewelry/otel` (winston instrumentation on, log export
   * on), each record is then exported here, exactly once. Without the
   * distribution, or with its winston instrumentation or log export off,
   * there is no transport and nothing is exported — as before.
   */
  takeOver(logger: Logger): void {
    const theirs = logger.transports.filter(isInstrumentationTransport);
    for (const transport of theirs) logger.remove(transport);
    if (theirs.length > 0) this.target ??= logs.getLogger(EXPORT_SCOPE);
    this.logger = logger;
  }

  /** Stops exporting here (the logger's format was replaced: the instrumentation's transport takes over again). */
  release(): void {
    this.target = undefined;
  }

  /** `context`: the one the record was written in; `spanContext`: its span's, already checked valid. */
  emit(
    level: string,
    body: string,
    attributes: LogAttributes,
    exception: Error | undefined,
    context: Context,
    spanContext: SpanContext | undefined,
  ): void {
    const target = this.target;
    if (!target) return;
    const severityNumber = SEVERITY[level];
    const entry = directLogEntry();
    if (entry) {
      entry.emit({ severityNumber, severityText: level, body, attributes, exception, context, spanContext });
      return;
    }
    target.emit({ severityNumber, severityText: level, body, attributes, context, ...(exception ? { exception } : {}) });
  }
}
