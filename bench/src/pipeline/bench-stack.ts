import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  EsClient,
  isolatedStackEnv,
  resolveSettings,
  stackDown,
  stackStatus,
  stackUp,
  type ComponentName,
  type StackOptions,
} from '@jewelry/cli';

const COMPONENTS: ComponentName[] = ['elasticsearch', 'collector'];

/**
 * An Elasticsearch node and a collector of the bench's own (the project's
 * stack code, its own dir and free ports): the measured documents never mix
 * with a developer's data, and the numbers are not disturbed by whatever the
 * shared stack is doing. Removed afterwards.
 */
export class BenchStack {
  private constructor(
    private options: StackOptions,
    readonly otlpEndpoint: string,
    readonly es: EsClient,
    private readonly dir: string,
    private readonly components: ComponentName[],
  ) {}

  /** `components`: both by default; the masking section starts only Elasticsearch and runs collectors of its own. */
  static async start(repoRoot: string, components: ComponentName[] = COMPONENTS): Promise<BenchStack> {
    const dir = join(repoRoot, '.stack', `bench-${process.pid}`);
    const env = await isolatedStackEnv(dir, { elasticsearch: true });
    const settings = resolveSettings({}, env);
    const stack = new BenchStack(
      { settings, env, onProgress: (m) => process.stderr.write(`bench: ${m}\n`) },
      `http://127.0.0.1:${settings.otlpHttpPort}`,
      new EsClient({ url: `http://127.0.0.1:${settings.esPort}`, timeoutMs: 120_000 }),
      dir,
      components,
    );
    try {
      await stackUp(components, stack.options);
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** Restarts the collector with `overlay` laid over its config (none: the product config). */
  async restartCollector(overlay?: string): Promise<void> {
    await stackDown(['collector'], this.options);
    const env = { ...this.options.env, JEWELRY_COLLECTOR_EXTRA_CONFIG: overlay ?? '' };
    this.options = { ...this.options, env, settings: resolveSettings({}, env) };
    await stackUp(['collector'], this.options);
  }

  /** pid of each component, for CPU accounting. */
  async pids(): Promise<Record<'elasticsearch' | 'collector', number>> {
    const status = await stackStatus(this.components, this.options);
    const pid = (name: ComponentName) => status.find((s) => s.name === name)?.pid ?? 0;
    return { elasticsearch: pid('elasticsearch'), collector: pid('collector') };
  }

  async stop(): Promise<void> {
    await stackDown([...this.components].reverse(), this.options).catch((err: Error) =>
      process.stderr.write(`bench: stopping the bench stack: ${err.message}\n`),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
