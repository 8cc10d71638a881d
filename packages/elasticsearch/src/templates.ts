// Composable index templates, one per retention class (ST-1, ST-2), built from
// three component templates:
//   jewelry-settings          shards, replicas, ignore_malformed, field limit
//   jewelry-logs-mappings     the log mapping (logs, errors, audit)
//   jewelry-traces-mappings   the span mapping (traces)
// and the index templates jewelry-logs / -errors / -audit / -traces whose
// patterns come from classIndexPatterns(): `*-<class>-*` (the rolled indices
// behind a write alias) and `*-<class>` (the plain index Elasticsearch
// auto-creates when a service writes before `es setup` made its alias, so
// even that index gets the right mapping).
//
// No ILM (`index.lifecycle.*`): this Elasticsearch build has none; retention
// is our own job. Every template carries `_meta.hash` so `es setup` only
// writes what changed.
import { classIndexPatterns, retentionClasses, type RetentionClass } from '@jewelry/schema';
import { familyMapping, mappingFamily, shortHash, type MappingFamily } from './mappings';

export const TEMPLATE_PREFIX = 'jewelry';
/**
 * Priorities of the class templates. The patterns of different classes
 * overlap (`*-logs-*` and `*-errors-*` both match `a-logs-errors-1`), and
 * Elasticsearch refuses overlapping templates of equal priority, so each class
 * has its own. traces is highest: for an odd service name that contains
 * another class's name, the span mapping is the one that must not be lost.
 */
export const CLASS_PRIORITY: Readonly<Record<RetentionClass, number>> = { logs: 500, errors: 501, audit: 502, traces: 503 };

/** Index settings a small cluster needs; one node is green with 0 replicas. */
export interface IndexSettingsOptions {
  readonly shards: number;
  readonly replicas: number;
  /** Mapped fields per index (our schema maps under 100; unmapped fields do not count with dynamic: false). */
  readonly totalFieldsLimit: number;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettingsOptions = { shards: 1, replicas: 0, totalFieldsLimit: 1000 };

export interface TemplateMeta {
  readonly managed_by: 'jewelry-otel';
  readonly description: string;
  readonly hash: string;
  readonly [key: string]: unknown;
}

export interface ComponentTemplate {
  readonly kind: 'component';
  readonly name: string;
  readonly body: { template: Record<string, unknown>; _meta: TemplateMeta };
}

export interface IndexTemplate {
  readonly kind: 'index';
  readonly name: string;
  readonly retentionClass: RetentionClass;
  readonly body: {
    index_patterns: string[];
    priority: number;
    composed_of: string[];
    _meta: TemplateMeta;
  };
}

export type Template = ComponentTemplate | IndexTemplate;

export const settingsComponentName = (): string => `${TEMPLATE_PREFIX}-settings`;
export const mappingsComponentName = (family: MappingFamily): string => `${TEMPLATE_PREFIX}-${family}-mappings`;
export const classTemplateName = (cls: RetentionClass): string => `${TEMPLATE_PREFIX}-${cls}`;

function withHash<T extends Record<string, unknown>>(content: T, meta: { description: string; [key: string]: unknown }) {
  return { ...content, _meta: { managed_by: 'jewelry-otel' as const, ...meta, hash: shortHash({ content, meta }) } };
}

export function settingsComponent(options: IndexSettingsOptions = DEFAULT_INDEX_SETTINGS): ComponentTemplate {
  const template = {
    settings: {
      index: {
        number_of_shards: options.shards,
        number_of_replicas: options.replicas,
        mapping: {
          // A wrong-typed value is skipped (listed in _ignored); the document is stored.
          ignore_malformed: true,
          total_fields: { limit: options.totalFieldsLimit, ignore_dynamic_beyond_limit: true },
        },
      },
    },
  };
  return {
    kind: 'component',
    name: settingsComponentName(),
    body: withHash({ template }, { description: 'jewelry-otel: index settings of every log and trace index' }),
  };
}

export function mappingsComponent(family: MappingFamily): ComponentTemplate {
  return {
    kind: 'component',
    name: mappingsComponentName(family),
    body: withHash(
      { template: { mappings: familyMapping(family) } },
      { description: `jewelry-otel: ${family === 'traces' ? 'span' : 'log'} document mapping generated from @jewelry/schema` },
    ),
  };
}

export function classTemplate(cls: RetentionClass): IndexTemplate {
  return {
    kind: 'index',
    name: classTemplateName(cls),
    retentionClass: cls,
    body: withHash(
      {
        index_patterns: classIndexPatterns(cls),
        priority: CLASS_PRIORITY[cls],
        composed_of: [settingsComponentName(), mappingsComponentName(mappingFamily(cls))],
      },
      { description: `jewelry-otel: ${retentionClasses[cls].description}`, retention_class: cls },
    ),
  };
}

/** Every template, in the order they must be written (components before the index templates using them). */
export function buildTemplates(options: IndexSettingsOptions = DEFAULT_INDEX_SETTINGS): Template[] {
  const classes = Object.keys(retentionClasses) as RetentionClass[];
  return [settingsComponent(options), mappingsComponent('logs'), mappingsComponent('traces'), ...classes.map((cls) => classTemplate(cls))];
}
