import type { SectionResult } from '../section-result';
import { STOP_GRACE_MS, type RoundResult } from './measure';
import type { MachineShare } from './machine-load';
import type { SinkTally } from './otlp-sink';
import { idleNote, type OverheadSettings } from './settings';
import { median, round } from '../stats';
import { PEERS, type Variant, type VariantKind } from './variants';

/** Each request writes one log event; below this share of records per served request a variant is losing them. */
export const MIN_LOGS_PER_REQUEST = 0.95;

export const COLUMNS = [
  'variant',
  'req/s',
  'x bare',
  'p50 ms',
  'p99 ms',
  'failed',
  'CPU us/req',
  '+CPU us/req',
  'start ms',
  '+start ms',
  'RSS MB',
  'HWM MB',
  'span exp',
  'span KB',
  'spans/req',
  'log exp',
  'log KB',
  'logs/req',
  'metric exp',
  'tel B/req',
  'check',
];

export interface VariantFigures {
  variant: string;
  kind: VariantKind;
  /** Node line it ran on ("20"). */
  nodeLine: string;
  requestsPerSec: number;
  ratio: number;
  /** The median over rounds of req/s against bare's in the same round on the same line: the ratio with the drift between rounds taken out (see addedCpuByRound). */
  pairedRatio: number;
  p50Ms: number;
  p99Ms: number;
  /** non-2xx answers plus errors and timeouts, over all measured runs. */
  failed: number;
  /** CPU time of the service process per request in a measured run, µs (median over rounds): much less sensitive than req/s to what else the machine runs. */
  cpuMicrosPerRequest: number;
  /** That minus bare's on the same Node line: what the variant adds to each request. */
  addedCpuMicrosPerRequest: number;
  /**
   * Per round (by round number), CPU per request minus bare's in the same
   * round on the same line: the machine's speed drifts between rounds, and a
   * ratio of two variants' added CPU taken round by round cancels that drift
   * where a ratio of medians does not.
   */
  addedCpuByRound: ReadonlyMap<number, number>;
  startupMs: number;
  startupAddedMs: number;
  rssMb: number;
  hwmMb: number;
  telemetry: SinkTally;
  /** Telemetry bytes (all signals) per request the process served. */
  telemetryBytesPerRequest: number;
  spansPerRequest: number;
  logsPerRequest: number;
  problems: string[];
}

function sumTallies(tallies: readonly SinkTally[]): SinkTally {
  const total: SinkTally = {
    traces: { requests: 0, bytes: 0, items: 0 },
    logs: { requests: 0, bytes: 0, items: 0 },
    metrics: { requests: 0, bytes: 0, items: 0 },
  };
  for (const t of tallies) {
    for (const s of ['traces', 'logs', 'metrics'] as const) {
      total[s].requests += t[s].requests;
      total[s].bytes += t[s].bytes;
      total[s].items += t[s].items;
    }
  }
  return total;
}

/** µs of CPU per answered request in one round. */
function cpuPerRequest(r: RoundResult): number {
  return r.load.requests > 0 ? (r.cpuSeconds * 1e6) / r.load.requests : Number.NaN;
}

/**
 * Per variant: medians over rounds (throughput, latency, CPU per request, RSS),
 * the peak HWM, sums of failures and telemetry, the median start. Ratios and
 * added costs are against bare on the same Node line.
 */
