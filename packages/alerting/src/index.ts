// @jewelry/alerting: the alert thresholds (alerting.json, JEWELRY_ALERT_*
// overrides) and what is generated from them: the Prometheus alert rules and
// the runbook links.
export {
  loadThresholds,
  defaultThresholds,
  thresholdVariable,
  THRESHOLDS_FILE,
  type Thresholds,
  type ThresholdKey,
  type LoadOptions,
} from './thresholds';
export { generateRules, writeRules, RULES_GENERATOR } from './rules';
export { RUNBOOKS, runbookUrl, type RunbookId } from './runbooks';
export { spanMetricsBoundsSeconds } from './span-metrics';
export { renderRunbookValues, markedKeys, VALUE_FORMATS, type ValueFormat } from './runbook-values';
