// Shared by the real-stack tests: an isolated stack dir and free loopback ports,
// so they never touch (or stop) the stack a developer or another test runs.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EsClient } from '@jewelry/elasticsearch';
import { freePort } from '@jewelry/ops-kit';
import { resolveSettings, stackDown, stackEndpoints, stackEsClient, stackUp, type StackOptions, type StackSettings } from '@jewelry/stack';

export { freePort };

export function makeStackDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `jewelry-stack-${label}-`));
  // mkdtemp makes it 0700; the service users (rabbitmq, jewelry) must enter it.
  chmodSync(dir, 0o755);
  return dir;
}

export function removeStackDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** An Elasticsearch of a test's own: its stack dir, free ports, and a client for it. */
export interface OwnElasticsearch {
  stackDir: string;
  options: StackOptions;
  settings: StackSettings;
  baseUrl: string;
  client: EsClient;
  /** Stops the node and removes its stack dir. */
  stop(): Promise<void>;
}

/** Starts one (stack up runs es setup: templates and a write alias per known service and class); cleans up if it cannot. */
export async function startOwnElasticsearch(
  label: string,
  extra: Omit<StackOptions, 'settings'> & { settings?: Partial<StackSettings> } = {},
): Promise<OwnElasticsearch> {
  const stackDir = makeStackDir(label);
  const options: StackOptions = {
    ...extra,
    settings: { stackDir, esPort: await freePort(), esTransportPort: await freePort(), ...extra.settings },
  };
  const settings = resolveSettings(options.settings);
  const stop = async (): Promise<void> => {
    await stackDown(['elasticsearch'], options);
    removeStackDir(stackDir);
  };
  try {
    await stackUp(['elasticsearch'], options);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return {
    stackDir,
    options,
    settings,
    baseUrl: stackEndpoints(settings).elasticsearchUrl,
    client: stackEsClient(settings),
    stop,
  };
}