export function figuresFor(
  variants: readonly Variant[],
  rounds: readonly RoundResult[],
  startups: ReadonlyMap<string, number[]>,
): VariantFigures[] {
  const bareOf = (v: Variant) => variants.find((b) => b.kind === 'bare' && b.node.execPath === v.node.execPath);
  const of = (name: string | undefined) => rounds.filter((r) => r.variant === name);
  return variants.map((v) => {
    const bare = bareOf(v);
    const bareRps = median(of(bare?.name).map((r) => r.load.requestsPerSec));
    const bareCpu = median(of(bare?.name).map(cpuPerRequest));
    const bareStart = median(startups.get(bare?.name ?? '') ?? []);
    const mine = of(v.name);
    const bareRounds = new Map(of(bare?.name).map((r) => [r.round, r]));
    const addedCpuByRound = new Map<number, number>();
    const ratioByRound: number[] = [];
    for (const r of mine) {
      const b = bareRounds.get(r.round);
      if (b === undefined) continue;
      addedCpuByRound.set(r.round, cpuPerRequest(r) - cpuPerRequest(b));
      ratioByRound.push(r.load.requestsPerSec / b.load.requestsPerSec);
    }
    const rps = median(mine.map((r) => r.load.requestsPerSec));
    const cpu = median(mine.map(cpuPerRequest));
    const telemetry = sumTallies(mine.map((r) => r.telemetry));
    const served = mine.reduce((n, r) => n + r.load.requests + r.warmupRequests, 0);
    const telemetryBytes = telemetry.traces.bytes + telemetry.logs.bytes + telemetry.metrics.bytes;
    const failed = mine.reduce((n, r) => n + r.load.non2xx + r.load.errors, 0);
    const startupMs = median(startups.get(v.name) ?? []);
    const per = (n: number): number => (served > 0 ? n / served : 0);
    const problems: string[] = [];
    if (failed > 0) problems.push(`${failed} FAILED REQUESTS`);
    if (v.kind === 'bare') {
      if (telemetry.traces.requests + telemetry.logs.requests + telemetry.metrics.requests > 0) problems.push('bare EXPORTED TELEMETRY');
    } else {
      if (v.exportsSpans === false) {
        if (telemetry.traces.items > 0) problems.push('INVALID: SPANS EXPORTED BY A VARIANT WITHOUT SPANS');
      } else if (telemetry.traces.items === 0) problems.push('INVALID: NO SPANS EXPORTED');
      if (!v.exportsLogs) {
        // dd-trace correlates the JSON lines (dd.trace_id) but ships no log records: nothing to check.
      } else if (telemetry.logs.items === 0) problems.push('INVALID: NO LOGS EXPORTED');
      // Every request writes one event: fewer records than requests means the variant dropped some (less work, not less cost).
      else if (per(telemetry.logs.items) < MIN_LOGS_PER_REQUEST)
        problems.push(`LOST LOG RECORDS (${per(telemetry.logs.items).toFixed(2)}/req)`);
    }
    if (!bare) problems.push(`NO bare ON NODE ${v.node.line} TO COMPARE WITH`);
    return {
      variant: v.name,
      kind: v.kind,
      nodeLine: v.node.line,
      requestsPerSec: rps,
      ratio: rps / bareRps,
      pairedRatio: ratioByRound.length ? median(ratioByRound) : Number.NaN,
      p50Ms: median(mine.map((r) => r.load.p50Ms)),
      p99Ms: median(mine.map((r) => r.load.p99Ms)),
      failed,
      cpuMicrosPerRequest: cpu,
      addedCpuMicrosPerRequest: cpu - bareCpu,
      addedCpuByRound,
      startupMs,
      startupAddedMs: startupMs - bareStart,
      rssMb: median(mine.map((r) => r.memory.rssMb)),
      hwmMb: Math.max(...mine.map((r) => r.memory.hwmMb)),
      telemetry,
      telemetryBytesPerRequest: per(telemetryBytes),
      spansPerRequest: per(telemetry.traces.items),
      logsPerRequest: per(telemetry.logs.items),
      problems,
    };
  });
}

export function rowFor(f: VariantFigures): Record<string, string | number> {
  return {
    variant: f.variant,
    'req/s': round(f.requestsPerSec, 0),
    'x bare': round(f.ratio, 3),
    'p50 ms': round(f.p50Ms, 2),
    'p99 ms': round(f.p99Ms, 2),
    failed: f.failed,
    'CPU us/req': round(f.cpuMicrosPerRequest, 0),
    '+CPU us/req': round(f.addedCpuMicrosPerRequest, 0),
    'start ms': round(f.startupMs, 0),
    '+start ms': round(f.startupAddedMs, 0),
    'RSS MB': round(f.rssMb, 1),
    'HWM MB': round(f.hwmMb, 1),
    'span exp': f.telemetry.traces.requests,
    'span KB': round(f.telemetry.traces.bytes / 1024, 0),
    'spans/req': round(f.spansPerRequest, 2),
    'log exp': f.telemetry.logs.requests,
    'log KB': round(f.telemetry.logs.bytes / 1024, 0),
    'logs/req': round(f.logsPerRequest, 2),
    'metric exp': f.telemetry.metrics.requests,
    'tel B/req': round(f.telemetryBytesPerRequest, 0),
    check: f.problems.length ? f.problems.join('; ') : 'ok',
  };
}

