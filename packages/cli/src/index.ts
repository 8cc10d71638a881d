// @jewelry/cli as a library: what the tests and the demo of the other packages
// import to bring the real stack up and to find its endpoints.
export { stackUp, stackDown, stackStatus, selectComponents } from './stack/stack';
export type { StackOptions, UpOptions, ComponentUpResult, ComponentDownResult, ComponentStatus } from './stack/stack';
export { COMPONENT_NAMES } from './stack/component';
export type { ComponentName } from './stack/component';
export { resolveSettings, stackEndpoints, DEFAULT_ES_VERSION, DEFAULT_ES_JAVA_OPTS } from './settings';
export type { StackSettings, StackEndpoints } from './settings';
export { buildCollector, cachedCollectorBinary } from './collector/build';
export type { CollectorBuild, BuildOptions } from './collector/build';
export { validateCollectorConfig } from './collector/validate';
export type { ValidationResult } from './collector/validate';
export { collectorCacheKey, manifestCoreVersion } from './collector/cache-key';
export type { CollectorBuildInputs } from './collector/cache-key';
export { parseCommand } from './cli/args';
export type { Command } from './cli/args';
export { runCli } from './cli/run';
export type { CliIo } from './cli/run';
export { StackError, UsageError } from './errors';
