// One collector process of our distribution (the cached build) with a given
// main config and an overlay, on free ports, writing to the bench's
// Elasticsearch. Started fresh for every measured run, stopped by its pid.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCollector, freePort, resolveSettings } from '@jewelry/cli';
import { spawnTracked, stopChild } from '../child-processes';
import { setTimeout as sleep } from 'node:timers/promises';

export interface CollectorProcess {
  pid: number;
  otlpEndpoint: string;
  telemetryUrl: string;
  log(): string;
  stop(): Promise<void>;
}

/** The processors of the `logs` pipeline of a config file (one `processors: [...]` line, as ours are written). */
export function logsPipelineProcessors(config: string): string[] {
  const m = /^ {4}logs:\n(?: {6}.*\n)*? {6}processors: \[([^\]]*)\]/m.exec(config);
  if (!m) throw new Error('no `logs` pipeline with a one-line processors list in the collector config');
  return m[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Which processors of a logs pipeline mask: ours (`masking`) and the generated OTTL of before (`transform/mask_*`). */
export const isMaskingProcessor = (name: string): boolean =>
  name === 'masking' || name.startsWith('masking/') || name.startsWith('transform/mask_');

/** An overlay that sets the logs pipeline's processors. */
export function logsProcessorsOverlay(processors: readonly string[]): string {
  return ['service:', '  pipelines:', '    logs:', `      processors: [${processors.join(', ')}]`, ''].join('\n');
}

/** startCollector, again on other ports when one of the free ports was taken meanwhile (the machine is shared). */
export async function startCollector(configFile: string, overlay: string, esUrl: string): Promise<CollectorProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(configFile, overlay, esUrl);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test((err as Error).message)) throw err;
    }
  }
}

async function startOnce(configFile: string, overlay: string, esUrl: string): Promise<CollectorProcess> {
  const { binary } = await buildCollector(resolveSettings());
  const dir = mkdtempSync(join(tmpdir(), 'jewelry-bench-masking-'));
  mkdirSync(join(dir, 'no-host-logs'));
  writeFileSync(join(dir, 'overlay.yaml'), overlay);
  const ports = {
    http: await freePort(),
    grpc: await freePort(),
    health: await freePort(),
    metrics: await freePort(),
    telemetry: await freePort(),
  };
  const passthrough = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('JEWELRY_') && typeof e[1] === 'string'),
  );
  let output = '';
  const child: ChildProcess = spawnTracked(binary, ['--config', configFile, '--config', join(dir, 'overlay.yaml')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      ...passthrough,
      ES_ENDPOINT: esUrl,
      OTLP_HTTP_PORT: String(ports.http),
      OTLP_GRPC_PORT: String(ports.grpc),
      COLLECTOR_HEALTH_PORT: String(ports.health),
      COLLECTOR_METRICS_PORT: String(ports.metrics),
      COLLECTOR_TELEMETRY_PORT: String(ports.telemetry),
      JEWELRY_COLLECTOR_STORAGE: join(dir, 'storage'),
      JEWELRY_HOST_LOG_GLOBS: `[${join(dir, 'no-host-logs', '*.log')}]`,
      JEWELRY_COLLECTOR_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${ports.health}/`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the collector did not start with ${configFile}:\n${output.slice(-2000)}`);
    }
    await sleep(100);
  }
  return {
    pid: child.pid!,
    otlpEndpoint: `http://127.0.0.1:${ports.http}`,
    telemetryUrl: `http://127.0.0.1:${ports.telemetry}/metrics`,
    log: () => output,
    stop,
  };
}

/** Posts the requests with `concurrency` senders; a refused request (memory_limiter) is sent again, as the SDKs do. */
export async function sendAll(otlpEndpoint: string, bodies: readonly Buffer[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        for (let attempt = 0; ; attempt++) {
          const res = await fetch(`${otlpEndpoint}/v1/logs`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body,
          });
          await res.arrayBuffer();
          if (res.ok) break;
          if (attempt > 200) throw new Error(`the collector refused a request 200 times (HTTP ${res.status})`);
          await sleep(50);
        }
      }
    }),
  );
}
