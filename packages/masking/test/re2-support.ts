// What the collector-pattern tests share: the RE2 rules, the JavaScript
// reading of an RE2 pattern and replacement, and the Go (RE2) run they are
// compared with.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Constructs RE2 rejects, or that JavaScript and RE2 read differently. */
export const NOT_RE2_SAFE: ReadonlyArray<readonly [RegExp, string]> = [
  [/\(\?=/, 'lookahead'],
  [/\(\?!/, 'negative lookahead'],
  [/\(\?<[=!]/, 'lookbehind'],
  [/\(\?<[A-Za-z]/, 'JS-style named group'],
  [/\\[1-9]/, 'backreference'],
  [/\\k</, 'named backreference'],
  [/\(\?>/, 'atomic group'],
  [/[*+?}][+]/, 'possessive quantifier'],
  [/\\u/, '\\u escape (RE2 wants \\x{…})'],
  [/\\c[A-Za-z]/, 'control escape'],
  [/\\[sS]/, '\\s (Unicode in JS, ASCII in RE2)'],
  [/\[\^\]/, '[^]'],
  [/.\(\?[is]+\)/, 'flags anywhere but the start'],
];

/** A leading (?i)/(?s)/(?is) becomes JavaScript flags; the rest is the same text. */
export function compile(regex: string, global = true): RegExp {
  const m = /^\(\?([is]+)\)/.exec(regex);
  return new RegExp(m ? regex.slice(m[0].length) : regex, (global ? 'g' : '') + (m ? m[1] : ''));
}

/** Go's ${n} → JavaScript's $n; ${0} → $&. */
export const jsTemplate = (go: string): string => go.replace(/\$\{0\}/g, '$$&').replace(/\$\{(\d+)\}/g, '$$$1');

export interface Re2Step {
  regex: string;
  replacement: string;
}

export interface Re2Input {
  /** Lists of steps; each line names the list applied to it, in order. */
  lists: readonly (readonly Re2Step[])[];
  lines: readonly { list: number; value: string }[];
  /** Key patterns: each key gets the name of the first that matches, or ''. */
  keyPatterns?: readonly { name: string; regex: string }[];
  keys?: readonly string[];
}

export interface Re2Output {
  errors: string[];
  values: string[];
  keys: string[];
}

const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
/** `test` where Go is installed (it builds the collector), else `test.skip`. */
export const withGo = goVersion.status === 0 ? test : test.skip;

/** Runs re2/main.go (Go's regexp, as the collector's processors) on the input; throws with its stderr if it fails. */
export function runRe2(input: Re2Input): Re2Output {
  const run = spawnSync('go', ['run', path.join(__dirname, 're2', 'main.go')], {
    input: JSON.stringify({ keyPatterns: [], keys: [], ...input }),
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
  });
  if (run.status !== 0 || run.stderr) throw new Error(`go run re2/main.go: exit ${run.status}\n${run.stderr}`);
  return JSON.parse(run.stdout) as Re2Output;
}
