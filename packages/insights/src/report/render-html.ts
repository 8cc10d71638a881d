// The report as one self-contained HTML file: inline CSS, inline SVG charts,
// no script, no external URL (it is mailed, archived and opened offline).
import { formatAge } from '@jewelry/ops-kit';
import type { ReportData } from './collect-report';
import type { PromQueryResult } from './prometheus';
import { barChart, escapeXml as esc, formatNumber, lineChart, type LineSeries, type Point } from './svg-charts';

/** How many stuck orders the report lists (all are counted). */
export const STUCK_ROWS_SHOWN = 50;

export interface DurationUnit {
  name: string;
  divisor: number;
}

/** The unit that reads best for durations up to `maxMillis`: ms, s or min. */
export function durationUnit(maxMillis: number): DurationUnit {
  if (maxMillis >= 120_000) return { name: 'min', divisor: 60_000 };
  if (maxMillis >= 2000) return { name: 's', divisor: 1000 };
  return { name: 'ms', divisor: 1 };
}

/** An alert limit as the runbooks write it: `30 min`, `90 min`, else `1h 30m`-style. */
export function formatLimit(millis: number): string {
  return millis % 60_000 === 0 ? `${formatNumber(millis / 60_000)} min` : formatAge(millis);
}

export function formatMillis(millis: number | null): string {
  if (millis === null) return '–';
  const unit = durationUnit(millis);
  return `${formatNumber(millis / unit.divisor)} ${unit.name}`;
}

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const pct = (ratio: number): string => `${formatNumber(ratio * 100)}\u00a0%`;

function card(label: string, value: string, note: string, alert = false): string {
  return `<div class="card${alert ? ' alert' : ''}"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="note">${esc(note)}</div></div>`;
}

function table(head: string[], rows: string[][], numericFrom = Infinity, className = ''): string {
  if (rows.length === 0) return '';
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

function promSeries(result: PromQueryResult | undefined, label: string, scale = 1): LineSeries[] {
  return (result?.series ?? []).map((s) => ({
    name: s.labels[label] ?? (Object.values(s.labels).join(',') || 'all'),
    points: s.values.map(([x, y]) => ({ x, y: y * scale })),
  }));
}

function peakOf(series: readonly LineSeries[]): number {
  return Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.y ?? 0)));
}

