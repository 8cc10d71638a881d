// The report's SVG charts and its renderers, without a network: axes,
// labels, data points, gaps, the empty state, escaping, and that the HTML is
// self-contained.
import {
  barChart,
  chooseBucket,
  durationUnit,
  errorRatioQuery,
  escapeXml,
  formatNumber,
  formatTimeTick,
  lineChart,
  niceTicks,
  REQUEST_METRIC_SOURCES,
  renderReportHtml,
  renderReportMarkdown,
  reportBaseName,
  timeTicks,
  reportAlerts,
  type ReportData,
} from '@jewelry/insights';
import { defaultThresholds, loadThresholds } from '@jewelry/alerting';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-12T00:00:00.000Z');

/** The numbers of a path's `d`: [[x, y], …] per M/L command. */
function pathPoints(svg: string, series?: string): [number, number][] {
  const re = series ? new RegExp(`<path class="series" data-series="${series}"[^>]* d="([^"]*)"`) : /<path class="series"[^>]* d="([^"]*)"/;
  const d = re.exec(svg)?.[1] ?? '';
  return [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0, 87)).toEqual({ min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceTicks(0, 0.034).ticks).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(0, 4).ticks).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(12, 12).ticks[0]).toBe(0);
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(NaN, NaN).max).toBe(1);
  });

  it('counts get whole-number ticks', () => {
    expect(niceTicks(0, 1, 5, true).ticks).toEqual([0, 1]);
    expect(niceTicks(0, 3, 5, true).ticks).toEqual([0, 1, 2, 3]);
    const bars = barChart({ title: 'stuck', categories: ['created', 'priced'], series: [{ name: 'orders', values: [1, 1] }] });
    expect([...bars.matchAll(/class="x-tick"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['0', '1']);
  });

  it('every tick is within [min, max] and the max covers the data', () => {
    for (const max of [1, 3, 7.5, 99, 101, 1234, 0.5]) {
      const s = niceTicks(0, max);
      expect(s.max).toBeGreaterThanOrEqual(max);
      expect(s.ticks.length).toBeGreaterThanOrEqual(3);
      expect(s.ticks.length).toBeLessThanOrEqual(11);
    }
  });
});

describe('time ticks', () => {
  it('round UTC boundaries, at most the number asked for', () => {
    const ticks = timeTicks(T0 + 10 * 60_000, T0 + 24 * HOUR, 8);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[0]).toBe(T0 + 3 * HOUR);
    expect(ticks.every((t) => t % HOUR === 0)).toBe(true);
    expect(formatTimeTick(T0 + 3 * HOUR, 24 * HOUR, 3 * HOUR)).toBe('03:00');
    expect(formatTimeTick(T0 + 3 * HOUR, 3 * 24 * HOUR, 12 * HOUR)).toBe('03-12 03:00');
    expect(formatTimeTick(T0, 30 * 24 * HOUR, 24 * HOUR)).toBe('03-12');
  });

  it('chooseBucket gives at most 96 points', () => {
    expect(chooseBucket(24 * HOUR)).toBe(15 * 60_000);
    expect(chooseBucket(HOUR)).toBe(60_000);
    expect(chooseBucket(7 * 24 * HOUR)).toBe(2 * HOUR);
    expect(chooseBucket(90 * 24 * HOUR)).toBe(24 * HOUR);
    expect(chooseBucket(400 * 24 * HOUR)).toBe(5 * 24 * HOUR);
  });
});

