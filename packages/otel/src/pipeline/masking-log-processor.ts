import type { AnyValue } from '@opentelemetry/api-logs';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { defaultMasker } from '@jewelry/masking';

/**
 * SEC-1 for every log record, not only ours: third-party winston loggers and
 * direct users of the logs API bypass @jewelry/logger's masking. Runs first,
 * while the record is still writable.
 */
export class MaskingLogProcessor implements LogRecordProcessor {
  onEmit(logRecord: SdkLogRecord): void {
    const body = logRecord.body;
    if (typeof body === 'string') logRecord.setBody(defaultMasker.maskText(body));
    else if (body !== null && typeof body === 'object') logRecord.setBody(defaultMasker.maskAttributes(body) as AnyValue);
    for (const [key, value] of Object.entries(logRecord.attributes)) {
      const masked = defaultMasker.maskValue(key, value);
      if (masked !== value) logRecord.setAttribute(key, masked as AnyValue);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
