// The overhead section of `npm run bench`: what each distribution costs the
// same Express service — throughput, latency, start-up time, memory — and
// what it exported for that cost. See bench/README.md.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { SectionResult } from '../section-result';
import { watchMachine } from './machine-load';
import { measureRounds, measureStartups, type MeasureContext } from './measure';
import { OtlpSink } from './otlp-sink';
import { readOverheadSettings } from './settings';
import { COLUMNS, figuresFor, notesFor, rowFor, summaryFor } from './summarize';
import { resolveNodeLines } from '../node-runtimes';
import { installedVersion, OTEL3_PRELOAD, ownRuntime, variantsFor } from './variants';

export async function run(): Promise<SectionResult> {
  const settings = readOverheadSettings();
  const own = ownRuntime();
  const other = resolveNodeLines(settings.nodeLines, own.line);
  const otel3Built = existsSync(OTEL3_PRELOAD);
  const variants = variantsFor(settings.variants, other.runtimes, settings.otherLineVariants, own).filter(
    (v) => v.kind !== 'jewelry-otel3' || otel3Built,
  );
  const otel3Note = otel3Built
    ? `jewelry-otel3: the same @jewelry/otel source bundled against OpenTelemetry JS 3.x (${readFileSync(join(OTEL3_PRELOAD, '..', 'versions.json'), 'utf8')}) by bench/otel3/build.mjs, on Node ≥ 22.15 only; no code cache (start-up is not what it compares).`
    : 'jewelry-otel3 not measured: bench/otel3/build.mjs has not been run (npm run bench runs it).';
  const machine = watchMachine(cpus().length);
  const sink = new OtlpSink();
  await sink.listen();
  try {
    const ctx: MeasureContext = {
      appPath: join(__dirname, 'app.js'),
      sink,
      settings,
      progress: (line) => process.stderr.write(`${line}\n`),
    };
    ctx.progress?.(`overhead: ${settings.starts} cold start(s) per variant`);
    const startups = await measureStartups(variants, ctx);
    const rounds = await measureRounds(variants, ctx);
    const figures = figuresFor(variants, rounds, startups);
    const stderrByVariant = new Map<string, string>();
    for (const r of rounds) if (!stderrByVariant.has(r.variant)) stderrByVariant.set(r.variant, r.stderrTail);
    return {
      section: 'overhead',
      title: 'cost of each tracer to one Express endpoint (POST /orders, one typed log event)',
      columns: COLUMNS,
      rows: figures.map(rowFor),
      summary: summaryFor(figures),
      notes: notesFor({
        settings,
        nodeVersions: [own, ...other.runtimes].map((n) => `v${n.version}`),
        missingNodeLines: [
          ...other.missing,
          ...(settings.otherLineVariants.includes('jewelry-otel3') && other.runtimes.length ? [otel3Note] : []),
        ],
        cpus: cpus().length,
        versions: {
          '@jewelry/otel': installedVersion('@jewelry/otel'),
          '@opentelemetry/auto-instrumentations-node': installedVersion('@opentelemetry/auto-instrumentations-node'),
          '@elastic/opentelemetry-node': installedVersion('@elastic/opentelemetry-node'),
          'dd-trace': installedVersion('dd-trace'),
        },
        figures,
        stderrByVariant,
        sinkOther: sink.other,
        sinkMalformed: sink.malformed,
        machine: machine?.(),
      }),
    };
  } finally {
    await sink.close();
  }
}
