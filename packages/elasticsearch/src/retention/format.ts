// One line per action, then a summary line: what `jewelry-otel retention` prints.
import type { RetentionReport, RetentionResult } from './apply';

export function formatRetentionAction(r: RetentionResult): string {
  const why = r.kind === 'keep' ? r.detail : `${r.reason}: ${r.detail.replace(/^(age|size cap): /, '')}`;
  const tail = r.message ? ` — ${r.message}` : '';
  if (r.kind === 'rollover') {
    const target = r.createdIndex ?? r.newIndex ?? 'a new index';
    switch (r.outcome) {
      case 'done':
        return `rolled over ${r.alias} → ${target} (${why})${tail}`;
      case 'planned':
        return `would roll over ${r.alias} → ${target} (${why})`;
      case 'skipped':
        return `not rolled over ${r.alias} (${why})${tail}`;
      default:
        return `FAILED to roll over ${r.alias} (${why})${tail}`;
    }
  }
  if (r.kind === 'delete') {
    switch (r.outcome) {
      case 'done':
        return `deleted index ${r.index} (${why})`;
      case 'planned':
        return `would delete index ${r.index} (${why})`;
      case 'skipped':
        return `not deleted ${r.index} (${why})${tail}`;
      default:
        return `FAILED to delete ${r.index} (${why})${tail}`;
    }
  }
  return `kept ${r.index} (${why})`;
}

export function formatRetentionSummary(r: RetentionReport): string {
  const n = (kind: string, outcome?: string): number =>
    r.actions.filter((a) => a.kind === kind && (outcome === undefined || a.outcome === outcome)).length;
  const scope = `${r.families} families, ${r.indices} indices`;
  const ilm = r.ilmManaged.length ? `; ${r.ilmManaged.length} families left to ILM (size cap only)` : '';
  const time = `(${r.seconds.toFixed(1)}s)`;
  if (r.actions.length === 0) return `retention on ${r.endpoint}: nothing to do; ${scope} checked${ilm} ${time}`;
  if (r.dryRun) {
    return (
      `retention on ${r.endpoint} (dry run, nothing changed): would roll over ${n('rollover')}, would delete ${n('delete')}, ` +
      `${n('keep')} kept; ${scope}${ilm} ${time}`
    );
  }
  const skipped = r.actions.filter((a) => a.outcome === 'skipped').length;
  return (
    `retention on ${r.endpoint}: ${n('rollover', 'done')} rolled over, ${n('delete', 'done')} deleted, ${n('keep')} kept, ` +
    `${skipped} skipped, ${r.failed} failed; ${scope}${ilm} ${time}`
  );
}

export function formatRetentionReport(r: RetentionReport): string[] {
  return [...r.actions.map(formatRetentionAction), formatRetentionSummary(r)];
}
