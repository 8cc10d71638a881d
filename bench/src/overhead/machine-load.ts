import { readFileSync } from 'node:fs';

/** Linux reports /proc times in USER_HZ ticks, 100 per second on every common architecture. */
const USER_HZ = 100;

function machineBusySeconds(): number {
  // cpu  user nice system idle iowait irq softirq steal …
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / USER_HZ;
}

function ownSeconds(): number {
  // utime stime cutime cstime: this process and the children it has reaped (the services it started).
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) / USER_HZ;
}

export interface MachineShare {
  /** CPU seconds the rest of the machine (not the bench nor its services) used meanwhile. */
  otherCpuSeconds: number;
  /** That as a share of all CPUs over the elapsed time, 0…1. */
  otherShare: number;
}

/**
 * Watches how much CPU the rest of the machine takes while the bench runs:
 * all busy CPU time (/proc/stat) minus the bench's own and its reaped
 * children's. Call the returned function at the end. Undefined without /proc.
 */
export function watchMachine(cpuCount: number): (() => MachineShare) | undefined {
  try {
    const start = { busy: machineBusySeconds(), own: ownSeconds(), at: process.hrtime.bigint() };
    return () => {
      const elapsed = Number(process.hrtime.bigint() - start.at) / 1e9;
      const other = Math.max(0, machineBusySeconds() - start.busy - (ownSeconds() - start.own));
      return { otherCpuSeconds: other, otherShare: elapsed > 0 ? other / (elapsed * cpuCount) : 0 };
    };
  } catch {
    return undefined;
  }
}