function prometheusSection(d: ReportData): string {
  const p = d.prometheus;
  const intro = '<h2 id="requests">Requests and 5xx ratio (Prometheus)</h2>';
  if ('skipped' in p) return `${intro}<p class="missing">${esc(p.note)}</p>`;
  if (!p.requestRate) {
    return `${intro}<p class="missing">${esc(p.note ?? `no data from Prometheus at ${p.url}`)}</p>`;
  }
  const limit = d.alerts.errorRatio;
  const domain = [d.period.fromMillis, d.period.toMillis] as const;
  const rate = promSeries(p.requestRate, 'service_name');
  const ratio = promSeries(p.errorRatio, 'service_name', 100);
  const worst = peakOf(ratio);
  const parts = [
    intro,
    `<p>From ${esc(p.source ?? '')} at <code>${esc(p.url)}</code>. Peak 5xx ratio of a service: <b>${p.errorRatio ? esc(`${formatNumber(worst)}\u00a0%`) : '–'}</b> (AL-1 alerts above ${pct(limit)}).</p>`,
    lineChart({
      title: 'Requests per second, by service',
      series: rate,
      xDomain: domain,
      yLabel: 'requests / s',
      emptyText: 'no requests in this period',
    }),
  ];
  if (p.errorRatio) {
    parts.push(
      lineChart({
        title: '5xx ratio, by service',
        series: ratio,
        xDomain: domain,
        yLabel: '% of requests',
        yFormat: (v) => `${formatNumber(v)}%`,
        ...(worst >= (limit * 100) / 3 ? { threshold: { value: limit * 100, label: `AL-1: ${pct(limit).replace('\u00a0', ' ')}` } } : {}),
        emptyText: 'no requests in this period',
      }),
    );
  }
  if (p.note) parts.push(`<p class="missing">${esc(p.note)}</p>`);
  parts.push(
    `<details><summary>PromQL</summary><pre>${esc([p.requestRate.query, p.errorRatio?.query].filter(Boolean).join('\n'))}</pre></details>`,
  );
  return parts.join('\n');
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0; color: #111827; background: #f3f4f6; }
main { max-width: 820px; margin: 0 auto; padding: 24px; background: #ffffff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-top: 8px; border-top: 1px solid #e5e7eb; }
p, li { line-height: 1.45; font-size: 14px; }
.meta { color: #4b5563; font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0; }
.card { flex: 1 1 120px; border: 1px solid #d1d5db; border-radius: 6px; padding: 10px 12px; }
.card.alert { border-color: #b91c1c; background: #fef2f2; }
.card .label { font-size: 12px; color: #4b5563; }
.card .value { font-size: 22px; font-weight: bold; margin: 2px 0; }
.card .note { font-size: 11px; color: #6b7280; }
svg.chart { display: block; margin: 10px 0; max-width: 100%; height: auto; border: 1px solid #e5e7eb; border-radius: 4px; }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0; width: 100%; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e5e7eb; }
th { background: #f9fafb; }
td.num, th.num { text-align: right; }
table.stuck td { white-space: nowrap; }
table.stuck td:last-child { font-family: "DejaVu Sans Mono", monospace; font-size: 10px; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
pre { white-space: pre-wrap; background: #f9fafb; padding: 8px; }
.missing { color: #92400e; background: #fffbeb; border: 1px solid #fcd34d; padding: 8px 10px; border-radius: 4px; }
footer { margin-top: 28px; font-size: 12px; color: #6b7280; }
`;

export function renderReportHtml(d: ReportData): string {
  const domain = [d.period.fromMillis, d.period.toMillis] as const;
  const bucket = formatAge(d.period.bucketMillis);
  const price = d.priceCalculation;
  const unit = durationUnit(Math.max(price.maxMillis ?? 0, ...price.p95.map((p) => p.y ?? 0)));
  const toUnit = (points: Point[]): Point[] => points.map((p) => ({ x: p.x, y: p.y === null ? null : p.y / unit.divisor }));
  const { errorRatio, orderRatePerSecond, slowPriceCalculationMs } = d.alerts;
  const slowText = formatLimit(slowPriceCalculationMs);
  const slowInUnit = slowPriceCalculationMs / unit.divisor;
  const p95Peak = Math.max(0, ...price.p95.map((p) => p.y ?? 0));
  const stuck = d.stuck;
  const stuckStatuses = Object.entries(stuck.byStatus).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const prom = d.prometheus;
  const promCard =
    'skipped' in prom || !prom.errorRatio
      ? card('5xx ratio (peak)', 'n/a', 'skipped' in prom || !prom.reachable ? 'Prometheus not reachable' : 'no request series')
      : (() => {
          const worst = peakOf(promSeries(prom.errorRatio, 'service_name'));
          return card('5xx ratio (peak)', pct(worst), `AL-1 above ${pct(errorRatio).replace('\u00a0', ' ')}`, worst > errorRatio);
        })();

  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jewelry order flow report — ${esc(utc(d.period.from))} to ${esc(utc(d.period.to))}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Jewelry order flow — report</h1>
<p class="meta">Last ${esc(d.period.since)}: ${esc(utc(d.period.from))} → ${esc(utc(d.period.to))} · buckets of ${esc(bucket)} · generated ${esc(utc(d.generatedAt))}<br>
Elasticsearch <code>${esc(d.elasticsearch)}</code> (${esc(d.indices)})${'skipped' in prom ? '' : ` · Prometheus <code>${esc(prom.url)}</code>`}</p>

<div class="cards">
${card('orders', formatNumber(d.orders.total), `mean ${formatNumber(d.orders.meanPerSecond)}/s · peak ${formatNumber(d.orders.peakPerSecond)}/s`, d.orders.peakPerSecond > orderRatePerSecond)}
${card(
  'errors + fatal',
  formatNumber(d.errors.total),
  `${d.errors.byService.length} service(s)`,
  d.errors.byService.some((s) => s.fatal > 0),
)}
${card('price calc p95', formatMillis(price.p95Millis), `${price.count} calculations · ${price.slow} over ${slowText}`, price.slow > 0)}
${card('stuck orders', String(stuck.stuck.length), `no change for > ${stuck.olderThan}`, stuck.stuck.length > 0)}
${promCard}
</div>

<h2 id="orders">Orders per second</h2>
<p>${formatNumber(d.orders.total)} orders created (<code>order.created</code>), mean ${esc(formatNumber(d.orders.meanPerSecond))}/s, peak ${esc(formatNumber(d.orders.peakPerSecond))}/s${d.orders.peakAt ? ` at ${esc(utc(d.orders.peakAt))}` : ''}. AL-3 alerts above ${formatNumber(orderRatePerSecond)}/s (usual rate about 4/s).</p>
${lineChart({ title: `Orders per second (per ${bucket})`, series: [{ name: 'orders/s', points: d.orders.perSecond }], xDomain: domain, yLabel: 'orders / s', emptyText: 'no order created in this period' })}
${table(
  ['source', 'orders'],
  d.orders.bySource.map((s) => [s.source, String(s.count)]),
  1,
)}

<h2 id="errors">Errors per service</h2>
<p>${formatNumber(d.errors.total)} records at ERROR or FATAL (AL-4).</p>
${barChart({
  title: 'ERROR and FATAL records per service',
  categories: d.errors.byService.map((s) => s.service),
  series: [
    { name: 'error', values: d.errors.byService.map((s) => s.error), color: '#f59e0b' },
    { name: 'fatal', values: d.errors.byService.map((s) => s.fatal), color: '#b91c1c' },
  ],
  xLabel: 'records',
  emptyText: 'no error or fatal record in this period',
})}
${table(
  ['error type', 'records'],
  d.errors.topTypes.map((t) => [t.type, String(t.count)]),
  1,
)}

<h2 id="price">Price calculation time (p95)</h2>
<p>${price.count} calculations finished (<code>price.calculation_finished</code>): p50 ${esc(formatMillis(price.p50Millis))}, p95 ${esc(formatMillis(price.p95Millis))}, p99 ${esc(formatMillis(price.p99Millis))}, longest ${esc(formatMillis(price.maxMillis))}; <b>${price.slow}</b> took longer than ${esc(slowText)} (AL-2).</p>
${lineChart({
  title: `Price calculation time, p95 and p50 per ${bucket}`,
  series: [
    { name: 'p95', points: toUnit(price.p95), color: '#7c3aed' },
    { name: 'p50', points: toUnit(price.p50), color: '#0891b2' },
  ],
  xDomain: domain,
  yLabel: `duration (${unit.name})`,
  ...(p95Peak >= slowPriceCalculationMs / 3 ? { threshold: { value: slowInUnit, label: `AL-2: ${slowText}` } } : {}),
  emptyText: 'no price calculation finished in this period',
})}

<h2 id="stuck">Stuck orders</h2>
<p><b>${stuck.stuck.length}</b> of ${stuck.ordersSeen} orders have had no status change for more than ${esc(stuck.olderThan)} and are not final (${esc(stuck.finalStatuses.join(', '))}) (AL-7). Look one up with <code>jewelry-otel trace &lt;order-id&gt;</code>.</p>
${barChart({
  title: 'Stuck orders by last status',
  categories: stuckStatuses.map(([s]) => s),
  series: [{ name: 'orders', values: stuckStatuses.map(([, n]) => n), color: '#dc2626' }],
  xLabel: 'orders',
  valueFormat: (v) => String(Math.round(v * 100) / 100),
  emptyText: 'no stuck order',
})}
${table(
  ['order', 'last status', 'since (UTC)', 'ago', 'service', 'customer', 'trace id'],
  stuck.stuck
    .slice(0, STUCK_ROWS_SHOWN)
    .map((o) => [
      o.orderId,
      o.neverChanged ? `${o.status} (no change)` : o.status,
      utc(o.since).replace(' UTC', ''),
      o.age,
      o.service ?? '–',
      o.customerId ?? '–',
      o.traceId ?? '–',
    ]),
  Infinity,
  'stuck',
)}
${stuck.stuck.length > STUCK_ROWS_SHOWN ? `<p>… and ${stuck.stuck.length - STUCK_ROWS_SHOWN} more: <code>jewelry-otel stuck-orders --older-than ${esc(stuck.olderThan)}</code> lists them all.</p>` : ''}

${prometheusSection(d)}

<footer>Made by <code>jewelry-otel report --since ${esc(d.period.since)}</code>. Runbooks for each alert: docs/runbooks/README.md.</footer>
</main>
</body>
</html>
`;
  return html;
}
