// Failures the CLI reports as one readable line (plus an optional log excerpt),
// never as a bare stack trace.

/** Wrong command line or setting; the CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface StackErrorDetails {
  /** The component that failed, when there is one. */
  readonly component?: string;
  /** A log worth reading next. */
  readonly logPath?: string;
  /** Its last lines, already read, so the reason is visible without opening it. */
  readonly logTail?: string;
}

/** A component could not be installed, started, checked or stopped; the CLI exits with 1. */
export class StackError extends Error {
  override readonly name: string = 'StackError';
  readonly component: string | undefined;
  readonly logPath: string | undefined;
  readonly logTail: string | undefined;

  constructor(message: string, details: StackErrorDetails = {}) {
    super(message);
    this.component = details.component;
    this.logPath = details.logPath;
    this.logTail = details.logTail;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
