// The key-metrics dashboard of SPEC AL-6: response time, errors and warnings,
// order processing time (price calculation, status changes), orders per
// second. Each panel is a Lens chart saved on its own (by reference), plus the
// saved search of the last day's errors; every field and event name comes
// from the schema.
import { events, fields, logRecordFields, spanDocumentFields } from '@jewelry/schema';
import { LOGS_DATA_VIEW_ID, TRACES_DATA_VIEW_ID } from './data-views';
import { lensXyChart, type LensXyChart } from './lens';
import { kqlIs, savedObject, stableUuid, type SavedObject, type SavedObjectType } from './saved-objects';
import { ERRORS_SEARCH_ID, WARN_LEVELS } from './searches';

export const DASHBOARD_ID = 'jewelry-dashboard-key-metrics';

const SERVICE = logRecordFields.serviceName.name;
const DURATION = fields.durationNs.name;
/** The collector writes span.kind lower-cased (`server`, `client`, …; collector/config.yaml). */
const SERVER_SPANS = kqlIs(spanDocumentFields.spanKind.name, ['server']);
const eventIs = (name: string): string => kqlIs(logRecordFields.eventName.name, [name]);

export const CHARTS = {
  responseTime: {
    id: 'jewelry-lens-response-time',
    title: 'Response time p95 by service',
    description: `95th percentile of ${DURATION} of server spans (incoming requests), per service (AL-4, AL-6).`,
    dataViewId: TRACES_DATA_VIEW_ID,
    query: SERVER_SPANS,
    seriesType: 'line',
    metrics: [{ op: 'percentile', field: DURATION, percentile: 95, label: 'p95 response time' }],
    breakdown: { field: spanDocumentFields.serviceName.name, size: 10 },
  },
  errorsAndWarnings: {
    id: 'jewelry-lens-errors-warnings',
    title: 'Errors and warnings per service',
    description: `Log records at ${WARN_LEVELS.join(', ')} per service (LV-1, AL-4, AL-6).`,
    dataViewId: LOGS_DATA_VIEW_ID,
    query: kqlIs(logRecordFields.level.name, WARN_LEVELS),
    seriesType: 'bar_stacked',
    metrics: [{ op: 'count', label: 'Errors and warnings' }],
    breakdown: { field: SERVICE, size: 10 },
  },
  priceCalculation: {
    id: 'jewelry-lens-price-calculation',
    title: 'Price calculation time',
    description: `${DURATION} of ${events.priceCalculationFinished.name} (EV-6): median, p95 and the longest (AL-2 alerts above 30 min).`,
    dataViewId: LOGS_DATA_VIEW_ID,
    query: eventIs(events.priceCalculationFinished.name),
    seriesType: 'line',
    metrics: [
      { op: 'median', field: DURATION, label: 'median' },
      { op: 'percentile', field: DURATION, percentile: 95, label: 'p95' },
      { op: 'max', field: DURATION, label: 'longest' },
    ],
  },
  statusChanges: {
    id: 'jewelry-lens-status-changes',
    title: 'Order status changes',
    description: `${events.orderStatusChanged.name} (EV-2) by the status an order moved to (${fields.toStatus.name}).`,
    dataViewId: LOGS_DATA_VIEW_ID,
    query: eventIs(events.orderStatusChanged.name),
    seriesType: 'bar_stacked',
    metrics: [{ op: 'count', label: 'Status changes' }],
    breakdown: { field: fields.toStatus.name, size: 10 },
  },
  ordersPerSecond: {
    id: 'jewelry-lens-orders-per-second',
    title: 'Orders per second',
    description: `${events.orderCreated.name} (EV-1) per second, by source (AL-3: about 4/s is normal, above 100/s is suspect).`,
    dataViewId: LOGS_DATA_VIEW_ID,
    query: eventIs(events.orderCreated.name),
    seriesType: 'line',
    metrics: [{ op: 'count', label: 'Orders per second', timeScale: 's' }],
    breakdown: { field: fields.source.name, size: 5 },
  },
} as const satisfies Record<string, LensXyChart>;

interface Panel {
  readonly type: SavedObjectType;
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Two columns on Kibana's 48-column grid, in reading order of AL-6. */
const LAYOUT: readonly Panel[] = [
  { type: 'lens', id: CHARTS.responseTime.id, x: 0, y: 0, w: 24, h: 15 },
  { type: 'lens', id: CHARTS.errorsAndWarnings.id, x: 24, y: 0, w: 24, h: 15 },
  { type: 'lens', id: CHARTS.priceCalculation.id, x: 0, y: 15, w: 24, h: 15 },
  { type: 'lens', id: CHARTS.statusChanges.id, x: 24, y: 15, w: 24, h: 15 },
  { type: 'lens', id: CHARTS.ordersPerSecond.id, x: 0, y: 30, w: 24, h: 15 },
  { type: 'search', id: ERRORS_SEARCH_ID, x: 24, y: 30, w: 24, h: 15 },
];

export function buildLensCharts(): SavedObject[] {
  return Object.values(CHARTS).map((chart) => lensXyChart(chart));
}

export function buildDashboard(): SavedObject {
  const panels = LAYOUT.map((p) => {
    const panelIndex = stableUuid(`${DASHBOARD_ID}:${p.id}`);
    return {
      panel: {
        type: p.type,
        gridData: { x: p.x, y: p.y, w: p.w, h: p.h, i: panelIndex },
        panelIndex,
        embeddableConfig: { enhancements: {} },
        panelRefName: `panel_${panelIndex}`,
      },
      // By-reference panels: `<panelIndex>:panel_<panelIndex>` is how Kibana 8.x names the reference.
      reference: { id: p.id, name: `${panelIndex}:panel_${panelIndex}`, type: p.type },
    };
  });
  return savedObject(
    'dashboard',
    DASHBOARD_ID,
    {
      description:
        'Key metrics of the order flow (SPEC AL-6): response time, errors and warnings, price calculation, status changes, orders per second.',
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }) },
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      panelsJSON: JSON.stringify(panels.map((p) => p.panel)),
      refreshInterval: { pause: false, value: 60_000 },
      timeFrom: 'now-24h',
      timeRestore: true,
      timeTo: 'now',
      title: 'Jewelry: key metrics',
      version: 1,
    },
    panels.map((p) => p.reference),
  );
}
