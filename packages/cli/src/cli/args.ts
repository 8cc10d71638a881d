// The command line, parsed into a typed command (no side effects, unit-tested).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '@jewelry/ops-kit';
import { PACKAGE_FORMATS, selectComponents, type ComponentName, type PackageFormat } from '@jewelry/stack';
import { parseKibanaArgs, KIBANA_USAGE, type KibanaCommand } from '../commands/kibana-command';
import { parseStuckOrdersArgs, STUCK_ORDERS_USAGE, type StuckOrdersCommand } from '../commands/stuck-orders-command';
import { parseReportArgs, REPORT_USAGE, type ReportCommand } from '../commands/report-command';
import { parseRetentionCommand, RETENTION_USAGE, type RetentionCommand } from '../commands/retention-command';

export type Command =
  | { kind: 'help' }
  | { kind: 'stack'; action: 'up' | 'down' | 'status'; components: ComponentName[]; json: boolean }
  | { kind: 'collector-build'; json: boolean; updateSums: boolean }
  | { kind: 'collector-validate'; configs: string[] }
  | { kind: 'collector-package'; formats: PackageFormat[]; outDir?: string; json: boolean }
  | { kind: 'es-setup'; services: string[]; json: boolean }
  | { kind: 'es-status'; json: boolean }
  | { kind: 'es-security-setup'; services: string[]; json: boolean }
  | { kind: 'trace'; query: string; json: boolean }
  | KibanaCommand
  | StuckOrdersCommand
  | ReportCommand
  | RetentionCommand;

export const USAGE = `Usage: jewelry-otel <command>

  stack up [component...] [--json]      install what is missing, start what is not running, wait until healthy
  stack down [component...] [--json]    stop what this stack started
  stack status [component...] [--json]  running/stopped, pid, endpoint, health
  collector build [--json] [--update-sums]
                                        build (or reuse) the collector distribution from collector/manifest.yaml
  collector validate [--config <file>]  check a collector config (default collector/config.yaml)
  collector package [--format deb,rpm,docker] [--out <dir>] [--json]
                                        .deb and .rpm of the collector (systemd unit, own user, config in
                                        /etc/jewelry-otelcol) built with nfpm; docker: an image build context
                                        (default: deb,rpm into dist/packages)
  es setup [--service <name>...] [--json]
                                        index templates and write aliases for every known service
                                        (and each --service), idempotent; stack up runs it too
  es status [--json]                    cluster health, templates, families (write aliases) and doc counts
  es security setup [--service <name>...] [--json]
                                        SEC-2 roles and users (devops, developer, qa, reader-<service>,
                                        collector) on a cluster with security on, idempotent; new
                                        passwords are printed once and kept in <stack dir>/security
  trace <trace-id | order-id> [--json]  the trace as a waterfall (service, span, duration) with its log
                                        records beneath their spans, read from Elasticsearch
${KIBANA_USAGE}
${STUCK_ORDERS_USAGE}
${REPORT_USAGE}
${RETENTION_USAGE}

Components, in start order: rabbitmq, postgres, s3, elasticsearch, collector, alertmanager, prometheus (default: all).
es commands talk to ES_ENDPOINT (default: the stack's node), with ES_USERNAME/ES_PASSWORD when set
(and ES_CA_FILE for https with a private CA; with JEWELRY_ES_SECURITY=true the stack's own CA and admin).
Settings come from the environment; see the package README.`;

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util's messages are good; drop the trailing advice about "--" that confuses here.
    const message = (err as Error).message.split('. To specify a positional')[0] ?? String(err);
    throw new UsageError(message);
  }
}

