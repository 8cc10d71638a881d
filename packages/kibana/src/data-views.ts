// Data views (saved object type `index-pattern`), one per way people read the
// logs: all services' logs, each known service's logs, and the spans. Their
// index patterns are the schema's (classIndexPatterns, writeAlias), the very
// names the index templates, the collector and the roles use (ST-1).
import { classIndexPatterns, fields, knownServices, logClasses, logRecordFields } from '@jewelry/schema';
import { exporterSpanFields, serviceIndexPatterns } from '@jewelry/elasticsearch';
import { savedObject, type SavedObject } from './saved-objects';

export const LOGS_DATA_VIEW_ID = 'jewelry-logs';
export const TRACES_DATA_VIEW_ID = 'jewelry-traces';
export const serviceDataViewId = (service: string): string => `jewelry-logs-${service}`;

const TIME_FIELD = logRecordFields.timestamp.name;
const DURATION = fields.durationNs.name;

/** Kibana field formatters (field_formats plugin ids and params). */
type FieldFormat =
  | { id: 'duration'; params: { inputFormat: 'nanoseconds' | 'microseconds'; outputFormat: 'humanizePrecise'; outputPrecision: number } }
  | { id: 'bytes' };

const durationFormat = (inputFormat: 'nanoseconds' | 'microseconds'): FieldFormat => ({
  id: 'duration',
  params: { inputFormat, outputFormat: 'humanizePrecise', outputPrecision: 1 },
});

/** event.duration is ECS nanoseconds on logs and spans; file.size is bytes. */
const LOG_FORMATS: Record<string, FieldFormat> = {
  [DURATION]: durationFormat('nanoseconds'),
  [fields.fileSize.name]: { id: 'bytes' },
};

/** The exporter's own `Duration` is microseconds (see exporterSpanFields). */
const SPAN_FORMATS: Record<string, FieldFormat> = {
  [DURATION]: durationFormat('nanoseconds'),
  ...('Duration' in exporterSpanFields ? { Duration: durationFormat('microseconds') } : {}),
};

function dataView(id: string, name: string, patterns: readonly string[], formats: Record<string, FieldFormat>): SavedObject {
  // Attribute set and encoding (JSON strings inside the object) as Kibana 8.x exports a data view
  // (without `allowHidden`, which later 8.x exports add; absent means false).
  return savedObject('index-pattern', id, {
    fieldAttrs: '{}',
    fieldFormatMap: JSON.stringify(formats),
    fields: '[]',
    name,
    runtimeFieldMap: '{}',
    sourceFilters: '[]',
    timeFieldName: TIME_FIELD,
    title: patterns.join(','),
  });
}

export function buildDataViews(): SavedObject[] {
  return [
    dataView(LOGS_DATA_VIEW_ID, 'Logs (all services)', logClasses.flatMap(classIndexPatterns), LOG_FORMATS),
    ...knownServices.map((service) =>
      dataView(serviceDataViewId(service), `Logs: ${service}`, serviceIndexPatterns(service, logClasses), LOG_FORMATS),
    ),
    dataView(TRACES_DATA_VIEW_ID, 'Traces (spans, all services)', classIndexPatterns('traces'), SPAN_FORMATS),
  ];
}
