// How long steps are shown: on a terminal, one line that updates in place
// (every second: elapsed time, estimate, amount); elsewhere (CI, a log file)
// a line when a step starts and then one every `periodMs`, so a log shows the
// work going on without a line a second.
import { formatAge, parseDuration } from '../durations';
import { formatBytes } from '../sizes';
import type { Activity } from './activity';

/** "building the collector: compiling, 2m 10s of about 7m 12s (the last build here)". */
export function describeActivity(a: Activity, now: number): string {
  const elapsed = now - a.startedAt;
  const parts: string[] = [];
  if (a.detail) parts.push(a.detail);
  if (a.fraction !== undefined) parts.push(`${Math.floor(Math.min(1, a.fraction) * 100)} %`);
  let time = formatAge(elapsed);
  if (a.estimateMs !== undefined) {
    time +=
      elapsed <= a.estimateMs
        ? ` of about ${formatAge(a.estimateMs)}${a.estimateSource ? ` (${a.estimateSource})` : ''}`
        : ` (longer than the ${formatAge(a.estimateMs)} of ${a.estimateSource ?? 'the estimate'})`;
  }
  parts.push(time);
  return `${a.label}: ${parts.join(', ')}`;
}

/** "54.1mb of 101.9mb" (or "54.1mb" when the total is unknown). */
export function describeAmount(done: number, total?: number): string {
  return total ? `${formatBytes(done)} of ${formatBytes(total)}` : formatBytes(done);
}

/** JEWELRY_PROGRESS_INTERVAL (`30s`, `1m`): how often a running step is printed again where there is no terminal. */
export function progressIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.JEWELRY_PROGRESS_INTERVAL?.trim();
  return text ? parseDuration(text, 'JEWELRY_PROGRESS_INTERVAL') : 30_000;
}

export interface StatusLineOptions {
  /** Where text goes (process.stderr.write, process.stdout.write). */
  write: (text: string) => void;
  /** A terminal: update in place. */
  tty: boolean;
  /** Before every line, e.g. "jewelry-otel: " or an indent. */
  prefix?: string;
  /** Not a terminal: how often the running steps are printed again (default: progressIntervalMs()). */
  periodMs?: number;
  /** Terminal width; longer status lines are cut. */
  columns?: () => number | undefined;
}

export class StatusLine {
  private shown = false;
  private lastPrinted = 0;
  private printedIds = '';
  private readonly prefix: string;
  private readonly periodMs: number;

  constructor(private readonly options: StatusLineOptions) {
    this.prefix = options.prefix ?? '';
    this.periodMs = options.periodMs ?? progressIntervalMs();
  }

  /** A line that stays (a component is up, a one-off message). */
  line(text: string): void {
    this.clear();
    this.options.write(`${this.prefix}${text}\n`);
  }

  /** A text that the next status replaces (on a terminal; printed as a line elsewhere). */
  status(text: string): void {
    if (!this.options.tty) {
      this.options.write(`${this.prefix}${text}\n`);
      return;
    }
    const columns = this.options.columns?.() ?? 0;
    let shown = `${this.prefix}${text}`;
    if (columns > 10 && shown.length >= columns) shown = `${shown.slice(0, columns - 2)}…`;
    this.options.write(`\r\x1b[2K${shown}`);
    this.shown = true;
  }

  /** The running steps, as the activity board reports them. */
  activities(active: readonly Activity[], now: number = Date.now()): void {
    if (active.length === 0) {
      this.clear();
      this.printedIds = '';
      return;
    }
    const text = active.map((a) => describeActivity(a, now)).join(' · ');
    if (this.options.tty) {
      this.status(text);
      return;
    }
    // Not a terminal: when the set of steps changes (one started), and then every period.
    const ids = active.map((a) => a.id).join(',');
    const started = active.some((a) => !this.printedIds.split(',').includes(String(a.id)));
    if (started || now - this.lastPrinted >= this.periodMs) {
      this.options.write(`${this.prefix}${started ? '' : 'still running: '}${text}\n`);
      this.lastPrinted = now;
    }
    this.printedIds = ids;
  }

  /** Ends an in-place status so that what follows starts on its own line: erased, or kept as a line. */
  clear(keep = false): void {
    if (this.shown) this.options.write(keep ? '\n' : '\r\x1b[2K');
    this.shown = false;
  }
}
