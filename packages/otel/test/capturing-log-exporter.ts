import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** A log exporter that keeps every record it is given and confirms at once. */
export function capturingLogExporter(): { exporter: LogRecordExporter; exported: ReadableLogRecord[] } {
  const exported: ReadableLogRecord[] = [];
  const exporter: LogRecordExporter = {
    export: (records: ReadableLogRecord[], done: (r: ExportResult) => void) => {
      exported.push(...records);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
  return { exporter, exported };
}
