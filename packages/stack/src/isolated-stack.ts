import { freePort } from '@jewelry/ops-kit';

export interface IsolatedStackOptions {
  /** Its own Elasticsearch (else the collector writes to the usual one). */
  elasticsearch?: boolean;
  /** Nodes of that Elasticsearch (JEWELRY_ES_NODES; default 1). */
  esNodes?: number;
  /** Collectors in tiers with this many gateways (JEWELRY_COLLECTOR_TOPOLOGY=tiered). */
  gateways?: number;
}

/**
 * The environment of a stack of one's own: its own state dir and free
 * loopback ports for the collector (and, if asked, for Elasticsearch — one
 * node or several — and for gateways), so a fault test or a benchmark can
 * stop, kill and restart its components without touching the stack a
 * developer or another test runs. Without its own Elasticsearch the collector
 * writes to the usual one.
 */
export async function isolatedStackEnv(
  stackDir: string,
  options: IsolatedStackOptions = {},
  base: Record<string, string | undefined> = process.env,
): Promise<Record<string, string | undefined>> {
  const ports = ['OTLP_HTTP_PORT', 'OTLP_GRPC_PORT', 'COLLECTOR_HEALTH_PORT', 'COLLECTOR_METRICS_PORT', 'COLLECTOR_TELEMETRY_PORT'];
  const env: Record<string, string | undefined> = { ...base, JEWELRY_STACK_DIR: stackDir };
  for (const name of ports) env[name] = String(await freePort());
  const lists = async (count: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(await freePort());
    return out;
  };
  if (options.elasticsearch) {
    const nodes = options.esNodes ?? 1;
    const http = await lists(nodes);
    const transport = await lists(nodes);
    Object.assign(env, {
      JEWELRY_ES_NODES: String(nodes),
      ES_PORT: String(http[0]),
      ES_TRANSPORT_PORT: String(transport[0]),
      ES_HTTP_PORTS: http.join(','),
      ES_TRANSPORT_PORTS: transport.join(','),
    });
  }
  if (options.gateways) {
    Object.assign(env, {
      JEWELRY_COLLECTOR_TOPOLOGY: 'tiered',
      JEWELRY_COLLECTOR_GATEWAYS: String(options.gateways),
      JEWELRY_GATEWAY_OTLP_PORTS: (await lists(options.gateways)).join(','),
      JEWELRY_GATEWAY_HEALTH_PORTS: (await lists(options.gateways)).join(','),
      JEWELRY_GATEWAY_TELEMETRY_PORTS: (await lists(options.gateways)).join(','),
    });
  }
  return env;
}
