/**
 * `@jewelry/otel/presets`: the presets and how a service's instrumentation
 * list is resolved, importable without starting the SDK (tools, tests, docs).
 */
export { presets, selectPreset, type PresetChoice } from './select-preset';
export type { Preset } from './preset';
export { selectInstrumentations, type InstrumentationChoice } from '../instrumentations/select-instrumentations';
export { instrumentationNames, type InstrumentationName } from '../instrumentations/registry';
export { readDistroConfig, type DistroConfig } from '../config/distro-config';
