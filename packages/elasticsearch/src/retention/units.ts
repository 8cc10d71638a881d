// Durations and sizes as Elasticsearch reads them (`180d`, `1gb`), and
// durations for people in retention's messages. Parsing is the one grammar
// of @jewelry/ops-kit (durations.ts, sizes.ts).

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
