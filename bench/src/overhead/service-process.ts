import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnTracked, stopChild } from '../child-processes';

/** POST the body once; resolves with the status, rejects on a connection error. */
export function postOnce(port: number, path: string, body: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface ServiceSpec {
  /** The node binary; default the one running the bench. */
  node?: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Request that must be answered 2xx for the service to count as started. */
  probe: { path: string; body: string };
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export interface RunningService {
  child: ChildProcess;
  pid: number;
  port: number;
  /** From just before spawn() to the end of the first 2xx answer to the probe. */
  startupMs: number;
  /** The last few KB the process wrote on stderr. */
  stderrTail(): string;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const STDERR_KEEP = 4096;

/**
 * Spawns `node <args>` with stdout to /dev/null (the ECS JSON lines) and
 * stderr kept, then sends the probe every ~5 ms until it is answered 2xx.
 * The child is killed if it does not come up; the caller stops it otherwise.
 */
export async function startService(spec: ServiceSpec): Promise<RunningService> {
  const poll = spec.pollIntervalMs ?? 5;
  const timeoutMs = spec.timeoutMs ?? 30_000;
  let stderr = '';
  const started = performance.now();
  const child = spawnTracked(spec.node ?? process.execPath, spec.args, { env: spec.env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const service: RunningService = {
    child,
    pid: child.pid ?? -1,
    port: spec.port,
    startupMs: Number.NaN,
    stderrTail: () => stderr.trim(),
    stop: (signal, graceMs) => stopChild(child, signal, graceMs),
  };
  try {
    for (;;) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr.trim().slice(-600) || 'no stderr'}`);
      }
      if (performance.now() - started > timeoutMs)
        throw new Error(`no answer within ${timeoutMs} ms: ${stderr.trim().slice(-600) || 'no stderr'}`);
      const status = await postOnce(spec.port, spec.probe.path, spec.probe.body).catch(() => undefined);
      if (status !== undefined) {
        if (status < 200 || status > 299) throw new Error(`first answer was HTTP ${status}`);
        service.startupMs = performance.now() - started;
        return service;
      }
      await sleep(poll);
    }
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw err;
  }
}
