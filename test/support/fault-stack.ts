import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  EsClient,
  esNodes,
  gatewayPid,
  isolatedStackEnv,
  resolveSettings,
  securedStackClient,
  stackDown,
  stackStatus,
  stackUp,
  type ComponentName,
  type StackOptions,
  type StackSettings,
} from '@jewelry/cli';

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

  /** `esNodes`: a cluster of that many nodes (with ownElasticsearch); `gateways`: collectors in tiers (an agent and that many gateways). */
  static async create(
    label: string,
    options: { ownElasticsearch?: boolean; esNodes?: number; gateways?: number; env?: Record<string, string> } = {},
  ): Promise<IsolatedStack> {
    const env = await isolatedStackEnv(join(REPO, '.stack', `${label}-${process.pid}`), {
      elasticsearch: options.ownElasticsearch,
      esNodes: options.esNodes,
      gateways: options.gateways,
    });
    return new IsolatedStack({ ...env, ...options.env });
  }

  get settings(): StackSettings {
    return this.options.settings as StackSettings;
  }

  /** A client for this stack's Elasticsearch (every node; https as the admin in security mode). */
  esClient(): EsClient {
    const s = this.settings;
    return s.esSecurity ? securedStackClient(s) : new EsClient({ url: this.elasticsearchUrl });
  }

  /** SIGKILL to one Elasticsearch node (1-based) of a cluster; returns its pid. */
  async killEsNode(index: number): Promise<number> {
    const node = esNodes(this.settings)[index - 1];
    const pid = node ? Number(readFileSync(node.pidFile, 'utf8').trim()) : NaN;
    if (!Number.isInteger(pid)) throw new Error(`Elasticsearch node ${index} has no pid`);
    await killAndWait(pid);
    return pid;
  }

  /** SIGKILL to one gateway (1-based) of the tiered topology; returns its pid. */
  async killGateway(index: number): Promise<number> {
    const pid = gatewayPid(this.settings, index);
    if (!pid) throw new Error(`gateway ${index} is not running`);
    await killAndWait(pid);
    return pid;
  }

  get otlpEndpoint(): string {
    return `${this.settings.esSecurity ? 'https' : 'http'}://127.0.0.1:${this.env.OTLP_HTTP_PORT}`;
  }

  get elasticsearchUrl(): string {
    return `${this.settings.esSecurity ? 'https' : 'http'}://127.0.0.1:${this.settings.esPort}`;
  }

  async up(names: ComponentName[]): Promise<void> {
    await stackUp(names, this.options);
  }

  async down(names: ComponentName[]): Promise<void> {
    await stackDown(names, this.options);
  }

  /** SIGKILL, as the OOM killer or a crashed host would: no shutdown, no flush (the pid file's process of a component). */
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

  /** The collector's warnings and errors (the last `max`), to say why a fault test lost records before its state is removed. */
  collectorProblems(max = 40): string[] {
    let text = '';
    try {
      text = readFileSync(join(this.stackDir, 'collector', 'collector.log'), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => /\t(warn|error)\t|drop|fail/i.test(line))
      .slice(-max);
  }

  /** Stops everything this stack runs and removes its state. */
  async destroy(names: ComponentName[]): Promise<void> {
    await stackDown(names, this.options).catch(() => undefined);
    rmSync(this.stackDir, { recursive: true, force: true });
  }
}

async function killAndWait(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
