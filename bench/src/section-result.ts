/**
 * What one section of `npm run bench` hands back to main: a table (one row
 * per measured thing, cells keyed by the column names), the few numbers a
 * reader or a target check needs (summary), and the caveats a reader must
 * know to trust the table (notes). main prints it and writes it as JSON.
 */
export interface SectionResult {
  section: string;
  title: string;
  columns: string[];
  rows: Record<string, string | number>[];
  summary: Record<string, string | number | boolean>;
  notes: string[];
}

/** A section module (`bench/src/<name>/run.ts`) exports this. */
export interface SectionModule {
  run(): Promise<SectionResult>;
}
