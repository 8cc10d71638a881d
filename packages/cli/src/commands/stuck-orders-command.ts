// `jewelry-otel stuck-orders`: parsing (no side effects) and running.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, parseDuration } from '@jewelry/ops-kit';
import { esClientFromEnv, resolveSettings } from '@jewelry/stack';
import {
  DEFAULT_FINAL_STATUSES,
  DEFAULT_METRICS_LISTEN,
  DEFAULT_OLDER_THAN,
  findStuckOrders,
  formatStuckOrders,
  normaliseStatuses,
  parseListenAddress,
  serveStuckOrderMetrics,
  serveUntilSignal,
} from '@jewelry/insights';

export interface StuckOrdersCommand {
  kind: 'stuck-orders';
  olderThan: string;
  finalStatuses: string[];
  json: boolean;
  /** host:port to serve /metrics on; absent: list once and exit. */
  serve?: string;
  intervalMillis: number;
}

export const STUCK_ORDERS_USAGE = `  stuck-orders [--older-than 7d] [--final confirmed,delivered,cancelled,rejected] [--json]
                                        orders whose last status change is older than the limit and whose
                                        status is not final (created and never changed: from creation)
  stuck-orders --serve [${DEFAULT_METRICS_LISTEN}] [--interval 60s] [--older-than 7d] [--final ...]
                                        the same count as the Prometheus gauge jewelry_stuck_orders{status}
                                        on /metrics, recomputed every --interval, until SIGTERM`;

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `--serve` may stand alone (then it means the default address): give it a value before node:util sees it. */
function withServeDefault(argv: readonly string[]): string[] {
  return argv.map((arg, i) =>
    arg === '--serve' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) ? `--serve=${DEFAULT_METRICS_LISTEN}` : arg,
  );
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('. To specify a positional')[0] ?? String(err));
  }
}

/** argv after the command name. */
export function parseStuckOrdersArgs(argv: readonly string[]): StuckOrdersCommand {
  const { values, positionals } = parse(withServeDefault(argv), {
    'older-than': { type: 'string', default: DEFAULT_OLDER_THAN },
    final: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    serve: { type: 'string' },
    interval: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`'stuck-orders' takes no arguments, got '${positionals.join(' ')}'`);
  const olderThan = String(values['older-than']);
  parseDuration(olderThan, '--older-than');
  const finalStatuses = normaliseStatuses((values.final as string[] | undefined) ?? DEFAULT_FINAL_STATUSES);
  const serve = values.serve as string | undefined;
  const interval = values.interval as string | undefined;
  if (serve === undefined && interval !== undefined) throw new UsageError("'--interval' goes with '--serve'");
  if (serve !== undefined && values.json === true)
    throw new UsageError("'--json' and '--serve' do not go together (/metrics is the output)");
  if (serve !== undefined) parseListenAddress(serve);
  const intervalMillis = parseDuration(interval ?? '60s', '--interval');
  if (intervalMillis < 1000) throw new UsageError('--interval must be at least 1s');
  return {
    kind: 'stuck-orders',
    olderThan,
    finalStatuses,
    json: values.json === true,
    ...(serve === undefined ? {} : { serve }),
    intervalMillis,
  };
}

export async function runStuckOrdersCommand(command: StuckOrdersCommand, io: CommandIo): Promise<number> {
  const client = esClientFromEnv(resolveSettings());
  const options = { olderThan: command.olderThan, finalStatuses: command.finalStatuses };
  if (command.serve === undefined) {
    const result = await findStuckOrders(client, options);
    io.out(command.json ? JSON.stringify(result, null, 2) : formatStuckOrders(result).join('\n'));
    return 0;
  }
  const server = await serveStuckOrderMetrics(client, {
    ...options,
    listen: command.serve,
    intervalMillis: command.intervalMillis,
    onError: (message) => io.err(`jewelry-otel: ${message}`),
  });
  const first = server.state.last;
  io.err(
    `jewelry-otel: serving jewelry_stuck_orders on ${server.url} (older than ${command.olderThan}, every ${command.intervalMillis / 1000}s; ` +
      `${first ? `${first.stuck.length} stuck of ${first.ordersSeen}` : 'first check failed'}); SIGTERM stops`,
  );
  await serveUntilSignal(server, (signal) => io.err(`jewelry-otel: ${signal}: stopping the metrics server`));
  return 0;
}
