// Retention (ST-2, ST-3): rollover at the size, deletion by class age and by
// a service's size cap; and the same rules as ILM policies for clusters that
// have ILM.
// Renamed where the package already exports the plain name (trace's formatDuration).
export { formatDuration as formatRetentionDuration, esByteSize, esTimeValue } from './units';
export {
  retentionSettingsFromEnv,
  defaultRetentionSettings,
  rolloverConditionsBody,
  describeSettings,
  classRetentionVariable,
  ALL_RETENTION_VARIABLE,
  DEFAULT_ROLLOVER_MAX_SIZE,
  RETENTION_CLASSES,
} from './settings';
export type { RetentionSettings, RolloverConditions, SizeCapScope } from './settings';
export { readRetentionState, familyIndexPatterns } from './state';
export type { RetentionEsClient, RetentionState, RetentionFamilyState, RetentionIndexState, ReadStateOptions } from './state';
export { planRetention, planFromState, nextIndexName } from './plan';
export type {
  RetentionPlan,
  RetentionAction,
  RolloverAction,
  DeleteAction,
  KeepAction,
  RolloverReason,
  DeleteReason,
  KeepReason,
  PlanOptions,
} from './plan';
export { applyRetention, runRetention } from './apply';
export type { RetentionReport, RetentionResult, RetentionOutcome, ApplyOptions, RunRetentionOptions } from './apply';
export {
  buildIlmPolicies,
  buildIlmPolicy,
  buildIlmFamilyTemplate,
  ilmPolicyName,
  ilmFamilyTemplateName,
  ilmStatus,
  installIlm,
  ILM_TEMPLATE_PREFIX,
} from './ilm';
export type { IlmPolicy, IlmFamilyTemplate, IlmStatus, IlmInstallReport, InstallIlmOptions } from './ilm';
export { formatRetentionAction, formatRetentionSummary, formatRetentionReport } from './format';
