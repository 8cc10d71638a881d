// The settings of a stack that outgrew one machine's defaults (issue 15): an
// Elasticsearch cluster of several nodes, collectors in tiers (an agent and
// gateways), and ingestion security. Read once from the environment, like every
// other setting (settings.ts merges them in); every port has a default derived
// from the single-node one, so a port file that moves ES_PORT moves the whole
// cluster with it.
import { knownServices } from '@jewelry/schema';
import { UsageError } from '@jewelry/ops-kit';

export type CollectorTopology = 'single' | 'tiered';

export interface ScaleSettings {
  /** Nodes of the stack's Elasticsearch cluster (JEWELRY_ES_NODES, default 1). */
  readonly esNodes: number;
  /** HTTP port of each node (ES_HTTP_PORTS, default ES_PORT, ES_PORT+1, …); when listed, the first one is ES_PORT. */
  readonly esHttpPorts: readonly number[];
  /** Transport port of each node (ES_TRANSPORT_PORTS, default ES_TRANSPORT_PORT, +1, …). */
  readonly esTransportPorts: readonly number[];
  /** `single`: one collector; `tiered`: an agent that spreads records over gateways (JEWELRY_COLLECTOR_TOPOLOGY). */
  readonly collectorTopology: CollectorTopology;
  /** Gateways behind the agent in the tiered topology (JEWELRY_COLLECTOR_GATEWAYS, default 2). */
  readonly gatewayCount: number;
  /** Each gateway's OTLP/gRPC port (JEWELRY_GATEWAY_OTLP_PORTS, default OTLP_GRPC_PORT+100, +101, …). */
  readonly gatewayOtlpPorts: readonly number[];
  /** Each gateway's health_check port (JEWELRY_GATEWAY_HEALTH_PORTS, default COLLECTOR_HEALTH_PORT+1, +2, …). */
  readonly gatewayHealthPorts: readonly number[];
  /** Each gateway's own telemetry (JEWELRY_GATEWAY_TELEMETRY_PORTS, default COLLECTOR_TELEMETRY_PORT+100, +101, …). */
  readonly gatewayTelemetryPorts: readonly number[];
  /**
   * Ingestion security (JEWELRY_INGEST_AUTH=true; needs JEWELRY_ES_SECURITY=true): OTLP only over
   * TLS with a credential per service; every record stamped with the authenticated identity; a
   * record whose service.name is not that identity, or an audit record from an identity that may
   * not write audit records, is quarantined and counted.
   */
  readonly ingestAuth: boolean;
  /** Identities whose access/audit records are accepted (JEWELRY_INGEST_AUDIT_WRITERS, comma list; default the four services). */
  readonly ingestAuditWriters: readonly string[];
  /** Prometheus's lifecycle API (/-/reload, /-/quit: no authentication) only when asked (JEWELRY_PROMETHEUS_LIFECYCLE=true). */
  readonly prometheusLifecycle: boolean;
}

type Env = Record<string, string | undefined>;

/** What the derived defaults start from: the single-node settings, already resolved. */
export interface ScaleBase {
  readonly esPort: number;
  readonly esTransportPort: number;
  readonly otlpGrpcPort: number;
  readonly collectorHealthPort: number;
  readonly collectorTelemetryPort: number;
  readonly esSecurity: boolean;
}

const MAX_ES_NODES = 9;
const MAX_GATEWAYS = 8;

function whole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** true/1/yes or false/0/no (or unset); anything else is a usage error naming the variable. */
export function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0' || raw === 'no') return false;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  throw new UsageError(`${name} must be true or false, got '${env[name]}'`);
}

/** A comma list of ports, exactly `count` of them; undefined when the variable is unset. */
function portList(env: Env, name: string, count: number): number[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const ports = raw.split(',').map((p) => Number(p.trim()));
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw new UsageError(`${name} must be a comma-separated list of ports, got '${raw}'`);
  }
  if (ports.length !== count) throw new UsageError(`${name} must list ${count} ports (one per node), got ${ports.length}: '${raw}'`);
  return ports;
}

