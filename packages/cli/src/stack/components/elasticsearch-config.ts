// Everything that decides how our Elasticsearch node is configured and how we
// talk to it, in one place: turning security on later changes this file only.
import { join } from 'node:path';
import type { StackSettings } from '../../settings';

export const ES_CLUSTER_NAME = 'jewelry';
/** The account Elasticsearch runs under when we are root (it refuses to run as root). */
export const ES_USER = 'jewelry';

export interface EsNodePaths {
  data: string;
  logs: string;
}

/** elasticsearch.yml for a single loopback node. */
export function elasticsearchYml(s: StackSettings, paths: EsNodePaths): string {
  const lines = [
    '# Written by jewelry-otel on every start (packages/cli/src/stack/components/elasticsearch-config.ts);',
    '# change the code, not this file.',
    `cluster.name: ${ES_CLUSTER_NAME}`,
    'node.name: jewelry-es-1',
    'discovery.type: single-node',
    `network.host: ${s.host}`,
    `http.port: ${s.esPort}`,
    `transport.port: ${s.esTransportPort}`,
    `path.data: ${paths.data}`,
    `path.logs: ${paths.logs}`,
    // Plain HTTP without users for now; TLS, users and roles come with SEC-2/SEC-3.
    'xpack.security.enabled: false',
    // Free-space watermarks as absolute sizes: the percentage defaults (85/90/95 %)
    // turn indices read-only on a big, mostly full dev disk that still has gigabytes free.
    'cluster.routing.allocation.disk.watermark.low: 2gb',
    'cluster.routing.allocation.disk.watermark.high: 1gb',
    'cluster.routing.allocation.disk.watermark.flood_stage: 500mb',
    '',
  ];
  return lines.join('\n');
}

/** Base URL of the REST API. */
export function esBaseUrl(s: StackSettings): string {
  return `http://${s.host}:${s.esPort}`;
}

/** Headers every request to our node needs (credentials, once security is on). */
export function esRequestHeaders(_s: StackSettings): Record<string, string> {
  return {};
}

/** Where the node keeps its state inside the stack dir. */
export function esNodePaths(componentDir: string): EsNodePaths & { config: string; tmp: string } {
  return {
    config: join(componentDir, 'config'),
    data: join(componentDir, 'data'),
    logs: join(componentDir, 'logs'),
    tmp: join(componentDir, 'tmp'),
  };
}
