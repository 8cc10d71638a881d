// Byte sizes as operators write them (`1kb`, `500 MB`, `1.5g`, `4096`) and as
// people read them back (`4.5kb`). Binary units (1kb = 1024 bytes), as
// Elasticsearch reads them, so `JEWELRY_ROLLOVER_MAX_SIZE=1gb` means what
// `max_primary_shard_size: 1gb` means.

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
