const LOWER_OR_DIGIT_THEN_UPPER = /([a-z0-9])([A-Z])/g; // customerEmail → customer Email
const ACRONYM_THEN_WORD = /([A-Z]+)([A-Z][a-z])/g; // APIKey → API Key
const LETTER_THEN_DIGIT = /([A-Za-z])([0-9])/g; // address2 → address 2
const DIGIT_THEN_LETTER = /([0-9])([A-Za-z])/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * Splits an attribute key into lower-case words, whatever its style:
 * `customer.email`, `customer_email`, `customer-email`, `customerEmail`,
 * `CUSTOMER_EMAIL` all give ["customer", "email"]. Rules then compare whole
 * words, so `file_name` is ["file", "name"] and `hostname` is ["hostname"].
 */
export function splitKey(key: string): string[] {
  const spaced = key
    .replace(LOWER_OR_DIGIT_THEN_UPPER, '$1 $2')
    .replace(ACRONYM_THEN_WORD, '$1 $2')
    .replace(LETTER_THEN_DIGIT, '$1 $2')
    .replace(DIGIT_THEN_LETTER, '$1 $2')
    .toLowerCase();
  return spaced.split(SEPARATORS).filter((s) => s !== '');
}

export function isNumericSegment(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return segment.length > 0;
}
