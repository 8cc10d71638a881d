// Inline SVG charts for the report (AL-8): a time line chart and a
// horizontal (stacked) bar chart, with axes, tick labels, a legend and an
// empty-data state. Plain strings, no dependency, no external reference, so
// the HTML stays one self-contained file. Every data value becomes an SVG
// element with a data-* attribute and a <title> tooltip, which is what the
// tests (and a person hovering) read.

export interface Point {
  /** Epoch milliseconds for a time axis, or any number. */
  x: number;
  /** null: no value for this x (the line has a gap). */
  y: number | null;
}

export interface LineSeries {
  name: string;
  points: readonly Point[];
  color?: string;
}

export interface Threshold {
  value: number;
  label: string;
}

export interface LineChartOptions {
  title: string;
  series: readonly LineSeries[];
  width?: number;
  height?: number;
  /** Domain of the x axis; default the data's extent. Pass the report period so empty edges show. */
  xDomain?: readonly [number, number];
  /** 'time' (default): x is epoch ms, labelled in UTC. */
  xKind?: 'time' | 'number';
  yLabel?: string;
  yFormat?: (value: number) => string;
  /** A horizontal dashed line (an alert threshold); the y axis grows to show it. */
  threshold?: Threshold;
  /** What the chart says when there is no point at all. */
  emptyText?: string;
}

export interface BarSeries {
  name: string;
  /** One value per category. */
  values: readonly number[];
  color?: string;
}

export interface BarChartOptions {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  valueFormat?: (value: number) => string;
  xLabel?: string;
  emptyText?: string;
}

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'] as const;

const FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"';

/** Text for XML content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const r2 = (v: number): string => String(Math.round(v * 100) / 100);

/** 1234 → "1.23k", 0.0456 → "0.0456", 12 → "12": three significant digits, k/M/G above 1000. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const sig = (v: number): string => String(Number(v.toPrecision(3)));
  if (abs >= 1e9) return `${sig(value / 1e9)}G`;
  if (abs >= 1e6) return `${sig(value / 1e6)}M`;
  if (abs >= 1e4) return `${sig(value / 1e3)}k`;
  if (abs >= 1000) return String(Math.round(value));
  return sig(value);
}

export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

function niceNumber(range: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(range));
  const fraction = range / 10 ** exponent;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

/**
 * Round axis ticks covering [min, max]: niceTicks(0, 87) → 0, 20, 40, 60, 80, 100.
 * An empty or flat range still gets a usable axis (0…1, or around the value).
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): NiceScale {
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    if (hi === 0) hi = 1;
    else if (hi > 0) lo = 0;
    else hi = 0;
  }
  // Counts get whole-number steps: no "0.2 orders".
  const step = Math.max(integer ? 1 : 0, niceNumber(niceNumber(hi - lo, false) / Math.max(1, count - 1), true));
  const niceMin = Math.floor(lo / step) * step;
  const niceMax = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = niceMin; v <= niceMax + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { min: niceMin, max: niceMax, step, ticks };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/** Tick times on round UTC boundaries, at most `maxTicks` of them. */