/** The peers among `figures`, least added CPU first. */
function peersOf(figures: readonly VariantFigures[]): VariantFigures[] {
  return figures.filter((f) => PEERS.includes(f.kind)).sort((a, b) => a.addedCpuMicrosPerRequest - b.addedCpuMicrosPerRequest);
}

/**
 * Jewelry's added CPU against the best peer's (the least added CPU) on one
 * Node line: the ratio of their medians, and the median of the ratios taken
 * round by round (`…Paired`: each round's jewelry and peer processes against
 * that round's bare, so a machine that is slower in one round than in the
 * next does not move the ratio). The issue-16 target reads the first.
 */
export function peerComparison(line: readonly VariantFigures[], suffix: string): SectionResult['summary'] {
  const jewelry = line.find((f) => f.kind === 'jewelry');
  const best = peersOf(line)[0];
  const paired: number[] = [];
  for (const [roundNo, mine] of jewelry?.addedCpuByRound ?? []) {
    const theirs = best?.addedCpuByRound.get(roundNo);
    if (theirs !== undefined && theirs > 0) paired.push(mine / theirs);
  }
  return {
    [`bestPeer${suffix}`]: best?.kind ?? 'none',
    [`bestPeerAddedCpuUs${suffix}`]: round(best?.addedCpuMicrosPerRequest ?? Number.NaN, 1),
    [`jewelryAddedCpuVsBestPeer${suffix}`]: round(ratioOrNaN(jewelry?.addedCpuMicrosPerRequest, best?.addedCpuMicrosPerRequest), 2),
    [`jewelryAddedCpuVsBestPeerPaired${suffix}`]: round(paired.length > 0 ? median(paired) : Number.NaN, 2),
    [`targetHalfBestPeerCpu${suffix}`]:
      jewelry !== undefined && best !== undefined && jewelry.addedCpuMicrosPerRequest <= best.addedCpuMicrosPerRequest / 2,
  };
}

/** Whatever the targets are measured against is missing or invalid: they read false, and comparisonValid says why. */
function ratioOrNaN(a: number | undefined, b: number | undefined): number {
  return a !== undefined && b !== undefined && b !== 0 ? a / b : Number.NaN;
}

/**
 * The numbers the targets read, on the bench's own Node line (the first
 * variant's): per instrumented kind its req/s ratio, added start-up and added
 * CPU per request; the best peer (least added CPU); and the targets of issue
 * 16 (added CPU ≤ half the best peer's; start-up added ≤ a third of the stock
 * register's) and issue 7 (req/s ratio ≥ 0.85, above every peer). On every
 * other line, jewelry's added CPU, ratio and start-up, and where peers ran
 * there the same peer comparison, suffixed `@<line>`.
 */
