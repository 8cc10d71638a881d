// How long the long steps took last time on this machine (and how big a
// download was), kept in <cache dir>/timings.json: the estimates that
// progress shows the next time ("2m 10s of about 7m 12s (the last build here)").
// Best effort: a missing or broken file means no estimate, never an error.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from '../fs-utils';

export interface StepTiming {
  /** Duration in ms, or a size in bytes for downloads. */
  readonly value: number;
  /** When it was recorded (ISO). */
  readonly at: string;
}

type Timings = Record<string, StepTiming>;

function file(cacheDir: string): string {
  return join(cacheDir, 'timings.json');
}

function read(cacheDir: string): Timings {
  try {
    const parsed = JSON.parse(readFileSync(file(cacheDir), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Timings) : {};
  } catch {
    return {};
  }
}

/** The last recorded value of `key` (e.g. "collector-build"), when there is one. */
export function lastTiming(cacheDir: string, key: string): number | undefined {
  const value = read(cacheDir)[key]?.value;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

export function recordTiming(cacheDir: string, key: string, value: number): void {
  try {
    const timings = { ...read(cacheDir), [key]: { value: Math.round(value), at: new Date().toISOString() } };
    ensureDir(cacheDir);
    // Through a temporary file: a parallel reader never sees half of it.
    const tmp = `${file(cacheDir)}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(timings, null, 2)}\n`);
    renameSync(tmp, file(cacheDir));
  } catch {
    // An estimate is a nicety; a read-only cache dir must not fail a build.
  }
}
