/**
 * Shared by the collector-masking tests: a private collector process on free
 * ports for the checks that need their own pipeline config. The payloads
 * they send are in ../support/otlp-json.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCollector, resolveSettings } from '@jewelry/cli';
import { freePort } from '../support/free-port';

/**
 * Our collector distribution (the cached build) with the given config files,
 * on free ports and in its own temporary directory; never the stack's collector.
 */
export class PrivateCollector {
  private child: ChildProcess | undefined;
  private output = '';
  readonly dir = mkdtempSync(join(tmpdir(), 'jewelry-mask-collector-'));
  ports: { otlpHttp: number; otlpGrpc: number; health: number; metrics: number; telemetry: number } | undefined;

  get otlpHttpEndpoint(): string {
    return `http://127.0.0.1:${this.ports!.otlpHttp}`;
  }

  get log(): string {
    return this.output;
  }

  /** `configs` are file paths or YAML texts (written into the temporary directory). */
  async start(configs: string[], env: Record<string, string> = {}): Promise<void> {
    const build = await buildCollector(resolveSettings());
    this.ports = {
      otlpHttp: await freePort(),
      otlpGrpc: await freePort(),
      health: await freePort(),
      metrics: await freePort(),
      telemetry: await freePort(),
    };
    const files = configs.map((c, i) => {
      if (!c.includes('\n')) return c;
      const file = join(this.dir, `config-${i}.yaml`);
      writeFileSync(file, c);
      return file;
    });
    this.child = spawn(
      build.binary,
      files.flatMap((f) => ['--config', f]),
      {
        cwd: this.dir,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: this.dir,
          OTLP_HTTP_PORT: String(this.ports.otlpHttp),
          OTLP_GRPC_PORT: String(this.ports.otlpGrpc),
          COLLECTOR_HEALTH_PORT: String(this.ports.health),
          COLLECTOR_METRICS_PORT: String(this.ports.metrics),
          COLLECTOR_TELEMETRY_PORT: String(this.ports.telemetry),
          JEWELRY_COLLECTOR_STORAGE: join(this.dir, 'storage'),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!this.output.includes('Everything is ready')) {
      if (this.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`private collector did not start:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
