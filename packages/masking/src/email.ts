import type { TextRule } from './text-rule.js';

// Latin and Cyrillic letters; written as literal ranges so RE2 (UTF-8) and JS (UTF-16) agree.
const LOCAL_CHAR = 'A-Za-z0-9А-Яа-яЁё._%+-';
const LABEL = '[A-Za-z0-9А-Яа-яЁё-]+';
const TLD = '[A-Za-zА-Яа-яЁё]{2,}';

/**
 * The char before the local part is consumed and written back (no lookbehind
 * in RE2). It is what keeps JavaScript linear: without it every position
 * inside a long run of local-part characters would rescan up to the "@".
 */
export const emailRule: TextRule = {
  name: 'email',
  source: `(^|[^${LOCAL_CHAR}])[${LOCAL_CHAR}]+@((?:${LABEL}\\.)+${TLD})`,
  ignoreCase: false,
  replacement: '${1}***@${2}',
  exact: true,
  description: 'e-mail address: local part hidden, domain kept (ivan@example.com → ***@example.com)',
};

// Under an e-mail key anything after an "@" is taken as a domain, however odd the value.
const DOMAIN_AFTER_AT = /@([^\t\n\f\r <>,;"'()[\]@]+)/g;

/** E-mail rule for a value whose key says it is an e-mail: keep only the domain(s). */
export function maskEmailValue(value: string): string {
  const domains: string[] = [];
  for (const m of value.matchAll(DOMAIN_AFTER_AT)) {
    const domain = (m[1] ?? '').replace(/\.+$/, '');
    if (domain !== '') domains.push(`***@${domain}`);
  }
  return domains.length > 0 ? domains.join(', ') : '***';
}
