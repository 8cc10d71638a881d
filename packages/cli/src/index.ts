// @jewelry/cli as a library: what the tests and the demo of the other packages
// import to bring the real stack up and to find its endpoints.
export { stackUp, stackDown, stackStatus, selectComponents } from './stack/stack';
export { freePort } from '@jewelry/ops-kit';
export { isolatedStackEnv, type IsolatedStackOptions } from './stack/isolated-stack';
export { assertNoLargerCluster, esNodes, esNodeUrls, type EsNode } from './stack/components/elasticsearch-cluster';
export { gateways, gatewayEndpoints, gatewayPid, gatewayConfigArgs, gatewayEnv, type Gateway } from './stack/collector-tiers';
export { defaultReplicas, type ScaleSettings, type CollectorTopology } from './stack/scale-settings';
export { withLock } from '@jewelry/ops-kit';
export type { StackOptions, UpOptions, ComponentUpResult, ComponentDownResult, ComponentStatus } from './stack/stack';
export { COMPONENT_NAMES } from './stack/component';
export type { ComponentName } from './stack/component';
export {
  resolveSettings,
  stackEndpoints,
  postgresUrl,
  isValidBucketName,
  DEFAULT_ES_VERSION,
  DEFAULT_ES_JAVA_OPTS,
  DEFAULT_VERSITYGW_VERSION,
  DEFAULT_S3_REGION,
} from './settings';
export type { StackSettings, StackEndpoints, PostgresEndpoint, S3Endpoint } from './settings';
export { buildCollector, cachedCollectorBinary } from './collector/build';
export type { CollectorBuild, BuildOptions } from './collector/build';
export { validateCollectorConfig } from './collector/validate';
export { packageCollector, ensureNfpm, NFPM_VERSION, PACKAGE_FORMATS } from './collector/package';
export type { CollectorPackages, PackageFile, PackageFormat, PackageOptions } from './collector/package';
export type { ValidationResult } from './collector/validate';
export { collectorCacheKey, manifestCoreVersion } from './collector/cache-key';
export type { CollectorBuildInputs } from './collector/cache-key';
export { copyLocalModules, localModuleFiles, localModulesDigest, manifestLocalModules } from './collector/local-modules';
export type { LocalModule } from './collector/local-modules';
export { parseCommand } from './cli/args';
export type { Command } from './cli/args';
export { runCli } from './cli/run';
export type { CliIo } from './cli/run';
export { StackError, UsageError } from '@jewelry/ops-kit';
export { EsClient, EsError, esClientFromEnv, stackEsClient } from './elasticsearch/client';
export type { EsClientOptions, EsResponse, EsRequestOptions } from './elasticsearch/client';
export {
  arrayOfObjectFields,
  buildMapping,
  DATE_FORMAT,
  exporterSpanFields,
  familyFieldTypes,
  familyMapping,
  fieldMapping,
  KEYWORD_IGNORE_ABOVE,
  logMapping,
  mappingFamily,
  runtimeFieldMapping,
  spanMapping,
} from './elasticsearch/mappings';
export type { EsFieldMapping, EsMapping, EsRuntimeField, MappingFamily } from './elasticsearch/mappings';
export {
  buildTemplates,
  classTemplateName,
  CLASS_PRIORITY,
  DEFAULT_INDEX_SETTINGS,
  mappingsComponentName,
  settingsComponentName,
} from './elasticsearch/templates';
export type { IndexSettingsOptions, Template, ComponentTemplate, IndexTemplate } from './elasticsearch/templates';
export { setupElasticsearch, setupServices, indexSettingsFrom, plainIndexProblem } from './elasticsearch/setup';
export type { EsSetupOptions, EsSetupReport, AliasResult, TemplateResult } from './elasticsearch/setup';
export { esStatus } from './elasticsearch/status';
export { countUnique, waitForUnique, type UniqueCount } from './elasticsearch/count-unique';
export type { EsStatus, EsFamilyStatus } from './elasticsearch/status';
export { lookupTrace, formatLookup, NothingFoundError, type TraceLookup } from './trace/trace-command';
export { readTrace, traceIdsOfOrder, isTraceId, parseTimestamp } from './trace/trace-query';
export { renderWaterfall, formatDuration, type RenderOptions } from './trace/render-waterfall';
export { buildSpanTree, type TraceView, type SpanRecord, type LogRecordView, type SpanNode } from './trace/trace-model';
export { waitForOrderTrace, type TraceWait } from './trace/wait-for-trace';
export * from './kibana';
export * from './stuck-orders';
export * from './report';
export * from './retention';
export * from './security';
export { collectorEnv, collectorConfigArgs } from './stack/components/collector';
export { prometheusArgs } from './stack/components/prometheus';
export { elasticsearchYml, esBaseUrl, securityLines } from './stack/components/elasticsearch-config';
export { ActivityBoard, asActivity, NO_ACTIVITY } from '@jewelry/ops-kit';
export type { Activity, ActivityHandle, ActivityListener, ActivityOptions, StartActivity } from '@jewelry/ops-kit';
export { StatusLine, describeActivity, describeAmount } from '@jewelry/ops-kit';
export type { StatusLineOptions } from '@jewelry/ops-kit';
export { lastTiming, recordTiming } from '@jewelry/ops-kit';
