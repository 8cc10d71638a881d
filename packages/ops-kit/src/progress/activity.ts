// Long steps in progress (a build, a download, an apt-get install), so that a
// person watching sees what runs, for how long, and how far it is -- instead
// of one line and then minutes of silence.
//
// A step is started with what it does and, where one is known, an estimate
// (the last build's duration, a download's size); it may update its detail
// ("compiling", bytes so far) and ends. The board tells its listener the
// active steps on every change and once a second while any runs; how that is
// shown (a line updating in place, or a line now and then) is the
// listener's business: see status-line.ts.

export interface Activity {
  readonly id: number;
  /** What runs, e.g. "building the collector jewelry-otelcol". */
  readonly label: string;
  readonly startedAt: number;
  /** How long the step is expected to take, when known. */
  readonly estimateMs?: number;
  /** Where the estimate comes from, e.g. "the last build here". */
  readonly estimateSource?: string;
  /** The current phase or amount, e.g. "compiling", "54.1 of 101.9 MB". */
  readonly detail?: string;
  /** 0…1 when the amount of work is known (bytes of a download of known size). */
  readonly fraction?: number;
}

export interface ActivityOptions {
  estimateMs?: number | undefined;
  estimateSource?: string | undefined;
  detail?: string | undefined;
}

export interface ActivityHandle {
  update(detail: string | undefined, fraction?: number): void;
  /** Ends the step; idempotent. */
  end(): void;
}

/** Called with the running steps (oldest first) on every change, and every tick while any runs. */
export type ActivityListener = (active: readonly Activity[], now: number) => void;

/** Starts a long step; what components and builds call. */
export type StartActivity = (label: string, options?: ActivityOptions) => ActivityHandle;

export class ActivityBoard {
  private readonly active = new Map<number, Activity>();
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly listener: ActivityListener,
    private readonly tickMs = 1000,
  ) {}

  readonly start: StartActivity = (label, options = {}) => {
    const id = this.nextId++;
    this.active.set(id, {
      id,
      label,
      startedAt: Date.now(),
      ...(options.estimateMs !== undefined && options.estimateMs > 0 ? { estimateMs: options.estimateMs } : {}),
      ...(options.estimateSource ? { estimateSource: options.estimateSource } : {}),
      ...(options.detail ? { detail: options.detail } : {}),
    });
    this.changed();
    return {
      update: (detail, fraction) => {
        const current = this.active.get(id);
        if (!current) return;
        const { detail: _d, fraction: _f, ...rest } = current;
        this.active.set(id, { ...rest, ...(detail ? { detail } : {}), ...(fraction !== undefined ? { fraction } : {}) });
        this.changed();
      },
      end: () => {
        if (this.active.delete(id)) this.changed();
      },
    };
  };

  /** The running steps, oldest first. */
  list(): Activity[] {
    return [...this.active.values()];
  }

  private changed(): void {
    this.listener(this.list(), Date.now());
    if (this.active.size > 0 && !this.timer) {
      this.timer = setInterval(() => this.listener(this.list(), Date.now()), this.tickMs);
      // A tick never keeps the process alive on its own.
      this.timer.unref();
    } else if (this.active.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** A step nobody watches. */
export const NO_ACTIVITY: StartActivity = () => ({ update: () => undefined, end: () => undefined });

/** Runs `fn` as a step: started before, ended after, also when it throws. */
export async function asActivity<T>(
  start: StartActivity,
  label: string,
  options: ActivityOptions,
  fn: (step: ActivityHandle) => Promise<T>,
): Promise<T> {
  const step = start(label, options);
  try {
    return await fn(step);
  } finally {
    step.end();
  }
}
