// Runs a parsed command, prints its report and returns the exit code:
// 0 done, 1 a component, build or Elasticsearch call failed (or es setup found
// problems), 2 wrong usage.
import { StackError, UsageError, errorMessage, ActivityBoard, StatusLine } from '@jewelry/ops-kit';
import { esStatus, setupElasticsearch, setupSecurity } from '@jewelry/elasticsearch';
import {
  buildCollector,
  esClientFromEnv,
  esNodes,
  ES_USER,
  indexSettingsFrom,
  isRoot,
  lookupUser,
  packageCollector,
  passwordStore,
  resolveSettings,
  setupStackSecurity,
  stackDown,
  stackStatus,
  stackUp,
  validateCollectorConfig,
  type ComponentUpResult,
} from '@jewelry/stack';
import { formatSecuritySetup } from './format-security';
import { formatLookup, lookupTrace } from '@jewelry/insights';
import { runKibanaCommand } from '../commands/kibana-command';
import { runStuckOrdersCommand } from '../commands/stuck-orders-command';
import { runReportCommand } from '../commands/report-command';
import { executeRetention } from '../commands/retention-command';
import { parseCommand, USAGE, type Command } from './args';
import { formatDown, formatEsStatus, formatSetup, formatStatus, formatUp } from './format';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (err) {
    return report(err, io);
  }
  try {
    return (await execute(command, io)) ?? 0;
  } catch (err) {
    return report(err, io);
  }
}

/** Resolves to an exit code when it is not 0 without an exception (es setup with problems). */
/**
 * Where slow steps are told, on stderr: on a terminal, one line updating in
 * place while builds and downloads run; otherwise a line when a step starts
 * and every 30 s (progress/status-line.ts).
 */
function statusLine(io: CliIo): StatusLine {
  const tty = io === processIo && process.stderr.isTTY === true;
  return new StatusLine({
    tty,
    prefix: 'jewelry-otel: ',
    columns: () => process.stderr.columns,
    write: tty
      ? (text) => process.stderr.write(text)
      : (text) => {
          for (const line of text.split('\n')) if (line) io.err(line);
        },
  });
}

async function execute(command: Command, io: CliIo): Promise<number | void> {
  const status = statusLine(io);
  const progress = (message: string): void => status.line(message);
  const activity = new ActivityBoard((active, now) => status.activities(active, now)).start;
  switch (command.kind) {
    case 'help':
      io.out(USAGE);
      return;
    case 'stack': {
      if (command.action === 'up') {
        const done: ComponentUpResult[] = [];
        try {
          await stackUp(command.components, {
            onProgress: progress,
            onActivity: (active, now) => status.activities(active, now),
            onComponent: (r) => {
              done.push(r);
              status.clear();
              if (!command.json) io.out(formatUp(r));
            },
          });
        } finally {
          // With --json, what did come up is still reported when a later component fails.
          if (command.json)
            io.out(
              JSON.stringify(
                done.map(({ pid: _pid, ...rest }) => rest),
                null,
                2,
              ),
            );
        }
      } else if (command.action === 'down') {
        const results = await stackDown(command.components);
        io.out(command.json ? JSON.stringify(results, null, 2) : results.map(formatDown).join('\n'));
      } else {
        const results = await stackStatus(command.components);
        io.out(command.json ? JSON.stringify(results, null, 2) : results.map(formatStatus).join('\n'));
      }
      return;
    }
    case 'collector-build': {
      const build = await buildCollector(resolveSettings(), { progress, activity, updateSums: command.updateSums });
      if (command.json) io.out(JSON.stringify(build, null, 2));
      else io.out(`${build.binary}  (${build.cached ? 'cached' : `built in ${build.seconds.toFixed(1)}s`}, key ${build.key})`);
      return;
    }
    case 'collector-package': {
      const packages = await packageCollector(resolveSettings(), { formats: command.formats, outDir: command.outDir, progress, activity });
      if (command.json) io.out(JSON.stringify(packages, null, 2));
      else {
        for (const f of packages.files) io.out(`${f.format.padEnd(7)} ${f.path}  (${(f.bytes / 1024 / 1024).toFixed(1)} MB)`);
        io.out(
          `${packages.name} ${packages.version} (${packages.arch}) packaged in ${packages.seconds.toFixed(1)}s; how to install: collector/packaging/README.md`,
        );
      }
      return;
    }
    case 'collector-validate': {
      const result = await validateCollectorConfig(resolveSettings(), command.configs, { progress, activity });
      if (!result.valid) {
        throw new StackError(`${result.configs.join(' + ')} is not valid: ${result.output.split('\n').slice(-3).join(' | ')}`);
      }
      io.out(`${result.configs.join(' + ')}: valid`);
      return;
    }
    case 'es-setup': {
      const settings = resolveSettings();
      const report = await setupElasticsearch(esClientFromEnv(settings), {
        services: command.services,
        index: indexSettingsFrom(settings),
      });
      io.out(command.json ? JSON.stringify(report, null, 2) : formatSetup(report).join('\n'));
      // Problems are in the report; said again on stderr, and the exit code tells a script.
      for (const problem of report.problems) io.err(`jewelry-otel: ${problem}`);
      return report.problems.length > 0 ? 1 : 0;
    }
    case 'trace': {
      const lookup = await lookupTrace(esClientFromEnv(resolveSettings()), command.query);
      io.out(command.json ? JSON.stringify(lookup, null, 2) : formatLookup(lookup, process.stdout.isTTY === true));
      return;
    }
    case 'kibana-import':
    case 'kibana-export':
      return runKibanaCommand(command, io);
    case 'es-security-setup': {
      const settings = resolveSettings();
      const client = esClientFromEnv(settings);
      // The stack's own node keeps users and roles in files (this build has no native realm:
      // @jewelry/elasticsearch, security/file-realm.ts); another cluster gets them through the API.
      const report =
        settings.esSecurity && !process.env.ES_ENDPOINT?.trim()
          ? await setupStackSecurity(
              settings,
              client,
              esNodes(settings).map((n) => n.paths.config),
              {
                services: command.services,
                owner: isRoot() ? await lookupUser(ES_USER) : undefined,
              },
            )
          : await setupSecurity(client, passwordStore(settings), { services: command.services });
      io.out(command.json ? JSON.stringify(report, null, 2) : formatSecuritySetup(report).join('\n'));
      return;
    }
    case 'es-status': {
      const status = await esStatus(esClientFromEnv(resolveSettings()));
      io.out(command.json ? JSON.stringify(status, null, 2) : formatEsStatus(status).join('\n'));
      return;
    }
    case 'stuck-orders':
      return runStuckOrdersCommand(command, io);
    case 'report':
      return runReportCommand(command, io);
    case 'retention':
    case 'retention-install-ilm':
      return executeRetention(command, io);
  }
}

function report(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    io.err(`jewelry-otel: ${err.message}`);
    io.err("Run 'jewelry-otel --help' for the commands.");
    return 2;
  }
  if (err instanceof StackError) {
    io.err(`jewelry-otel: ${err.message}`);
    if (err.logPath) io.err(`  log: ${err.logPath}`);
    if (err.logTail) for (const line of err.logTail.split('\n')) io.err(`  | ${line}`);
    return 1;
  }
  io.err(`jewelry-otel: unexpected error: ${errorMessage(err)}`);
  if (process.env.JEWELRY_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
  return 1;
}
