import { join } from 'node:path';
import type { NodeRuntime } from './overhead/variants';

interface NodeLinesModule {
  ensureNodeLine(line: string): { line: string; version: string; execPath: string };
}

/** scripts/node-lines.js of the repository (plain CommonJS: `npm test` uses it before anything is built). */
function nodeLines(): NodeLinesModule {
  return require(join(__dirname, '..', '..', 'scripts', 'node-lines.js')) as NodeLinesModule;
}

export interface NodeRuntimes {
  runtimes: NodeRuntime[];
  /** One line per Node line that could not be had, for the notes: the section runs without it. */
  missing: string[];
}

/**
 * The Node binaries of `lines` (22, 24), installed into the shared cache on
 * first use. The bench's own line is left out (it is measured anyway); a line
 * that cannot be installed is reported, not fatal.
 */
export function resolveNodeLines(lines: readonly string[], ownLine: string = process.versions.node.split('.')[0]!): NodeRuntimes {
  const result: NodeRuntimes = { runtimes: [], missing: [] };
  for (const line of lines.filter((l) => l !== ownLine)) {
    try {
      const n = nodeLines().ensureNodeLine(line);
      result.runtimes.push({ line: n.line, version: n.version, execPath: n.execPath });
    } catch (err) {
      result.missing.push(`Node ${line} not measured: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return result;
}
