// `retention --schedule <interval>`: run at start, then every interval
// (measured from the start of the previous run; a run longer than the
// interval is followed at once by the next), until the signal is aborted.
// A stop never interrupts a run: the current one finishes, then the loop ends.
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScheduleOptions {
  readonly intervalMs: number;
  /** Abort to stop (the CLI aborts on SIGTERM / SIGINT). */
  readonly signal: AbortSignal;
  /** One run; its number counts from 1. A rejection is passed to onError and the schedule goes on. */
  readonly run: (n: number) => Promise<void>;
  readonly onError?: (err: unknown, n: number) => void;
  /** Called before each wait with the time of the next run. */
  readonly onWait?: (next: Date) => void;
}

/** Waits `ms`, or less when the schedule is stopped: an abort ends the wait, not the run. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    if (!(err instanceof Error && err.name === 'AbortError')) throw err;
  }
}

/** Resolves with the number of runs once stopped. */
export async function runOnSchedule(options: ScheduleOptions): Promise<number> {
  let runs = 0;
  while (!options.signal.aborted) {
    const started = Date.now();
    runs += 1;
    try {
      await options.run(runs);
    } catch (err) {
      options.onError?.(err, runs);
    }
    if (options.signal.aborted) break;
    const wait = Math.max(0, started + options.intervalMs - Date.now());
    options.onWait?.(new Date(Date.now() + wait));
    await pause(wait, options.signal);
  }
  return runs;
}
