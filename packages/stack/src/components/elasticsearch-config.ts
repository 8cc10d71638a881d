// Everything that decides how our Elasticsearch node is configured and how we
// talk to it, in one place: turning security on later changes this file only.
import type { StackSettings } from '../settings';
import { COLLECTOR_USER, MONITOR_USER } from '@jewelry/elasticsearch';
import { discoveryLines, esNodes, type EsNode, type EsNodePaths } from './elasticsearch-cluster';

export const ES_CLUSTER_NAME = 'jewelry';
/** The account Elasticsearch runs under when we are root (it refuses to run as root). */
export const ES_USER = 'jewelry';

/**
 * elasticsearch.yml for one loopback node: node 1 of the stack unless `node`
 * says which (a cluster, JEWELRY_ES_NODES > 1: ./elasticsearch-cluster.ts).
 */
export function elasticsearchYml(s: StackSettings, paths: EsNodePaths, node: EsNode = esNodes(s)[0]!, bootstrap = true): string {
  const lines = [
    '# Written by jewelry-otel on every start (packages/stack/src/components/elasticsearch-config.ts);',
    '# change the code, not this file.',
    `cluster.name: ${ES_CLUSTER_NAME}`,
    ...discoveryLines(s, node, bootstrap),
    `network.host: ${s.host}`,
    `http.port: ${node.httpPort}`,
    `transport.port: ${node.transportPort}`,
    `path.data: ${paths.data}`,
    `path.logs: ${paths.logs}`,
    ...securityLines(s),
    // Free-space watermarks as absolute sizes: the percentage defaults (85/90/95 %)
    // turn indices read-only on a big, mostly full dev disk that still has gigabytes free.
    'cluster.routing.allocation.disk.watermark.low: 2gb',
    'cluster.routing.allocation.disk.watermark.high: 1gb',
    'cluster.routing.allocation.disk.watermark.flood_stage: 500mb',
    '',
  ];
  return lines.join('\n');
}

/** Where the node's HTTPS certificate, key and CA are copied (ES reads files under its config dir only). */
export const ES_CERTS_SUBDIR = 'certs';

/**
 * SEC-2/3/4. Off (the default): plain HTTP without users, what the tests and
 * the demo use. On (JEWELRY_ES_SECURITY=true): users and roles (the bootstrap
 * superuser in the file realm, ours in the native realm), HTTPS with the
 * stack's certificate, and the audit log where the license allows it (Basic
 * does not: the node logs "Auditing logging is DISABLED"; trial/Platinum do).
 * Transport TLS: off on one node (transport bound to loopback, no peer); on in a
 * cluster, where Elasticsearch requires it once security is on — the nodes
 * authenticate each other with the stack's certificate (same CA).
 */
export function securityLines(s: StackSettings): string[] {
  if (!s.esSecurity) return ['# Security off (JEWELRY_ES_SECURITY unset): plain HTTP, no users.', 'xpack.security.enabled: false'];
  return [
    'xpack.security.enabled: true',
    'xpack.security.http.ssl.enabled: true',
    `xpack.security.http.ssl.certificate: ${ES_CERTS_SUBDIR}/http.crt`,
    `xpack.security.http.ssl.key: ${ES_CERTS_SUBDIR}/http.key`,
    `xpack.security.http.ssl.certificate_authorities: [ "${ES_CERTS_SUBDIR}/ca.crt" ]`,
    ...transportTlsLines(s),
    // SEC-4: who read what, when. The default event set includes access_granted
    // (user, action, indices) and access_denied; the collector's own writes are
    // left out (every bulk would be an event), its refused reads are not.
    'xpack.security.audit.enabled: true',
    `xpack.security.audit.logfile.events.ignore_filters.collector_writes.users: [ "${COLLECTOR_USER}" ]`,
    'xpack.security.audit.logfile.events.ignore_filters.collector_writes.actions: [ "indices:data/write/*" ]',
    // The collector's health scrape every 30 s reads no document; it would bury the reads that matter.
    `xpack.security.audit.logfile.events.ignore_filters.collector_monitor.users: [ "${MONITOR_USER}" ]`,
  ];
}

function transportTlsLines(s: StackSettings): string[] {
  if (s.esNodes === 1) return ['xpack.security.transport.ssl.enabled: false'];
  return [
    'xpack.security.transport.ssl.enabled: true',
    // `certificate`: the CA must have signed the peer's certificate; every node here is 127.0.0.1 with the same one.
    'xpack.security.transport.ssl.verification_mode: certificate',
    'xpack.security.transport.ssl.client_authentication: required',
    `xpack.security.transport.ssl.certificate: ${ES_CERTS_SUBDIR}/http.crt`,
    `xpack.security.transport.ssl.key: ${ES_CERTS_SUBDIR}/http.key`,
    `xpack.security.transport.ssl.certificate_authorities: [ "${ES_CERTS_SUBDIR}/ca.crt" ]`,
  ];
}

/** Base URL of the REST API (node 1; every node's: esNodeUrls in ./elasticsearch-cluster.ts). */
export function esBaseUrl(s: StackSettings): string {
  return `${s.esSecurity ? 'https' : 'http'}://${s.host}:${s.esPort}`;
}
