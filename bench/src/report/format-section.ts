import type { SectionResult } from '../section-result';

/** Integers as they are, other numbers with at most 2 decimals (trailing zeros dropped). */
export function formatCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
  }
  return String(value);
}

function decimals(value: number): number {
  const text = formatCell(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * An aligned text table: a header line, a rule, one line per row. A column
 * whose cells are all numbers is right-aligned, every cell with the same
 * number of decimals (the most any cell of it needs, at most 2).
 */
export function formatTable(columns: readonly string[], rows: readonly Record<string, string | number>[]): string {
  const numeric = columns.map((c) => rows.length > 0 && rows.every((row) => row[c] === undefined || typeof row[c] === 'number'));
  const places = columns.map((c, i) =>
    numeric[i] ? Math.max(0, ...rows.map((row) => (typeof row[c] === 'number' ? decimals(row[c]) : 0))) : 0,
  );
  const cells = rows.map((row) =>
    columns.map((c, i) => {
      const v = row[c];
      return typeof v === 'number' && Number.isFinite(v) && numeric[i] ? v.toFixed(places[i]) : formatCell(v);
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line([...columns]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** A whole section as printed by `npm run bench`: title, table, summary, notes. */
export function formatSection(result: SectionResult): string {
  const out = [`== ${result.section}: ${result.title}`, '', formatTable(result.columns, result.rows)];
  const summary = Object.entries(result.summary);
  if (summary.length) {
    const width = Math.max(...summary.map(([k]) => k.length));
    out.push('', 'summary:', ...summary.map(([k, v]) => `  ${k.padEnd(width)}  ${formatCell(v)}`));
  }
  if (result.notes.length) out.push('', 'notes:', ...result.notes.map((n) => `  - ${n}`));
  return out.join('\n');
}
