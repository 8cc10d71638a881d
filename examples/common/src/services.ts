import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULTS } from './config';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts the four built example services as child processes, each as a real
 * service runs: `node --require @jewelry/otel dist/server.js` with
 * `OTEL_SERVICE_NAME=<name>` (which picks the distribution's preset). Their
 * stdout and stderr go to files under the caller's directory. Whatever this
 * module started is stopped by `stopServices()`, and killed when the calling
 * process exits, so nothing outlives a demo or a test run.
 */

export const SERVICE_NAMES = ['crm-api', 'mes-api', 'partner-api', 'shop-api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const PORT_VARIABLE: Record<ServiceName, keyof typeof DEFAULTS> = {
  'shop-api': 'SHOP_API_PORT',
  'mes-api': 'MES_API_PORT',
  'crm-api': 'CRM_API_PORT',
  'partner-api': 'PARTNER_API_PORT',
};

export interface ServiceUrls {
  shopApi: string;
  mesApi: string;
  crmApi: string;
  partnerApi: string;
}

export interface RunningService {
  name: ServiceName;
  pid: number;
  port: number;
  url: string;
  stdoutFile: string;
  stderrFile: string;
  /** Milliseconds from spawn until /health answered 200. */
  startMillis: number;
}

export interface StartOptions {
  /** Directory for `<service>.stdout.log` / `<service>.stderr.log` (created). */
  logDir: string;
  /**
   * Environment of the services, on top of this process's environment:
   * OTEL_EXPORTER_OTLP_ENDPOINT, AMQP_URL, DATABASE_URL, S3_*, ports,
   * MES_PRICE_CALC_MS, JEWELRY_LOG_LEVEL … The service name and port are set per service.
   */
  env?: NodeJS.ProcessEnv;
  /** Which services (default all four). */
  services?: readonly ServiceName[];
  /** Per-service port; default the `*_PORT` variables of `env`, then 3001…3004. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Bound on the wait for /health of each service (default 30 s). */
  healthTimeoutMs?: number;
  /** Where the example packages are (default: beside this package). */
  examplesDir?: string;
}

export interface RunningServices {
  services: RunningService[];
  urls: ServiceUrls;
  stop(): Promise<StopResult[]>;
}

export interface StopResult {
  name: ServiceName;
  /** `exit 0`, `signal SIGKILL` … */
  how: string;
  millis: number;
}

interface Child {
  name: ServiceName;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Child>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: a caller that crashed or forgot stopServices() leaves no service behind.
  process.once('exit', () => {
    for (const c of running) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  });
}

export function portFor(name: ServiceName, env: NodeJS.ProcessEnv, ports: StartOptions['ports'] = {}): number {
  const variable = PORT_VARIABLE[name];
  return ports[name] ?? Number(env[variable] || DEFAULTS[variable]);
}

export function urlsFromPorts(ports: Record<ServiceName, number>, host = '127.0.0.1'): ServiceUrls {
  return {
    shopApi: `http://${host}:${ports['shop-api']}`,
    mesApi: `http://${host}:${ports['mes-api']}`,
    crmApi: `http://${host}:${ports['crm-api']}`,
    partnerApi: `http://${host}:${ports['partner-api']}`,
  };
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

async function waitForHealth(c: Child, url: string, timeoutMs: number, files: { stdout: string; stderr: string }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (c.child.exitCode !== null || c.child.signalCode !== null) {
      throw new Error(
        `${c.name} exited (${c.child.exitCode ?? c.child.signalCode}) before it was healthy\n--- ${files.stderr}\n${tail(files.stderr)}\n--- ${files.stdout}\n${tail(files.stdout)}`,
      );
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(
    `${c.name} was not healthy at ${url}/health within ${timeoutMs} ms (last: ${last})\n--- ${files.stderr}\n${tail(files.stderr)}\n--- ${files.stdout}\n${tail(files.stdout)}`,
  );
}

async function stopChild(c: Child, graceMs: number): Promise<StopResult> {
  const started = Date.now();
  if (c.child.exitCode === null && c.child.signalCode === null) {
    c.child.kill('SIGTERM');
    const timer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
    await c.exited;
    clearTimeout(timer);
  }
  running.delete(c);
  const { code, signal } = await c.exited;
  return { name: c.name, how: signal ? `signal ${signal}` : `exit ${code}`, millis: Date.now() - started };
}

/** Starts the services (in parallel) and waits until each answers GET /health; on any failure stops them all and throws. */
export async function startServices(options: StartOptions): Promise<RunningServices> {
  installExitHook();
  const examplesDir = options.examplesDir ?? resolve(__dirname, '..', '..');
  const names = options.services ?? SERVICE_NAMES;
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  const ports = Object.fromEntries(SERVICE_NAMES.map((n) => [n, portFor(n, baseEnv, options.ports)])) as Record<ServiceName, number>;
  const portEnv = Object.fromEntries(SERVICE_NAMES.map((n) => [PORT_VARIABLE[n], String(ports[n])]));
  mkdirSync(options.logDir, { recursive: true });

  const missing = names.map((n) => join(examplesDir, n, 'dist', 'server.js')).filter((entry) => !existsSync(entry));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: build the examples first (npm run build)`);

  const started: { c: Child; service: Omit<RunningService, 'startMillis'>; spawnedAt: number }[] = [];
  for (const name of names) {
    const dir = join(examplesDir, name);
    const entry = join(dir, 'dist', 'server.js');
    const stdoutFile = join(options.logDir, `${name}.stdout.log`);
    const stderrFile = join(options.logDir, `${name}.stderr.log`);
    const out = openSync(stdoutFile, 'a');
    const err = openSync(stderrFile, 'a');
    const child = spawn(process.execPath, ['--require', '@jewelry/otel', entry], {
      cwd: dir,
      env: { ...baseEnv, ...portEnv, OTEL_SERVICE_NAME: name },
      stdio: ['ignore', out, err],
    });
    closeSync(out);
    closeSync(err);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    const c: Child = { name, child, exited };
    running.add(c);
    const url = `http://127.0.0.1:${ports[name]}`;
    started.push({ c, service: { name, pid: child.pid ?? -1, port: ports[name], url, stdoutFile, stderrFile }, spawnedAt: Date.now() });
  }

  const stop = async () => Promise.all(started.map((s) => stopChild(s.c, 10000)));
  try {
    const services = await Promise.all(
      started.map(async (s) => {
        await waitForHealth(s.c, s.service.url, options.healthTimeoutMs ?? 30000, {
          stdout: s.service.stdoutFile,
          stderr: s.service.stderrFile,
        });
        return { ...s.service, startMillis: Date.now() - s.spawnedAt };
      }),
    );
    return { services, urls: urlsFromPorts(ports), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Stops every service this process started (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopServices(graceMs = 10000): Promise<StopResult[]> {
  return Promise.all([...running].map((c) => stopChild(c, graceMs)));
}
