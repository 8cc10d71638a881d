// Saved searches (Discover): errors of the last 24 hours, the log records of
// one trace, the log records of one order. The last two carry a placeholder
// value; `discoverSearchUrl` opens them with the real id in Discover's query
// (the URL's app state overrides the saved query, the saved search keeps its
// columns and sort).
import { events, fields, logRecordFields } from '@jewelry/schema';
import { LOGS_DATA_VIEW_ID } from './data-views';
import { kqlIs, savedObject, type SavedObject } from './saved-objects';

export const ERRORS_SEARCH_ID = 'jewelry-search-errors-24h';
export const TRACE_SEARCH_ID = 'jewelry-search-trace';
export const ORDER_SEARCH_ID = 'jewelry-search-order';

/** Placeholders in the saved queries of the trace and order searches. */
export const TRACE_ID_PLACEHOLDER = 'TRACE_ID';
export const ORDER_ID_PLACEHOLDER = 'ORDER_ID';

const F = {
  timestamp: logRecordFields.timestamp.name,
  service: logRecordFields.serviceName.name,
  level: logRecordFields.level.name,
  message: logRecordFields.message.name,
  eventName: logRecordFields.eventName.name,
  traceId: logRecordFields.traceId.name,
  spanId: logRecordFields.spanId.name,
  errorType: logRecordFields.errorType.name,
  errorMessage: logRecordFields.errorMessage.name,
  orderId: fields.orderId.name,
  orderStatus: fields.toStatus.name,
};

type Level = (typeof logRecordFields.level.enum)[number];
/** ERROR and FATAL (LV-1). */
export const ERROR_LEVELS = ['error', 'fatal'] as const satisfies readonly Level[];
/** WARN and worse: what "errors and warnings" counts (AL-6). */
export const WARN_LEVELS = ['warn', 'error', 'fatal'] as const satisfies readonly Level[];

export const errorsQuery = (): string => kqlIs(F.level, ERROR_LEVELS);
export const traceQuery = (traceId: string): string => kqlIs(F.traceId, [traceId]);
export const orderQuery = (orderId: string): string => kqlIs(F.orderId, [orderId]);

interface SearchSpec {
  id: string;
  title: string;
  description: string;
  query: string;
  columns: string[];
  /** Open with this time range (Discover's time picker), or keep the user's. */
  timeRange?: { from: string; to: string };
}

function savedSearch(spec: SearchSpec): SavedObject {
  const searchSource = {
    query: { query: spec.query, language: 'kuery' },
    highlightAll: true,
    filter: [],
    indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index',
  };
  // Only keys of Kibana's `search` attribute schema (saved_search plugin, 8.8.0): it refuses unknown ones.
  return savedObject(
    'search',
    spec.id,
    {
      columns: spec.columns,
      description: spec.description,
      grid: {},
      hideChart: false,
      isTextBasedQuery: false,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
      sort: [[F.timestamp, 'desc']],
      ...(spec.timeRange ? { timeRange: spec.timeRange, timeRestore: true } : { timeRestore: false }),
      title: spec.title,
    },
    [{ id: LOGS_DATA_VIEW_ID, name: 'kibanaSavedObjectMeta.searchSourceJSON.index', type: 'index-pattern' }],
  );
}

export function buildSearches(): SavedObject[] {
  return [
    savedSearch({
      id: ERRORS_SEARCH_ID,
      title: 'Errors in the last 24 hours',
      description: `Log records at ${ERROR_LEVELS.join(' or ')} (LV-1) of every service, newest first.`,
      query: errorsQuery(),
      columns: [F.service, F.level, F.message, F.errorType, F.errorMessage, F.traceId],
      timeRange: { from: 'now-24h', to: 'now' },
    }),
    savedSearch({
      id: TRACE_SEARCH_ID,
      title: 'Log records of one trace',
      description:
        `Every log record of one trace, across services (TR-1). Replace ${TRACE_ID_PLACEHOLDER} in the query ` +
        'with a trace id (32 hex), or open it through a link that puts the id in the URL (traceDiscoverUrl of @jewelry/cli).',
      query: traceQuery(TRACE_ID_PLACEHOLDER),
      columns: [F.service, F.level, F.eventName, F.message, F.spanId],
    }),
    savedSearch({
      id: ORDER_SEARCH_ID,
      title: 'Log records of one order',
      description:
        `Every log record that names one order (${events.orderCreated.name}, status changes, price calculation, …). ` +
        `Replace ${ORDER_ID_PLACEHOLDER} in the query with an order id (or link with orderDiscoverUrl of @jewelry/cli).`,
      query: orderQuery(ORDER_ID_PLACEHOLDER),
      columns: [F.service, F.eventName, F.orderStatus, F.message, F.traceId],
    }),
  ];
}
