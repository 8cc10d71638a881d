// Durations and byte sizes as operators write them (`30s`, `10m`, `180d`;
// `1kb`, `500mb`, `1gb`), and back again for logs and for Elasticsearch.
// Sizes are binary (1kb = 1024 bytes), as Elasticsearch reads them, so
// `JEWELRY_ROLLOVER_MAX_SIZE=1gb` means what `max_primary_shard_size: 1gb` means.

import { UNIT_MS } from '../duration-units';

const DURATION_UNITS: Readonly<Record<string, number>> = UNIT_MS;

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * `30s`, `10m`, `1.5h`, `180d`, `2w`, `250ms` → milliseconds. A bare number
 * takes `bareUnit` (the `_DAYS` variables pass `d`); without one it is refused,
 * so `--schedule 60` cannot silently mean a minute or two months.
 * Returns undefined for anything else (the caller names the setting in its error).
 */
export function parseDuration(text: string, bareUnit?: keyof typeof DURATION_UNITS): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase() || bareUnit;
  const factor = unit === undefined ? undefined : DURATION_UNITS[unit];
  if (factor === undefined) return undefined;
  const ms = Math.round(Number(m[1]) * factor);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** `1gb`, `500 MB`, `1kb`, `1.5g`, `4096` (bytes) → bytes; undefined when it is not a positive size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = SIZE_UNITS[(m[2] ?? '').toLowerCase() || 'b'];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** For people: `4.5kb`, `1gb`, `227b`. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [
    ['tb', 1024 ** 4],
    ['gb', 1024 ** 3],
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))}${unit}`;
  }
  return `${bytes}b`;
}

/** For people: the largest whole unit that fits, one decimal (`180d`, `2.5h`, `30s`, `400ms`). */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(ms) >= size) return `${Number((ms / size).toFixed(1))}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}

/** Exact, for Elasticsearch (`1gb`, `1536kb`, `1000b`): the largest binary unit that divides it. */
export function esByteSize(bytes: number): string {
  for (const [unit, size] of [
    ['tb', 1024 ** 4],
    ['gb', 1024 ** 3],
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}

/** Exact, for Elasticsearch (`180d`, `90m`, `1500ms`): the largest unit that divides it (ES has no weeks). */
export function esTimeValue(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
