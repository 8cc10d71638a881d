import { compilePattern, type TextPattern } from './text-rule.js';

// Latin and Cyrillic letters; written as literal ranges so Go (UTF-8) and JS agree.
const LOCAL_CHAR = 'A-Za-z0-9А-Яа-яЁё._%+-';
const LABEL = '[A-Za-z0-9А-Яа-яЁё-]+';
const TLD = '[A-Za-zА-Яа-яЁё]{2,}';
const DOMAIN = `((?:${LABEL}\\.)+${TLD})`;

/**
 * E-mail address: local part hidden, domain kept (ivan@example.com →
 * ***@example.com). The char before the local part is consumed and written
 * back (no lookbehind): it is also what keeps the scan linear, since no
 * position inside a run of local-part characters can start a match.
 * Groups: 1 before, 2 domain.
 */
export const emailPattern: TextPattern = {
  name: 'email',
  source: `(^|[^${LOCAL_CHAR}])[${LOCAL_CHAR}]+@${DOMAIN}`,
  ignoreCase: false,
};

/**
 * Percent-encoded (in URLs and form bodies): ivan.petrov%40example.com,
 * anna%2Borders%40mail.ru, double-encoded %2540 too. The local part may hold
 * an encoded "+" only, so it starts right after an encoded "=" or "/"
 * (email%3Divan%40…). Groups: 1 before, 2 "25" of a double encoding, 3 domain.
 */
export const emailPercentPattern: TextPattern = {
  name: 'email_percent',
  source: `(^|[^${LOCAL_CHAR}]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9._+-]|%2[Bb])+%(25)?40${DOMAIN}`,
  ignoreCase: false,
};

/** A quoted local part: "ivan petrov"@example.com. Groups: 1 domain. */
export const emailQuotedPattern: TextPattern = {
  name: 'email_quoted',
  source: `"[^"\\t\\n\\r]{1,64}"@${DOMAIN}`,
  ignoreCase: false,
};

/** Under an e-mail key anything after an "@" is taken as a domain, however odd the value. Group 1: the domain. */
export const domainAfterAtPattern: TextPattern = {
  name: 'domain_after_at',
  source: `@([^\\t\\n\\f\\r <>,;"'()\\[\\]@]+)`,
  ignoreCase: false,
};
const DOMAIN_AFTER_AT = compilePattern(domainAfterAtPattern);

/** E-mail rule for a value whose key says it is an e-mail: keep only the domain(s). */
export function maskEmailValue(value: string): string {
  const domains: string[] = [];
  for (const m of value.matchAll(DOMAIN_AFTER_AT)) {
    const domain = (m[1] ?? '').replace(/\.+$/, '');
    if (domain !== '') domains.push(`***@${domain}`);
  }
  return domains.length > 0 ? domains.join(', ') : '***';
}
