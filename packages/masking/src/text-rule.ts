/**
 * A pattern written once and compiled twice: with JavaScript's RegExp here
 * (flags `gu`, plus `i`) and with Go's regexp in the collector's masking
 * processor (generated into rules_gen.go by scripts/generate-go-rules.js).
 * So `source` must be valid and mean the same in both dialects: no
 * lookaround, no backreferences, no `\s`, `\d`, `\w` (whitespace and classes
 * are spelled out), no `\u` escapes (characters are written literally), no
 * pattern that can match the empty string. Both engines are leftmost-first,
 * so they find the same matches.
 */
export interface TextPattern {
  readonly name: string;
  readonly source: string;
  readonly ignoreCase: boolean;
}

/** Whitespace as both engines understand it. */
export const WS = '\\t\\n\\f\\r ';

/** Separators inside a number (cards, phones, accounts): space, dash, dot and the no-break spaces. */
export const NUMBER_SEPARATORS = ' .\u00a0\u2007\u2009\u202f-';

export function compilePattern(p: TextPattern): RegExp {
  return new RegExp(p.source, p.ignoreCase ? 'giu' : 'gu');
}

/**
 * Replaces every match of `re` (global) by what `replace` returns for it;
 * `undefined` keeps the match as it was. The same loop as the Go engine's
 * replaceAll, so both skip and rewrite the same spans.
 */
export function replaceMatches(text: string, re: RegExp, replace: (m: RegExpExecArray) => string | undefined): string {
  re.lastIndex = 0;
  let out = '';
  let written = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const next = replace(m);
    if (next === undefined) continue;
    out += text.slice(written, m.index) + next;
    written = m.index + m[0].length;
  }
  re.lastIndex = 0;
  return written === 0 ? text : out + text.slice(written);
}

/** `$1`-free templates: the parts of a replacement, groups by number (unmatched groups are ''). */
export function group(m: RegExpExecArray, n: number): string {
  return m[n] ?? '';
}