export function summaryFor(figures: readonly VariantFigures[]): SectionResult['summary'] {
  const ownLine = figures[0]?.nodeLine;
  const on = (line: string | undefined) => figures.filter((f) => f.nodeLine === line);
  const own = on(ownLine);
  const find = (kind: VariantKind, list = own) => list.find((f) => f.kind === kind);
  const bare = find('bare');
  const jewelry = find('jewelry');
  const summary: SectionResult['summary'] = {
    nodeLine: ownLine ?? 'none',
    bareRequestsPerSec: round(bare?.requestsPerSec ?? Number.NaN, 0),
    bareCpuUsPerRequest: round(bare?.cpuMicrosPerRequest ?? Number.NaN, 1),
    bareStartupMs: round(bare?.startupMs ?? Number.NaN, 1),
  };
  for (const f of own.filter((x) => x.kind !== 'bare')) {
    summary[`${f.kind}Ratio`] = round(f.ratio, 3);
    summary[`${f.kind}StartupAddedMs`] = round(f.startupAddedMs, 1);
    summary[`${f.kind}AddedCpuUs`] = round(f.addedCpuMicrosPerRequest, 1);
    summary[`${f.kind}CpuPerRequestRatio`] = round(ratioOrNaN(f.cpuMicrosPerRequest, bare?.cpuMicrosPerRequest), 2);
  }
  const peers = peersOf(own);
  const stock = find('stock');
  Object.assign(summary, peerComparison(own, ''));
  summary.jewelryStartupVsStock = round(ratioOrNaN(jewelry?.startupAddedMs, stock?.startupAddedMs), 2);
  summary.targetStartupThird = jewelry !== undefined && stock !== undefined && jewelry.startupAddedMs <= stock.startupAddedMs / 3;
  summary.targetRatio85 = jewelry !== undefined && jewelry.ratio >= 0.85;
  summary.targetBeatsOthers = jewelry !== undefined && peers.length > 0 && peers.every((p) => jewelry.requestsPerSec > p.requestsPerSec);
  for (const line of [...new Set(figures.map((f) => f.nodeLine))].filter((l) => l !== ownLine)) {
    for (const f of on(line).filter((x) => x.kind !== 'bare')) {
      summary[`${f.kind}AddedCpuUs@${line}`] = round(f.addedCpuMicrosPerRequest, 1);
      summary[`${f.kind}Ratio@${line}`] = round(f.ratio, 3);
      summary[`${f.kind}StartupAddedMs@${line}`] = round(f.startupAddedMs, 1);
    }
    // The peers run on this line too (BENCH_OTHER_LINE_VARIANTS): the same target, judged on this line.
    if (peersOf(on(line)).length > 0) Object.assign(summary, peerComparison(on(line), `@${line}`));
    // OpenTelemetry JS 3.x against the 2.x we ship, same source, same line: below 1 means 3.x is cheaper.
    const otel3 = find('jewelry-otel3', on(line));
    const otel2 = find('jewelry', on(line));
    if (otel3 && otel2)
      summary[`otel3VsOtel2AddedCpu@${line}`] = round(ratioOrNaN(otel3.addedCpuMicrosPerRequest, otel2.addedCpuMicrosPerRequest), 2);
  }
  summary.comparisonValid = figures.every((f) => f.problems.length === 0);
  return summary;
}

export interface NoteContext {
  settings: OverheadSettings;
  /** The Node versions the variants ran on ("v20.20.2"). */
  nodeVersions: string[];
  /** Node lines asked for but not available (why), from resolveNodeLines. */
  missingNodeLines: string[];
  cpus: number;
  versions: Record<string, string>;
  figures: readonly VariantFigures[];
  stderrByVariant: ReadonlyMap<string, string>;
  /** Requests the sink could not count: wrong path, or a body that was not OTLP protobuf. */
  sinkOther: number;
  sinkMalformed: number;
  /** CPU the rest of the machine used while the section ran; undefined without /proc. */
  machine: MachineShare | undefined;
}

/** Above this share of the machine's CPUs taken by other work, req/s and latencies are flagged as disturbed. */
export const BUSY_MACHINE_SHARE = 0.1;

