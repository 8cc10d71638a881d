import { buildSpanTree, flatten, type LogRecordView, type TraceView } from './trace-model';

export interface RenderOptions {
  /** Characters of the timeline column. */
  barWidth?: number;
  /** ANSI colours (off when not a terminal). */
  color?: boolean;
}

const LEVEL_COLOR: Record<string, string> = { fatal: '\x1b[35m', error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[36m', debug: '\x1b[90m' };
const RESET = '\x1b[0m';

export function formatDuration(millis: number): string {
  if (millis >= 60_000) return `${(millis / 60_000).toFixed(1)} min`;
  if (millis >= 1000) return `${(millis / 1000).toFixed(2)} s`;
  if (millis >= 1) return `${millis.toFixed(1)} ms`;
  return `${Math.round(millis * 1000)} µs`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function bar(startMillis: number, durationMillis: number, traceStart: number, traceMillis: number, width: number): string {
  const scale = traceMillis > 0 ? width / traceMillis : 0;
  const from = Math.min(width - 1, Math.floor((startMillis - traceStart) * scale));
  const length = Math.max(1, Math.min(width - from, Math.round(durationMillis * scale)));
  return `${' '.repeat(from)}${'█'.repeat(length)}${' '.repeat(Math.max(0, width - from - length))}`;
}

function fieldsText(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function logLine(log: LogRecordView, traceStart: number, indent: string, color: boolean): string {
  const level = log.level.toUpperCase().padEnd(5);
  const coloured = color ? `${LEVEL_COLOR[log.level] ?? ''}${level}${RESET}` : level;
  const event = log.eventName ? ` [${log.eventName}]` : '';
  const extra = fieldsText(log.fields);
  return `${indent}  +${formatDuration(log.timestampMillis - traceStart).padStart(9)} ${coloured} ${log.message}${event}${extra ? `  ${extra}` : ''}`;
}

/**
 * The trace as a waterfall: one line per span (service, indented name,
 * duration, a bar on the trace's time axis), and beneath each span the log
 * records written inside it.
 */
export function renderWaterfall(view: TraceView, options: RenderOptions = {}): string {
  const width = options.barWidth ?? 40;
  const color = options.color ?? false;
  const { roots, orphanLogs } = buildSpanTree(view);
  const ordered = flatten(roots);
  const starts = [...view.spans.map((s) => s.startMillis), ...view.logs.map((l) => l.timestampMillis)];
  const ends = [...view.spans.map((s) => s.startMillis + s.durationMillis), ...view.logs.map((l) => l.timestampMillis)];
  const traceStart = starts.length ? Math.min(...starts) : 0;
  const traceMillis = ends.length ? Math.max(...ends) - traceStart : 0;
  const services = new Set([...view.spans.map((s) => s.service), ...view.logs.map((l) => l.service)]);

  const lines: string[] = [];
  lines.push(
    `trace ${view.traceId} — ${view.spans.length} spans, ${services.size} services (${[...services].join(', ')}), ${formatDuration(traceMillis)}, ${view.logs.length} log records`,
  );
  lines.push('');
  lines.push(`${pad('service', 13)}${pad('span', 46)}${'duration'.padStart(10)}  timeline`);
  for (const node of ordered) {
    const s = node.span;
    const name = `${'  '.repeat(node.depth)}${node.depth ? '└ ' : ''}${s.name}${s.kind && s.kind !== 'internal' ? ` (${s.kind})` : ''}`;
    const failed = s.failed ? (color ? ` \x1b[31m✗${RESET}` : ' ✗') : '';
    lines.push(
      `${pad(s.service, 13)}${pad(name, 46)}${formatDuration(s.durationMillis).padStart(10)}  ${bar(s.startMillis, s.durationMillis, traceStart, traceMillis, width)}${failed}`,
    );
    for (const log of node.logs) lines.push(logLine(log, traceStart, `${' '.repeat(13)}${'  '.repeat(node.depth)}`, color));
  }
  if (orphanLogs.length) {
    lines.push('');
    lines.push('log records of this trace outside any exported span:');
    for (const log of orphanLogs) lines.push(logLine(log, traceStart, `${pad(log.service, 13)}`, color));
  }
  return lines.join('\n');
}
