import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedStackEnv, resolveSettings, stackDown, stackStatus, stackUp, type ComponentName, type StackOptions } from '@jewelry/cli';

const REPO = join(__dirname, '..', '..');

/**
 * A collector (and, if asked, an Elasticsearch node) of a test's own, on free
 * ports in its own stack dir, started and stopped by the project's stack
 * code — so a fault test can kill or stop them without touching the shared
 * stack other tests use. Without its own Elasticsearch the collector writes
 * to the shared one.
 */
export class IsolatedStack {
  readonly options: StackOptions;
  private readonly stackDir: string;

  private constructor(readonly env: Record<string, string | undefined>) {
    this.stackDir = env.JEWELRY_STACK_DIR!;
    this.options = { settings: resolveSettings({}, env), env, onProgress: () => undefined };
  }

  static async create(label: string, options: { ownElasticsearch?: boolean; env?: Record<string, string> } = {}): Promise<IsolatedStack> {
    const env = await isolatedStackEnv(join(REPO, '.stack', `${label}-${process.pid}`), { elasticsearch: options.ownElasticsearch });
    return new IsolatedStack({ ...env, ...options.env });
  }

  get otlpEndpoint(): string {
    return `http://127.0.0.1:${this.env.OTLP_HTTP_PORT}`;
  }

  get elasticsearchUrl(): string {
    return `http://127.0.0.1:${this.options.settings!.esPort}`;
  }

  async up(names: ComponentName[]): Promise<void> {
    await stackUp(names, this.options);
  }

  async down(names: ComponentName[]): Promise<void> {
    await stackDown(names, this.options);
  }

  /** SIGKILL, as the OOM killer or a crashed host would: no shutdown, no flush. */
  async kill(name: ComponentName): Promise<number> {
    const pid = await this.pid(name);
    if (!pid) throw new Error(`${name} is not running`);
    process.kill(pid, 'SIGKILL');
    while ((await stackStatus([name], this.options))[0]?.state === 'running') await new Promise((r) => setTimeout(r, 50));
    return pid;
  }

  async pid(name: ComponentName): Promise<number | null> {
    return (await stackStatus([name], this.options))[0]?.pid ?? null;
  }

  /** Stops everything this stack runs and removes its state. */
  async destroy(names: ComponentName[]): Promise<void> {
    await stackDown(names, this.options).catch(() => undefined);
    rmSync(this.stackDir, { recursive: true, force: true });
  }
}
