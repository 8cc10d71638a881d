// The realistic section of `npm run bench`: the Shop API's order path
// (JSON body, PostgreSQL insert, S3 put, RabbitMQ publish; realistic/app.ts)
// against the real stack, bare and under @jewelry/otel — the share of
// requests per second a user actually pays. See bench/README.md.
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { SectionResult } from '../section-result';
import { round } from '../stats';
import { watchMachine } from '../overhead/machine-load';
import { measureRounds, measureStartups, type MeasureContext } from '../overhead/measure';
import { OtlpSink } from '../overhead/otlp-sink';
import { idleNote, readOverheadSettings } from '../overhead/settings';
import { COLUMNS, figuresFor, rowFor, type VariantFigures } from '../overhead/summarize';
import { installedVersion, ownRuntime, variantsFor, type NodeRuntime, type Variant, type VariantKind } from '../overhead/variants';
import { resolveNodeLines } from '../node-runtimes';
import { realisticOrderJson } from './order-request';
import { ServiceStack } from './service-stack';

/** The issue-16 target: with @jewelry/otel the service answers at least this share of bare's requests per second. */
export const TARGET_RATIO = 0.9;

/**
 * BENCH_REALISTIC_VARIANTS, default bare, jewelry and jewelry-context-frame: the last runs only
 * where its flag exists (Node 22.7 to 23), so users on Node 22 see what the README's advice buys.
 */
export function realisticVariants(env: NodeJS.ProcessEnv = process.env): VariantKind[] {
  return readOverheadSettings({
    ...env,
    BENCH_VARIANTS: env.BENCH_REALISTIC_VARIANTS ?? 'bare,jewelry,jewelry-context-frame',
    BENCH_NODE_LINES: 'none',
  }).variants;
}

/** The other Node lines the order path is measured on too (BENCH_REALISTIC_NODE_LINES, default BENCH_NODE_LINES': 22,24), every variant named on each. */
export function realisticNodeLines(env: NodeJS.ProcessEnv = process.env): string[] {
  return readOverheadSettings({ ...env, BENCH_NODE_LINES: env.BENCH_REALISTIC_NODE_LINES ?? env.BENCH_NODE_LINES }).nodeLines;
}

/** Every named variant on the bench's own Node and on every other line: a peer named (datadog) is compared on each. */
export function realisticRunVariants(
  kinds: readonly VariantKind[],
  other: readonly NodeRuntime[],
  own: NodeRuntime = ownRuntime(),
): Variant[] {
  return variantsFor(kinds, other, kinds, own);
}

export function realisticSummary(
  figures: readonly VariantFigures[],
  counts: { rows: number; messages: number; objects: number },
  served: number,
): SectionResult['summary'] {
  const bare = figures.find((f) => f.variant === 'bare');
  const jewelry = figures.find((f) => f.variant === 'jewelry');
  const summary: SectionResult['summary'] = {
    bareRequestsPerSec: round(bare?.requestsPerSec ?? Number.NaN, 0),
    bareCpuUsPerRequest: round(bare?.cpuMicrosPerRequest ?? Number.NaN, 0),
  };
  for (const f of figures.filter((x) => x.kind !== 'bare')) {
    // `jewelryRatio` on the bench's own Node, `jewelryRatio@24` on another line (against bare on that line).
    const at = f.variant === f.kind ? '' : f.variant.slice(f.kind.length);
    summary[`${f.kind}Ratio${at}`] = round(f.ratio, 3);
    summary[`${f.kind}RatioPaired${at}`] = round(f.pairedRatio, 3);
    summary[`${f.kind}AddedCpuUs${at}`] = round(f.addedCpuMicrosPerRequest, 0);
    if (f.kind !== 'jewelry') continue;
    // The target judged on every line, as the overhead section's is: Node 20 is past its end of life, 22 and 24 are what users run.
    if (at) summary[`targetRealistic90${at}`] = f.ratio >= TARGET_RATIO;
    // Ours against what no tracer avoids on the line (an AsyncLocalStorage per request: promise hooks on Node 20 and 22).
    const floor = figures.find((x) => x.variant === `context-floor${at}`);
    if (floor) summary[`jewelryRatioOverFloor${at}`] = round(f.requestsPerSec / floor.requestsPerSec, 3);
  }
  summary.ordersStored = counts.rows;
  summary.objectsStored = counts.objects;
  summary.messagesQueued = counts.messages;
  // A 201 means the object was put, the row inserted and the message published; requests still in
  // flight when a run ended may have done some of it too, so the stack holds at least one of each per answer.
  summary.allWorkDone = counts.rows >= served && counts.objects >= served && counts.messages >= served;
  summary.targetRealistic90 = jewelry !== undefined && jewelry.ratio >= TARGET_RATIO;
  summary.comparisonValid = figures.every((f) => f.problems.length === 0) && summary.allWorkDone === true;
  return summary;
}

