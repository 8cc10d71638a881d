// @jewelry/ops-kit: the low-level pieces every operator-side package shares —
// errors that read as one line, the one duration grammar, byte sizes,
// running commands and detached processes, pid files, locks, waits, free
// ports, where things live on disk, and the progress line of long steps.
export { UsageError, StackError, errorMessage, type StackErrorDetails } from './errors';
export {
  UNIT_MS,
  tryParseDuration,
  parseDuration,
  formatAge,
  formatDurationSetting,
  type DurationUnit,
  type DurationOptions,
} from './durations';
export { parseByteSize, formatBytes } from './sizes';
export { tailFile, ensureDir, chownRecursive, ensureOwnedDir } from './fs-utils';
export { findRepoRoot, repoRoot, defaultStackDir, defaultCacheDir, collectorDir } from './paths';
export { findExecutable, runCommand, lastLines, type RunOptions, type RunResult } from './run-command';
export {
  readPidFile,
  writePidFile,
  removePidFile,
  isAlive,
  commandLine,
  livePid,
  spawnDetached,
  stopProcess,
  waitGone,
  stopPidFiles,
  type DetachedSpec,
  type StopOutcome,
} from './process-control';
export { withLock } from './lock';
export { sleep, waitFor, httpGet, httpOk, type WaitOptions, type HttpResponse } from './wait-for';
export { isPortFree, freePort, reservePort, portOwner, type PortOwner } from './ports';
export {
  ActivityBoard,
  NO_ACTIVITY,
  asActivity,
  type Activity,
  type ActivityOptions,
  type ActivityHandle,
  type ActivityListener,
  type StartActivity,
} from './progress/activity';
export { describeActivity, describeAmount, progressIntervalMs, StatusLine, type StatusLineOptions } from './progress/status-line';
export { lastTiming, recordTiming, type StepTiming } from './progress/step-timings';
export { requestJson, parseBody, UnreachableError, type HttpAnswer } from './http-json';
