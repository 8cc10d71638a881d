// `jewelry-otel report`: parsing (no side effects) and running.
import { parseArgs } from 'node:util';
import { UsageError, parseDuration } from '@jewelry/ops-kit';
import { esClientFromEnv, resolveSettings, stackEndpoints } from '@jewelry/stack';
import {
  DEFAULT_FINAL_STATUSES,
  DEFAULT_OLDER_THAN,
  DEFAULT_REPORT_DIR,
  formatMillis,
  formatNumber,
  normaliseStatuses,
  writeReport,
} from '@jewelry/insights';

export interface ReportCommand {
  kind: 'report';
  since: string;
  outDir: string;
  /** Prometheus base URL; undefined: PROMETHEUS_URL or the stack's; null: --no-prometheus. */
  prometheus: string | null | undefined;
  olderThan: string;
  finalStatuses: string[];
  json: boolean;
}

export const REPORT_USAGE = `  report [--since 24h] [--out reports/] [--prometheus <url> | --no-prometheus] [--older-than 7d] [--json]
                                        HTML report with charts (orders/s, errors per service, p95 price
                                        calculation, stuck orders, 5xx ratio) and a Markdown summary beside it`;

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export function parseReportArgs(argv: readonly string[]): ReportCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        since: { type: 'string', default: '24h' },
        out: { type: 'string', default: DEFAULT_REPORT_DIR },
        prometheus: { type: 'string' },
        'no-prometheus': { type: 'boolean', default: false },
        'older-than': { type: 'string', default: DEFAULT_OLDER_THAN },
        final: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('. To specify a positional')[0] ?? String(err));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`'report' takes no arguments, got '${positionals.join(' ')}'`);
  parseDuration(values.since, '--since');
  parseDuration(values['older-than'], '--older-than');
  if (values.prometheus !== undefined && values['no-prometheus'])
    throw new UsageError("'--prometheus' and '--no-prometheus' do not go together");
  if (values.prometheus !== undefined && !/^https?:\/\/[^\s/]+/.test(values.prometheus)) {
    throw new UsageError(`--prometheus: '${values.prometheus}' is not an http(s) URL (e.g. http://127.0.0.1:9090)`);
  }
  if (values.out.trim() === '') throw new UsageError("'--out' needs a folder");
  return {
    kind: 'report',
    since: values.since,
    outDir: values.out,
    prometheus: values['no-prometheus'] ? null : values.prometheus,
    olderThan: values['older-than'],
    finalStatuses: normaliseStatuses(values.final ?? DEFAULT_FINAL_STATUSES),
    json: values.json === true,
  };
}

export async function runReportCommand(
  command: ReportCommand,
  io: CommandIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const settings = resolveSettings();
  const prometheusUrl =
    command.prometheus === null ? null : (command.prometheus ?? (env.PROMETHEUS_URL?.trim() || stackEndpoints(settings).prometheusUrl));
  const written = await writeReport(esClientFromEnv(settings, env), {
    since: command.since,
    outDir: command.outDir,
    prometheusUrl,
    olderThan: command.olderThan,
    finalStatuses: command.finalStatuses,
  });
  const d = written.data;
  if (command.json) {
    io.out(JSON.stringify({ html: written.html, markdown: written.markdown, data: d }, null, 2));
    return 0;
  }
  const prom = d.prometheus;
  const promLine = 'skipped' in prom ? prom.note : prom.requestRate ? `Prometheus: ${prom.source}` : (prom.note ?? 'Prometheus: no data');
  io.out(
    [
      `report   ${written.html}`,
      `summary  ${written.markdown}`,
      `last ${d.period.since}: ${d.orders.total} order${d.orders.total === 1 ? '' : 's'} (peak ${formatNumber(d.orders.peakPerSecond)}/s), ${d.errors.total} errors/fatal, ` +
        `price p95 ${formatMillis(d.priceCalculation.p95Millis)}, ${d.stuck.stuck.length} stuck orders`,
      promLine,
    ].join('\n'),
  );
  return 0;
}
