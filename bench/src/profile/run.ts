// The profile section of `npm run bench`: where the CPU that @jewelry/otel
// adds to a request goes, layer by layer (HTTP instrumentation, context,
// spans, log bridge, masking, batching, encoding, export, GC…), from V8 CPU
// profiles of the overhead section's service under the same load, bare and
// instrumented, in interleaved rounds. See bench/README.md.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SectionResult } from '../section-result';
import { median, round } from '../stats';
import { watchMachine } from '../overhead/machine-load';
import { measureRound, type MeasureContext, type RoundResult } from '../overhead/measure';
import { OtlpSink } from '../overhead/otlp-sink';
import { idleNote, readOverheadSettings } from '../overhead/settings';
import { ownRuntime, VARIANT_SPECS, type NodeRuntime, type Variant } from '../overhead/variants';
import { resolveNodeLines } from '../node-runtimes';
import { realisticOrderJson } from '../realistic/order-request';
import { ServiceStack } from '../realistic/service-stack';
import { BARE_LAYERS, LAYERS, layerSamples, type CpuProfile, type Layer } from './layers';

export const COLUMNS = ['layer', 'bare us/req', 'jewelry us/req', 'added us/req', 'share of added'];

/** bare, and jewelry with its unbundled preload (dist/index.js): the same code, file by file, so each frame names its package. */
export function profileVariants(node: NodeRuntime = ownRuntime()): Variant[] {
  const spec = (kind: string) => VARIANT_SPECS.find((s) => s.kind === kind)!;
  const unbundled = join(dirname(require.resolve('@jewelry/otel')), 'index.js');
  return [
    { ...spec('bare'), name: 'bare', node },
    { ...spec('jewelry'), name: 'jewelry', node, preload: unbundled, label: `--require ${unbundled} (unbundled preload)` },
  ];
}

/** BENCH_PROFILE_NODE_LINE (22, 24): profile on that Node line instead of the bench's own (installed as for the overhead section's lines). */
export function profileRuntime(env: NodeJS.ProcessEnv = process.env): NodeRuntime {
  const line = env.BENCH_PROFILE_NODE_LINE?.trim();
  const own = ownRuntime();
  if (!line || line === own.line) return own;
  if (!/^\d+$/.test(line)) throw new Error(`BENCH_PROFILE_NODE_LINE=${line}: a Node major line (22, 24)`);
  const { runtimes, missing } = resolveNodeLines([line], own.line);
  if (!runtimes[0]) throw new Error(missing[0] ?? `Node ${line} could not be had`);
  return runtimes[0];
}

/** Which service the section profiles: the overhead section's (default) or the realistic section's order path. */
export type ProfileApp = 'overhead' | 'realistic';

export function profileApp(env: NodeJS.ProcessEnv = process.env): ProfileApp {
  const app = env.BENCH_PROFILE_APP?.trim() || 'overhead';
  if (app !== 'overhead' && app !== 'realistic') throw new Error(`BENCH_PROFILE_APP=${app}: overhead or realistic`);
  return app;
}

/** What the profiled processes need: the app, its request, and for the realistic one the stack (started, stopped after). */
interface ProfileTarget {
  appPath: string;
  body?: string;
  env: Record<string, string>;
  startTimeoutMs?: number;
  describe: string;
  stop(): Promise<void>;
}

async function profileTarget(app: ProfileApp): Promise<ProfileTarget> {
  if (app === 'overhead') {
    return {
      appPath: join(__dirname, '..', 'overhead', 'app.js'),
      env: {},
      describe: "the overhead section's service (POST /orders, JSON, one log event)",
      stop: async () => undefined,
    };
  }
  const progress = (line: string) => process.stderr.write(`${line.replace(/^realistic/, 'profile')}\n`);
  const stack = await ServiceStack.start(progress);
  return {
    appPath: join(__dirname, '..', 'realistic', 'app.js'),
    body: realisticOrderJson,
    env: stack.serviceEnv(),
    startTimeoutMs: 60_000,
    describe: `the realistic section's service (the Shop API order path: ${Math.round(realisticOrderJson.length / 1024)} KB JSON with a base64 model, S3 put, PostgreSQL insert, RabbitMQ publish, three events) against the real stack`,
    stop: () => stack.stop(progress),
  };
}