export function timeTicks(from: number, to: number, maxTicks = 8): number[] {
  if (!(to > from)) return [from];
  const step = TIME_STEPS.find((s) => (to - from) / s <= maxTicks) ?? Math.ceil((to - from) / maxTicks / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** UTC label of a tick: `14:30` within a day, `03-12 14:30` over a few days, `03-12` for day steps. */
export function formatTimeTick(t: number, spanMillis: number, stepMillis: number): string {
  const iso = new Date(t).toISOString();
  if (stepMillis >= DAY) return iso.slice(5, 10);
  if (spanMillis <= DAY) return iso.slice(11, 16);
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function header(width: number, height: number, title: string, kind: string, empty: boolean): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${kind}${empty ? ' empty' : ''}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" ${FONT} font-size="12">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="12" y="20" font-size="14" font-weight="bold" fill="#111827">${escapeXml(title)}</text>`
  );
}

function emptyState(width: number, height: number, top: number, text: string): string {
  return (
    `<rect x="12" y="${top}" width="${width - 24}" height="${height - top - 12}" fill="#f9fafb" stroke="#d1d5db" stroke-dasharray="4 4"/>` +
    `<text class="empty-text" x="${width / 2}" y="${(top + height) / 2}" text-anchor="middle" fill="#6b7280" font-size="13">${escapeXml(text)}</text>`
  );
}

function legend(items: readonly { name: string; color: string }[], x: number, y: number): string {
  let at = x;
  return items
    .map((item) => {
      const part =
        `<g class="legend-item"><rect x="${r2(at)}" y="${y - 9}" width="10" height="10" fill="${item.color}"/>` +
        `<text x="${r2(at + 14)}" y="${y}" fill="#374151">${escapeXml(item.name)}</text></g>`;
      at += 24 + item.name.length * 7;
      return part;
    })
    .join('');
}

/** A line chart over time: one path per series, a dot per data point, gaps where y is null. */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 280;
  const fmtY = options.yFormat ?? formatNumber;
  const series = options.series.map((s, i) => ({
    ...s,
    color: s.color ?? PALETTE[i % PALETTE.length]!,
    points: s.points.filter((p) => Number.isFinite(p.x)),
  }));
  const values = series.flatMap((s) => s.points.filter((p) => p.y !== null && Number.isFinite(p.y)));
  const top = 34;
  if (values.length === 0) {
    return `${header(width, height, options.title, 'line-chart', true)}${emptyState(width, height, top, options.emptyText ?? 'no data in this period')}</svg>`;
  }

  const margin = { left: 64, right: 18, top: top + 10, bottom: 46 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  let [x0, x1] = options.xDomain ?? [Math.min(...xs), Math.max(...xs)];
  if (x1 <= x0) [x0, x1] = [x0 - (options.xKind === 'number' ? 1 : MINUTE), x1 + (options.xKind === 'number' ? 1 : MINUTE)];
  const yMax = Math.max(...values.map((p) => p.y as number), options.threshold?.value ?? 0);
  const yMin = Math.min(0, ...values.map((p) => p.y as number));
  const scale = niceTicks(yMin, yMax, 5);
  const sx = (x: number): number => margin.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number): number => margin.top + plotH - ((y - scale.min) / (scale.max - scale.min)) * plotH;

  const parts: string[] = [header(width, height, options.title, 'line-chart', false)];
  // y grid and labels
  for (const t of scale.ticks) {
    const y = r2(sy(t));
    parts.push(`<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    parts.push(`<text class="y-tick" x="${margin.left - 6}" y="${y}" dy="4" text-anchor="end" fill="#4b5563">${escapeXml(fmtY(t))}</text>`);
  }
  // x ticks
  const ticks =
    options.xKind === 'number'
      ? niceTicks(x0, x1, 6).ticks.filter((t) => t >= x0 && t <= x1)
      : timeTicks(x0, x1, Math.max(3, Math.floor(plotW / 95)));
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : x1 - x0;
  for (const t of ticks) {
    const x = r2(sx(t));
    const label = options.xKind === 'number' ? formatNumber(t) : formatTimeTick(t, x1 - x0, step);
    parts.push(`<line x1="${x}" x2="${x}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="#6b7280"/>`);
    parts.push(
      `<text class="x-tick" x="${x}" y="${margin.top + plotH + 18}" text-anchor="middle" fill="#4b5563">${escapeXml(label)}</text>`,
    );
  }
  // axes
  parts.push(
    `<line class="axis x-axis" x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#374151"/>`,
  );
  parts.push(
    `<line class="axis y-axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#374151"/>`,
  );
  if (options.yLabel) {
    parts.push(
      `<text class="y-label" transform="translate(14 ${r2(margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle" fill="#374151">${escapeXml(options.yLabel)}</text>`,
    );
  }
  if (options.xKind !== 'number') {
    parts.push(`<text class="x-label" x="${width - margin.right}" y="${height - 8}" text-anchor="end" fill="#6b7280">time (UTC)</text>`);
  }
  if (options.threshold) {
    const y = r2(sy(options.threshold.value));
    parts.push(
      `<line class="threshold" x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#b91c1c" stroke-dasharray="6 4"/>`,
    );
    parts.push(
      `<text class="threshold-label" x="${width - margin.right - 4}" y="${y}" dy="-4" text-anchor="end" fill="#b91c1c">${escapeXml(options.threshold.label)}</text>`,
    );
  }
  for (const s of series) {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    let d = '';
    let pen = false;
    let n = 0;
    for (const p of sorted) {
      if (p.y === null || !Number.isFinite(p.y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r2(sx(p.x))} ${r2(sy(p.y))} `;
      pen = true;
      n += 1;
    }
    parts.push(
      `<path class="series" data-series="${escapeXml(s.name)}" data-points="${n}" d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"/>`,
    );
    if (n <= 200) {
      for (const p of sorted) {
        if (p.y === null || !Number.isFinite(p.y)) continue;
        const when = options.xKind === 'number' ? formatNumber(p.x) : new Date(p.x).toISOString().slice(0, 16).replace('T', ' ');
        parts.push(
          `<circle class="point" cx="${r2(sx(p.x))}" cy="${r2(sy(p.y))}" r="2.5" fill="${s.color}" data-value="${p.y}"><title>${escapeXml(`${s.name} ${when}: ${fmtY(p.y)}`)}</title></circle>`,
        );
      }
    }
  }
  if (series.length > 1 || options.threshold) {
    parts.push(legend(series, margin.left + 4, top + 2));
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars, one row per category, the series stacked left to right; the total at the end of each row. */
export function barChart(options: BarChartOptions): string {
  const width = options.width ?? 760;
  const fmt = options.valueFormat ?? formatNumber;
  const series = options.series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[(i + 1) % PALETTE.length]! }));
  const totals = options.categories.map((_, c) => series.reduce((sum, s) => sum + Math.max(0, s.values[c] ?? 0), 0));
  const top = 34;
  const rows = options.categories.length;
  if (rows === 0 || totals.every((t) => t === 0)) {
    const height = 140;
    return `${header(width, height, options.title, 'bar-chart', true)}${emptyState(width, height, top, options.emptyText ?? 'no data in this period')}</svg>`;
  }
  const labelW = Math.min(220, 16 + Math.max(...options.categories.map((c) => c.length)) * 7);
  const rowH = 26;
  const margin = { left: labelW, right: 70, top: top + (series.length > 1 ? 22 : 8), bottom: 40 };
  const height = margin.top + rows * rowH + margin.bottom;
  const plotW = width - margin.left - margin.right;
  const integer = series.every((s) => s.values.every((v) => Number.isInteger(v)));
  const scale = niceTicks(0, Math.max(...totals), 5, integer);
  const sx = (v: number): number => (v / scale.max) * plotW;

  const parts: string[] = [header(width, height, options.title, 'bar-chart', false)];
  if (series.length > 1) parts.push(legend(series, margin.left, top + 10));
  const plotBottom = margin.top + rows * rowH;
  for (const t of scale.ticks) {
    const x = r2(margin.left + sx(t));
    parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${margin.top}" y2="${plotBottom}" stroke="#e5e7eb"/>`);
    parts.push(`<text class="x-tick" x="${x}" y="${plotBottom + 16}" text-anchor="middle" fill="#4b5563">${escapeXml(fmt(t))}</text>`);
  }
  options.categories.forEach((category, c) => {
    const y = margin.top + c * rowH;
    const label = category.length > 30 ? `${category.slice(0, 29)}…` : category;
    parts.push(
      `<text class="category" x="${margin.left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end" fill="#111827">${escapeXml(label)}</text>`,
    );
    let at = 0;
    for (const s of series) {
      const v = Math.max(0, s.values[c] ?? 0);
      if (v === 0) continue;
      parts.push(
        `<rect class="bar" data-category="${escapeXml(category)}" data-series="${escapeXml(s.name)}" data-value="${v}" ` +
          `x="${r2(margin.left + sx(at))}" y="${y + 4}" width="${r2(Math.max(1, sx(v)))}" height="${rowH - 8}" fill="${s.color}">` +
          `<title>${escapeXml(`${category} — ${s.name}: ${fmt(v)}`)}</title></rect>`,
      );
      at += v;
    }
    parts.push(
      `<text class="total" x="${r2(margin.left + sx(at) + 6)}" y="${y + rowH / 2 + 4}" fill="#111827">${escapeXml(fmt(totals[c]!))}</text>`,
    );
  });
  parts.push(`<line class="axis y-axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${plotBottom}" stroke="#374151"/>`);
  parts.push(
    `<line class="axis x-axis" x1="${margin.left}" x2="${width - margin.right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#374151"/>`,
  );
  if (options.xLabel) {
    parts.push(
      `<text class="x-label" x="${width - margin.right}" y="${height - 8}" text-anchor="end" fill="#6b7280">${escapeXml(options.xLabel)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
