// @jewelry/cli as a library: what the tests and the demo of the other packages
// import to bring the real stack up and to find its endpoints.
export * from '@jewelry/stack';
export { formatSecuritySetup } from './cli/format-security';
export { freePort, withLock } from '@jewelry/ops-kit';
export { parseCommand } from './cli/args';
export type { Command } from './cli/args';
export { runCli } from './cli/run';
export type { CliIo } from './cli/run';
export { StackError, UsageError } from '@jewelry/ops-kit';
export * from '@jewelry/elasticsearch';
export * from '@jewelry/insights';
export * from '@jewelry/kibana';
export {
  KIBANA_USAGE,
  formatAssetExport,
  formatKibanaImport,
  parseKibanaArgs,
  runKibanaCommand,
  type KibanaCommand,
} from './commands/kibana-command';
export { parseDuration, formatAge, formatDurationSetting } from '@jewelry/ops-kit';
export { parseStuckOrdersArgs, runStuckOrdersCommand, STUCK_ORDERS_USAGE, type StuckOrdersCommand } from './commands/stuck-orders-command';
export { parseReportArgs, runReportCommand, REPORT_USAGE, type ReportCommand } from './commands/report-command';
export { parseRetentionCommand, executeRetention, RETENTION_USAGE, type RetentionCommand } from './commands/retention-command';
export { runOnSchedule as runRetentionOnSchedule, type ScheduleOptions } from './commands/schedule';
export { ActivityBoard, asActivity, NO_ACTIVITY } from '@jewelry/ops-kit';
export type { Activity, ActivityHandle, ActivityListener, ActivityOptions, StartActivity } from '@jewelry/ops-kit';
export { StatusLine, describeActivity, describeAmount } from '@jewelry/ops-kit';
export type { StatusLineOptions } from '@jewelry/ops-kit';
export { lastTiming, recordTiming } from '@jewelry/ops-kit';
