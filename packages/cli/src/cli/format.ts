// The one-line-per-component reports the CLI prints.
import type { EsSetupReport, EsStatus } from '@jewelry/elasticsearch';
import type { ComponentDownResult, ComponentStatus, ComponentUpResult } from '@jewelry/stack';

const NAME = 13; // "elasticsearch"
const ENDPOINT = 16; // "127.0.0.1:13133 "

export function formatUp(r: ComponentUpResult): string {
  const how = r.startedByThisCall ? `started, ${r.seconds.toFixed(1)}s` : 'already running';
  return `${r.name.padEnd(NAME)}  up  ${r.endpoint.padEnd(ENDPOINT)}  (${how})`;
}

export function formatDown(r: ComponentDownResult): string {
  const how = r.stoppedByThisCall ? `was pid ${r.pid}, ${r.seconds.toFixed(1)}s` : 'was not running';
  return `${r.name.padEnd(NAME)}  stopped  (${how})`;
}

export function formatStatus(r: ComponentStatus): string {
  const pid = r.pid === null ? '-' : `pid ${r.pid}`;
  let health = '';
  if (r.state === 'running') health = r.healthy ? 'healthy' : 'NOT healthy';
  else if (r.portTakenBy) {
    health = `port ${r.portTakenBy.port} taken by ${r.portTakenBy.pid ? `pid ${r.portTakenBy.pid} (${r.portTakenBy.command})` : 'another process'}`;
  }
  return `${r.name.padEnd(NAME)}  ${r.state.padEnd(7)}  ${pid.padEnd(10)}  ${r.endpoint.padEnd(ENDPOINT)}  ${health}`.trimEnd();
}

/** Width of the alias column: the longest name shown, at least "partner-api-traces". */
const aliasWidth = (names: readonly string[]): number => Math.max(18, ...names.map((n) => n.length));

export function formatSetup(r: EsSetupReport): string[] {
  const lines: string[] = [];
  const ALIAS = aliasWidth(r.aliases.map((a) => a.alias));
  const changed = r.templates.filter((t) => t.action !== 'unchanged');
  if (changed.length === 0) lines.push(`templates  ${r.templates.length} unchanged`);
  for (const t of changed) lines.push(`template   ${t.action.padEnd(9)}  ${t.name} (${t.kind})`);
  for (const a of r.aliases) {
    const what = a.action === 'conflict' ? 'CONFLICT' : a.action;
    const detail = a.writeIndex ? `write index ${a.writeIndex}${a.mappingUpdated ? ', mapping updated' : ''}` : 'see below';
    lines.push(`${a.alias.padEnd(ALIAS)}  ${what.padEnd(8)}  ${detail}`);
  }
  const n = (action: string): number => r.aliases.filter((a) => a.action === action).length;
  lines.push(
    `${r.aliases.length} write aliases on ${r.endpoint}: ${n('created')} created, ${n('found')} found, ` +
      `${n('conflict')} conflicts (${r.seconds.toFixed(1)}s)`,
  );
  return lines;
}

export function formatEsStatus(s: EsStatus): string[] {
  const ALIAS = aliasWidth([...s.families.map((f) => f.alias), ...s.plainIndices.map((p) => p.index)]);
  const nodes = `${s.cluster.nodes} node${s.cluster.nodes === 1 ? '' : 's'}`;
  const lines = [`cluster    ${s.cluster.name}  ${s.cluster.status}  ${nodes}  ${s.endpoint}`];
  const missing = s.templates.filter((t) => !t.installed).map((t) => t.name);
  lines.push(
    missing.length === 0
      ? `templates  ${s.templates.length} installed`
      : `templates  ${s.templates.length - missing.length}/${s.templates.length} installed, missing: ${missing.join(', ')} (run 'jewelry-otel es setup')`,
  );
  for (const f of s.families) {
    const indices = `${f.indices.length} ${f.indices.length === 1 ? 'index' : 'indices'}`;
    lines.push(
      `${f.alias.padEnd(ALIAS)}  ${f.retentionClass.padEnd(6)}  ${String(f.docs).padStart(9)} docs  ${indices.padEnd(10)}  write ${f.writeIndex ?? '-'}`,
    );
  }
  for (const p of s.plainIndices) {
    lines.push(
      `${p.index.padEnd(ALIAS)}  ${p.retentionClass.padEnd(6)}  ${String(p.docs).padStart(9)} docs  PLAIN INDEX, not an alias ('jewelry-otel es setup' says how to fix)`,
    );
  }
  return lines;
}
