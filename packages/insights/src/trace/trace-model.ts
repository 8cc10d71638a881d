/** A trace as read back from Elasticsearch: its spans and the log records written inside it. */
export interface SpanRecord {
  spanId: string;
  parentId: string | undefined;
  name: string;
  kind: string;
  service: string;
  /** Epoch milliseconds (fractional). */
  startMillis: number;
  durationMillis: number;
  failed: boolean;
}

export interface LogRecordView {
  timestampMillis: number;
  level: string;
  message: string;
  service: string;
  spanId: string | undefined;
  eventName: string | undefined;
  /** The business fields worth a glance (order.id, customer.id, …), already masked at the source. */
  fields: Record<string, unknown>;
}

export interface TraceView {
  traceId: string;
  spans: SpanRecord[];
  logs: LogRecordView[];
}

export interface SpanNode {
  span: SpanRecord;
  depth: number;
  children: SpanNode[];
  logs: LogRecordView[];
}

/**
 * Spans as a tree by parent id, children in start order. A span whose parent
 * is missing (not exported, or in an index we did not read) becomes a root,
 * so nothing is hidden. Log records hang under the span they were written in.
 */
export function buildSpanTree(view: TraceView): { roots: SpanNode[]; orphanLogs: LogRecordView[] } {
  const nodes = new Map<string, SpanNode>();
  for (const span of [...view.spans].sort((a, b) => a.startMillis - b.startMillis)) {
    nodes.set(span.spanId, { span, depth: 0, children: [], logs: [] });
  }
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentId ? nodes.get(node.span.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (node: SpanNode, depth: number, seen: Set<SpanNode>): void => {
    if (seen.has(node)) return;
    seen.add(node);
    node.depth = depth;
    for (const child of node.children) setDepth(child, depth + 1, seen);
  };
  const seen = new Set<SpanNode>();
  for (const root of roots) setDepth(root, 0, seen);
  const orphanLogs: LogRecordView[] = [];
  for (const log of [...view.logs].sort((a, b) => a.timestampMillis - b.timestampMillis)) {
    const node = log.spanId ? nodes.get(log.spanId) : undefined;
    if (node) node.logs.push(log);
    else orphanLogs.push(log);
  }
  return { roots, orphanLogs };
}

/** Depth-first order, the order a waterfall prints in. */
export function flatten(roots: SpanNode[]): SpanNode[] {
  const out: SpanNode[] = [];
  const visit = (node: SpanNode): void => {
    out.push(node);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}
