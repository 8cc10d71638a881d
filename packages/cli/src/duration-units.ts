/**
 * Milliseconds per duration unit, the one table behind both duration
 * grammars of the CLI: stuck-orders/report (compound, `1d12h`) and the
 * retention settings (one unit, bare numbers in the setting's unit).
 */
export const UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
} as const;
