import { format } from 'winston';
import { defaultMasker } from '@jewelry/masking';
import { errorFields, isErrorLike, maskedError } from './error-fields';
import { isoTimestamp } from './iso-timestamp';
import type { LogAttributes } from '@opentelemetry/api-logs';
import type { RecordExport } from './otel-export';
import { INJECTED_CORRELATION_KEYS, spanContextOf, traceIdsOf } from './trace-correlation';
import { writeTimeContext } from './write-time-context';
import type { ServiceIdentity } from './service-identity';
import { limitText, limitValue, sizeLimitsFromEnv, TRUNCATED_FIELD, type SizeLimits, type Truncation } from './size-limits';

const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');
const SPLAT = Symbol.for('splat');

/** The ECS version whose field names the JSON lines use (LV-2). */
export const ECS_VERSION = '8.11.0';

type Info = Record<string | symbol, unknown> & { level: string; message: unknown };

/**
 * Turns any `err` / `error` field, or an error passed as the record itself
 * (`logger.error(err)`, `logger.error('msg', err)`), into one masked Error
 * under `err` — the key the OTel transport reads exceptions from.
 */
function normaliseError(info: Info): Error | undefined {
  for (const key of ['err', 'error'] as const) {
    if (isErrorLike(info[key])) {
      const error = maskedError(info[key] as Error);
      delete info[key];
      info.err = error;
      return error;
    }
  }
  if (typeof info.stack === 'string') {
    const stack = info.stack;
    const name = typeof info.name === 'string' ? info.name : (/^([A-Za-z_$][\w$]*):/.exec(stack)?.[1] ?? 'Error');
    const source = Object.assign(new Error(String(info.message ?? '')), { name, stack });
    delete info.stack;
    if (typeof info.name === 'string') delete info.name;
    const error = maskedError(source);
    info.err = error;
    return error;
  }
  return undefined;
}

/**
 * Masks the message and the fields as one record: a name or secret under
 * its key is also hunted in the message and the other fields, and a key
 * holding personal data is renamed ({ "ivan@x.ru": … } → { "***@x.ru": … }).
 */
function maskFields(record: Info): void {
  const fields: Record<string, unknown> = { message: typeof record.message === 'string' ? record.message : String(record.message ?? '') };
  const keys = Object.keys(record).filter((key) => !isOwnField(key));
  for (const key of keys) fields[key] = record[key];
  const masked = defaultMasker.maskAttributes(fields);
  record.message = masked.message;
  // `message` stays in `masked` and is skipped: a delete would make it a slow dictionary object.
  const maskedKeys = Object.keys(masked).filter((key) => key !== 'message');
  const renamed = maskedKeys.length !== keys.length || maskedKeys.some((key, i) => key !== keys[i]);
  if (renamed) for (const key of keys) delete record[key];
  for (const key of maskedKeys) record[key] = masked[key];
}

/**
 * The one log format of every service (LV-2, SEC-1, TR-1):
 * 1. masks the message and every field in place, so stdout and the OTel
 *    export (which reads the same record) both get masked values;
 * 2. then bounds them (`limits`, see size-limits.ts): an oversized message or
 *    value is cut, at any depth, and the record marked `log.truncated`;
 * 3. renders one ECS JSON object per line into winston's MESSAGE slot,
 *    adding `@timestamp`, `log.level`, `service.*`, `trace.id`, `span.id`
 *    only there — the OTel record carries those as its own fields;
 * 4. under the distribution, hands the same masked fields to `exporter` as
 *    one OTel log record (otel-export.ts).
 */
export function ecsFormat(
  service: ServiceIdentity,
  loggerName?: string,
  limits: SizeLimits = sizeLimitsFromEnv(),
  exporter?: RecordExport,
) {
  return format((info) => {
    const record = info as Info;
    const written = writeTimeContext(record);
    const spanContext = spanContextOf(written);
    const ids = traceIdsOf(record, spanContext);
    // Where the instrumentation injected trace_id/span_id/trace_flags (our loggers skip that,
    // write-time-context.ts), they are left where they are and skipped below (a delete would turn
    // the record into a slow dictionary object for every step after it).

    // winston keeps the caller's original (unmasked) arguments here, and the OTel
    // transport reads exceptions from it: what it needs is already in the record.
    // Emptied, not deleted: a delete would make the record a slow dictionary object.
    record[SPLAT] = undefined;
    const error = normaliseError(record);
    const cut: Truncation = { truncated: false };
    maskFields(record);
    record.message = limitText(record.message as string, limits.messageChars, cut);
    for (const key of Object.keys(record)) {
      if (isOwnField(key)) continue;
      record[key] = limitValue(record[key], limits.valueChars, cut);
    }
    if (error) {
      error.message = limitText(error.message, limits.valueChars, cut);
      if (error.stack) error.stack = limitText(error.stack, limits.valueChars, cut);
    }
    if (cut.truncated) record[TRUNCATED_FIELD] = true;

    const line: Record<string, unknown> = {
      '@timestamp': isoTimestamp(),
      'log.level': (record[LEVEL] as string | undefined) ?? record.level,
      message: record.message,
      'ecs.version': ECS_VERSION,
      'service.name': service.name,
    };
    if (service.version) line['service.version'] = service.version;
    if (service.environment) line['service.environment'] = service.environment;
    if (loggerName) line['log.logger'] = loggerName;
    if (ids) {
      line['trace.id'] = ids.traceId;
      line['span.id'] = ids.spanId;
    }
    const exporting = exporter?.exports(line['log.level'] as string) === true;
    const attributes: LogAttributes = {};
    for (const key of Object.keys(record)) {
      if (isOwnField(key)) continue;
      line[key] = record[key];
      if (exporting) attributes[key] = record[key] as LogAttributes[string];
    }
    if (error) {
      const fields = errorFields(error);
      line['error.type'] = fields.type;
      line['error.message'] = fields.message;
      if (fields.stack) line['error.stack_trace'] = fields.stack;
    }
    record[MESSAGE] = safeStringify(line);
    if (exporting) {
      exporter.emit(line['log.level'] as string, record.message as string, attributes, error, written, spanContext);
    }
    return record;
  })();
}

/** Keys of the record that are not fields: its level, message, error, and the winston instrumentation's correlation keys (ours are trace.id/span.id). */
function isOwnField(key: string): boolean {
  return key === 'level' || key === 'message' || key === 'err' || (INJECTED_CORRELATION_KEYS as readonly string[]).includes(key);
}

/**
 * JSON that survives cycles and BigInts: a log call must never throw. Tried
 * without a replacer first: V8's fast path costs about half as much (issue
 * 16), and a masked record has no cycle (the masker cuts them) and seldom a
 * BigInt; only a record that makes it throw takes the walk below.
 */
function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return stringifyWithReplacer(value);
  }
}

function stringifyWithReplacer(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}
