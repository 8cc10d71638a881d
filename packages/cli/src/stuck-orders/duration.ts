// Durations as operators type them (`30s`, `45m`, `24h`, `7d`, `2w`, `1d12h`)
// and as the CLI prints them back (`8d 3h`, `45m 10s`). Used by
// `stuck-orders --older-than/--interval` and `report --since`.
import { UNIT_MS } from '../duration-units';
import { UsageError } from '../errors';

type Unit = keyof typeof UNIT_MS;

/**
 * `30s`, `45m`, `7d`, `1d12h`, `1.5h`, `500ms` → milliseconds. Units: ms, s,
 * m (minutes), h, d, w. A bare number is refused (is `7` days or seconds?),
 * and so is zero or a negative value. Throws UsageError (the CLI exits 2).
 */
export function parseDuration(text: string, what = 'duration'): number {
  const input = text.trim().toLowerCase();
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;
  let total = 0;
  let at = 0;
  while (at < input.length) {
    part.lastIndex = at;
    const m = part.exec(input);
    if (!m) break;
    total += Number(m[1]) * UNIT_MS[m[2] as Unit];
    at = part.lastIndex;
  }
  if (input === '' || at !== input.length) {
    throw new UsageError(`${what}: '${text}' is not a duration (use a number with a unit: 30s, 45m, 24h, 7d, 2w, or 1d12h)`);
  }
  if (!(total > 0) || !Number.isFinite(total)) throw new UsageError(`${what}: '${text}' must be longer than zero`);
  return Math.round(total);
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
