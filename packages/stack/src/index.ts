// @jewelry/stack: installs, starts and supervises the local components —
// RabbitMQ, PostgreSQL, S3, Elasticsearch (one node or a cluster, plain or in
// security mode), the collector (built from collector/manifest.yaml),
// Prometheus, Alertmanager — from one set of settings with environment
// overrides; builds, validates and packages the collector; and gives the
// Elasticsearch client for the stack's nodes or ES_ENDPOINT.
export { stackUp, stackDown, stackStatus, selectComponents } from './stack';
export type { StackOptions, UpOptions, ComponentUpResult, ComponentDownResult, ComponentStatus } from './stack';
export { COMPONENT_NAMES } from './component';
export type { ComponentName } from './component';
export { isRoot, lookupUser } from './install';
export { isolatedStackEnv, type IsolatedStackOptions } from './isolated-stack';
export { assertNoLargerCluster, esNodes, esNodeUrls, type EsNode } from './components/elasticsearch-cluster';
export { gateways, gatewayEndpoints, gatewayPid, gatewayConfigArgs, gatewayEnv, type Gateway } from './collector-tiers';
export { defaultReplicas, type ScaleSettings, type CollectorTopology } from './scale-settings';
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
export { esClientFromEnv, stackEsClient } from './es-clients';
export { indexSettingsFrom } from './index-settings';
export { buildCollector, cachedCollectorBinary } from './collector/build';
export type { CollectorBuild, BuildOptions } from './collector/build';
export { validateCollectorConfig } from './collector/validate';
export type { ValidationResult } from './collector/validate';
export { packageCollector, ensureNfpm, NFPM_VERSION, PACKAGE_FORMATS } from './collector/package';
export type { CollectorPackages, PackageFile, PackageFormat, PackageOptions } from './collector/package';
export { collectorCacheKey, manifestCoreVersion } from './collector/cache-key';
export type { CollectorBuildInputs } from './collector/cache-key';
export { copyLocalModules, localModuleFiles, localModulesDigest, manifestLocalModules } from './collector/local-modules';
export type { LocalModule } from './collector/local-modules';
export * from './security/index';
export { collectorEnv, collectorConfigArgs } from './components/collector';
export { prometheusArgs } from './components/prometheus';
export { ES_USER, elasticsearchYml, esBaseUrl, securitySettings } from './components/elasticsearch-config';
export type { EsYmlSetting, EsYmlValue } from './components/elasticsearch-yml';