export interface LayerRow {
  layer: Layer;
  bare: number;
  jewelry: number;
  added: number;
}

/** Per layer, the median over rounds of µs per request; added = jewelry − bare. */
export function layerTable(perRound: { variant: string; perRequest: Map<Layer, number> }[]): LayerRow[] {
  const med = (variant: string, layer: Layer) =>
    median(perRound.filter((r) => r.variant === variant).map((r) => r.perRequest.get(layer) ?? 0));
  return LAYERS.map((layer) => {
    const bare = med('bare', layer);
    const jewelry = med('jewelry', layer);
    return { layer, bare, jewelry, added: jewelry - bare };
  });
}

/**
 * The share of jewelry's CPU per request spent in the distribution's own layers, net of what bare
 * spends in them (the logger's masking): a ratio within one process's profile, which the machine's
 * drift between runs moves far less than CPU per request or req/s. A service answering 0.9 of
 * bare's req/s (issue 16) may spend at most a tenth of its CPU here.
 */
export function ownLayersShare(table: readonly LayerRow[], jewelryCpuPerRequest: number): number {
  const own = table.filter((r) => !BARE_LAYERS.includes(r.layer)).reduce((n, r) => n + r.added, 0);
  return jewelryCpuPerRequest > 0 ? own / jewelryCpuPerRequest : Number.NaN;
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) if (existsSync(file)) return;
  throw new Error(`no CPU profile written to ${file} within ${timeoutMs} ms`);
}

