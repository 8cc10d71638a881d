// The masking section of `npm run bench` (issue 12): what the collector's
// masking costs. Collector CPU-seconds per 10 000 log records with masking on
// and off, in the same run, for records like our logger writes (already
// masked, nothing personal) and for records full of personal data, and the
// records per second that reach Elasticsearch. See bench/README.md.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { countUnique, EsClient } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { watchMachine } from '../overhead/machine-load';
import { BenchStack } from '../pipeline/bench-stack';
import { waitForCount } from '../pipeline/wait-for-count';
import { readCpuSeconds } from '../proc-status';
import type { SectionResult } from '../section-result';
import { median } from '../stats';
import { isMaskingProcessor, logsPipelineProcessors, logsProcessorsOverlay, sendAll, startCollector } from './collector-process';
import { requests, type RecordShape } from './records';
import { maskingSettings, type MaskingSettings } from './settings';

const REPO = join(__dirname, '..', '..', '..');
const INDEX = writeAlias('mes-api', 'logs');
const FIELD = 'order.id';
const WARMUP_RECORDS = 1000;

type Masking = 'on' | 'off';

interface Measured {
  round: number;
  shape: RecordShape;
  masking: Masking;
  records: number;
  stored: number;
  seconds: number;
  collectorCpuSeconds: number;
  /** Share of all CPUs the rest of the machine used meanwhile (not the bench, its collector or Elasticsearch). */
  otherShare: number;
  load1: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

async function measure(
  settings: MaskingSettings,
  es: EsClient,
  esPid: number,
  round: number,
  shape: RecordShape,
  masking: Masking,
  overlay: string,
): Promise<Measured> {
  const collector = await startCollector(settings.configFile, overlay, es.url);
  try {
    // Warm-up, unmeasured: the exporter's first bulk requests, the index's first writes.
    const warm = `MW${round}-${randomUUID().slice(0, 8)}`;
    await sendAll(collector.otlpEndpoint, requests(shape, warm, WARMUP_RECORDS, settings.batch), settings.concurrency);
    await waitForCount(es, INDEX, FIELD, `${warm}-`, WARMUP_RECORDS, settings.timeoutMillis);

    const run = `M${round}${shape.slice(0, 1)}${masking}-${randomUUID().slice(0, 8)}`;
    const bodies = requests(shape, run, settings.records, settings.batch);
    const machine = watchMachine(cpus().length);
    // Elasticsearch's own CPU is the bench's work too, when it is the bench's node (not BENCH_ES_URL's).
    const esSeconds = (): number => (esPid ? readCpuSeconds(esPid) : 0);
    const esCpu = esSeconds();
    const cpu = readCpuSeconds(collector.pid);
    const started = Date.now();
    await sendAll(collector.otlpEndpoint, bodies, settings.concurrency);
    const count = await waitForCount(es, INDEX, FIELD, `${run}-`, settings.records, settings.timeoutMillis);
    const seconds = (Date.now() - started) / 1000;
    const collectorCpuSeconds = readCpuSeconds(collector.pid) - cpu;
    const share = machine?.();
    // The bench's own process is excluded by watchMachine; the collector and Elasticsearch are its work too.
    const elapsedAll = seconds * cpus().length;
    const otherShare = share ? Math.max(0, share.otherCpuSeconds - collectorCpuSeconds - (esSeconds() - esCpu)) / elapsedAll : Number.NaN;
    if (count < settings.records)
      throw new Error(
        `only ${count} of ${settings.records} records reached Elasticsearch (${shape}, masking ${masking})\n${collector.log().slice(-2000)}`,
      );
    const stored = await countUnique(es, INDEX, FIELD, `${run}-`);
    return {
      round,
      shape,
      masking,
      records: settings.records,
      stored: stored.unique,
      seconds,
      collectorCpuSeconds,
      otherShare,
      load1: loadavg()[0]!,
    };
  } finally {
    await collector.stop();
  }
}

export async function run(): Promise<SectionResult> {
  const settings = maskingSettings();
  const config = readFileSync(settings.configFile, 'utf8');
  const product = logsPipelineProcessors(config);
  const withoutMasking = product.filter((p) => !isMaskingProcessor(p));
  if (withoutMasking.length === product.length)
    throw new Error(`${settings.configFile}: the logs pipeline has no masking processor (${product.join(', ')})`);
  const overlays: Record<Masking, string> = { on: logsProcessorsOverlay(product), off: logsProcessorsOverlay(withoutMasking) };

  const stack = settings.esUrl ? undefined : await BenchStack.start(REPO, ['elasticsearch']);
  try {
    const es = stack?.es ?? new EsClient({ url: settings.esUrl!, timeoutMs: 120_000 });
    const esPid = stack ? (await stack.pids()).elasticsearch : 0;
    const results: Measured[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      for (const shape of settings.shapes) {
        // On and off in turn, the order swapped every round, so that drift of the machine spreads evenly.
        const order: Masking[] = round % 2 ? ['on', 'off'] : ['off', 'on'];
        for (const masking of order) {
          process.stderr.write(`bench: masking round ${round}/${settings.rounds}: ${shape} records, masking ${masking}\n`);
          results.push(await measure(settings, es, esPid, round, shape, masking, overlays[masking]));
        }
      }
    }

    const per10k = (r: Measured) => (r.collectorCpuSeconds / r.records) * 10_000;
    const of = (shape: RecordShape, masking: Masking) => results.filter((r) => r.shape === shape && r.masking === masking);
    // Per round, masking on ÷ off of the same round; the median of those ratios.
    const addedShare = (shape: RecordShape): number =>
      median(
        [...new Set(results.map((r) => r.round))].flatMap((round) => {
          const on = of(shape, 'on').find((r) => r.round === round);
          const off = of(shape, 'off').find((r) => r.round === round);
          return on && off ? [per10k(on) / per10k(off) - 1] : [];
        }),
      );
    const summary: Record<string, number | boolean | string> = { config: settings.configFile.replace(`${REPO}/`, '') };
    for (const shape of settings.shapes) {
      summary[`${shape}CpuPer10kOn`] = round3(median(of(shape, 'on').map(per10k)));
      summary[`${shape}CpuPer10kOff`] = round3(median(of(shape, 'off').map(per10k)));
      summary[`${shape}MaskingAddedPct`] = Math.round(addedShare(shape) * 100);
      summary[`${shape}PerSecondOn`] = Math.round(median(of(shape, 'on').map((r) => r.stored / r.seconds)));
      summary[`${shape}PerSecondOff`] = Math.round(median(of(shape, 'off').map((r) => r.stored / r.seconds)));
    }
    // Judged on the reported (whole) percentage, so the table and the verdict never disagree.
    if (settings.shapes.includes('logger')) summary.targetLoggerMaskingAtMost20Pct = Math.round(addedShare('logger') * 100) <= 20;
    summary.lost = results.reduce((n, r) => n + (r.records - r.stored), 0);
    summary.machineOtherShareMedian = round2(median(results.map((r) => r.otherShare)));
    summary.load1Median = round2(median(results.map((r) => r.load1)));

    return {
      section: 'masking',
      title: `Collector masking: CPU per 10 000 log records, masking on and off (${settings.records} records a run, ${settings.rounds} rounds)`,
      columns: ['round', 'records', 'masking', 'stored', 'seconds', 'records/s', 'collector cpu s/10k', 'other load', 'load1'],
      rows: results.map((r) => ({
        round: r.round,
        records: r.shape === 'logger' ? 'like the logger writes' : 'full of personal data',
        masking: r.masking,
        stored: r.stored,
        seconds: round1(r.seconds),
        'records/s': Math.round(r.stored / r.seconds),
        'collector cpu s/10k': round3(per10k(r)),
        'other load': Number.isNaN(r.otherShare) ? '-' : `${Math.round(r.otherShare * 100)} %`,
        load1: round2(r.load1),
      })),
      summary,
      notes: [
        `Config: ${settings.configFile}; "off" is the same config with the logs pipeline's masking processors (${product.filter(isMaskingProcessor).join(', ')}) taken out: [${withoutMasking.join(', ')}].`,
        `Records go as OTLP/protobuf, ${settings.batch} a request, ${settings.concurrency} requests in flight, to a collector started afresh for each run (after ${WARMUP_RECORDS} records of warm-up), into Elasticsearch; a run ends when _count reaches the number sent. Collector CPU is user + system time of its process over that span (/proc/<pid>/stat), so it includes the receiver, the other processors and the Elasticsearch exporter: the whole cost of a record.`,
        '"like the logger writes": the fields of a business event (ids, times, amounts) and a message, already masked at the source; "full of personal data": every record carries e-mails, phones, a card, a JWT, secrets in a query, a name and an address.',
        'MaskingAddedPct: per round, collector CPU per record with masking ÷ without − 1; the median over rounds. The target (issue 12): at most 20 % for records like the logger writes.',
        'other load: CPU share of the whole machine used by other processes during the run (not the bench, its collector or Elasticsearch); the machine is shared, so compare on and off of the same round.',
        'config.metrics.yaml (the derived-metrics pipelines) is not loaded: the logs pipeline alone, so masking is measured against the smallest cost per record.',
      ],
    };
  } finally {
    await stack?.stop();
  }
}
