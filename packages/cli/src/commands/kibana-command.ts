// `jewelry-otel kibana import | export-assets`: parsing (no side effects) and running.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '@jewelry/ops-kit';
import {
  DEFAULT_KIBANA_URL,
  exportKibanaAssets,
  importKibanaAssets,
  JEWELRY_SPACE_ID,
  kibanaAssetsDir,
  kibanaClientFromEnv,
  type AssetFileStatus,
  type KibanaImportReport,
} from '@jewelry/kibana';

export type KibanaCommand =
  | {
      kind: 'kibana-import';
      /** --url; absent: KIBANA_URL, else http://localhost:5601. */
      url?: string;
      /** --space; absent: the assets' space (jewelry). */
      space?: string;
      dryRun: boolean;
      json: boolean;
      /** --dir; absent: <repo>/kibana. */
      dir?: string;
    }
  | { kind: 'kibana-export'; dir?: string; check: boolean };

export const KIBANA_USAGE = `  kibana import [--url ${DEFAULT_KIBANA_URL}] [--space ${JEWELRY_SPACE_ID}] [--dry-run] [--json] [--dir kibana]
                                        the space, the saved objects (data views, searches, dashboard) and the
                                        SEC-2 roles into Kibana, overwriting ours; KIBANA_URL,
                                        KIBANA_USERNAME / KIBANA_PASSWORD (basic auth)
  kibana export-assets [--dir kibana] [--check]
                                        write kibana/*.ndjson|json from the schema (--check: compare only)`;

export interface KibanaCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('. To specify a positional')[0] ?? String(err));
  }
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`'${flag}' needs a value`);
  return value.trim();
}

/** argv after `kibana`. */
export function parseKibanaArgs(argv: readonly string[]): KibanaCommand {
  const [action, ...rest] = argv;
  if (action === 'import') {
    const { values, positionals } = parse(rest, {
      url: { type: 'string' },
      space: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      dir: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`'kibana import' takes no arguments, got '${positionals.join(' ')}'`);
    const url = nonEmpty(values.url, '--url');
    if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) URL, got '${url}'`);
    const space = nonEmpty(values.space, '--space');
    if (space !== undefined && !/^[a-z0-9_-]+$/.test(space)) {
      throw new UsageError(`--space must be a space id (lower-case letters, digits, '_' and '-'), got '${space}'`);
    }
    const dir = nonEmpty(values.dir, '--dir');
    return {
      kind: 'kibana-import',
      ...(url === undefined ? {} : { url }),
      ...(space === undefined ? {} : { space }),
      dryRun: values['dry-run'] === true,
      json: values.json === true,
      ...(dir === undefined ? {} : { dir }),
    };
  }
  if (action === 'export-assets' || action === 'generate') {
    const { values, positionals } = parse(rest, { dir: { type: 'string' }, check: { type: 'boolean', default: false } });
    if (positionals.length > 0) throw new UsageError(`'kibana ${action}' takes no arguments, got '${positionals.join(' ')}'`);
    const dir = nonEmpty(values.dir, '--dir');
    return { kind: 'kibana-export', ...(dir === undefined ? {} : { dir }), check: values.check === true };
  }
  throw new UsageError(
    action === undefined
      ? "'kibana' needs an action: import or export-assets"
      : `unknown kibana action '${action}' (use import or export-assets)`,
  );
}

const ACTION = 12; // "would import"

/** The human report of an import: one line per space, object and role, then a summary. */
export function formatKibanaImport(r: KibanaImportReport): string[] {
  const lines: string[] = [];
  const version = r.kibanaVersion ? `Kibana ${r.kibanaVersion}` : r.dryRun ? 'dry run, nothing sent' : 'Kibana (version unknown)';
  lines.push(`kibana     ${r.url}  ${version}  space ${r.space}`);
  const ID = Math.max(30, ...r.objects.map((o) => o.id.length), ...r.roles.map((x) => x.name.length));
  const TYPE = 13; // "index-pattern"
  for (const s of r.spaces)
    lines.push(`${'space'.padEnd(TYPE)}  ${s.id.padEnd(ID)}  ${s.action.padEnd(ACTION)}  ${s.error ?? ''}`.trimEnd());
  for (const o of r.objects) {
    const detail = o.error ?? (o.destinationId ? `${o.title} (id in this space: ${o.destinationId})` : o.title);
    lines.push(`${o.type.padEnd(TYPE)}  ${o.id.padEnd(ID)}  ${o.action.padEnd(ACTION)}  ${detail}`);
  }
  for (const x of r.roles)
    lines.push(`${'role'.padEnd(TYPE)}  ${x.name.padEnd(ID)}  ${x.action.padEnd(ACTION)}  ${x.error ?? ''}`.trimEnd());
  const count = (list: readonly { action: string }[], action: string): number => list.filter((x) => x.action === action).length;
  const failed = count(r.objects, 'failed') + count(r.roles, 'failed') + count(r.spaces, 'failed');
  lines.push(
    r.dryRun
      ? `${r.objects.length} saved objects, ${r.roles.length} roles, ${r.spaces.length} space(s) would be sent to ${r.url}`
      : `${r.objects.length} saved objects (${count(r.objects, 'created')} created, ${count(r.objects, 'overwritten')} overwritten), ` +
          `${r.roles.length} roles (${count(r.roles, 'created')} created, ${count(r.roles, 'updated')} updated), ` +
          `${failed} failed (${r.seconds.toFixed(1)}s)`,
  );
  return lines;
}

export function formatAssetExport(files: readonly AssetFileStatus[], check: boolean): string[] {
  return files.map((f) => {
    const what = check && f.state !== 'unchanged' ? `${f.state.toUpperCase()} (run 'jewelry-otel kibana export-assets')` : f.state;
    return `${f.path}  ${what}`;
  });
}

export async function runKibanaCommand(command: KibanaCommand, io: KibanaCommandIo): Promise<number> {
  if (command.kind === 'kibana-export') {
    const files = exportKibanaAssets(command.dir ?? kibanaAssetsDir(), { check: command.check });
    for (const line of formatAssetExport(files, command.check)) io.out(line);
    return command.check && files.some((f) => f.state !== 'unchanged') ? 1 : 0;
  }
  const report = await importKibanaAssets(kibanaClientFromEnv(command.url), {
    ...(command.space === undefined ? {} : { space: command.space }),
    dryRun: command.dryRun,
    ...(command.dir === undefined ? {} : { dir: command.dir }),
  });
  io.out(command.json ? JSON.stringify(report, null, 2) : formatKibanaImport(report).join('\n'));
  for (const problem of report.problems) io.err(`jewelry-otel: kibana: ${problem}`);
  return report.problems.length > 0 ? 1 : 0;
}
