// `jewelry-otel report`: collect, render, write `<out>/jewelry-report-<time>.html`
// and the `.md` summary beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EsClient } from '@jewelry/elasticsearch';
import { collectReport, type ReportData, type ReportOptions } from './collect-report';
import { renderReportHtml } from './render-html';
import { renderReportMarkdown } from './render-markdown';

export const DEFAULT_REPORT_DIR = 'reports';

export interface WriteReportOptions extends ReportOptions {
  /** Folder for the files (created); default `reports` in the current directory. */
  outDir?: string;
}

export interface WrittenReport {
  html: string;
  markdown: string;
  data: ReportData;
}

/** `2026-03-12T10:30:00.000Z` → `jewelry-report-20260312-1030Z`. */
export function reportBaseName(iso: string): string {
  return `jewelry-report-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 16).replace(':', '')}Z`;
}

export async function writeReport(client: EsClient, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const data = await collectReport(client, options);
  const dir = resolve(options.outDir ?? DEFAULT_REPORT_DIR);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, reportBaseName(data.generatedAt));
  const html = `${base}.html`;
  const markdown = `${base}.md`;
  writeFileSync(html, renderReportHtml(data));
  writeFileSync(markdown, renderReportMarkdown(data, basename(html)));
  return { html, markdown, data };
}
