import type { HrTime } from '@opentelemetry/api';
import type { ProtoWriter } from './proto-writer';

/*
 * The OTLP messages spans and log records share (common/v1, resource/v1),
 * written field for field as the official serializer writes them, so the
 * bytes are the same (test/otlp-encoders.test.ts compares them).
 */

/** The SDK's resource and instrumentation scope, as far as OTLP carries them. */
export interface EncodedResource {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly schemaUrl?: string | undefined;
}

export interface EncodedScope {
  readonly name: string;
  readonly version?: string | undefined;
  readonly schemaUrl?: string | undefined;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  readonly droppedAttributesCount?: number | undefined;
}

const TWO_32 = 0x100000000;

/** [seconds, nanoseconds] as fixed64 nanoseconds, exact: seconds × 1e9 is split so that no product passes 2^53. */
export function writeHrTime(w: ProtoWriter, time: HrTime): void {
  // Most times of a batch fall in the same second: its nanoseconds (two words) are kept.
  if (time[0] !== lastSecond.seconds) setLastSecond(time[0]);
  const low = lastSecond.low + time[1]; // < 2^33, exact
  if (low < TWO_32) w.fixed64(low, lastSecond.high);
  else w.fixed64(low % TWO_32, lastSecond.high + Math.floor(low / TWO_32));
}

/** The last second written: seconds × 1e9 as low and high 32-bit words. */
const lastSecond = { seconds: -1, low: 0, high: 0 };

function setLastSecond(seconds: number): void {
  const low16 = (seconds % 0x10000) * 1e9; // < 2^53
  const high = Math.floor(seconds / 0x10000) * 1e9; // × 2^16 below, < 2^53
  const low = (low16 % TWO_32) + (high % 0x10000) * 0x10000;
  lastSecond.seconds = seconds;
  lastSecond.low = low % TWO_32;
  lastSecond.high = Math.floor(low16 / TWO_32) + Math.floor(high / 0x10000) + Math.floor(low / TWO_32);
}

const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

/** An AnyValue's fields (the caller has opened the message). Null and undefined write nothing: an empty AnyValue. */
export function writeAnyValue(w: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, 2);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, 0);
      w.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
        w.tag(3, 0);
        w.varint(value);
      } else {
        w.tag(4, 1);
        w.double(value);
      }
      return;
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) {
        w.tag(7, 2);
        w.bytes(value);
      } else if (Array.isArray(value)) {
        w.tag(5, 2);
        const array = w.begin();
        for (const item of value) {
          w.tag(1, 2);
          const at = w.begin();
          writeAnyValue(w, item);
          w.end(at);
        }
        w.end(array);
      } else {
        w.tag(6, 2);
        const list = w.begin();
        writeAttributes(w, value as Record<string, unknown>, 1);
        w.end(list);
      }
      return;
    default:
  }
}

/** Repeated KeyValue under `field`, own enumerable keys in their order. */
export function writeAttributes(w: ProtoWriter, attributes: Readonly<Record<string, unknown>>, field: number): void {
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    w.tag(field, 2);
    const pair = w.begin();
    w.tag(1, 2);
    w.string(key);
    w.tag(2, 2);
    const value = w.begin();
    writeAnyValue(w, attributes[key]);
    w.end(value);
    w.end(pair);
  }
}

export function writeScope(w: ProtoWriter, scope: EncodedScope, field: number): void {
  w.tag(field, 2);
  const at = w.begin();
  w.tag(1, 2);
  w.string(scope.name);
  if (scope.version) {
    w.tag(2, 2);
    w.string(scope.version);
  }
  if (scope.attributes) writeAttributes(w, scope.attributes, 3);
  if (scope.droppedAttributesCount) {
    w.tag(4, 0);
    w.varint(scope.droppedAttributesCount);
  }
  w.end(at);
}

export function writeResource(w: ProtoWriter, resource: EncodedResource, field: number): void {
  w.tag(field, 2);
  const at = w.begin();
  if (resource.attributes) writeAttributes(w, resource.attributes, 1);
  w.tag(2, 0);
  w.varint(0);
  w.end(at);
}

interface Grouped {
  readonly resource: EncodedResource;
  readonly instrumentationScope: EncodedScope;
}

/** Items grouped by resource, then by scope, both by identity (one ResourceX per resource, one ScopeX per scope). */
export function groupByResourceAndScope<T extends Grouped>(items: readonly T[]): Map<EncodedResource, Map<EncodedScope, T[]>> {
  const byResource = new Map<EncodedResource, Map<EncodedScope, T[]>>();
  for (const item of items) {
    let byScope = byResource.get(item.resource);
    if (!byScope) byResource.set(item.resource, (byScope = new Map()));
    let list = byScope.get(item.instrumentationScope);
    if (!list) byScope.set(item.instrumentationScope, (list = []));
    list.push(item);
  }
  return byResource;
}

/**
 * ExportXServiceRequest: per resource a ResourceX (field 1) holding the
 * resource, per scope a ScopeX (field 2) holding the scope and the items
 * (field 2), then the schema URLs (field 3).
 */
export function writeExportRequest<T extends Grouped>(
  w: ProtoWriter,
  items: readonly T[],
  writeItem: (w: ProtoWriter, item: T) => void,
): void {
  for (const [resource, byScope] of groupByResourceAndScope(items)) {
    w.tag(1, 2);
    const resourceAt = w.begin();
    writeResource(w, resource, 1);
    for (const [scope, list] of byScope) {
      w.tag(2, 2);
      const scopeAt = w.begin();
      writeScope(w, scope, 1);
      for (const item of list) w.message(2, item, writeItem);
      if (scope.schemaUrl) {
        w.tag(3, 2);
        w.string(scope.schemaUrl);
      }
      w.end(scopeAt);
    }
    if (resource.schemaUrl) {
      w.tag(3, 2);
      w.string(resource.schemaUrl);
    }
    w.end(resourceAt);
  }
}
