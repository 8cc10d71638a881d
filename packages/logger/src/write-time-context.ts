import { context, type Context } from '@opentelemetry/api';
import type { Logger } from 'winston';

/** Where the OTel winston instrumentation stores the context active when a record was written. */
export const WRITE_TIME_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');

type Info = Record<string | symbol, unknown>;
type Write = (this: Logger, ...args: unknown[]) => unknown;

/**
 * The context a record was written in: winston may format a record later
 * than it was written (a corked or back-pressured stream), so the one the
 * instrumentation captured at write time wins over the one active now.
 */
export function writeTimeContext(info: Info): Context {
  return (info[WRITE_TIME_CONTEXT] as Context | undefined) ?? context.active();
}

/**
 * The original of instrumentation-winston's (0.x) patch of winston's
 * `Logger.prototype.write`, when `write` is that patch: its shimmer wrapper
 * is named `patchedWrite` and keeps the original in `__original`. Anything
 * else (no instrumentation, or another wrapper on top) gives undefined.
 */
function originalOfInstrumentationWrite(write: unknown): Write | undefined {
  if (typeof write !== 'function' || write.name !== 'patchedWrite') return undefined;
  const wrapped = write as { __wrapped?: unknown; __original?: unknown };
  return wrapped.__wrapped === true && typeof wrapped.__original === 'function' ? (wrapped.__original as Write) : undefined;
}

/**
 * Gives `logger` its own `write`, which does the half of the winston
 * instrumentation's patched write that our records need — store the active
 * context on the record — and skips the other half: for every record it read
 * the active span, validated its ids and assigned trace_id/span_id/trace_flags
 * to it (issue 16's profile: most of the log bridge's cost), which our format
 * does not write (it writes trace.id/span.id from the stored context itself,
 * trace-correlation.ts). While `ours()` is false (the logger's format was
 * replaced), or winston's write is not the instrumentation's patch (no
 * distribution, instrumentation disabled, or wrapped again by someone else),
 * the inherited write runs as before. Child loggers write through this one.
 */
export function captureContextWithoutCorrelation(logger: Logger, ours: () => boolean): void {
  const proto = Object.getPrototypeOf(logger) as { write: Write };
  // The instrumentation can be enabled or disabled later: look again whenever winston's write changes.
  let seen: Write | undefined;
  let original: Write | undefined;
  logger.write = function writeInContext(this: Logger, ...args: unknown[]): boolean {
    const inherited = proto.write;
    if (inherited !== seen) {
      seen = inherited;
      original = originalOfInstrumentationWrite(inherited);
    }
    const info = args[0];
    if (original === undefined || typeof info !== 'object' || info === null || !ours()) return inherited.apply(this, args) as boolean;
    (info as Info)[WRITE_TIME_CONTEXT] = context.active();
    return original.apply(this, args) as boolean;
  } as Logger['write'];
}
