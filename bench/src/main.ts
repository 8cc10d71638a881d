// `npm run bench` — builds, then runs the sections named in BENCH_SECTIONS
// (or on the command line: `npm run bench -- overhead`), prints each as a
// table with its summary and notes, and writes everything as JSON to
// reports/bench/bench-<time>.json and reports/bench/latest.json.
import { existsSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { formatSection } from './report/format-section';
import { writeReport, type BenchReport, type SectionFailure } from './report/write-report';
import type { SectionModule, SectionResult } from './section-result';

export const DEFAULT_SECTIONS = ['overhead', 'realistic', 'profile', 'pipeline', 'masking'];

/** Sections are the folders beside this file that hold a `run` module. */
export function knownSections(dir: string = __dirname): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && ['run.js', 'run.ts'].some((f) => existsSync(join(dir, e.name, f))))
    .map((e) => e.name)
    .sort();
}

export function requestedSections(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const fromArgs = argv.flatMap((a) => a.split(','));
  const list = fromArgs.length ? fromArgs : (env.BENCH_SECTIONS ?? DEFAULT_SECTIONS.join(',')).split(',');
  return list.map((s) => s.trim()).filter(Boolean);
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' | ');
}

async function runSection(name: string, known: readonly string[], dir: string): Promise<SectionResult> {
  if (!known.includes(name)) {
    throw new Error(`unknown bench section "${name}" (known: ${known.join(', ') || 'none'})`);
  }
  const mod = require(join(dir, name, 'run')) as Partial<SectionModule>;
  if (typeof mod.run !== 'function') throw new Error(`bench section "${name}" exports no run()`);
  return mod.run();
}

export interface BenchOutcome {
  report: BenchReport;
  reportPath: string;
}

/** Runs the sections one after another; a failing section is reported and the others still run. */
export async function runBench(
  sections: readonly string[],
  options: { reportDir: string; sectionDir?: string; print?: (text: string) => void },
): Promise<BenchOutcome> {
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const dir = options.sectionDir ?? __dirname;
  const known = knownSections(dir);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    sections: [],
    failures: [],
  };
  for (const name of sections) {
    try {
      const result = await runSection(name, known, dir);
      report.sections.push(result);
      print(`${formatSection(result)}\n`);
    } catch (err) {
      const failure: SectionFailure = { section: name, error: oneLine(err) };
      report.failures.push(failure);
      print(`bench: section ${name} failed: ${failure.error}\n`);
    }
  }
  report.finishedAt = new Date().toISOString();
  return { report, reportPath: writeReport(report, options.reportDir) };
}

async function main(): Promise<void> {
  const sections = requestedSections(process.argv.slice(2), process.env);
  const reportDir = process.env.BENCH_REPORT_DIR ?? resolve(__dirname, '..', '..', 'reports', 'bench');
  const { report, reportPath } = await runBench(sections, { reportDir });
  console.log(`report: ${reportPath}`);
  if (report.failures.length) {
    for (const f of report.failures) console.error(`bench: FAILED section ${f.section}: ${f.error}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`bench: ${oneLine(err)}`);
    process.exitCode = 1;
  });
}