/** What a reader must know to trust the table: settings, versions, the differences between variants we accept, any invalid row. */
export function notesFor(ctx: NoteContext): string[] {
  const s = ctx.settings;
  const notes = [
    `load: autocannon, ${s.connections} connections, POST /orders (~0.7 KB JSON order), ${s.warmupSec} s warm-up + ${idleNote(s.idleSec)}${s.durationSec} s measured per process, ${s.rounds} round(s) with the variants interleaved (order rotated per round); req/s, p50, p99, CPU us/req and RSS are medians over rounds, HWM the peak.`,
    `CPU us/req: user+system CPU time of the service process (all threads, from /proc/<pid>/stat, 10 ms ticks) during a measured run ÷ requests answered in it; it depends much less than req/s on what else the machine runs. +CPU us/req is that minus bare's on the same Node line: what the variant adds to each request (the issue-16 target compares jewelry's with the best peer's). *CpuPerRequestRatio in the summary is CPU us/req ÷ bare's.`,
    `start ms: median of ${s.starts} start(s) per variant from spawn() to the first 2xx answer to POST /orders (polled every ~5 ms); +start ms is that minus bare's. Files are in the page cache, so this is a warm-disk start.`,
    `versions: ${Object.entries(ctx.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; node ${ctx.nodeVersions.join(', ')}, ${ctx.cpus} CPU(s). The service, autocannon and the OTLP sink share those CPUs (sink and autocannon in the bench process), so absolute req/s are this machine's; the ratios are the comparison.`,
    `shared settings: OTEL_SERVICE_NAME=shop-api, OTLP http/protobuf to one in-process sink (answers 200 at once, counts requests, bytes, spans, log records and metrics per signal; it is also the fake Datadog agent: PUT /v0.4/traces answered {"rate_by_service":{}}), OTEL_TRACES/METRICS/LOGS_EXPORTER=otlp, OTEL_METRIC_EXPORT_INTERVAL=${s.metricIntervalMs}, NODE_ENV=production, stdout (the ECS JSON lines) to /dev/null.`,
    'differences accepted: jewelry loads its shop-api preset (http, express, amqplib, aws-sdk, pg, winston) and masks span and log attributes before export (SEC-1); stock loads every default instrumentation of auto-instrumentations-node (fs and host-metrics excluded by its defaults) and all resource detectors (the cloud ones probe metadata endpoints at start); elastic needs ELASTIC_OTEL_NODE_ENABLE_LOG_SENDING=true to send winston records, adds process CPU/memory and runtime metrics by default, and brings its own OTel JS copies (sdk-node 0.222, core 2.11); datadog (dd-trace 5.x, its line for Node 20) sends spans only, as MessagePack to the fake agent (DD_TRACE_AGENT_URL), injects dd.trace_id/dd.span_id into the winston lines (DD_LOGS_INJECTION) but ships no log records, and runs with remote configuration and instrumentation telemetry off (DD_REMOTE_CONFIGURATION_ENABLED/DD_INSTRUMENTATION_TELEMETRY_ENABLED=false), runtime metrics and the profiler off (its defaults); it sends every 2 s and not on SIGTERM, so it is left idle 2.5 s after its load before it is stopped.',
    `telemetry columns count what reached the sink from spawn until the process ended (SIGTERM, then SIGKILL after ${STOP_GRACE_MS / 1000} s: the stock register flushes on SIGTERM but never exits); spans/req and logs/req = spans and log records ÷ requests served (warm-up included; each request writes one event, so logs/req < ${MIN_LOGS_PER_REQUEST} means records were lost); tel B/req = all OTLP bytes ÷ requests served.`,
  ];
  if (ctx.machine) {
    const { otherCpuSeconds, otherShare } = ctx.machine;
    const busy = otherShare > BUSY_MACHINE_SHARE;
    notes.push(
      `other work on the machine (busy CPU time from /proc/stat minus the bench's and its services') took ${otherCpuSeconds.toFixed(1)} CPU-s, ${(otherShare * 100).toFixed(0)} % of the ${ctx.cpus} CPU(s) while the section ran${busy ? ': OTHER WORK WAS RUNNING, req/s and latencies are disturbed (CPU us/req less so)' : ''}.`,
    );
  }
  notes.push(...ctx.missingNodeLines);
  if (ctx.sinkOther || ctx.sinkMalformed) {
    notes.push(
      `the sink got ${ctx.sinkOther} request(s) on other paths and ${ctx.sinkMalformed} OTLP request(s) it could not read as protobuf; they are not in the table.`,
    );
  }
  for (const f of ctx.figures) {
    if (f.problems.length) notes.push(`${f.variant}: ${f.problems.join('; ')} — the comparison is not valid while this holds.`);
  }
  for (const [variant, stderr] of ctx.stderrByVariant) {
    const lines = stderr
      .split('\n')
      .filter((l) => /\b(error|warn(ing)?)\b/i.test(l))
      .slice(0, 2)
      .map((l) => l.trim().slice(0, 200));
    if (lines.length) notes.push(`${variant} stderr: ${lines.join(' | ')}`);
  }
  return notes;
}
