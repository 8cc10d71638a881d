// Collectors in tiers (issue 15, JEWELRY_COLLECTOR_TOPOLOGY=tiered): the
// stack's `collector` component becomes an agent (the collector the services
// send to: config.yaml and its overlays, plus collector/tiers/agent.yaml) and
// gateways that write to Elasticsearch (collector/tiers/gateway.yaml), each
// its own process with its own ports, storage and pid file under
// <stack dir>/collector/gateway-<n>/. The agent's pid file stays the
// component's; the gateways start first, stop with it, and a gateway that
// died comes back on the next `stack up collector` (the component's repair).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StackError, ensureDir, tailFile, isPortFree, portOwner, livePid, spawnDetached, stopPidFiles, httpOk } from '@jewelry/ops-kit';
import type { StackSettings } from './settings';
import { componentDir } from './component';
import { esNodeUrls } from './components/elasticsearch-cluster';
import { AGENT_IDENTITY, ingestAuthHeader, writeGatewayHtpasswd } from './security/ingest-auth';
import { collectorSecurityEnv } from './security/collector';
import { esTlsFiles } from './security/tls';

/** What every collector process of ours has on its command line (the built binary's name). */
const MARKER = 'jewelry-otelcol';

export interface Gateway {
  /** 1-based. */
  readonly index: number;
  readonly name: string;
  readonly otlpPort: number;
  readonly healthPort: number;
  readonly telemetryPort: number;
  readonly dir: string;
  readonly pidFile: string;
  readonly logFile: string;
}

/** The gateways of the tiered topology; none for a single collector. */
export function gateways(s: StackSettings): Gateway[] {
  if (s.collectorTopology !== 'tiered') return [];
  return s.gatewayOtlpPorts.map((otlpPort, i) => {
    const index = i + 1;
    const dir = join(componentDir(s, 'collector'), `gateway-${index}`);
    return {
      index,
      name: `gateway-${index}`,
      otlpPort,
      healthPort: s.gatewayHealthPorts[i]!,
      telemetryPort: s.gatewayTelemetryPorts[i]!,
      dir,
      pidFile: join(dir, 'gateway.pid'),
      logFile: join(dir, 'gateway.log'),
    };
  });
}

/** host:port of every gateway, comma-separated: the agent's JEWELRY_GATEWAY_ENDPOINTS. */
export function gatewayEndpoints(s: StackSettings): string {
  return gateways(s)
    .map((g) => `${s.host}:${g.otlpPort}`)
    .join(',');
}

/** The agent's extra variables in the tiered topology (nothing for a single collector). */
export function agentTierEnv(s: StackSettings): Record<string, string> {
  if (s.collectorTopology !== 'tiered') return {};
  const env: Record<string, string> = { JEWELRY_GATEWAY_ENDPOINTS: gatewayEndpoints(s) };
  if (s.esSecurity) {
    env.GATEWAY_CA_FILE = esTlsFiles(s).ca;
    env.JEWELRY_GATEWAY_AUTH = ingestAuthHeader(s, AGENT_IDENTITY).authorization!;
  }
  return env;
}

/** The agent's overlays after the single collector's configs: tiers/agent.yaml (+ agent.tls.yaml in security mode). */
export function agentTierConfigArgs(s: StackSettings, mainConfig: string): string[] {
  if (s.collectorTopology !== 'tiered') return [];
  const tiers = join(dirname(mainConfig), 'tiers');
  const args = ['--config', join(tiers, 'agent.yaml')];
  if (s.esSecurity) args.push('--config', join(tiers, 'agent.tls.yaml'));
  return args;
}

export function gatewayConfigArgs(s: StackSettings, mainConfig: string): string[] {
  const tiers = join(dirname(mainConfig), 'tiers');
  const args = ['--config', join(tiers, 'gateway.yaml')];
  if (s.esSecurity) args.push('--config', join(tiers, 'gateway.tls.yaml'));
  return args;
}

export function gatewayEnv(s: StackSettings, g: Gateway): Record<string, string> {
  const security = collectorSecurityEnv(s);
  return {
    ...s.collectorPassthroughEnv,
    ES_ENDPOINTS: esNodeUrls(s).join(','),
    GATEWAY_OTLP_PORT: String(g.otlpPort),
    GATEWAY_HEALTH_PORT: String(g.healthPort),
    GATEWAY_TELEMETRY_PORT: String(g.telemetryPort),
    JEWELRY_COLLECTOR_STORAGE: join(g.dir, 'storage'),
    ...security,
    ...(s.esSecurity ? { JEWELRY_GATEWAY_HTPASSWD: writeGatewayHtpasswd(s) } : {}),
  };
}

/** Gateways whose process is not running. */
export function stoppedGateways(s: StackSettings): Gateway[] {
  return gateways(s).filter((g) => livePid(g.pidFile, MARKER) === undefined);
}

async function ensureGatewayPortsFree(s: StackSettings, g: Gateway): Promise<void> {
  for (const [port, what] of [
    [g.otlpPort, 'OTLP/gRPC (JEWELRY_GATEWAY_OTLP_PORTS)'],
    [g.healthPort, 'health_check (JEWELRY_GATEWAY_HEALTH_PORTS)'],
    [g.telemetryPort, 'self-telemetry (JEWELRY_GATEWAY_TELEMETRY_PORTS)'],
  ] as const) {
    if (await isPortFree(s.host, port)) continue;
    const owner = portOwner(port);
    const who = owner ? `pid ${owner.pid} (${owner.command})` : 'another process';
    throw new StackError(`collector: port ${port} of ${g.name}, ${what}, on ${s.host} is taken by ${who}, which this stack did not start`, {
      component: 'collector',
    });
  }
}

/** Launches the given gateways with the built binary; returns once they are launched (not healthy). */
export async function startGateways(s: StackSettings, binary: string, list: readonly Gateway[], mainConfig: string): Promise<void> {
  for (const g of list) {
    await ensureGatewayPortsFree(s, g);
    ensureDir(join(g.dir, 'storage'));
    try {
      spawnDetached({
        command: binary,
        args: gatewayConfigArgs(s, mainConfig),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: g.dir, ...gatewayEnv(s, g) },
        cwd: g.dir,
        logFile: g.logFile,
        pidFile: g.pidFile,
      });
    } catch (err) {
      throw new StackError(`cannot start ${g.name} (${binary}): ${(err as Error).message}`, {
        component: 'collector',
        logPath: g.logFile,
        logTail: tailFile(g.logFile, 15),
      });
    }
  }
}

/** SIGTERM (the gateway keeps its queue on disk), then SIGKILL after 30 s; returns how many were running. */
export function stopGateways(s: StackSettings): Promise<number> {
  return stopPidFiles(
    gateways(s).map((g) => g.pidFile),
    MARKER,
  );
}

/** Every gateway answers its health check (true when there are none). */
export async function gatewaysHealthy(s: StackSettings): Promise<boolean> {
  const results = await Promise.all(gateways(s).map((g) => httpOk(`http://${s.host}:${g.healthPort}/`)));
  return results.every(Boolean);
}

/** A gateway's pid, for a test that kills one. */
export function gatewayPid(s: StackSettings, index: number): number | undefined {
  const g = gateways(s)[index - 1];
  return g && existsSync(g.pidFile) ? livePid(g.pidFile, MARKER) : undefined;
}
