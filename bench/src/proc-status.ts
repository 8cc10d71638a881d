import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** VmRSS: resident set size now, MiB. */
  rssMb: number;
  /** VmHWM: the peak resident set size since start, MiB. */
  hwmMb: number;
}

function kbField(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Memory of a running process from /proc/<pid>/status (Linux); NaN where there is no /proc. */
export function readProcessMemory(pid: number): ProcessMemory {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssMb: kbField(status, 'VmRSS'), hwmMb: kbField(status, 'VmHWM') };
  } catch {
    return { rssMb: Number.NaN, hwmMb: Number.NaN };
  }
}

/** Linux reports utime/stime in USER_HZ ticks, 100 per second on every common architecture. */
const USER_HZ = 100;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat; NaN where there is no /proc. */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}
