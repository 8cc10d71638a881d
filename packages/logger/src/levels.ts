/**
 * LV-1 levels, most severe first (winston's convention: lower is more severe).
 * FATAL is for what stops the service from working: the database or the
 * broker unreachable.
 */
export const levels = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;

export type LogLevel = keyof typeof levels;

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(levels, value);
}

/** `JEWELRY_LOG_LEVEL` (or `LOG_LEVEL`), else info. An unknown name falls back to info rather than failing start-up. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const wanted = (env.JEWELRY_LOG_LEVEL ?? env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (wanted === 'warning') return 'warn';
  return isLogLevel(wanted) ? wanted : 'info';
}