describe('lineChart', () => {
  const points = [0, 1, 2, 3, 4, 5].map((i) => ({ x: T0 + i * HOUR, y: [2, 4, null, 8, 3, 5][i]! }));
  const svg = lineChart({ title: 'Orders per second', series: [{ name: 'orders/s', points }], yLabel: 'orders / s' });

  it('is one SVG with its title, axes, tick labels and y label', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>Orders per second</title>');
    expect(svg).toContain('class="axis x-axis"');
    expect(svg).toContain('class="axis y-axis"');
    expect(svg).toContain('>orders / s</text>');
    const yTicks = [...svg.matchAll(/class="y-tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(yTicks).toEqual(['0', '2', '4', '6', '8']);
    const xTicks = [...svg.matchAll(/class="x-tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(xTicks[0]).toBe('00:00');
    expect(xTicks.length).toBeGreaterThanOrEqual(3);
  });

  it('a path through every value, broken at the gap, and a dot with a tooltip per value', () => {
    expect(svg).toContain('data-points="5"');
    const d = /<path class="series"[^>]* d="([^"]*)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2); // null at 02:00 splits the line
    const pts = pathPoints(svg);
    expect(pts).toHaveLength(5);
    // x grows with time, and the highest value (8) is the highest point (smallest y).
    expect(pts.map((p) => p[0])).toEqual([...pts.map((p) => p[0])].sort((a, b) => a - b));
    expect(Math.min(...pts.map((p) => p[1]))).toBe(pts[2]![1]);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(5);
    expect(svg).toContain('<title>orders/s 2026-03-12 03:00: 8</title>');
  });

  it('the empty state says so instead of drawing axes', () => {
    const empty = lineChart({
      title: 'p95',
      series: [{ name: 'p95', points: [{ x: T0, y: null }] }],
      emptyText: 'no price calculation finished in this period',
    });
    expect(empty).toContain('class="chart line-chart empty"');
    expect(empty).toContain('no price calculation finished in this period');
    expect(empty).not.toContain('<path');
    expect(lineChart({ title: 'x', series: [] })).toContain('no data in this period');
  });

  it('a threshold line grows the axis to show it; several series get a legend', () => {
    const chart = lineChart({
      title: 'ratio',
      series: [
        {
          name: 'shop-api',
          points: [
            { x: T0, y: 1 },
            { x: T0 + HOUR, y: 2 },
          ],
        },
        {
          name: 'crm-api',
          points: [
            { x: T0, y: 0 },
            { x: T0 + HOUR, y: 0 },
          ],
        },
      ],
      threshold: { value: 10, label: 'AL-1: 10 %' },
    });
    expect(chart).toContain('class="threshold"');
    expect(chart).toContain('>AL-1: 10 %</text>');
    expect([...chart.matchAll(/class="y-tick"[^>]*>([^<]*)</g)].map((m) => m[1]).at(-1)).toBe('10');
    expect(chart.match(/class="legend-item"/g)).toHaveLength(3 - 1);
    expect(chart.match(/<path class="series"/g)).toHaveLength(2);
  });

  it('one point or a flat domain still draws (a dot) without NaN', () => {
    const one = lineChart({ title: 'one', series: [{ name: 'a', points: [{ x: T0, y: 3 }] }] });
    expect(one).toContain('data-points="1"');
    expect(one).not.toContain('NaN');
    expect(one.match(/<circle class="point"/g)).toHaveLength(1);
  });

  it('escapes text', () => {
    const chart = lineChart({
      title: 'a <b> & "c"',
      series: [
        {
          name: '<script>',
          points: [
            { x: T0, y: 1 },
            { x: T0 + HOUR, y: 2 },
          ],
        },
      ],
    });
    expect(chart).not.toContain('<script>');
    expect(chart).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(escapeXml(`'`)).toBe('&#39;');
  });
});

