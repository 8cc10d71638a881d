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
export * from '@jewelry/elasticsearch';
export { esClientFromEnv, stackEsClient } from './stack/es-clients';
export { indexSettingsFrom } from './stack/index-settings';
export * from '@jewelry/insights';
export * from '@jewelry/kibana';
export { KIBANA_USAGE, formatAssetExport, formatKibanaImport, parseKibanaArgs, runKibanaCommand, type KibanaCommand } from './commands/kibana-command';
export { parseDuration, formatAge, formatDurationSetting } from '@jewelry/ops-kit';
export { parseStuckOrdersArgs, runStuckOrdersCommand, STUCK_ORDERS_USAGE, type StuckOrdersCommand } from './commands/stuck-orders-command';
export { parseReportArgs, runReportCommand, REPORT_USAGE, type ReportCommand } from './commands/report-command';
export { parseRetentionCommand, executeRetention, RETENTION_USAGE, type RetentionCommand } from './commands/retention-command';
export { runOnSchedule as runRetentionOnSchedule, type ScheduleOptions } from './commands/schedule';
export { formatRetentionAction, formatRetentionSummary, formatRetentionReport } from './commands/format-retention';
export * from './security';
export { collectorEnv, collectorConfigArgs } from './stack/components/collector';
export { prometheusArgs } from './stack/components/prometheus';
export { elasticsearchYml, esBaseUrl, securityLines } from './stack/components/elasticsearch-config';
export { ActivityBoard, asActivity, NO_ACTIVITY } from '@jewelry/ops-kit';
export type { Activity, ActivityHandle, ActivityListener, ActivityOptions, StartActivity } from '@jewelry/ops-kit';
export { StatusLine, describeActivity, describeAmount } from '@jewelry/ops-kit';
export type { StatusLineOptions } from '@jewelry/ops-kit';
export { lastTiming, recordTiming } from '@jewelry/ops-kit';
