import { createHmac } from 'node:crypto';

/** Environment variable that sets the salt of every hash the masker writes. */
export const SALT_ENV = 'JEWELRY_MASK_SALT';

// Used only when nobody configured a salt: hashes stay stable across services,
// but anyone with this source can test guesses, so production should set the env var.
export const BUILTIN_SALT = 'jewelry-observability/masking/v1';

export function resolveSalt(salt?: string): string {
  if (salt !== undefined && salt !== '') return salt;
  const fromEnv = process.env[SALT_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : BUILTIN_SALT;
}

/**
 * HMAC-SHA256 of `value`, first 8 hex characters. Short on purpose: it is a
 * correlation handle for support, not an identifier with collision guarantees.
 */
export function stableHash(value: string, salt?: string): string {
  return createHmac('sha256', resolveSalt(salt)).update(value, 'utf8').digest('hex').slice(0, 8);
}
