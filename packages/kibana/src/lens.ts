// Lens XY charts (saved object type `lens`, `visualizationType: lnsXY`) in the
// shape Kibana 8.9+ saves them: a form-based datasource layer whose columns
// name their source fields and operations, and an XY visualization whose layer
// points at those columns. One layer, one data view per chart: x is a
// date histogram of @timestamp, y one or more metrics, an optional breakdown
// (terms) splits the series.
import { logRecordFields } from '@jewelry/schema';
import { savedObject, stableUuid, type SavedObject } from './saved-objects';

/** Lens' pseudo-field for "count of documents". */
export const RECORDS_FIELD = '___records___';

export type LensMetric =
  | { readonly op: 'count'; readonly label: string; readonly timeScale?: 's' | 'm' | 'h' }
  | { readonly op: 'percentile'; readonly field: string; readonly percentile: number; readonly label: string }
  | { readonly op: 'median' | 'average' | 'max'; readonly field: string; readonly label: string };

export interface LensXyChart {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly dataViewId: string;
  /** KQL applied to the whole chart. */
  readonly query: string;
  readonly seriesType: 'line' | 'bar_stacked' | 'area';
  readonly metrics: readonly LensMetric[];
  readonly breakdown?: { readonly field: string; readonly size: number };
}

type Column = Record<string, unknown>;

function metricColumn(metric: LensMetric): Column {
  const base = { label: metric.label, customLabel: true, dataType: 'number', isBucketed: false, scale: 'ratio' };
  switch (metric.op) {
    case 'count':
      return {
        ...base,
        operationType: 'count',
        sourceField: RECORDS_FIELD,
        params: { emptyAsNull: true },
        ...(metric.timeScale ? { timeScale: metric.timeScale } : {}),
      };
    case 'percentile':
      return { ...base, operationType: 'percentile', sourceField: metric.field, params: { percentile: metric.percentile } };
    default:
      return { ...base, operationType: metric.op, sourceField: metric.field, params: { emptyAsNull: true } };
  }
}

/** Builds the `lens` saved object of one XY chart. */
export function lensXyChart(chart: LensXyChart): SavedObject {
  const layerId = stableUuid(`${chart.id}:layer`);
  const xId = stableUuid(`${chart.id}:x`);
  const metricIds = chart.metrics.map((_, i) => stableUuid(`${chart.id}:metric:${i}`));
  const splitId = chart.breakdown ? stableUuid(`${chart.id}:breakdown`) : undefined;

  const columns: Record<string, Column> = {
    [xId]: {
      label: logRecordFields.timestamp.name,
      dataType: 'date',
      operationType: 'date_histogram',
      sourceField: logRecordFields.timestamp.name,
      isBucketed: true,
      scale: 'interval',
      params: { interval: 'auto', includeEmptyRows: true, dropPartials: false },
    },
  };
  chart.metrics.forEach((metric, i) => (columns[metricIds[i]!] = metricColumn(metric)));
  if (chart.breakdown && splitId) {
    // Ordered by the first metric when it is a count (the busiest first); alphabetically otherwise.
    const byCount = chart.metrics[0]?.op === 'count';
    columns[splitId] = {
      label: `Top ${chart.breakdown.size} values of ${chart.breakdown.field}`,
      dataType: 'string',
      operationType: 'terms',
      scale: 'ordinal',
      sourceField: chart.breakdown.field,
      isBucketed: true,
      params: {
        size: chart.breakdown.size,
        orderBy: byCount ? { type: 'column', columnId: metricIds[0] } : { type: 'alphabetical', fallback: true },
        orderDirection: byCount ? 'desc' : 'asc',
        otherBucket: true,
        missingBucket: false,
        parentFormat: { id: 'terms' },
        include: [],
        exclude: [],
        includeIsRegex: false,
        excludeIsRegex: false,
      },
    };
  }
  // Buckets first (the breakdown outermost, as Lens orders them), then the metrics.
  const columnOrder = [...(splitId ? [splitId] : []), xId, ...metricIds];

  const visualization = {
    legend: { isVisible: true, position: 'right' },
    valueLabels: 'hide',
    fittingFunction: 'None',
    axisTitlesVisibilitySettings: { x: true, yLeft: true, yRight: true },
    tickLabelsVisibilitySettings: { x: true, yLeft: true, yRight: true },
    labelsOrientation: { x: 0, yLeft: 0, yRight: 0 },
    gridlinesVisibilitySettings: { x: true, yLeft: true, yRight: true },
    preferredSeriesType: chart.seriesType,
    layers: [
      {
        layerId,
        layerType: 'data',
        seriesType: chart.seriesType,
        position: 'top',
        showGridlines: false,
        xAccessor: xId,
        accessors: metricIds,
        ...(splitId ? { splitAccessor: splitId } : {}),
      },
    ],
  };

  return savedObject(
    'lens',
    chart.id,
    {
      description: chart.description,
      state: {
        adHocDataViews: {},
        datasourceStates: {
          formBased: { layers: { [layerId]: { columnOrder, columns, incompleteColumns: {}, sampling: 1 } } },
          textBased: { layers: {} },
        },
        filters: [],
        internalReferences: [],
        query: { language: 'kuery', query: chart.query },
        visualization,
      },
      title: chart.title,
      visualizationType: 'lnsXY',
    },
    [
      { id: chart.dataViewId, name: 'indexpattern-datasource-current-indexpattern', type: 'index-pattern' },
      { id: chart.dataViewId, name: `indexpattern-datasource-layer-${layerId}`, type: 'index-pattern' },
    ],
  );
}
