// `retention --schedule <interval>`: run at start, then every interval
// (measured from the start of the previous run; a run longer than the
// interval is followed at once by the next), until the signal is aborted.
// A stop never interrupts a run: the current one finishes, then the loop ends.

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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
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
    await sleep(wait, options.signal);
  }
  return runs;
}
