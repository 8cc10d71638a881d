export type { FieldType, FieldDefinition, FieldInput, DateInput } from './field-types';
export { fields, type FieldKey } from './fields';
export { events, type EventDefinition, type EventKey } from './events';
export { logRecordFields } from './log-record-fields';
export type { EventInput } from './event-input';
export { buildEvent, type BuiltEvent, type OutputValue } from './validate-event';
export { allFieldNames, flattenFields } from './field-names';
