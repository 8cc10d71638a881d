import { setTimeout as sleep } from 'node:timers/promises';
import { runLoad, type LoadResult } from './load';
import { orderBodyJson } from './order-body';
import type { OtlpSink, SinkTally } from './otlp-sink';
import { tallyDelta } from './otlp-sink';
import { readCpuSeconds, readProcessMemory, type ProcessMemory } from '../proc-status';
import { freePort } from '@jewelry/cli';
import { startService, type RunningService } from './service-process';
import type { OverheadSettings } from './settings';
import { variantArgs, variantEnv, type Variant } from './variants';

export const PROBE = { path: '/orders', body: orderBodyJson };

/** How long a variant may take to flush after SIGTERM before it is killed (the stock register never exits on SIGTERM). */
export const STOP_GRACE_MS = 2500;

export interface MeasureContext {
  appPath: string;
  sink: OtlpSink;
  settings: OverheadSettings;
  /** What every request posts to /orders (the start probe too); default the overhead section's order. */
  body?: string;
  /** Variables every variant's process gets on top of its own (the realistic service's stack endpoints). */
  env?: Record<string, string>;
  /** How long a process may take to answer its first request. */
  startTimeoutMs?: number;
  /** Called right before and right after the measured load (the profile section starts and stops its profiler there). */
  aroundMeasured?: { before(service: RunningService): Promise<void> | void; after(service: RunningService): Promise<void> | void };
  /** Extra node options for every variant (e.g. --cpu-prof). */
  nodeArgs?: readonly string[];
  /** Progress lines (stderr by default). */
  progress?: (line: string) => void;
}

/** `variants` rotated by `by`: each round starts with another variant, so drift (thermal, page cache) spreads evenly. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = ((by % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function launch(variant: Variant, ctx: MeasureContext): Promise<RunningService> {
  const port = await freePort();
  const env = {
    ...variantEnv(variant, process.env, { endpoint: ctx.sink.endpoint, metricIntervalMs: ctx.settings.metricIntervalMs, port }),
    ...ctx.env,
  };
  const probe = { path: PROBE.path, body: ctx.body ?? PROBE.body };
  try {
    return await startService({
      node: variant.node.execPath,
      args: variantArgs(variant, ctx.appPath, ctx.nodeArgs),
      env,
      port,
      probe,
      timeoutMs: ctx.startTimeoutMs,
    });
  } catch (err) {
    throw new Error(`variant ${variant.name} did not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Cold starts: spawn → first 2xx answer, then SIGKILL; `starts` times per variant, interleaved. */
export async function measureStartups(variants: readonly Variant[], ctx: MeasureContext): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let i = 0; i < ctx.settings.starts; i++) {
    for (const variant of rotate(variants, i)) {
      const service = await launch(variant, ctx);
      try {
        times.get(variant.name)!.push(service.startupMs);
      } finally {
        await service.stop('SIGKILL');
      }
    }
  }
  return times;
}

export interface RoundResult {
  variant: string;
  round: number;
  load: LoadResult;
  /** Requests served in the warm-up (plus the start probe): with `load.requests`, what the telemetry below covers. */
  warmupRequests: number;
  memory: ProcessMemory;
  /** CPU seconds the service process used during the measured run (all its threads: GC, exporters included). */
  cpuSeconds: number;
  /** What the sink received from this process, from spawn until it exited (SIGTERM lets it flush). */
  telemetry: SinkTally;
  stderrTail: string;
}

/** One process of one variant: start, warm up, measured load, memory, then SIGTERM so it flushes. */
export async function measureRound(variant: Variant, round: number, ctx: MeasureContext): Promise<RoundResult> {
  const before = ctx.sink.snapshot();
  const service = await launch(variant, ctx);
  try {
    const url = `http://127.0.0.1:${service.port}/orders`;
    const common = { url, connections: ctx.settings.connections, body: ctx.body ?? orderBodyJson };
    const warmup = ctx.settings.warmupSec > 0 ? await runLoad({ ...common, durationSec: ctx.settings.warmupSec }) : undefined;
    if (ctx.settings.idleSec > 0) await sleep(ctx.settings.idleSec * 1000);
    await ctx.aroundMeasured?.before(service);
    const cpuBefore = readCpuSeconds(service.pid);
    const load = await runLoad({ ...common, durationSec: ctx.settings.durationSec });
    const cpuSeconds = readCpuSeconds(service.pid) - cpuBefore;
    await ctx.aroundMeasured?.after(service);
    const memory = readProcessMemory(service.pid);
    if (variant.settleMs > 0) await sleep(variant.settleMs);
    await service.stop('SIGTERM', STOP_GRACE_MS);
    // Let the sink finish reading what arrived just before the exit.
    await sleep(50);
    return {
      variant: variant.name,
      round,
      load,
      warmupRequests: (warmup?.requests ?? 0) + 1,
      memory,
      cpuSeconds,
      telemetry: tallyDelta(before, ctx.sink.snapshot()),
      stderrTail: service.stderrTail(),
    };
  } finally {
    await service.stop('SIGKILL');
  }
}

/** `rounds` rounds; in each, every variant once, in an order rotated per round. */
export async function measureRounds(variants: readonly Variant[], ctx: MeasureContext): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  for (let round = 0; round < ctx.settings.rounds; round++) {
    for (const variant of rotate(variants, round)) {
      ctx.progress?.(`overhead: round ${round + 1}/${ctx.settings.rounds} ${variant.name}`);
      results.push(await measureRound(variant, round, ctx));
    }
  }
  return results;
}
