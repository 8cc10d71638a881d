import type { Context, SpanContext } from '@opentelemetry/api';
import type { LogAttributes } from '@opentelemetry/api-logs';

/**
 * The contract between this logger and a distribution's direct entry into
 * its log pipeline (@jewelry/otel registers one: packages/otel/src/pipeline/direct-log-entry.ts).
 * The logger hands over records it has already masked and bounded; the entry
 * turns each into an exported record without the SDK's LogRecordImpl, which
 * validated and copied every value of it again. Published on the global
 * object under a registered symbol, as the OTel API publishes its globals,
 * so neither package loads the other; the `.v1` changes with the contract,
 * so different versions of the two in one process do not misread each other.
 */
export const DIRECT_LOG_ENTRY_KEY = '@jewelry/otel.direct-log-entry.v1';
export type DirectLogEntryKey = typeof DIRECT_LOG_ENTRY_KEY;

/** One record, as the logger has masked and bounded it. */
export interface DirectLogRecord {
  readonly severityNumber: number | undefined;
  readonly severityText: string;
  readonly body: string;
  /** Handed over: the entry may add `exception.*` to it, and freezes it. */
  readonly attributes: LogAttributes;
  readonly exception: Error | undefined;
  /** The context the record was written in. */
  readonly context: Context;
  /** That context's span context, already checked valid; undefined outside any span. */
  readonly spanContext: SpanContext | undefined;
}

export interface DirectLogEntry {
  emit(record: DirectLogRecord): void;
}

const KEY = Symbol.for(DIRECT_LOG_ENTRY_KEY);

/** The entry a distribution registered, if any. */
export function directLogEntry(): DirectLogEntry | undefined {
  return (globalThis as { [KEY]?: DirectLogEntry })[KEY];
}
