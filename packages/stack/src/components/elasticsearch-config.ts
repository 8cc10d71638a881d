// Everything that decides how our Elasticsearch node is configured and how we
// talk to it, in one place: turning security on later changes this file only.
import { COLLECTOR_USER, MONITOR_USER } from '@jewelry/elasticsearch';
import type { StackSettings } from '../settings';
import { discoverySettings, esNodes, type EsNode, type EsNodePaths } from './elasticsearch-cluster';
import { renderEsYml, setting, type EsYmlSetting } from './elasticsearch-yml';

export const ES_CLUSTER_NAME = 'jewelry';
/** The account Elasticsearch runs under when we are root (it refuses to run as root). */
export const ES_USER = 'jewelry';

/**
 * elasticsearch.yml for one loopback node: node 1 of the stack unless `node`
 * says which (a cluster, JEWELRY_ES_NODES > 1: ./elasticsearch-cluster.ts).
 */
export function elasticsearchYml(s: StackSettings, paths: EsNodePaths, node: EsNode = esNodes(s)[0]!, bootstrap = true): string {
  const settings: EsYmlSetting[] = [
    setting('cluster.name', ES_CLUSTER_NAME),
    ...discoverySettings(s, node, bootstrap),
    setting('network.host', s.host),
    setting('http.port', node.httpPort),
    setting('transport.port', node.transportPort),
    setting('path.data', paths.data),
    setting('path.logs', paths.logs),
    ...securitySettings(s),
    setting(
      'cluster.routing.allocation.disk.watermark.low',
      '2gb',
      'Free-space watermarks as absolute sizes: the percentage defaults (85/90/95 %)\nturn indices read-only on a big, mostly full dev disk that still has gigabytes free.',
    ),
    setting('cluster.routing.allocation.disk.watermark.high', '1gb'),
    setting('cluster.routing.allocation.disk.watermark.flood_stage', '500mb'),
  ];
  return renderEsYml(
    settings,
    'Written by jewelry-otel on every start (packages/stack/src/components/elasticsearch-config.ts);\nchange the code, not this file.',
  );
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
export function securitySettings(s: StackSettings): EsYmlSetting[] {
  if (!s.esSecurity) return [setting('xpack.security.enabled', false, 'Security off (JEWELRY_ES_SECURITY unset): plain HTTP, no users.')];
  return [
    setting('xpack.security.enabled', true),
    setting('xpack.security.http.ssl.enabled', true),
    setting('xpack.security.http.ssl.certificate', `${ES_CERTS_SUBDIR}/http.crt`),
    setting('xpack.security.http.ssl.key', `${ES_CERTS_SUBDIR}/http.key`),
    setting('xpack.security.http.ssl.certificate_authorities', [`${ES_CERTS_SUBDIR}/ca.crt`]),
    ...transportTlsSettings(s),
    setting(
      'xpack.security.audit.enabled',
      true,
      "SEC-4: who read what, when. The default event set includes access_granted\n(user, action, indices) and access_denied; the collector's own writes are\nleft out (every bulk would be an event), its refused reads are not.",
    ),
    setting('xpack.security.audit.logfile.events.ignore_filters.collector_writes.users', [COLLECTOR_USER]),
    setting('xpack.security.audit.logfile.events.ignore_filters.collector_writes.actions', ['indices:data/write/*']),
    setting(
      'xpack.security.audit.logfile.events.ignore_filters.collector_monitor.users',
      [MONITOR_USER],
      "The collector's health scrape every 30 s reads no document; it would bury the reads that matter.",
    ),
  ];
}

function transportTlsSettings(s: StackSettings): EsYmlSetting[] {
  if (s.esNodes === 1) return [setting('xpack.security.transport.ssl.enabled', false)];
  return [
    setting('xpack.security.transport.ssl.enabled', true),
    setting(
      'xpack.security.transport.ssl.verification_mode',
      'certificate',
      "`certificate`: the CA must have signed the peer's certificate; every node here is 127.0.0.1 with the same one.",
    ),
    setting('xpack.security.transport.ssl.client_authentication', 'required'),
    setting('xpack.security.transport.ssl.certificate', `${ES_CERTS_SUBDIR}/http.crt`),
    setting('xpack.security.transport.ssl.key', `${ES_CERTS_SUBDIR}/http.key`),
    setting('xpack.security.transport.ssl.certificate_authorities', [`${ES_CERTS_SUBDIR}/ca.crt`]),
  ];
}

/** Base URL of the REST API (node 1; every node's: esNodeUrls in ./elasticsearch-cluster.ts). */
export function esBaseUrl(s: StackSettings): string {
  return `${s.esSecurity ? 'https' : 'http'}://${s.host}:${s.esPort}`;
}
