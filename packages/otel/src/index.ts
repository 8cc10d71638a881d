/**
 * `node --require @jewelry/otel app.js` — loading this module starts the
 * distribution (once per process). Importing it from code gives access to
 * the same running instance.
 */
import { start } from './start';

start();

export { start, getTelemetryStats, shutdown, type StartedDistro } from './start';
export { presets, selectPreset } from './presets/select-preset';
export type { Preset } from './presets/preset';
export { instrumentationNames, type InstrumentationName } from './instrumentations/registry';
export { readDistroConfig, type DistroConfig } from './config/distro-config';
export type { SignalCounts } from './pipeline/telemetry-accounting';
