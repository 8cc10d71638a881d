// The runbook of each alert (docs/runbooks), and the link a rule carries to it.
import type { Thresholds } from './thresholds';

/** Runbook file per alert family, under docs/runbooks/. */
export const RUNBOOKS = {
  al1: 'al-1-high-5xx-ratio.md',
  al2: 'al-2-slow-price-calculation.md',
  al3: 'al-3-order-rate-spike.md',
  al4: 'al-4-errors-and-latency.md',
  st4: 'st-4-elasticsearch-health.md',
  al7: 'al-7-stuck-orders.md',
  loss: 'telemetry-loss.md',
} as const;

export type RunbookId = keyof typeof RUNBOOKS;

/** `<base>docs/runbooks/<file>`; with an empty base, the repository-relative path. */
export function runbookUrl(t: Pick<Thresholds, 'runbook_base_url'>, file: string): string {
  const base = t.runbook_base_url;
  const path = `docs/runbooks/${file}`;
  if (!base) return path;
  return base.endsWith('/') ? base + path : `${base}/${path}`;
}