describe('barChart', () => {
  const svg = barChart({
    title: 'ERROR and FATAL records per service',
    categories: ['shop-api', 'mes-api'],
    series: [
      { name: 'error', values: [12, 3] },
      { name: 'fatal', values: [1, 0] },
    ],
  });

  it('a row per category, stacked segments with their values, the total at the end, a legend', () => {
    expect([...svg.matchAll(/class="category"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['shop-api', 'mes-api']);
    const bars = [
      ...svg.matchAll(
        /<rect class="bar" data-category="([^"]*)" data-series="([^"]*)" data-value="([^"]*)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g,
      ),
    ].map((m) => ({
      category: m[1],
      series: m[2],
      value: Number(m[3]),
      x: Number(m[4]),
      width: Number(m[5]),
    }));
    expect(bars.map((b) => [b.category, b.series, b.value])).toEqual([
      ['shop-api', 'error', 12],
      ['shop-api', 'fatal', 1],
      ['mes-api', 'error', 3],
    ]);
    // Stacked: fatal starts where error ends; widths are proportional.
    expect(bars[1]!.x).toBeCloseTo(bars[0]!.x + bars[0]!.width, 1);
    expect(bars[0]!.width / bars[2]!.width).toBeCloseTo(4, 1);
    expect([...svg.matchAll(/class="total"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['13', '3']);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(2);
  });

  it('empty categories or all-zero values: the empty state', () => {
    expect(barChart({ title: 't', categories: [], series: [], emptyText: 'no stuck order' })).toContain('no stuck order');
    expect(barChart({ title: 't', categories: ['a'], series: [{ name: 's', values: [0] }] })).toContain('class="chart bar-chart empty"');
  });
});

describe('numbers and units', () => {
  it('formatNumber keeps three significant digits and k/M above 10000', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(4.04567)).toBe('4.05');
    expect(formatNumber(0.0456)).toBe('0.0456');
    expect(formatNumber(1234)).toBe('1234');
    expect(formatNumber(12_345)).toBe('12.3k');
    expect(formatNumber(2_500_000)).toBe('2.5M');
  });
  it('durationUnit picks ms, s or min', () => {
    expect(durationUnit(800).name).toBe('ms');
    expect(durationUnit(5000).name).toBe('s');
    expect(durationUnit(40 * 60_000).name).toBe('min');
  });
  it('report file names carry the UTC time', () => {
    expect(reportBaseName('2026-03-12T10:30:12.345Z')).toBe('jewelry-report-20260312-1030Z');
  });
  it('the 5xx ratio reads 0, not "no data", when a service had requests but no failure', () => {
    expect(errorRatioQuery(REQUEST_METRIC_SOURCES[0]!, '5m')).toBe(
      '(sum by (service_name) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) or ' +
        'sum by (service_name) (rate(http_server_request_duration_seconds_count[5m])) * 0) / sum by (service_name) (rate(http_server_request_duration_seconds_count[5m]))',
    );
  });
});

function data(overrides: Partial<ReportData> = {}): ReportData {
  const from = T0;
  const to = T0 + 24 * HOUR;
  return {
    generatedAt: new Date(to).toISOString(),
    period: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      fromMillis: from,
      toMillis: to,
      since: '24h',
      bucketMillis: HOUR,
    },
    elasticsearch: 'http://127.0.0.1:9200',
    indices: '*-logs-*,*-logs',
    orders: { total: 0, perSecond: [], meanPerSecond: 0, peakPerSecond: 0, peakAt: null, bySource: [] },
    errors: { total: 0, byService: [], topTypes: [] },
    priceCalculation: { count: 0, p50Millis: null, p95Millis: null, p99Millis: null, maxMillis: null, slow: 0, p95: [], p50: [] },
    stuck: {
      checkedAt: new Date(to).toISOString(),
      olderThan: '7d',
      olderThanMillis: 7 * 24 * HOUR,
      cutoff: new Date(to - 7 * 24 * HOUR).toISOString(),
      finalStatuses: ['confirmed'],
      indices: '*-logs',
      ordersSeen: 0,
      stuck: [],
      byStatus: {},
      oldestAgeMillis: null,
      pages: 1,
      tookMillis: 1,
    },
    prometheus: { url: 'http://127.0.0.1:1', reachable: false, note: 'Prometheus at http://127.0.0.1:1 is not reachable: ECONNREFUSED' },
    alerts: reportAlerts(defaultThresholds()),
    ...overrides,
  };
}

