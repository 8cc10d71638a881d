// The overhead section of `npm run bench`: what each distribution costs the
// same Express service — throughput, latency, start-up time, memory — and
// what it exported for that cost. See bench/README.md.
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { SectionResult } from '../section-result';
import { watchMachine } from './machine-load';
import { measureRounds, measureStartups, type MeasureContext } from './measure';
import { OtlpSink } from './otlp-sink';
import { readOverheadSettings } from './settings';
import { COLUMNS, figuresFor, notesFor, rowFor, summaryFor } from './summarize';
import { resolveNodeLines } from '../node-runtimes';
import { installedVersion, ownRuntime, variantsFor } from './variants';

export async function run(): Promise<SectionResult> {
  const settings = readOverheadSettings();
  const own = ownRuntime();
  const other = resolveNodeLines(settings.nodeLines, own.line);
  const variants = variantsFor(settings.variants, other.runtimes, settings.otherLineVariants, own);
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
        missingNodeLines: other.missing,
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
