import { AttributeMasker, type MaskedRecord } from './mask-attributes.js';

export type { MaskedRecord } from './mask-attributes.js';
import { createTextMasker } from './mask-text.js';
import { resolveSalt } from './stable-hash.js';

export interface MaskerOptions {
  /** Salt of the hashes in [name:…] and [JWT:…]. Default: env JEWELRY_MASK_SALT, else a fixed built-in salt. */
  salt?: string;
  /** Nesting below this depth is replaced by "[Truncated]". Default 12. */
  maxDepth?: number;
}

export interface Masker {
  /** Free text: e-mails, phones, Luhn-valid card numbers, bearer/JWT/API tokens, password=... pairs. */
  maskText(text: string): string;
  /** One attribute: decides by key name first, then by value. */
  maskValue(key: string, value: unknown): unknown;
  /** Deep copy with every key and value masked; the input is never changed. */
  maskAttributes<T>(attrs: T): T;
  /**
   * For flat maps of data properties (the OpenTelemetry SDK's span, event and
   * link attributes): the map itself when nothing in it is masked, else
   * maskAttributes' copy. The input is never changed; treat the result as read-only.
   */
  maskAttributesOrSame<T>(attrs: T): T;
  /**
   * A log record's body (text, map, list, any value) and attributes as one
   * scope, like the collector: a value found under a name, secret, document
   * or address key in either is also replaced where it appears in the other.
   * Copies; the inputs are never changed.
   */
  maskRecord<B, A>(body: B, attributes: A): MaskedRecord<B, A>;
}

export const DEFAULT_MAX_DEPTH = 12;

export function createMasker(options: MaskerOptions = {}): Masker {
  const salt = resolveSalt(options.salt);
  const text = createTextMasker(salt);
  const attributes = new AttributeMasker({ salt, text, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH });
  // Plain closures, so callers can pass the methods around unbound.
  return Object.freeze({
    maskText: (value: string): string => text.maskText(value),
    maskValue: (key: string, value: unknown): unknown => attributes.maskValue(key, value),
    maskAttributes: <T>(attrs: T): T => attributes.maskAttributes(attrs),
    maskAttributesOrSame: <T>(attrs: T): T => attributes.maskAttributesOrSame(attrs),
    maskRecord: <B, A>(body: B, attrs: A): MaskedRecord<B, A> => attributes.maskRecord(body, attrs),
  });
}
