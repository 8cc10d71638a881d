import { readCpuSeconds } from '../proc-status';

/** CPU seconds each named process used between start() and stop(). */
export class CpuMeter {
  private readonly before = new Map<string, number>();

  constructor(private readonly pids: Record<string, number>) {}

  start(): this {
    for (const [name, pid] of Object.entries(this.pids)) this.before.set(name, readCpuSeconds(pid));
    return this;
  }

  stop(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [name, readCpuSeconds(pid) - (this.before.get(name) ?? Number.NaN)]),
    );
  }
}
