// The one duration grammar of the project, for every setting and flag that
// takes a duration (`stuck-orders --older-than`, `report --since`,
// `retention --schedule`, JEWELRY_RETENTION_*_DAYS, JEWELRY_ROLLOVER_MAX_AGE,
// JEWELRY_PROGRESS_INTERVAL, the Prometheus and Alertmanager intervals, the
// alert thresholds' windows), and how durations are printed back.
//
// Grammar: one or more parts `<number><unit>`, the number with an optional
// fraction (`1.5h`), the unit one of ms, s, m (minutes), h, d, w; case does
// not matter, spaces around and between parts do not either (`1d12h`,
// `1d 12h`, ` 12 H `, and `8d 3h` as formatAge prints it). Refused: a bare
// number (is `7` days or seconds?) unless the setting names its unit (the
// `_DAYS` variables: `90` is 90 days), zero unless the setting allows it (an
// alert's `for`), a negative value, any other unit (`1y`, `1 day`).
import { UsageError } from './errors';

/** Milliseconds per unit. */
export const UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
} as const;

export type DurationUnit = keyof typeof UNIT_MS;

export interface DurationOptions {
  /** The unit of a bare number (`90` with `d`: 90 days); without one a bare number is refused. */
  readonly bareUnit?: DurationUnit;
  /** Accept zero (`0s`, `0m`): an alert rule's `for` may be zero; a limit or an interval may not. */
  readonly allowZero?: boolean;
}

const EXAMPLES = '30s, 45m, 24h, 7d, 2w, or 1d12h';

/** Milliseconds, or undefined when `text` does not follow the grammar (see the file header). */
export function tryParseDuration(text: string, options: DurationOptions = {}): number | undefined {
  const input = text.trim().toLowerCase();
  if (input === '') return undefined;
  if (options.bareUnit !== undefined && /^\d+(?:\.\d+)?$/.test(input)) return positive(Number(input) * UNIT_MS[options.bareUnit], options);
  const part = /\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)(?![a-z])\s*/y;
  let total = 0;
  let at = 0;
  while (at < input.length) {
    part.lastIndex = at;
    const m = part.exec(input);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2] as DurationUnit];
    at = part.lastIndex;
  }
  return positive(total, options);
}

function positive(ms: number, options: DurationOptions): number | undefined {
  if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !options.allowZero)) return undefined;
  return Math.round(ms);
}

/**
 * Milliseconds; throws a UsageError naming `what` (the flag or variable) and
 * the forms it takes, so the CLI exits 2 with a sentence.
 */
export function parseDuration(text: string, what = 'duration', options: DurationOptions = {}): number {
  const ms = tryParseDuration(text, options);
  if (ms !== undefined) return ms;
  const bare = options.bareUnit ? ` (a bare number is in ${options.bareUnit})` : '';
  if (tryParseDuration(text, { ...options, allowZero: true }) === 0) throw new UsageError(`${what}: '${text}' must be longer than zero`);
  throw new UsageError(`${what}: '${text}' is not a duration (use a number with a unit: ${EXAMPLES}${bare})`);
}

/**
 * Milliseconds → the two largest non-zero units, for people:
 * `8d 3h`, `3h 5m`, `45m 10s`, `12s`, `0s`.
 */
export function formatAge(millis: number): string {
  let rest = Math.max(0, Math.floor(millis / 1000));
  const parts: string[] = [];
  for (const [unit, seconds] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / seconds);
    rest -= n * seconds;
    if (n > 0 || (parts.length > 0 && parts.length < 2)) parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((p, i) => i === 0 || !p.startsWith('0'));
  return shown.length ? shown.join(' ') : '0s';
}

/** Milliseconds → the shortest exact duration text: 604800000 → `7d`, 5400000 → `90m`, 1500 → `1500ms`. */
export function formatDurationSetting(millis: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (millis >= UNIT_MS[unit] && millis % UNIT_MS[unit] === 0) return `${millis / UNIT_MS[unit]}${unit}`;
  }
  return `${millis}ms`;
}
