export type { FieldType, FieldDefinition, FieldInput, DateInput } from './field-types';
export { fields, type FieldKey } from './fields';
export { events, type EventDefinition, type EventKey } from './events';
export { logRecordFields } from './log-record-fields';
export type { EventInput } from './event-input';
export { buildEvent, type BuiltEvent, type OutputValue } from './validate-event';
export { allFieldNames, allSpanFieldNames, flattenFields } from './field-names';
export { spanDocumentFields } from './span-document-fields';
export {
  retentionClasses,
  logClasses,
  knownServices,
  auditCategories,
  indexSafeServiceName,
  unknownService,
  maxServiceNameChars,
  writeAlias,
  firstIndex,
  classIndexPatterns,
  type RetentionClass,
} from './index-families';
