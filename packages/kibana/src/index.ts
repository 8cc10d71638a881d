// The Kibana assets (generated from @jewelry/schema) and the client that imports them.
export {
  ASSET_FILES,
  buildKibanaAssets,
  exportKibanaAssets,
  kibanaAssetsDir,
  readAssetFiles,
  renderAssetFiles,
  toNdjson,
  type AssetFileStatus,
  type KibanaAssets,
} from './assets';
export { DEFAULT_KIBANA_URL, KibanaClient, KibanaError, kibanaClientFromEnv, spacePath } from './client';
export type { KibanaClientOptions, KibanaRequestOptions, KibanaResponse } from './client';
export { CHARTS, DASHBOARD_ID, buildDashboard, buildLensCharts } from './dashboard';
export { LOGS_DATA_VIEW_ID, TRACES_DATA_VIEW_ID, buildDataViews, serviceDataViewId } from './data-views';
export { importKibanaAssets, parseSavedObjects, versionAtLeast } from './import';
export type { KibanaAssetFiles, KibanaImportOptions, KibanaImportReport, ObjectResult, RoleResult, SpaceResult } from './import';
export { RECORDS_FIELD, lensXyChart, type LensMetric, type LensXyChart } from './lens';
export {
  CORE_MIGRATION_VERSION,
  MIN_KIBANA_VERSION,
  TYPE_MIGRATION_VERSIONS,
  kqlIs,
  kqlString,
  savedObject,
  stableUuid,
  type SavedObject,
  type SavedObjectReference,
  type SavedObjectType,
} from './saved-objects';
export {
  ERRORS_SEARCH_ID,
  ERROR_LEVELS,
  ORDER_ID_PLACEHOLDER,
  ORDER_SEARCH_ID,
  TRACE_ID_PLACEHOLDER,
  TRACE_SEARCH_ID,
  WARN_LEVELS,
  buildSearches,
} from './searches';
export {
  JEWELRY_SPACE_ID,
  buildRoles,
  buildSpaces,
  rolesForSpace,
  type KibanaIndexPrivilege,
  type KibanaRole,
  type KibanaSpace,
} from './security';
export { discoverSearchUrl, orderDiscoverUrl, traceDiscoverUrl, type DiscoverLinkOptions } from './urls';
