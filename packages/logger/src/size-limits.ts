/**
 * Bounds on what one record may carry, with the collector's numbers (its
 * `hygiene` processor in collector/config.yaml,
 * collector/processor/maskingprocessor/hygieneprocessor; same variables and
 * defaults): the message to JEWELRY_MAX_BODY_CHARS (32768) characters, every
 * string value to JEWELRY_MAX_ATTRIBUTE_CHARS (8192) — at any depth, in lists
 * and maps too, and on the span event of a business event. A shortened
 * record is marked `log.truncated: true`, as the collector marks what it cuts.
 * Applied after masking, so a cut never splits a value the masks would have
 * recognised whole.
 */
export interface SizeLimits {
  readonly messageChars: number;
  readonly valueChars: number;
}

export const DEFAULT_SIZE_LIMITS: SizeLimits = { messageChars: 32768, valueChars: 8192 };

/** The field that marks a record (or a span event) whose message or values were shortened. */
export const TRUNCATED_FIELD = 'log.truncated';

function positiveInteger(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function sizeLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): SizeLimits {
  return {
    messageChars: positiveInteger(env.JEWELRY_MAX_BODY_CHARS, DEFAULT_SIZE_LIMITS.messageChars),
    valueChars: positiveInteger(env.JEWELRY_MAX_ATTRIBUTE_CHARS, DEFAULT_SIZE_LIMITS.valueChars),
  };
}

/** Whether anything was shortened, across the calls that share it. */
export interface Truncation {
  truncated: boolean;
}

/** `text` cut to `max` characters, never between the two halves of a surrogate pair. */
export function limitText(text: string, max: number, t: Truncation): string {
  if (text.length <= max) return text;
  t.truncated = true;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * `value` with every string in it cut to `max`, at any depth of arrays and
 * plain objects. What needs no cut is returned as it is (the same object), so
 * the common case costs one walk and no copy; other objects (Date, Buffer,
 * Error …) are left alone.
 */
export function limitValue(value: unknown, max: number, t: Truncation, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return limitText(value, max, t);
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const limited = limitValue(item, max, t, seen);
      if (limited !== item) (copy ??= [...value])[i] = limited;
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const limited = limitValue(item, max, t, seen);
    if (limited !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = limited;
  }
  return copy ?? value;
}
