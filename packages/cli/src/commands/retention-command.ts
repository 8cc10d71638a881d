// The CLI side of retention: `jewelry-otel retention [--dry-run] [--schedule <interval>] [--json] [--service <name>...]`
// and `jewelry-otel retention install-ilm [--json] [--service <name>...]`.
// args.ts and run.ts only dispatch here.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { tryParseDuration, UsageError, errorMessage } from '@jewelry/ops-kit';
import { esClientFromEnv, resolveSettings } from '@jewelry/stack';
import {
  esByteSize,
  esTimeValue,
  formatRetentionDuration as formatDuration,
  formatRetentionReport,
  installIlm,
  retentionSettingsFromEnv,
  runRetention,
  type IlmInstallReport,
  type RetentionEsClient,
  type RetentionReport,
  type RetentionSettings,
} from '@jewelry/elasticsearch';
import { runOnSchedule } from './schedule';

export type RetentionCommand =
  | { kind: 'retention'; dryRun: boolean; scheduleMs: number | null; json: boolean; services: string[] }
  | { kind: 'retention-install-ilm'; json: boolean; services: string[] };

export const RETENTION_USAGE = `  retention [--dry-run] [--schedule <interval>] [--json] [--service <name>...]
                                        roll write aliases over at the size, delete indices past their class's
                                        retention or over a service's size cap (oldest first); once, or every
                                        <interval> (30s, 10m, 1h, 1d) until SIGTERM/SIGINT
  retention install-ilm [--json] [--service <name>...]
                                        the same rules as ILM policies, where the cluster has ILM`;

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('. To specify a positional')[0] ?? String(err));
  }
}

function serviceNames(values: string[] | undefined): string[] {
  const services = (values ?? []).map((name) => name.trim());
  if (services.some((name) => name === '')) throw new UsageError("'--service' needs a service name");
  return services;
}

/** `argv` is what follows `retention`. */
export function parseRetentionCommand(argv: readonly string[]): RetentionCommand {
  if (argv[0] === 'install-ilm') {
    const { values, positionals } = parse(argv.slice(1), {
      json: { type: 'boolean', default: false },
      service: { type: 'string', multiple: true },
    });
    if (positionals.length > 0) throw new UsageError(`'retention install-ilm' takes no arguments, got '${positionals.join(' ')}'`);
    return { kind: 'retention-install-ilm', json: values.json === true, services: serviceNames(values.service) };
  }
  const { values, positionals } = parse([...argv], {
    'dry-run': { type: 'boolean', default: false },
    schedule: { type: 'string' },
    json: { type: 'boolean', default: false },
    service: { type: 'string', multiple: true },
  });
  if (positionals.length > 0) {
    throw new UsageError(`unknown retention argument '${positionals.join(' ')}' (retention takes options, or the action install-ilm)`);
  }
  let scheduleMs: number | null = null;
  if (values.schedule !== undefined) {
    const ms = tryParseDuration(values.schedule);
    if (ms === undefined)
      throw new UsageError(`--schedule needs an interval with its unit, such as 30s, 10m, 1h or 1d, got '${values.schedule}'`);
    scheduleMs = ms;
  }
  return {
    kind: 'retention',
    dryRun: values['dry-run'] === true,
    scheduleMs,
    json: values.json === true,
    services: serviceNames(values.service),
  };
}

export interface RetentionIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

function settingsLine(s: RetentionSettings): string {
  const classes = Object.entries(s.retentionMs)
    .map(([cls, ms]) => `${cls} ${esTimeValue(ms)}`)
    .join(', ');
  const cap = s.sizeCapBytes === undefined ? 'no size cap' : `size cap ${esByteSize(s.sizeCapBytes)} per ${s.sizeCapScope}`;
  const r = s.rollover;
  const extra = [r.maxAgeMs !== undefined ? `or ${esTimeValue(r.maxAgeMs)} old` : '', r.maxDocs !== undefined ? `or ${r.maxDocs} docs` : '']
    .filter(Boolean)
    .join(' ');
  return `rollover at ${esByteSize(r.maxPrimaryShardSizeBytes)}${extra ? ` ${extra}` : ''}; retention ${classes}; ${cap}`;
}

function formatIlm(r: IlmInstallReport): string[] {
  const lines = [r.message];
  for (const p of r.policies) {
    const hot = p.body.policy.phases.hot.actions.rollover;
    const size = hot.max_primary_shard_size;
    lines.push(
      `policy ${p.name.padEnd(15)} ${p.action.padEnd(13)} rollover at ${size}, delete ${p.body.policy.phases.delete.min_age} after rollover`,
    );
  }
  for (const t of r.templates) lines.push(`template ${t.name} ${t.action}`);
  if (r.indices.length) lines.push(`${r.indices.length} existing indices attached to their class's policy`);
  return lines;
}

/** Runs a retention command; resolves to the exit code. */
export async function executeRetention(command: RetentionCommand, io: RetentionIo, client?: RetentionEsClient): Promise<number> {
  const settings = retentionSettingsFromEnv(process.env);
  const es = client ?? esClientFromEnv(resolveSettings());
  const services = command.services.length ? command.services : undefined;

  if (command.kind === 'retention-install-ilm') {
    const report = await installIlm(es, settings, { services });
    io.out(command.json ? JSON.stringify(report, null, 2) : formatIlm(report).join('\n'));
    return 0;
  }

  const once = async (): Promise<RetentionReport> => runRetention(es, settings, { dryRun: command.dryRun, services });
  if (command.scheduleMs === null) {
    const report = await once();
    io.out(command.json ? JSON.stringify(report, null, 2) : formatRetentionReport(report).join('\n'));
    return report.failed > 0 ? 1 : 0;
  }

  const every = formatDuration(command.scheduleMs);
  io.err(
    `jewelry-otel: retention every ${every}${command.dryRun ? ' (dry run)' : ''} on ${es.url}: ${settingsLine(settings)}; SIGTERM or SIGINT stops it`,
  );
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      io.err(`jewelry-otel: retention: ${signal} again: exiting without waiting`);
      process.exit(130);
    }
    io.err(`jewelry-otel: retention: ${signal}: stopping (a run in progress finishes first)`);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let runs = 0;
  try {
    runs = await runOnSchedule({
      intervalMs: command.scheduleMs,
      signal: controller.signal,
      run: async (n) => {
        const report = await once();
        if (command.json) io.out(JSON.stringify({ run: n, ...report }));
        else for (const line of formatRetentionReport(report)) io.out(`${new Date().toISOString()} run ${n}: ${line}`);
      },
      onError: (err, n) => io.err(`jewelry-otel: retention run ${n} failed (the schedule goes on): ${errorMessage(err)}`),
      onWait: (next) => io.err(`jewelry-otel: retention: next run at ${next.toISOString()}`),
    });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  io.err(`jewelry-otel: retention stopped after ${runs} run${runs === 1 ? '' : 's'}`);
  return 0;
}
