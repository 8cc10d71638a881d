import { freePort } from './ports';

/**
 * The environment of a stack of one's own: its own state dir and free
 * loopback ports for the collector (and, if asked, for Elasticsearch), so a
 * fault test or a benchmark can stop, kill and restart its components
 * without touching the stack a developer or another test runs. Without its
 * own Elasticsearch the collector writes to the usual one.
 */
export async function isolatedStackEnv(
  stackDir: string,
  options: { elasticsearch?: boolean } = {},
  base: Record<string, string | undefined> = process.env,
): Promise<Record<string, string | undefined>> {
  const ports = ['OTLP_HTTP_PORT', 'OTLP_GRPC_PORT', 'COLLECTOR_HEALTH_PORT', 'COLLECTOR_METRICS_PORT', 'COLLECTOR_TELEMETRY_PORT'];
  if (options.elasticsearch) ports.push('ES_PORT', 'ES_TRANSPORT_PORT');
  const env: Record<string, string | undefined> = { ...base, JEWELRY_STACK_DIR: stackDir };
  for (const name of ports) env[name] = String(await freePort());
  return env;
}
