/**
 * The word breaks of a key, applied in this order, each as "$1 $2" (shared
 * with the Go engine): customerEmail → customer Email, APIKey → API Key,
 * address2 → address 2, 2fa → 2 fa. Then the key is lower-cased and split
 * at every run of characters that are neither letters nor digits.
 */
export const KEY_BREAKS: readonly string[] = ['([a-z0-9])([A-Z])', '([A-Z]+)([A-Z][a-z])', '([A-Za-z])([0-9])', '([0-9])([A-Za-z])'];
export const KEY_SEPARATORS = '[^\\p{L}\\p{N}]+';
/**
 * A key that is a path of identifiers joined by dots (`credentials.user`,
 * `customer.address.city`): read like the nesting it flattens. A key with
 * other characters (`ivan@mail.ru`, free text) is not a path.
 */
export const KEY_PATH = '^[\\p{L}\\p{N}_-]+(?:[.][\\p{L}\\p{N}_-]+)+$';
const PATH = new RegExp(KEY_PATH, 'u');
const BREAKS = KEY_BREAKS.map((source) => new RegExp(source, 'g'));
const SEPARATORS = new RegExp(KEY_SEPARATORS, 'u');

/**
 * Splits an attribute key into lower-case words, whatever its style:
 * `customer.email`, `customer_email`, `customer-email`, `customerEmail`,
 * `CUSTOMER_EMAIL` all give ["customer", "email"]. Rules then compare whole
 * words, so `file_name` is ["file", "name"] and `hostname` is ["hostname"].
 */
export function splitKey(key: string): string[] {
  let spaced = key;
  for (const re of BREAKS) spaced = spaced.replace(re, '$1 $2');
  spaced = spaced.toLowerCase();
  return spaced.split(SEPARATORS).filter((s) => s !== '');
}

export function isNumericSegment(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return segment.length > 0;
}

export function isKeyPath(key: string): boolean {
  return PATH.test(key);
}
