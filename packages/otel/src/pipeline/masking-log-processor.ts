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
export const MASKED_AT_SOURCE = '@jewelry/logger';

/**
 * SEC-1 for every log record, not only ours: third-party winston loggers and
 * direct users of the logs API bypass @jewelry/logger's masking. Runs first,
 * while the record is still writable. The body and the attributes are one
 * masking scope (a name or password under its key is also hunted in the body
 * and the other attributes), and keys holding personal data are renamed.
 */
export class MaskingLogProcessor implements LogRecordProcessor {
  onEmit(logRecord: SdkLogRecord): void {
    if (logRecord.instrumentationScope.name === MASKED_AT_SOURCE) return;
    const body = logRecord.body;
    const attributes = logRecord.attributes as Record<string, unknown>;
    // Body and attributes are one scope: winston puts the message in the body and the meta
    // fields in the attributes, and a password or name under its key is often echoed in the message.
    const { body: maskedBody, attributes: masked } = defaultMasker.maskRecord(body, attributes);
    if (maskedBody !== body && body !== undefined) logRecord.setBody(maskedBody as AnyValue);
    for (const field of ['severityText', 'eventName'] as const) {
      const text = logRecord[field];
      if (typeof text === 'string' && text !== '') {
        const maskedText = defaultMasker.maskText(text);
        if (maskedText !== text) logRecord[field] = maskedText;
      }
    }
    for (const key of Object.keys(attributes)) {
      // The SDK has no call to remove an attribute; a renamed key's original goes here.
      if (!Object.hasOwn(masked, key)) delete attributes[key];
    }
    for (const [key, value] of Object.entries(masked)) {
      // The masker returns a copy of every object; setting an unchanged one again costs the SDK a deep validation.
      if (!Object.hasOwn(attributes, key) || !sameValue(value, attributes[key])) logRecord.setAttribute(key, value as AnyValue);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
