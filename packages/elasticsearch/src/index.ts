// @jewelry/elasticsearch: Elasticsearch administration on the official
// client — index templates and mappings generated from @jewelry/schema, the
// setup of templates and write aliases, status, exact unique counts, the
// SEC-2 roles and users (through the API, or as the file realm of a node),
// and retention (rollover, deletion by age and size cap, ILM policies).
export { EsClient, EsError, type EsClientOptions, type EsResponse, type EsRequestOptions } from './client';
export {
  arrayOfObjectFields,
  buildMapping,
  DATE_FORMAT,
  exporterSpanFields,
  familyFieldTypes,
  familyMapping,
  fieldMapping,
  KEYWORD_IGNORE_ABOVE,
  logMapping,
  mappingFamily,
  mergeFieldTypes,
  runtimeFieldMapping,
  shortHash,
  spanMapping,
  stableJson,
  type EsFieldMapping,
  type EsMapping,
  type EsMappingMeta,
  type EsRuntimeField,
  type MappingFamily,
} from './mappings';
export {
  buildTemplates,
  classTemplate,
  classTemplateName,
  CLASS_PRIORITY,
  DEFAULT_INDEX_SETTINGS,
  mappingsComponent,
  mappingsComponentName,
  settingsComponent,
  settingsComponentName,
  TEMPLATE_PREFIX,
  type ComponentTemplate,
  type IndexSettingsOptions,
  type IndexTemplate,
  type Template,
  type TemplateMeta,
} from './templates';
export {
  plainIndexProblem,
  setupElasticsearch,
  setupServices,
  setupSummary,
  type AliasAction,
  type AliasResult,
  type EsSetupOptions,
  type EsSetupReport,
  type TemplateAction,
  type TemplateResult,
} from './setup';
export { classOfAlias, esStatus, type EsFamilyStatus, type EsStatus } from './status';
export { countUnique, waitForUnique, type UniqueCount } from './count-unique';
export { allIndexPatterns, serviceIndexPatterns } from './index-patterns';
export {
  buildEsRoles,
  buildEsUsers,
  collectorRole,
  monitorRole,
  peopleRoles,
  serviceReaderRole,
  COLLECTOR_ROLE,
  COLLECTOR_USER,
  DEVELOPER_ROLE,
  DEVOPS_ROLE,
  MONITOR_ROLE,
  MONITOR_USER,
  QA_ROLE,
  type EsIndexPrivilege,
  type EsRole,
  type EsUserSpec,
} from './security/roles';
export {
  setupSecurity,
  type PasswordSource,
  type PasswordStore,
  type SecurityAction,
  type SecurityRoleResult,
  type SecuritySetupOptions,
  type SecuritySetupReport,
  type SecurityUserResult,
} from './security/setup';
export { pbkdf2Hash, pbkdf2Matches, rolesYml, writeFileRealm, type FileRealmResult, type FileRealmUser } from './security/file-realm';
export * from './retention/index';
