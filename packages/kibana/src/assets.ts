// The Kibana assets as files: generated from the schema by
// `jewelry-otel kibana export-assets` into <repo>/kibana/, committed, and
// imported by `jewelry-otel kibana import`. A test regenerates them and
// compares, so the committed files cannot drift from the schema.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError, repoRoot } from '@jewelry/ops-kit';
import { buildDashboard, buildLensCharts } from './dashboard';
import { buildDataViews } from './data-views';
import type { SavedObject } from './saved-objects';
import { buildSearches } from './searches';
import { buildRoles, buildSpaces, type KibanaRole, type KibanaSpace } from './security';

/** File names under kibana/ (the .ndjson extension is what Kibana's import accepts). */
export const ASSET_FILES = {
  savedObjects: 'saved-objects.ndjson',
  roles: 'roles.json',
  spaces: 'spaces.json',
} as const;

export interface KibanaAssets {
  /** Data views first, then what references them, so the file reads top-down. */
  readonly savedObjects: SavedObject[];
  readonly roles: Record<string, KibanaRole>;
  readonly spaces: KibanaSpace[];
}

export function buildKibanaAssets(): KibanaAssets {
  return {
    savedObjects: [...buildDataViews(), ...buildSearches(), ...buildLensCharts(), buildDashboard()],
    roles: buildRoles(),
    spaces: buildSpaces(),
  };
}

export function toNdjson(objects: readonly SavedObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}

/** File name → content, exactly as committed. */
export function renderAssetFiles(assets: KibanaAssets = buildKibanaAssets()): Record<string, string> {
  return {
    [ASSET_FILES.savedObjects]: toNdjson(assets.savedObjects),
    [ASSET_FILES.roles]: JSON.stringify(assets.roles, null, 2) + '\n',
    [ASSET_FILES.spaces]: JSON.stringify(assets.spaces, null, 2) + '\n',
  };
}

export function kibanaAssetsDir(): string {
  return join(repoRoot(), 'kibana');
}

export interface AssetFileStatus {
  readonly file: string;
  readonly path: string;
  /** written (export), unchanged, or — with check only — differs / missing. */
  readonly state: 'written' | 'unchanged' | 'differs' | 'missing';
}

/**
 * Writes the generated files into `dir` (only those whose content changed),
 * or with `check` only compares and writes nothing.
 */
export function exportKibanaAssets(dir: string = kibanaAssetsDir(), options: { check?: boolean } = {}): AssetFileStatus[] {
  if (!options.check) mkdirSync(dir, { recursive: true });
  return Object.entries(renderAssetFiles()).map(([file, content]) => {
    const path = join(dir, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) return { file, path, state: 'unchanged' };
    if (options.check) return { file, path, state: current === undefined ? 'missing' : 'differs' };
    writeFileSync(path, content);
    return { file, path, state: 'written' };
  });
}

/** Reads the committed asset files (what `kibana import` sends). */
export function readAssetFiles(dir: string = kibanaAssetsDir()): {
  ndjson: string;
  roles: Record<string, KibanaRole>;
  spaces: KibanaSpace[];
} {
  const read = (file: string): string => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new StackError(`${path} is missing (run 'jewelry-otel kibana export-assets')`);
    return readFileSync(path, 'utf8');
  };
  const parse = <T>(file: string): T => {
    try {
      return JSON.parse(read(file)) as T;
    } catch (err) {
      if (err instanceof StackError) throw err;
      throw new StackError(`${join(dir, file)} is not valid JSON: ${(err as Error).message}`);
    }
  };
  return {
    ndjson: read(ASSET_FILES.savedObjects),
    roles: parse<Record<string, KibanaRole>>(ASSET_FILES.roles),
    spaces: parse<KibanaSpace[]>(ASSET_FILES.spaces),
  };
}
