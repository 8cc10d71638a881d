// `jewelry-otel kibana import`: puts the committed Kibana assets into a
// running Kibana through its HTTP API, in the order they depend on each other:
//   1. the space (GET, then POST to create or PUT to update)   /api/spaces/space
//   2. the saved objects, one multipart upload                 /s/<space>/api/saved_objects/_import?overwrite=true
//   3. the roles (GET to tell created from updated, then PUT)  /api/security/role/<name>
// and reports what happened to each object, role and space. Nothing is
// deleted. `--dry-run` reads and checks the files and sends nothing.
import { StackError } from '@jewelry/ops-kit';
import { readAssetFiles } from './assets';
import { KibanaClient, KibanaError, spacePath } from './client';
import { MIN_KIBANA_VERSION } from './saved-objects';
import { JEWELRY_SPACE_ID, rolesForSpace, type KibanaRole, type KibanaSpace } from './security';

export interface KibanaAssetFiles {
  readonly ndjson: string;
  readonly roles: Record<string, KibanaRole>;
  readonly spaces: KibanaSpace[];
}

export interface KibanaImportOptions {
  /** Space to import into; `default` is Kibana's default space. Default: the assets' own space (`jewelry`). */
  readonly space?: string;
  readonly dryRun?: boolean;
  /** The files to send; default: read from <repo>/kibana. */
  readonly assets?: KibanaAssetFiles;
  readonly dir?: string;
}

export interface ObjectResult {
  readonly type: string;
  readonly id: string;
  readonly title: string;
  readonly action: 'created' | 'overwritten' | 'failed' | 'would import' | 'not reported';
  /** Kibana gave the object another id in this space (an object with this id lives in another space). */
  readonly destinationId?: string;
  readonly error?: string;
}

export interface RoleResult {
  readonly name: string;
  readonly action: 'created' | 'updated' | 'failed' | 'would put' | 'skipped';
  readonly error?: string;
}

export interface SpaceResult {
  readonly id: string;
  readonly action: 'created' | 'updated' | 'exists' | 'failed' | 'would create or update' | 'would check';
  readonly error?: string;
}

export interface KibanaImportReport {
  readonly url: string;
  readonly space: string;
  readonly dryRun: boolean;
  /** From GET /api/status; null on a dry run. */
  readonly kibanaVersion: string | null;
  readonly spaces: SpaceResult[];
  readonly objects: ObjectResult[];
  readonly roles: RoleResult[];
  /** One line per failure; the command exits 1 when there is any. */
  readonly problems: string[];
  readonly seconds: number;
}

interface NdjsonObject {
  readonly type: string;
  readonly id: string;
  readonly title: string;
}

