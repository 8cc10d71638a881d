import type { AnyValue } from '@opentelemetry/api-logs';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { defaultMasker } from '@jewelry/masking';

/** Deep equality of attribute values (primitives, arrays, plain objects). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The scope @jewelry/logger exports its records under (its package name,
 * packages/logger/src/otel-export.ts): it masks every field of them with the
 * same masker before it exports, so they are not masked a second time here.
 */
const MASKED_AT_SOURCE = '@jewelry/logger';

/**
 * SEC-1 for every log record, not only ours: third-party winston loggers and
 * direct users of the logs API bypass @jewelry/logger's masking. Runs first,
 * while the record is still writable.
 */
export class MaskingLogProcessor implements LogRecordProcessor {
  onEmit(logRecord: SdkLogRecord): void {
    if (logRecord.instrumentationScope.name === MASKED_AT_SOURCE) return;
    const body = logRecord.body;
    if (typeof body === 'string') logRecord.setBody(defaultMasker.maskText(body));
    else if (body !== null && typeof body === 'object') logRecord.setBody(defaultMasker.maskAttributes(body) as AnyValue);
    for (const [key, value] of Object.entries(logRecord.attributes)) {
      const masked = defaultMasker.maskValue(key, value);
      // The masker returns a copy of every object; setting an unchanged one again costs the SDK a deep validation.
      if (!sameValue(masked, value)) logRecord.setAttribute(key, masked as AnyValue);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
