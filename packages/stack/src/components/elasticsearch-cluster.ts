// The nodes of the stack's Elasticsearch (JEWELRY_ES_NODES, issue 15): where
// each one lives, which ports it takes, and the elasticsearch.yml lines that
// make them one cluster. Node 1 keeps the single node's paths and ports, so a
// one-node stack is exactly what it was; nodes 2… live in node-<i>/ beside its
// data. Elasticsearch itself is the distributed engine: we only write its
// discovery settings.
import { existsSync, readdirSync } from 'node:fs';
import { StackError } from '@jewelry/ops-kit';
import { join } from 'node:path';
import type { StackSettings } from '../settings';
import { componentDir } from '../component';
import type { EsYmlSetting } from './elasticsearch-yml';

export interface EsNodePaths {
  data: string;
  logs: string;
}

/** Where the node keeps its state inside the stack dir. */
export function esNodePaths(nodeDir: string): EsNodePaths & { config: string; tmp: string } {
  return {
    config: join(nodeDir, 'config'),
    data: join(nodeDir, 'data'),
    logs: join(nodeDir, 'logs'),
    tmp: join(nodeDir, 'tmp'),
  };
}

export interface EsNode {
  /** 1-based. */
  readonly index: number;
  /** node.name, also what cluster.initial_master_nodes lists. */
  readonly name: string;
  readonly httpPort: number;
  readonly transportPort: number;
  /** The node's own dir: config, data, logs, tmp and its pid file. */
  readonly dir: string;
  readonly paths: EsNodePaths & { config: string; tmp: string };
  readonly pidFile: string;
  readonly logFile: string;
}

/** The log file name: <cluster.name>.log, in each node's logs dir. */
const LOG_NAME = 'jewelry.log';

export function esNodes(s: StackSettings): EsNode[] {
  const root = componentDir(s, 'elasticsearch');
  return s.esHttpPorts.map((httpPort, i) => {
    const index = i + 1;
    const dir = index === 1 ? root : join(root, `node-${index}`);
    const paths = esNodePaths(dir);
    return {
      index,
      name: `jewelry-es-${index}`,
      httpPort,
      transportPort: s.esTransportPorts[i]!,
      dir,
      paths,
      pidFile: join(dir, 'elasticsearch.pid'),
      logFile: join(paths.logs, LOG_NAME),
    };
  });
}

/** Base URL of every node's REST API, node 1 first: what the collector's exporter and the CLI's client are given. */
export function esNodeUrls(s: StackSettings): string[] {
  const scheme = s.esSecurity ? 'https' : 'http';
  return s.esHttpPorts.map((port) => `${scheme}://${s.host}:${port}`);
}

/** True once a node has written cluster state: it has joined (or formed) a cluster and must never bootstrap again. */
export function hasClusterState(node: EsNode): boolean {
  try {
    return existsSync(node.paths.data) && readdirSync(node.paths.data).length > 0;
  } catch {
    return false;
  }
}

/** A new cluster: no node has any state yet (decided once, before any node of a start is launched). */
export function isNewCluster(s: StackSettings): boolean {
  return !esNodes(s).some(hasClusterState);
}

/**
 * Discovery lines of elasticsearch.yml. One node: `discovery.type: single-node`
 * (as before). Several: every node seeds from every transport address, and
 * `cluster.initial_master_nodes` is written only for the first start of a new
 * cluster (`bootstrap`). Written again later it could make restarted nodes with
 * wiped data bootstrap a second cluster.
 */
export function discoverySettings(s: StackSettings, node: EsNode, bootstrap: boolean): EsYmlSetting[] {
  if (s.esNodes === 1) {
    return [
      { key: 'node.name', value: node.name },
      { key: 'discovery.type', value: 'single-node' },
    ];
  }
  const nodes = esNodes(s);
  return [
    { key: 'node.name', value: node.name },
    { key: 'discovery.seed_hosts', value: nodes.map((n) => `${s.host}:${n.transportPort}`) },
    ...(bootstrap ? [{ key: 'cluster.initial_master_nodes', value: nodes.map((n) => n.name) }] : []),
  ];
}

/**
 * Fewer nodes than the data was made with cannot start: the voting
 * configuration still names the others (Elasticsearch says "does not have
 * quorum"). Say what to do instead.
 */
export function assertNoLargerCluster(s: StackSettings): void {
  const root = componentDir(s, 'elasticsearch');
  const extra = existsSync(root)
    ? readdirSync(root)
        .map((name) => /^node-(\d+)$/.exec(name)?.[1])
        .filter((n): n is string => n !== undefined && Number(n) > s.esNodes)
        .filter((n) => {
          try {
            return readdirSync(join(root, `node-${n}`, 'data')).length > 0;
          } catch {
            return false;
          }
        })
    : [];
  if (extra.length === 0) return;
  const was = Math.max(...extra.map(Number));
  throw new StackError(
    `elasticsearch: this stack's data belongs to a cluster of ${was} nodes (${join(root, `node-${was}`)}), ` +
      `and ${s.esNodes} node${s.esNodes === 1 ? '' : 's'} cannot form it; set JEWELRY_ES_NODES=${was}, ` +
      `or remove ${root} to start afresh (its documents go with it)`,
    { component: 'elasticsearch' },
  );
}
