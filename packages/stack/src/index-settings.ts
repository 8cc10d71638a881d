import { DEFAULT_INDEX_SETTINGS, type IndexSettingsOptions } from '@jewelry/elasticsearch';
import type { StackSettings } from './settings';

/** The index settings `stack up` and `es setup` use, from the stack settings (ES_INDEX_SHARDS, ES_INDEX_REPLICAS). */
export function indexSettingsFrom(s: StackSettings): IndexSettingsOptions {
  return { ...DEFAULT_INDEX_SETTINGS, shards: s.esIndexShards, replicas: s.esIndexReplicas };
}
