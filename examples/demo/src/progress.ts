import { StatusLine, type Activity } from '@jewelry/cli';

/**
 * What the demo tells the person watching: numbered steps, and a status line
 * that updates in place on a terminal (one line per update otherwise, so a
 * log file stays readable; long steps such as builds and downloads then
 * print a line when they start and every 30 s).
 */
export class Progress {
  private readonly tty = process.stdout.isTTY === true;
  private readonly statusLine = new StatusLine({
    write: (text) => process.stdout.write(text),
    tty: this.tty,
    prefix: '      ',
    columns: () => process.stdout.columns,
  });

  constructor(private readonly steps: number) {}

  step(n: number, title: string): void {
    this.endStatus();
    process.stdout.write(`\n[${n}/${this.steps}] ${title}\n`);
  }

  line(text: string): void {
    this.statusLine.line(text);
  }

  status(text: string): void {
    this.statusLine.status(text);
  }

  /** The long steps of `stack up` running now (builds, downloads, installs). */
  activities(active: readonly Activity[], now: number): void {
    this.statusLine.activities(active, now);
  }

  /** The last status stays on screen as a line. */
  endStatus(): void {
    this.statusLine.clear(true);
  }

  get color(): boolean {
    return this.tty;
  }
}
