import { diag } from '@opentelemetry/api';
import type { AnyValue, LogAttributes } from '@opentelemetry/api-logs';

/*
 * What the SDK's LogRecordImpl (@opentelemetry/sdk-logs 0.x: setAttribute →
 * addAttribute, isLogAttributeValue, truncateToSize, _setException) makes of
 * a record's attributes and exception, reproduced for the direct log entry
 * (direct-log-entry.ts) so its records export the same bytes. The SDK checks
 * and copies every value of every record; here a record whose values are all
 * valid and within the limits — every record @jewelry/logger writes under the
 * default limits — keeps its attributes object as it is, and only a record
 * with something to drop or cut takes the SDK's steps one by one.
 */

/** The LoggerProvider's limits, its defaults applied (128 attributes, no length limit). */
export interface ResolvedLogRecordLimits {
  readonly attributeCountLimit: number;
  readonly attributeValueLengthLimit: number;
}

export function resolveLogRecordLimits(limits: {
  attributeCountLimit?: number;
  attributeValueLengthLimit?: number;
}): ResolvedLogRecordLimits {
  return {
    attributeCountLimit: limits.attributeCountLimit ?? 128,
    attributeValueLengthLimit: limits.attributeValueLengthLimit ?? Infinity,
  };
}

export interface SdkLogAttributes {
  readonly attributes: LogAttributes;
  /** Attributes dropped for the count limit (invalid ones are dropped without being counted, as in the SDK). */
  readonly droppedAttributesCount: number;
}

/**
 * The objects met in one value's walk. A list while small (a record's values
 * hold a few objects: a WeakSet per value was most of the check's cost), a
 * Set beyond, so a long list of maps stays linear.
 */
class Visited {
  private list: object[] = [];
  private set: Set<object> | undefined;

  /** Adds `value`; false if it was met before. */
  add(value: object): boolean {
    if (this.set) return this.set.size !== this.set.add(value).size;
    if (this.list.includes(value)) return false;
    this.list.push(value);
    if (this.list.length > 32) this.set = new Set(this.list);
    return true;
  }
}

/** isLogAttributeValue: one `visited` for the whole value, so an object met twice is refused even where it is not a cycle. */
function isValidValue(value: unknown, visited: Visited | undefined): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (type !== 'object') return false;
  if (value instanceof Uint8Array) return true;
  const seen = visited ?? new Visited();
  if (!seen.add(value as object)) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isValidValue(item, seen)) return false;
    return true;
  }
  const map = value as Record<string, unknown>;
  if (map.constructor !== Object && map.constructor !== undefined) return false;
  for (const key in map) {
    if (Object.prototype.hasOwnProperty.call(map, key) && !isValidValue(map[key], seen)) return false;
  }
  return true;
}

/** Whether truncateToSize(value, limit) would change anything. */
function exceedsLength(value: unknown, limit: number): boolean {
  if (typeof value === 'string') return value.length > limit;
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  if (Array.isArray(value)) return value.some((item) => exceedsLength(item, limit));
  return Object.values(value).some((item) => exceedsLength(item, limit));
}

/** truncateToSize: strings cut to `limit` UTF-16 units at any depth, arrays and maps copied. */
function truncateToSize(value: unknown, limit: number): unknown {
  if (limit <= 0) {
    diag.warn(`Attribute value limit must be positive, got ${limit}`);
    return value;
  }
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return value.length <= limit ? value : value.substring(0, limit);
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item) => truncateToSize(item, limit));
  if (typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = truncateToSize(item, limit);
    return copy;
  }
  return value;
}

/** A LogRecordImpl's attribute map, set one attribute at a time (setAttribute). */
class AttributeWriter {
  count = 0;
  dropped = 0;

  constructor(
    readonly out: Record<string, unknown>,
    private readonly limits: ResolvedLogRecordLimits,
  ) {}

  set(key: string, value: unknown): void {
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      return;
    }
    if (!isValidValue(value, undefined)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      return;
    }
    const isNew = !Object.prototype.hasOwnProperty.call(this.out, key);
    if (isNew && this.count >= this.limits.attributeCountLimit) {
      this.dropped += 1;
      // Once per record, as the SDK warns.
      if (this.dropped === 1) diag.warn('Dropping extra attributes.');
      return;
    }
    this.out[key] = truncateToSize(value, this.limits.attributeValueLengthLimit);
    if (isNew) this.count += 1;
  }

  /** _setException: type (its code, else its name), message and stack, each unless already set. */
  setException(exception: unknown): void {
    let recorded = false;
    if (typeof exception === 'string' || typeof exception === 'number') {
      if (!Object.hasOwn(this.out, 'exception.message')) this.set('exception.message', String(exception));
      recorded = true;
    } else if (exception && typeof exception === 'object') {
      const e = exception as { code?: { toString(): string }; name?: string; message?: string; stack?: string };
      if (e.code) {
        if (!Object.hasOwn(this.out, 'exception.type')) this.set('exception.type', e.code.toString());
        recorded = true;
      } else if (e.name) {
        if (!Object.hasOwn(this.out, 'exception.type')) this.set('exception.type', e.name);
        recorded = true;
      }
      if (e.message) {
        if (!Object.hasOwn(this.out, 'exception.message')) this.set('exception.message', e.message);
        recorded = true;
      }
      if (e.stack) {
        if (!Object.hasOwn(this.out, 'exception.stacktrace')) this.set('exception.stacktrace', e.stack);
        recorded = true;
      }
    }
    if (!recorded) diag.warn(`Failed to record an exception ${String(exception)}`);
  }
}

/** Whether the SDK would keep every attribute of `given` as it is: valid keys and values, within both limits. */
function keptAsIs(given: LogAttributes, limits: ResolvedLogRecordLimits): boolean {
  const lengthLimit = limits.attributeValueLengthLimit;
  // A limit of 0 or less is warned about on every value by the SDK: the slow path says it too.
  const checkLength = lengthLimit !== Infinity;
  if (checkLength && lengthLimit <= 0) return false;
  let count = 0;
  for (const key in given) {
    if (!Object.prototype.hasOwnProperty.call(given, key)) continue;
    const value = given[key];
    if (key.length === 0 || count >= limits.attributeCountLimit || !isValidValue(value, undefined)) return false;
    if (checkLength && exceedsLength(value, lengthLimit)) return false;
    count += 1;
  }
  return true;
}

/**
 * The attributes (and count of dropped ones) a LogRecordImpl would hold for
 * `given` and `exception` under `limits`, in the same order. `given` is
 * taken over: it is returned itself when the SDK would keep it as it is, and
 * an exception's attributes are then added to it.
 */
export function sdkLogAttributes(given: LogAttributes, exception: unknown, limits: ResolvedLogRecordLimits): SdkLogAttributes {
  let writer: AttributeWriter;
  if (keptAsIs(given, limits)) {
    if (exception == null) return { attributes: given, droppedAttributesCount: 0 };
    writer = new AttributeWriter(given as Record<string, unknown>, limits);
    writer.count = Object.keys(given).length;
  } else {
    writer = new AttributeWriter({}, limits);
    for (const [key, value] of Object.entries(given)) writer.set(key, value);
  }
  if (exception != null) writer.setException(exception);
  return { attributes: writer.out as Record<string, AnyValue>, droppedAttributesCount: writer.dropped };
}
