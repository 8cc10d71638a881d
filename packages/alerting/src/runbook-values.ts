// The numbers the runbooks state are the thresholds of alerting.json: each is
// marked in the Markdown, `<!--@key:format-->10 %<!--/-->` (the comments do not
// render), and `npm run generate` writes the current value between the marks;
// test/generated-files.test.ts fails when a runbook states another number.
import { parseDuration } from '@jewelry/ops-kit';
import type { ThresholdKey, Thresholds } from './thresholds';

/** How a value reads in prose. */
export const VALUE_FORMATS = {
  /** 0.1 → `10 %` */
  percent: (v: unknown) => `${+(Number(v) * 100).toFixed(2)} %`,
  /** `10m` or seconds → `10 minutes` */
  minutes: (v: unknown) => plural(millis(v) / 60_000, 'minute'),
  /** `6h` → `6` (for "6-hour") */
  hours: (v: unknown) => String(+(millis(v) / 3_600_000).toFixed(2)),
  /** 6 → `06:00` */
  clock: (v: unknown) => `${String(v).padStart(2, '0')}:00`,
  /** seconds → nanoseconds with spaces between thousands: 1800 → `1 800 000 000 000` */
  ns: (v: unknown) =>
    BigInt(Math.round(Number(v) * 1e9))
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ' '),
  /** as it is */
  plain: (v: unknown) => String(v),
} as const;

export type ValueFormat = keyof typeof VALUE_FORMATS;

/** Seconds (a number) or a duration in the one grammar (`10m`). */
function millis(v: unknown): number {
  return typeof v === 'number' ? v * 1000 : parseDuration(String(v));
}

function plural(n: number, unit: string): string {
  const value = +n.toFixed(2);
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

const MARK = /<!--@([a-z0-9_]+)(?::([a-z]+))?-->(.*?)<!--\/-->/g;

/** The runbook with every marked value set from `t`; an unknown key or format is an error naming it. */
export function renderRunbookValues(markdown: string, t: Thresholds, file = 'runbook'): string {
  return markdown.replace(MARK, (_all, key: string, format: string | undefined) => {
    if (!(key in t)) throw new Error(`${file}: <!--@${key}--> names no threshold of alerting.json`);
    const f = (format ?? 'plain') as ValueFormat;
    if (!(f in VALUE_FORMATS))
      throw new Error(`${file}: <!--@${key}:${format}--> has an unknown format (known: ${Object.keys(VALUE_FORMATS).join(', ')})`);
    return `<!--@${key}${format ? `:${format}` : ''}-->${VALUE_FORMATS[f](t[key as ThresholdKey])}<!--/-->`;
  });
}

/** The threshold keys a runbook marks. */
export function markedKeys(markdown: string): string[] {
  return [...markdown.matchAll(MARK)].map((m) => m[1]!);
}