export async function run(): Promise<SectionResult> {
  const settings = readOverheadSettings();
  const runtime = profileRuntime();
  const variants = profileVariants(runtime);
  const app = profileApp();
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const machine = watchMachine(cpus().length);
  const target = await profileTarget(app);
  const sink = new OtlpSink();
  const perRound: { variant: string; perRequest: Map<Layer, number>; samples: number }[] = [];
  const rounds: RoundResult[] = [];
  try {
    await sink.listen();
    for (let round = 0; round < settings.rounds; round++) {
      for (const variant of round % 2 ? [...variants].reverse() : variants) {
        const out = join(dir, `${variant.name}-${round}.cpuprofile`);
        const ctx: MeasureContext = {
          appPath: target.appPath,
          body: target.body,
          sink,
          settings,
          nodeArgs: ['--require', join(__dirname, 'cpu-profile-hook.js')],
          env: { ...target.env, BENCH_PROFILE_OUT: out },
          startTimeoutMs: target.startTimeoutMs,
          aroundMeasured: {
            before: (service) => void process.kill(service.pid, 'SIGUSR2'),
            after: async (service) => {
              process.kill(service.pid, 'SIGUSR2');
              await waitForFile(out, 30_000);
            },
          },
        };
        process.stderr.write(`profile (${app}): round ${round + 1}/${settings.rounds} ${variant.name}\n`);
        const result = await measureRound(variant, round, ctx);
        rounds.push(result);
        // Each layer's share of the samples, times the CPU the process used per request in the same run.
        const samples = layerSamples(JSON.parse(readFileSync(out, 'utf8')) as CpuProfile);
        const total = [...samples.values()].reduce((a, b) => a + b, 0);
        const cpuUs = (result.cpuSeconds * 1e6) / Math.max(1, result.load.requests);
        const perRequest = new Map([...samples].map(([layer, n]) => [layer, total > 0 ? (n / total) * cpuUs : 0]));
        perRound.push({ variant: variant.name, perRequest, samples: total });
      }
    }
  } finally {
    await sink.close();
    await target.stop();
    // BENCH_PROFILE_KEEP=<dir>: the .cpuprofile files are kept there (Chrome DevTools opens them) instead of removed.
    if (process.env.BENCH_PROFILE_KEEP) {
      mkdirSync(process.env.BENCH_PROFILE_KEEP, { recursive: true });
      for (const f of readdirSync(dir)) renameSync(join(dir, f), join(process.env.BENCH_PROFILE_KEEP, `${app}-${f}`));
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const table = layerTable(perRound);
  const addedTotal = table.reduce((n, r) => n + r.added, 0);
  const cpuPerRequest = (variant: string) =>
    median(rounds.filter((r) => r.variant === variant).map((r) => (r.cpuSeconds * 1e6) / Math.max(1, r.load.requests)));
  const share = machine?.();
  const summary: SectionResult['summary'] = {
    bareCpuUsPerRequest: round(cpuPerRequest('bare'), 1),
    jewelryCpuUsPerRequest: round(cpuPerRequest('jewelry'), 1),
    addedCpuUsPerRequest: round(addedTotal, 1),
    ownLayersSharePercent: round(100 * ownLayersShare(table, cpuPerRequest('jewelry')), 1),
    samplesPerRun: Math.round(median(perRound.map((r) => r.samples))),
    app,
    node: runtime.version,
  };
  for (const r of [...table]
    .filter((x) => x.added > 0)
    .sort((a, b) => b.added - a.added)
    .slice(0, 3))
    summary[`top: ${r.layer}`] = round(r.added, 1);
  return {
    section: 'profile',
    title: `where the CPU @jewelry/otel adds to a request goes, by layer (V8 CPU profiles, ${app} service)`,
    columns: COLUMNS,
    rows: table.map((r) => ({
      layer: r.layer,
      'bare us/req': round(r.bare, 1),
      'jewelry us/req': round(r.jewelry, 1),
      'added us/req': round(r.added, 1),
      'share of added': addedTotal > 0 ? `${Math.round((100 * r.added) / addedTotal)} %` : '-',
    })),
    summary,
    notes: [
      `${target.describe}, on Node v${runtime.version}, under the overhead section's load (${settings.connections} connections, ${settings.warmupSec} s warm-up + ${idleNote(settings.idleSec)}${settings.durationSec} s measured), bare and under @jewelry/otel, ${settings.rounds} round(s) interleaved; each layer's µs per request is the median over rounds.`,
      'profiles: V8 CPU profiler started by SIGUSR2 around the measured load only (bench/src/profile/cpu-profile-hook.ts), sampling every ' +
        `${process.env.BENCH_PROFILE_INTERVAL_US ?? 250} µs. A layer's µs per request is its share of the samples times the CPU the process used per request in that run (/proc): samples are counted, not timed, as a sample's recorded time is wall time and grows on a busy machine. The profiler costs CPU itself, so these CPU figures are above the overhead section's.`,
      'jewelry runs its unbundled preload (dist/index.js, the same code as the bundle, file by file) so that every frame names its package; the bundle differs only in start-up.',
      'a sample is charged to the layer of its own frame, or for Node and unclaimed library frames to the first frame up the stack a layer claims, passing over context wrappers (AsyncLocalStorage.run, a bound emit) and over the wrapper the HTTP instrumentation puts around a request the service makes (what http.request does underneath is work of the caller, in bare too); the rules are in bench/src/profile/layers.ts. "service" and "Node runtime" exist in bare too: what grows there under jewelry is work the instrumentation makes the service do (wrapped callbacks, more fields in each log line).',
      ...(share
        ? [
            `other work on the machine took ${(share.otherShare * 100).toFixed(0)} % of the ${cpus().length} CPU(s) while the section ran${share.otherShare > 0.1 ? ': OTHER WORK WAS RUNNING, the per-layer numbers are noisier' : ''}.`,
          ]
        : []),
    ],
  };
}
