/**
 * What the demo tells the person watching: numbered steps, and a status line
 * that updates in place on a terminal (one line per update otherwise, so a
 * log file stays readable).
 */
export class Progress {
  private readonly tty = process.stdout.isTTY === true;
  private statusShown = false;

  constructor(private readonly steps: number) {}

  step(n: number, title: string): void {
    this.endStatus();
    process.stdout.write(`\n[${n}/${this.steps}] ${title}\n`);
  }

  line(text: string): void {
    this.endStatus();
    process.stdout.write(`      ${text}\n`);
  }

  status(text: string): void {
    if (this.tty) {
      process.stdout.write(`\r\x1b[2K      ${text}`);
      this.statusShown = true;
    } else {
      process.stdout.write(`      ${text}\n`);
    }
  }

  endStatus(): void {
    if (this.statusShown) process.stdout.write('\n');
    this.statusShown = false;
  }

  get color(): boolean {
    return this.tty;
  }
}
