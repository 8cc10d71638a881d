import type { FieldDefinition } from './field-types';
import { events, type EventKey } from './events';
import { fields, type FieldKey } from './fields';

/** A value that can leave the process: primitives, lists and maps of them. */
export type OutputValue = string | number | boolean | OutputValue[] | { [key: string]: OutputValue };

export interface BuiltEvent {
  readonly name: string;
  readonly message: string;
  /** Keyed by the schema's dotted names, ready for a log record. */
  readonly attributes: Record<string, OutputValue>;
  /** Empty when the call matched the schema. */
  readonly errors: string[];
}

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function toDate(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/**
 * Converts one value to its field's type. Lenient where the intent is clear
 * (a number given for a keyword id becomes its string); everything else is
 * kept as given and reported, so the record still carries what the caller had.
 */
function convertScalar(def: FieldDefinition, value: unknown, path: string, errors: string[]): OutputValue | undefined {
  switch (def.type) {
    case 'keyword':
    case 'text': {
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (typeof value !== 'string') break;
      if (def.enum && !def.enum.includes(value)) errors.push(`${path}: "${value}" is not one of ${def.enum.join('|')}`);
      return value;
    }
    case 'long':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      break;
    case 'double':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'date': {
      const iso = toDate(value);
      if (iso) return iso;
      break;
    }
    case 'object':
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return convertObject(def.properties ?? {}, value as Record<string, unknown>, path, errors);
      }
      break;
  }
  errors.push(`${path}: expected ${def.type}, got ${describe(value)}`);
  return keepAsGiven(value);
}

function keepAsGiven(value: unknown): OutputValue | undefined {
  if (value === undefined || value === null || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function convertObject(
  properties: Readonly<Record<string, FieldDefinition>>,
  input: Record<string, unknown>,
  path: string,
  errors: string[],
): { [key: string]: OutputValue } {
  const out: { [key: string]: OutputValue } = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const def = properties[key];
    if (!def) {
      errors.push(`${path}.${key}: unknown field`);
      const kept = keepAsGiven(value);
      if (kept !== undefined) out[key] = kept;
      continue;
    }
    const converted = convertField(def, value, `${path}.${def.name}`, errors);
    if (converted !== undefined) out[def.name] = converted;
  }
  return out;
}

function convertField(def: FieldDefinition, value: unknown, path: string, errors: string[]): OutputValue | undefined {
  if (!def.array) return convertScalar(def, value, path, errors);
  if (!Array.isArray(value)) {
    errors.push(`${path}: expected a list, got ${describe(value)}`);
    const single = convertScalar(def, value, path, errors);
    return single === undefined ? undefined : [single];
  }
  const list: OutputValue[] = [];
  value.forEach((item, i) => {
    const converted = convertScalar(def, item, `${path}[${i}]`, errors);
    if (converted !== undefined) list.push(converted);
  });
  return list;
}

/**
 * Builds the attributes of one business event from what the caller passed,
 * checking it against the catalogue. Never throws: missing, mistyped and
 * unknown fields are listed in `errors` and the rest is still returned.
 */
export function buildEvent(key: EventKey, input: unknown): BuiltEvent {
  const def = events[key];
  const errors: string[] = [];
  const attributes: Record<string, OutputValue> = { 'event.name': def.name };
  const given: Record<string, unknown> =
    input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (given !== input) errors.push(`fields: expected an object, got ${describe(input)}`);

  const allowed = new Set<string>([...def.required, ...def.optional]);
  for (const field of def.required) {
    if (given[field] === undefined || given[field] === null) errors.push(`${fields[field].name}: missing`);
  }
  for (const [key_, value] of Object.entries(given)) {
    if (value === undefined || value === null) continue;
    if (!allowed.has(key_)) {
      errors.push(`${key_}: unknown field for ${def.name}`);
      const kept = keepAsGiven(value);
      // Unknown keys keep their own name; the index templates do not map them (issue: no mapping explosion).
      if (kept !== undefined) attributes[key_] = kept;
      continue;
    }
    const field = fields[key_ as FieldKey];
    const converted = convertField(field, value, field.name, errors);
    if (converted !== undefined) attributes[field.name] = converted;
  }
  return { name: def.name, message: def.message, attributes, errors };
}
