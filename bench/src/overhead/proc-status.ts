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
