import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { OutputValue } from '@jewelry/schema';

/**
 * Span event attributes allow only primitives and lists of one primitive
 * type, so maps are flattened into dotted keys and lists of maps are kept as
 * JSON text.
 */
export function toSpanAttributes(attributes: Record<string, OutputValue>, prefix = '', out: Attributes = {}): Attributes {
  for (const [key, value] of Object.entries(attributes)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) {
      out[name] = value.every((v) => typeof v === 'string')
        ? (value as string[])
        : value.every((v) => typeof v === 'number')
          ? (value as number[])
          : value.every((v) => typeof v === 'boolean')
            ? (value as boolean[])
            : JSON.stringify(value);
    } else if (value !== null && typeof value === 'object') {
      toSpanAttributes(value, name, out);
    } else {
      out[name] = value as AttributeValue;
    }
  }
  return out;
}
