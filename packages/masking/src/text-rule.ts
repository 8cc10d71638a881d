/**
 * One value pattern, written once and used twice: compiled with JavaScript's
 * RegExp here (source side) and shipped verbatim to the collector, whose
 * processors use Go's RE2. So `source` must be valid in both dialects: no
 * lookaround, no backreferences, no `\s` (JS and RE2 disagree on Unicode
 * spaces, so whitespace is spelled out), no `\u` escapes.
 */
export interface TextRule {
  readonly name: string;
  /** Pattern text valid in both JavaScript and RE2. */
  readonly source: string;
  /** Compiled with the `i` flag here, prefixed with `(?i)` for the collector. */
  readonly ignoreCase: boolean;
  /** Replacement in Go's template syntax (`${1}`), which is what the collector's processors expect. */
  readonly replacement: string;
  /**
   * True when applying `source`/`replacement` gives exactly what maskText gives.
   * False where the source side does more than a regex can (Luhn check, keyed hash).
   */
  readonly exact: boolean;
  readonly description: string;
}

/** Whitespace as both engines understand it (RE2's `\s` is ASCII-only, JS's is not). */
export const WS = '\\t\\n\\f\\r ';

/** `${1}` (Go) → `$1` (JS). Our templates never put a digit right after a group reference. */
export function goTemplateToJs(template: string): string {
  return template.replace(/\$\{(\d+)\}/g, '$$$1');
}
