import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SectionResult } from '../section-result';

export interface SectionFailure {
  section: string;
  error: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  node: string;
  platform: string;
  cpus: number;
  sections: SectionResult[];
  failures: SectionFailure[];
}

/**
 * Writes the report as `bench-<ISO time>.json` and `latest.json` in `dir`
 * (the ISO time with `:` and `.` made file-name safe). Returns the path of
 * the timestamped file.
 */
export function writeReport(report: BenchReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(dir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}
