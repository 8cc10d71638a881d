// The envelope of a Kibana saved object as Kibana 8.x's export writes it
// (`POST /api/saved_objects/_export`, one JSON object per NDJSON line), and the
// small helpers every asset builder shares: stable ids and KQL.
//
// Versions. Since 8.8 an export carries `coreMigrationVersion: "8.8.0"` and a
// per-type `typeMigrationVersion` (replacing the older `migrationVersion` map).
// On import Kibana migrates an object whose typeMigrationVersion is older than
// its own, and REFUSES one that is newer ("belongs to a more recent version of
// Kibana"). So the versions below are the shapes we write, not the newest
// Kibana: what Kibana 8.9–8.19 export for these types (index-pattern 8.0.0,
// search 8.0.0, lens 8.9.0, dashboard 8.9.0, as in Kibana's own 8.x test
// fixtures), so the file imports into Kibana 8.9 and later (9.x migrates it on).
import { createHash } from 'node:crypto';

export const CORE_MIGRATION_VERSION = '8.8.0';

export const TYPE_MIGRATION_VERSIONS = {
  'index-pattern': '8.0.0',
  search: '8.0.0',
  lens: '8.9.0',
  dashboard: '8.9.0',
} as const;

/** The oldest Kibana that accepts every typeMigrationVersion above. */
export const MIN_KIBANA_VERSION = '8.9.0';

export type SavedObjectType = keyof typeof TYPE_MIGRATION_VERSIONS;

export interface SavedObjectReference {
  readonly id: string;
  readonly name: string;
  readonly type: SavedObjectType;
}

/**
 * Keys in the order Kibana's export writes them (alphabetical). Left out:
 * `managed` (later 8.x exports add it; absent means false) and the
 * per-export `created_at` / `updated_at` / `version`, which Kibana sets itself.
 */
export interface SavedObject {
  readonly attributes: Record<string, unknown>;
  readonly coreMigrationVersion: string;
  readonly id: string;
  readonly references: SavedObjectReference[];
  readonly type: SavedObjectType;
  readonly typeMigrationVersion: string;
}

export function savedObject(
  type: SavedObjectType,
  id: string,
  attributes: Record<string, unknown>,
  references: SavedObjectReference[] = [],
): SavedObject {
  return {
    attributes,
    coreMigrationVersion: CORE_MIGRATION_VERSION,
    id,
    references,
    type,
    typeMigrationVersion: TYPE_MIGRATION_VERSIONS[type],
  };
}

/** The title an object shows in Kibana's lists. */
export function savedObjectTitle(object: SavedObject): string {
  const { title, name } = object.attributes as { title?: unknown; name?: unknown };
  return typeof name === 'string' ? name : typeof title === 'string' ? title : object.id;
}

/**
 * A UUID-shaped id derived from a seed. Lens layers and columns and dashboard
 * panels are keyed by ids Kibana makes with uuid v4; deriving them from the
 * object and role keeps the generated files byte-identical run after run.
 */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A KQL string literal. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `field : "a"` or `field : ("a" or "b")`. */
export function kqlIs(field: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error(`kqlIs(${field}): no values`);
  return values.length === 1 ? `${field} : ${kqlString(values[0]!)}` : `${field} : (${values.map(kqlString).join(' or ')})`;
}