const range = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

function list(env: Env, name: string, fallback: readonly string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return [...fallback];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The scale settings from `env`, with `overrides` (a test's Partial<StackSettings>)
 * winning field by field. Port lists left to their defaults follow `base`.
 */
export function resolveScaleSettings(env: Env, base: ScaleBase, overrides: Partial<ScaleSettings> = {}): ScaleSettings {
  const esNodes = overrides.esNodes ?? whole(env, 'JEWELRY_ES_NODES', 1, 1, MAX_ES_NODES);
  const topology = overrides.collectorTopology ?? (env.JEWELRY_COLLECTOR_TOPOLOGY?.trim() || 'single');
  if (topology !== 'single' && topology !== 'tiered') {
    throw new UsageError(`JEWELRY_COLLECTOR_TOPOLOGY must be single or tiered, got '${topology}'`);
  }
  const gatewayCount = overrides.gatewayCount ?? whole(env, 'JEWELRY_COLLECTOR_GATEWAYS', 2, 1, MAX_GATEWAYS);
  const ingestAuth = overrides.ingestAuth ?? flag(env, 'JEWELRY_INGEST_AUTH');
  if (ingestAuth && !base.esSecurity) {
    // An open Elasticsearch takes writes from any local process: checking the collector's door alone would be theatre.
    throw new UsageError('JEWELRY_INGEST_AUTH=true needs JEWELRY_ES_SECURITY=true (an open Elasticsearch accepts writes from anyone)');
  }
  const settings: ScaleSettings = {
    esNodes,
    esHttpPorts: overrides.esHttpPorts ?? portList(env, 'ES_HTTP_PORTS', esNodes) ?? range(base.esPort, esNodes),
    esTransportPorts: overrides.esTransportPorts ?? portList(env, 'ES_TRANSPORT_PORTS', esNodes) ?? range(base.esTransportPort, esNodes),
    collectorTopology: topology,
    gatewayCount,
    gatewayOtlpPorts:
      overrides.gatewayOtlpPorts ??
      portList(env, 'JEWELRY_GATEWAY_OTLP_PORTS', gatewayCount) ??
      range(base.otlpGrpcPort + 100, gatewayCount),
    gatewayHealthPorts:
      overrides.gatewayHealthPorts ??
      portList(env, 'JEWELRY_GATEWAY_HEALTH_PORTS', gatewayCount) ??
      range(base.collectorHealthPort + 1, gatewayCount),
    gatewayTelemetryPorts:
      overrides.gatewayTelemetryPorts ??
      portList(env, 'JEWELRY_GATEWAY_TELEMETRY_PORTS', gatewayCount) ??
      range(base.collectorTelemetryPort + 100, gatewayCount),
    ingestAuth,
    ingestAuditWriters:
      overrides.ingestAuditWriters ??
      list(
        env,
        'JEWELRY_INGEST_AUDIT_WRITERS',
        knownServices.filter((s) => s !== 'host'),
      ),
    prometheusLifecycle: overrides.prometheusLifecycle ?? flag(env, 'JEWELRY_PROMETHEUS_LIFECYCLE'),
  };
  if (settings.esHttpPorts.length !== esNodes || settings.esTransportPorts.length !== esNodes) {
    throw new UsageError(`ES_HTTP_PORTS and ES_TRANSPORT_PORTS must list ${esNodes} ports each (JEWELRY_ES_NODES=${esNodes})`);
  }
  for (const name of settings.ingestAuditWriters) {
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(name)) throw new UsageError(`JEWELRY_INGEST_AUDIT_WRITERS: '${name}' is not a service name`);
  }
  return settings;
}

/** Replicas of every index: 1 on a cluster (a node can go without losing a shard), 0 on one node (else it stays yellow). */
export function defaultReplicas(esNodes: number): number {
  return esNodes > 1 ? 1 : 0;
}