/** The objects of an NDJSON file (type, id, title), refusing a line that is not a saved object. */
export function parseSavedObjects(ndjson: string): NdjsonObject[] {
  const out: NdjsonObject[] = [];
  ndjson.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: { type?: unknown; id?: unknown; attributes?: { title?: unknown; name?: unknown } };
    try {
      obj = JSON.parse(line) as typeof obj;
    } catch (err) {
      throw new StackError(`saved objects line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
    if (typeof obj.type !== 'string' || typeof obj.id !== 'string') {
      throw new StackError(`saved objects line ${i + 1} has no type or id`);
    }
    const title = obj.attributes?.name ?? obj.attributes?.title;
    out.push({ type: obj.type, id: obj.id, title: typeof title === 'string' ? title : obj.id });
  });
  return out;
}

interface ImportResponse {
  success?: boolean;
  successCount?: number;
  successResults?: { type: string; id: string; overwrite?: boolean; destinationId?: string; destination_id?: string }[];
  errors?: {
    type: string;
    id: string;
    error: { type: string; message?: string; references?: { type: string; id: string }[]; statusCode?: number };
  }[];
}

function describeImportError(error: NonNullable<ImportResponse['errors']>[number]['error']): string {
  switch (error.type) {
    case 'missing_references':
      return `missing references: ${(error.references ?? []).map((r) => `${r.type}/${r.id}`).join(', ')}`;
    case 'conflict':
    case 'ambiguous_conflict':
      return `${error.type.replace('_', ' ')} with an existing object`;
    case 'unsupported_type':
      return 'type not supported by this Kibana';
    default:
      return error.message ?? error.type;
  }
}

/** 8.19.2 → [8, 19, 2]; compares as numbers. */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  const b = min.split('.').map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < b.length; i++) {
    const x = Number.isNaN(a[i]!) ? 0 : (a[i] ?? 0);
    if (x !== b[i]) return x > b[i]!;
  }
  return true;
}

export async function importKibanaAssets(client: KibanaClient, options: KibanaImportOptions = {}): Promise<KibanaImportReport> {
  const started = Date.now();
  const assets = options.assets ?? readAssetFiles(options.dir);
  const space = options.space?.trim() || JEWELRY_SPACE_ID;
  const dryRun = options.dryRun === true;
  const objects = parseSavedObjects(assets.ndjson);
  const roles = rolesForSpace(assets.roles, space);
  const ownSpace = assets.spaces.find((s) => s.id === space);
  const problems: string[] = [];
  const report = (partial: { kibanaVersion: string | null; spaces: SpaceResult[]; objects: ObjectResult[]; roles: RoleResult[] }) => ({
    url: client.url,
    space,
    dryRun,
    ...partial,
    problems,
    seconds: (Date.now() - started) / 1000,
  });

  if (dryRun) {
    return report({
      kibanaVersion: null,
      spaces: space === 'default' ? [] : [{ id: space, action: ownSpace ? 'would create or update' : 'would check' }],
      objects: objects.map((o) => ({ ...o, action: 'would import' })),
      roles: Object.keys(roles).map((name) => ({ name, action: 'would put' })),
    });
  }

  // Reachability, credentials and version in one request, before anything is written.
  const status = await client.request<{ version?: { number?: string } }>('GET', '/api/status');
  const kibanaVersion = status.body?.version?.number ?? null;
  if (kibanaVersion && !versionAtLeast(kibanaVersion, MIN_KIBANA_VERSION)) {
    problems.push(`Kibana ${kibanaVersion} is older than ${MIN_KIBANA_VERSION}; it refuses saved objects of newer versions`);
  }

  // 1. The space.
  const spaces: SpaceResult[] = [];
  const skipRest = (reason: string) =>
    report({
      kibanaVersion,
      spaces,
      objects: objects.map((o) => ({ ...o, action: 'failed', error: reason })),
      roles: Object.keys(roles).map((name) => ({ name, action: 'skipped', error: reason })),
    });
  if (space !== 'default') {
    const path = `/api/spaces/space/${encodeURIComponent(space)}`;
    try {
      const existing = await client.request('GET', path, { allow: [404] });
      if (ownSpace) {
        if (existing.status === 404) await client.request('POST', '/api/spaces/space', { json: ownSpace });
        else await client.request('PUT', path, { json: ownSpace });
        spaces.push({ id: space, action: existing.status === 404 ? 'created' : 'updated' });
      } else if (existing.status === 404) {
        const why = `space '${space}' does not exist in Kibana (create it, or import into '${JEWELRY_SPACE_ID}' or 'default')`;
        spaces.push({ id: space, action: 'failed', error: why });
        problems.push(why);
        return skipRest(why);
      } else {
        spaces.push({ id: space, action: 'exists' });
      }
    } catch (err) {
      if (!(err instanceof KibanaError) || err.status === 0) throw err;
      spaces.push({ id: space, action: 'failed', error: err.message });
      problems.push(`space ${space}: ${err.message}`);
      return skipRest(`space ${space} could not be made`);
    }
  }

  // 2. The saved objects.
  let objectResults: ObjectResult[];
  const form = new FormData();
  // Kibana checks the file name's extension: it must be .ndjson.
  form.append('file', new Blob([assets.ndjson], { type: 'application/ndjson' }), 'jewelry-saved-objects.ndjson');
  try {
    const res = await client.request<ImportResponse>('POST', spacePath(space, '/api/saved_objects/_import?overwrite=true'), { form });
    const ok = new Map((res.body.successResults ?? []).map((r) => [`${r.type}/${r.id}`, r]));
    const failed = new Map((res.body.errors ?? []).map((e) => [`${e.type}/${e.id}`, e]));
    objectResults = objects.map((o): ObjectResult => {
      const key = `${o.type}/${o.id}`;
      const success = ok.get(key);
      if (success) {
        const destinationId = success.destination_id ?? success.destinationId;
        return {
          ...o,
          action: success.overwrite ? 'overwritten' : 'created',
          ...(destinationId && destinationId !== o.id ? { destinationId } : {}),
        };
      }
      const failure = failed.get(key);
      if (failure) return { ...o, action: 'failed', error: describeImportError(failure.error) };
      return { ...o, action: 'not reported' };
    });
  } catch (err) {
    if (!(err instanceof KibanaError) || err.status === 0) throw err;
    objectResults = objects.map((o) => ({ ...o, action: 'failed', error: err.message }));
  }
  for (const o of objectResults) {
    if (o.action === 'failed') problems.push(`${o.type} ${o.id}: ${o.error}`);
    if (o.action === 'not reported') problems.push(`${o.type} ${o.id}: Kibana's answer does not mention it`);
  }

  // 3. The roles.
  const roleResults: RoleResult[] = [];
  for (const [name, body] of Object.entries(roles)) {
    const path = `/api/security/role/${encodeURIComponent(name)}`;
    try {
      const existing = await client.request('GET', path, { allow: [404] });
      await client.request('PUT', path, { json: body });
      roleResults.push({ name, action: existing.status === 404 ? 'created' : 'updated' });
    } catch (err) {
      if (!(err instanceof KibanaError) || err.status === 0) throw err;
      roleResults.push({ name, action: 'failed', error: err.message });
      problems.push(`role ${name}: ${err.message}`);
    }
  }

  return report({ kibanaVersion, spaces, objects: objectResults, roles: roleResults });
}
