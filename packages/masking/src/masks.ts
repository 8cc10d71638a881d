/**
 * What masked values become, per class. The class names are also what the
 * collector's processor counts masked values by (never the values).
 */
export type MaskClass = 'secret' | 'card' | 'email' | 'phone' | 'name' | 'address' | 'passport' | 'snils' | 'inn' | 'iban' | 'account';

export const REDACTED = '[REDACTED]';
export const CIRCULAR = '[Circular]';
export const TRUNCATED = '[Truncated]';

/** `[REDACTED:<class>]` for the classes whose whole value goes (documents, accounts, addresses). */
export function redactedAs(cls: MaskClass): string {
  return cls === 'secret' ? REDACTED : `[REDACTED:${cls}]`;
}

export const ADDRESS_REDACTED = redactedAs('address');

/** A whole value that is one of the masks: [name:1a2b3c4d], [JWT:1a2b3c4d], [REDACTED], [REDACTED:address]. */
export const MASK_TOKEN_SOURCE = '^\\[(?:name:[0-9a-f]{8}|JWT:[0-9a-f]{8}|REDACTED(?::[a-z]+)?)\\]$';
