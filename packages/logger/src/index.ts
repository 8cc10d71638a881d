export { createLogger, type JewelryLogger, type LoggerOptions } from './create-logger';
export { levels, levelFromEnv, type LogLevel } from './levels';
export { createEventFunctions, type EventFunctions } from './events';
export { getEventDiagnostics, type EventDiagnostics } from './event-diagnostics';
export { ecsFormat, ECS_VERSION } from './ecs-format';
export { serviceIdentityFromEnv, type ServiceIdentity } from './service-identity';
export { DEFAULT_SIZE_LIMITS, sizeLimitsFromEnv, type SizeLimits } from './size-limits';
export {
  DIRECT_LOG_ENTRY_KEY,
  directLogEntry,
  type DirectLogEntry,
  type DirectLogEntryKey,
  type DirectLogRecord,
} from './direct-log-entry';