export function parseCommand(argv: readonly string[]): Command {
  const [group, action, ...rest] = argv;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') return { kind: 'help' };
  if (group === 'stack') {
    if (action !== 'up' && action !== 'down' && action !== 'status') {
      throw new UsageError(
        action === undefined ? "'stack' needs an action: up, down or status" : `unknown stack action '${action}' (use up, down or status)`,
      );
    }
    const { values, positionals } = parse(rest, { json: { type: 'boolean', default: false } });
    return { kind: 'stack', action, components: selectComponents(positionals), json: values.json === true };
  }
  if (group === 'collector') {
    if (action === 'build') {
      const { values, positionals } = parse(rest, {
        json: { type: 'boolean', default: false },
        'update-sums': { type: 'boolean', default: false },
      });
      if (positionals.length > 0) throw new UsageError(`'collector build' takes no arguments, got '${positionals.join(' ')}'`);
      return { kind: 'collector-build', json: values.json === true, updateSums: values['update-sums'] === true };
    }
    if (action === 'validate') {
      const { values, positionals } = parse(rest, { config: { type: 'string', multiple: true } });
      if (positionals.length > 0) throw new UsageError(`'collector validate' takes no arguments, got '${positionals.join(' ')}'`);
      // Several --config files are merged in order, as the collector itself merges them.
      return { kind: 'collector-validate', configs: values.config ?? [] };
    }
    if (action === 'package') {
      const { values, positionals } = parse(rest, {
        format: { type: 'string', multiple: true },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      if (positionals.length > 0) throw new UsageError(`'collector package' takes no arguments, got '${positionals.join(' ')}'`);
      const formats = (values.format ?? [])
        .flatMap((f) => f.split(','))
        .map((f) => f.trim())
        .filter(Boolean);
      const unknown = formats.filter((f) => !(PACKAGE_FORMATS as readonly string[]).includes(f));
      if (unknown.length > 0) throw new UsageError(`unknown package format '${unknown.join("', '")}' (use ${PACKAGE_FORMATS.join(', ')})`);
      if (values.out !== undefined && values.out.trim() === '') throw new UsageError("'--out' needs a directory");
      return {
        kind: 'collector-package',
        formats: (formats.length ? formats : ['deb', 'rpm']) as PackageFormat[],
        ...(values.out !== undefined ? { outDir: values.out } : {}),
        json: values.json === true,
      };
    }
    throw new UsageError(
      action === undefined
        ? "'collector' needs an action: build, validate or package"
        : `unknown collector action '${action}' (use build, validate or package)`,
    );
  }
  if (group === 'es') {
    if (action === 'setup') {
      const { values, positionals } = parse(rest, {
        json: { type: 'boolean', default: false },
        service: { type: 'string', multiple: true },
      });
      if (positionals.length > 0) {
        throw new UsageError(`'es setup' takes no arguments, got '${positionals.join(' ')}' (name services with --service <name>)`);
      }
      const services = (values.service ?? []).map((name) => name.trim());
      const empty = services.find((name) => name === '');
      if (empty !== undefined) throw new UsageError("'--service' needs a service name");
      return { kind: 'es-setup', services, json: values.json === true };
    }
    if (action === 'security') {
      const [sub, ...more] = rest;
      if (sub !== 'setup')
        throw new UsageError(
          sub === undefined ? "'es security' needs an action: setup" : `unknown es security action '${sub}' (use setup)`,
        );
      const { values, positionals } = parse(more, {
        json: { type: 'boolean', default: false },
        service: { type: 'string', multiple: true },
      });
      if (positionals.length > 0) throw new UsageError(`'es security setup' takes no arguments, got '${positionals.join(' ')}'`);
      const services = (values.service ?? []).map((name) => name.trim());
      if (services.includes('')) throw new UsageError("'--service' needs a service name");
      return { kind: 'es-security-setup', services, json: values.json === true };
    }
    if (action === 'status') {
      const { values, positionals } = parse(rest, { json: { type: 'boolean', default: false } });
      if (positionals.length > 0) throw new UsageError(`'es status' takes no arguments, got '${positionals.join(' ')}'`);
      return { kind: 'es-status', json: values.json === true };
    }
    throw new UsageError(
      action === undefined ? "'es' needs an action: setup or status" : `unknown es action '${action}' (use setup or status)`,
    );
  }
  if (group === 'trace') {
    const { values, positionals } = parse(argv.slice(1) as string[], { json: { type: 'boolean', default: false } });
    if (positionals.length !== 1) throw new UsageError("'trace' takes one trace id (32 hex) or order id");
    return { kind: 'trace', query: positionals[0]!, json: values.json === true };
  }
  if (group === 'stuck-orders') return parseStuckOrdersArgs(argv.slice(1));
  if (group === 'report') return parseReportArgs(argv.slice(1));
  if (group === 'retention') return parseRetentionCommand(argv.slice(1));
  if (group === 'kibana') return parseKibanaArgs(argv.slice(1));
  throw new UsageError(`unknown command '${group}' (use stack, collector, es or trace; --help lists them)`);
}
