import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'node:http';

/**
 * Runs a fixture service in its own node process (as a real service would
 * run: `node --require @jewelry/otel fixture.js`), collecting its stdout and
 * stderr, and always stops it — tests call stop() in afterEach/finally.
 */
export class FixtureProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMillis: number }>;

  constructor(nodeArgs: string[], env: NodeJS.ProcessEnv, cwd?: string) {
    this.child = spawn(process.execPath, nodeArgs, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal, atMillis: Date.now() })));
  }

  /** Waits for `pattern` in stderr (fixtures print `FIXTURE_PORT=<n>` there). */
  async waitForStderr(pattern: RegExp, timeoutMillis = 20000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMillis;
    while (Date.now() < deadline) {
      const match = pattern.exec(this.stderr);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(
      `fixture did not print ${pattern} (exit ${this.child.exitCode ?? this.child.signalCode})\nstderr:\n${this.stderr}\nstdout:\n${this.stdout.slice(-2000)}`,
    );
  }

  async port(): Promise<number> {
    return Number((await this.waitForStderr(/FIXTURE_PORT=(\d+)/))[1]);
  }

  /** JSON lines the service wrote on stdout. */
  jsonLines(): Record<string, unknown>[] {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Sends SIGKILL if still running; never throws. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
  millis: number;
}

export function httpRequest(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const started = Date.now();
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
        timeout: 10000,
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, millis: Date.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A line of a JavaScript stack trace: a service's stderr must never be only that. */
export const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

const REPO = join(__dirname, '..', '..');

/** `node --require @jewelry/otel <fixture>` exporting to `otlpEndpoint` with 200 ms batch delays; `env` adds to or overrides that. */
function startUnderPreload(fixture: string, otlpEndpoint: string, env: Record<string, string>): FixtureProcess {
  return new FixtureProcess(
    ['--require', '@jewelry/otel', fixture],
    { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BLRP_SCHEDULE_DELAY: '200', ...env },
    REPO,
  );
}

/**
 * test/fixtures/bad-input-service.js, as partner-api (its managed indices
 * and mappings), exporting to `otlpEndpoint` (see startUnderPreload).
 */
export function startBadInputService(otlpEndpoint: string, env: Record<string, string>): FixtureProcess {
  return startUnderPreload(join(REPO, 'test', 'fixtures', 'bad-input-service.js'), otlpEndpoint, {
    OTEL_SERVICE_NAME: 'partner-api',
    ...env,
  });
}

/** packages/otel/test/fixtures/order-service.js as `serviceName`, exporting to `otlpEndpoint` (see startUnderPreload). */
export function startOrderService(serviceName: string, otlpEndpoint: string, env: Record<string, string> = {}): FixtureProcess {
  return startUnderPreload(join(REPO, 'packages', 'otel', 'test', 'fixtures', 'order-service.js'), otlpEndpoint, {
    OTEL_SERVICE_NAME: serviceName,
    ...env,
  });
}