describe('report renderers', () => {
  it('an empty period: every chart in its empty state, the Prometheus note, nothing external', () => {
    const html = renderReportHtml(data());
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html.match(/class="chart [a-z-]+ empty"/g)).toHaveLength(4);
    expect(html).toContain('no order created in this period');
    expect(html).toContain('Prometheus at http://127.0.0.1:1 is not reachable: ECONNREFUSED');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import|<script|<link/i);
    const md = renderReportMarkdown(data(), 'r.html');
    expect(md).toContain('# Jewelry order flow — last 24h');
    expect(md).toContain('- nothing crossed an alert threshold');
    expect(md).toContain('| requests / 5xx | Prometheus at http://127.0.0.1:1 is not reachable: ECONNREFUSED |');
  });

  it('Prometheus data: request rate and 5xx ratio charts with the AL-1 line when near it', () => {
    const series = (service: string, ys: number[]) => ({
      labels: { service_name: service },
      values: ys.map((y, i) => [T0 + i * HOUR, y] as [number, number]),
    });
    const html = renderReportHtml(
      data({
        prometheus: {
          url: 'http://127.0.0.1:9090',
          reachable: true,
          source: 'test source',
          requestRate: { query: 'rate', series: [series('shop-api', [4, 5, 6])] },
          errorRatio: { query: 'ratio', series: [series('shop-api', [0, 0.05, 0.2])] },
        },
      }),
    );
    expect(html).toContain('5xx ratio, by service');
    expect(html).toContain('class="threshold"');
    expect(html).toContain('<div class="card alert"><div class="label">5xx ratio (peak)</div><div class="value">20\u00a0%</div>');
    const md = renderReportMarkdown(
      data({
        prometheus: {
          url: 'u',
          reachable: true,
          source: 's',
          requestRate: { query: 'q', series: [series('shop-api', [1])] },
          errorRatio: { query: 'q', series: [series('shop-api', [0.2])] },
        },
      }),
      'r.html',
    );
    expect(md).toContain('- 5xx ratio reached 20 % (AL-1, runbook al-1-high-5xx-ratio.md)');
  });
});

describe('the alert marks of the report are the alert thresholds (issue 14: one source)', () => {
  it('defaults: AL-1 10 %, AL-3 100/s, AL-2 30 min, as the Prometheus rules', () => {
    expect(reportAlerts(defaultThresholds())).toEqual({ errorRatio: 0.1, orderRatePerSecond: 100, slowPriceCalculationMs: 30 * 60_000 });
  });

  it('JEWELRY_ALERT_* overrides move the marks as they move the rules', () => {
    const alerts = reportAlerts(
      loadThresholds({
        JEWELRY_ALERT_ORDER_RATE_MAX: '2',
        JEWELRY_ALERT_HTTP_5XX_RATIO_MAX: '0.05',
        JEWELRY_ALERT_PRICE_CALC_MAX_SECONDS: '900',
      }),
    );
    expect(alerts).toEqual({ errorRatio: 0.05, orderRatePerSecond: 2, slowPriceCalculationMs: 15 * 60_000 });
    const busy = data({
      alerts,
      orders: { total: 9000, perSecond: [], meanPerSecond: 0.1, peakPerSecond: 3, peakAt: new Date(T0).toISOString(), bySource: [] },
    });
    const html = renderReportHtml(busy);
    expect(html).toContain('AL-3 alerts above 2/s');
    expect(html).toContain('<div class="card alert"><div class="label">orders</div>');
    expect(html).toContain('took longer than 15 min (AL-2)');
    const md = renderReportMarkdown(busy, 'r.html');
    expect(md).toContain('- order rate peaked at 3/s (AL-3, runbook al-3-order-rate-spike.md)');
    expect(renderReportMarkdown(data(), 'r.html')).not.toContain('order rate peaked');
  });
});
