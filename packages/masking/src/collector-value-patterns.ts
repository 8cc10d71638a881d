import { COUNTRY_CODE, PHONE_STARS } from './phone.js';
import type { SensitiveKeyClass } from './sensitive-keys.js';
import { WS } from './text-rule.js';

/**
 * One step of what the collector writes over a string value whose key is in
 * a sensitive class: `regex` (RE2, and JavaScript once its flag prefix is
 * taken off) replaced by `replacement` (Go's `${n}` syntax), in array order.
 * Together the steps give what maskValue(key, value) gives on the source side
 * for that class, except where a regex cannot: names become `[REDACTED:name]`
 * (the source side writes a keyed hash, `[name:1a2b3c4d]`).
 *
 * A regex may start with `(?s)` (`.` also matches a newline; the `s` flag in
 * JavaScript) or `(?i)`. Intermediate steps tag values with characters of the
 * Unicode private use area (U+E011–U+E016), written literally here; the last
 * step of each class removes them. The collector config reserves U+E000–U+E01F
 * for such markers.
 */
export interface CollectorValuePattern {
  readonly regex: string;
  readonly replacement: string;
}

/** Tags of the steps below; the generator of the collector config uses U+E000–U+E010. */
const NAME_KEPT = '\uE011';
const EMAIL_START = '\uE012';
const PHONE_SHORT = '\uE014';
const PHONE_DIAL_OUT = '\uE015';
const PHONE_DONE = '\uE016';

const step = (regex: string, replacement: string): CollectorValuePattern => Object.freeze({ regex, replacement });

/** Any non-empty value becomes `mask` (idempotent: the mask is a non-empty value that becomes itself). */
const whole = (mask: string): readonly CollectorValuePattern[] => [step('(?s)^.+$', mask)];

/** Characters that end a domain after "@" (maskEmailValue's DOMAIN_AFTER_AT), "@" included. */
const DOMAIN_STOP = `\\t\\n\\f\\r <>,;"'()\\[\\]@`;

/**
 * maskEmailValue: `***@domain` for every "@domain" (trailing dots trimmed),
 * joined by ", "; `***` when there is none.
 */
const EMAIL_STEPS: readonly CollectorValuePattern[] = [
  // Every "<anything>@domain" becomes <tag>***@domain; the domain is a run of allowed characters not ending in ".".
  step(`[^@]*@((?:[^${DOMAIN_STOP}.]|\\.+[^${DOMAIN_STOP}.])+)\\.*`, `${EMAIL_START}***@\${1}`),
  // No domain at all.
  step(`^[^${EMAIL_START}]+$`, '***'),
  // Whatever is left before the first and after each domain
  step(`^[^${EMAIL_START}]+(${EMAIL_START})`, '${1}'),
  // (a domain ends where a character of DOMAIN_STOP comes, so what follows it starts with one).
  step(`(${EMAIL_START}\\*\\*\\*@[^${EMAIL_START}${DOMAIN_STOP}]+)[${DOMAIN_STOP}][^${EMAIL_START}]*`, '${1}'),
  step(`^${EMAIL_START}`, ''),
  step(EMAIL_START, ', '),
];

const LAST_TWO_DIGITS = '([0-9])[^0-9]*([0-9])[^0-9]*$';

/**
 * maskPhoneValue: fewer than 5 digits → left to the text rules; "+" (or "00"
 * with 12+ digits) → `+<country code>*******<last 2>`; else `*******<last 2>`.
 * The country code is taken from the digits right after "+"/"00" (the source
 * side takes it from all digits; they differ only when a separator splits the
 * code itself, "+3 80 …", where this writes `+*******NN`).
 */
const PHONE_STEPS: readonly CollectorValuePattern[] = [
  step('^([^0-9]*(?:[0-9][^0-9]*){0,4})$', `${PHONE_SHORT}\${1}`),
  step(`(?s)^[${WS}]*\\+[^0-9]*(${COUNTRY_CODE}).*${LAST_TWO_DIGITS}`, `${PHONE_DONE}+\${1}${PHONE_STARS}\${2}\${3}`),
  step(`(?s)^[${WS}]*\\+.*${LAST_TWO_DIGITS}`, `${PHONE_DONE}+${PHONE_STARS}\${1}\${2}`),
  step(`^[${WS}]*00((?:[^0-9]*[0-9]){10,}[^0-9]*)$`, `${PHONE_DIAL_OUT}\${1}`),
  step(`(?s)^${PHONE_DIAL_OUT}[^0-9]*(${COUNTRY_CODE}).*${LAST_TWO_DIGITS}`, `${PHONE_DONE}+\${1}${PHONE_STARS}\${2}\${3}`),
  step(`(?s)^${PHONE_DIAL_OUT}.*${LAST_TWO_DIGITS}`, `${PHONE_DONE}+${PHONE_STARS}\${1}\${2}`),
  step(`(?s)^[^${PHONE_SHORT}${PHONE_DONE}].*${LAST_TWO_DIGITS}`, `${PHONE_DONE}${PHONE_STARS}\${1}\${2}`),
  step(`^[${PHONE_SHORT}${PHONE_DONE}]`, ''),
];

/** maskCardValue: 12+ digits → `**** **** **** <last 4>` (no Luhn check under a card key); fewer → text rules. */
const CARD_STEPS: readonly CollectorValuePattern[] = [
  step(
    // 12+ digits: 8 or more, then the last 4 captured.
    '^[^0-9]*(?:[0-9][^0-9]*){8,}([0-9])[^0-9]*([0-9])[^0-9]*([0-9])[^0-9]*([0-9])[^0-9]*$',
    '**** **** **** ${1}${2}${3}${4}',
  ),
];

/** Names: the source side's `[name:<hash>]` (and a previous `[REDACTED:name]`) stay; anything else non-empty is replaced. */
const nameSteps = (mask: string): readonly CollectorValuePattern[] => [
  step('^\\[(name:[0-9a-f]{8}|REDACTED:name)\\]$', `${NAME_KEPT}\${1}`),
  step(`(?s)^[^${NAME_KEPT}].*$`, mask),
  step(`(?s)^${NAME_KEPT}(.*)$`, '[${1}]'),
];

export function collectorValuePatterns(cls: SensitiveKeyClass, mask: string): readonly CollectorValuePattern[] {
  switch (cls) {
    case 'secret':
      return whole('[REDACTED]');
    case 'address':
      return whole('[REDACTED:address]');
    case 'email':
      return EMAIL_STEPS;
    case 'phone':
      return PHONE_STEPS;
    case 'card':
      return CARD_STEPS;
    case 'name':
      return nameSteps(mask);
  }
}