export async function run(): Promise<SectionResult> {
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const settings = { ...readOverheadSettings(), variants: realisticVariants() };
  const own = ownRuntime();
  const other = resolveNodeLines(realisticNodeLines(), own.line);
  const variants = realisticRunVariants(settings.variants, other.runtimes, own);
  const machine = watchMachine(cpus().length);
  const stack = await ServiceStack.start(progress);
  const sink = new OtlpSink();
  try {
    await sink.listen();
    const ctx: MeasureContext = {
      appPath: join(__dirname, 'app.js'),
      sink,
      settings,
      body: realisticOrderJson,
      env: stack.serviceEnv(),
      startTimeoutMs: 60_000,
      progress: (line) => progress(line.replace(/^overhead/, 'realistic')),
    };
    progress(`realistic: ${settings.starts} cold start(s) per variant`);
    const startups = await measureStartups(variants, ctx);
    const rounds = await measureRounds(variants, ctx);
    const figures = figuresFor(variants, rounds, startups);
    const counts = await stack.counts();
    // Start probes and warm-ups wrote orders too; every answered request is one order.
    const served = rounds.reduce((n, r) => n + r.load.requests + r.warmupRequests, 0) + startups.size * settings.starts;
    const share = machine?.();
    return {
      section: 'realistic',
      title: 'the Shop API order path (JSON, PostgreSQL insert, S3 put, RabbitMQ publish) against the real stack',
      columns: COLUMNS,
      rows: figures.map(rowFor),
      summary: realisticSummary(figures, counts, served),
      notes: [
        `service: bench/src/realistic/app.ts, Express 5 with the example services' code; POST /orders (${Math.round(realisticOrderJson.length / 1024)} KB JSON: contact, three lines, a 4 KB STL model in base64) validates, puts the model to S3, inserts the order into PostgreSQL, writes file.uploaded and order.created, publishes new_order to RabbitMQ (message.published) and answers 201.`,
        `stack: RabbitMQ, PostgreSQL and the S3 server of the project's stack code (already running ones are used; what this run started is stopped), with names of this run's own (table ${stack.run.table}, exchange and queues ${stack.run.amqpPrefix}.*, bucket ${stack.run.bucket}), removed afterwards. They share the machine's ${cpus().length} CPU(s) with the service, autocannon and the sink.`,
        `load: autocannon, ${settings.connections} connections, ${settings.warmupSec} s warm-up + ${idleNote(settings.idleSec)}${settings.durationSec} s measured per process, ${settings.rounds} round(s), variants interleaved; req/s and CPU us/req are medians over rounds. Telemetry goes to the bench's in-process OTLP sink, as in the overhead section, so the collector's CPU is not charged to the service.`,
        `work checked in the stack after the runs: ${counts.rows} rows, ${counts.objects} objects, ${counts.messages} messages queued for CRM, for ${served} orders answered 201 (start probes, warm-ups and measured runs; requests in flight when a run ended add a few more).`,
        `versions: @jewelry/otel ${installedVersion('@jewelry/otel')}; node v${process.versions.node}${other.runtimes.map((r) => `, v${r.version} (rows @${r.line}, each against bare on its line)`).join('')}.`,
        ...other.missing,
        ...(share
          ? [
              `other work on the machine took ${share.otherCpuSeconds.toFixed(1)} CPU-s, ${(share.otherShare * 100).toFixed(0)} % of the ${cpus().length} CPU(s) while the section ran (the stack's components count as other work here).`,
            ]
          : []),
        ...figures
          .filter((f) => f.problems.length)
          .map((f) => `${f.variant}: ${f.problems.join('; ')} — the comparison is not valid while this holds.`),
      ],
    };
  } finally {
    await sink.close();
    await stack.stop(progress);
  }
}
