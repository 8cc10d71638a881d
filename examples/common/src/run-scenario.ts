#!/usr/bin/env node
/**
 * `node examples/common/dist/run-scenario.js [--log-dir <dir>] [--keep] [--json]`
 *
 * Starts the four built services (under `--require @jewelry/otel`, with this
 * process's environment: OTEL_EXPORTER_OTLP_ENDPOINT, AMQP_URL, DATABASE_URL,
 * S3_*, ports…), runs the scenario, prints what happened to each order, and
 * stops the services — or, with --keep, leaves them running until Ctrl-C.
 * The stack (RabbitMQ, PostgreSQL, S3, and a collector if telemetry should go
 * somewhere) must be up: `node packages/cli/dist/bin.js stack up rabbitmq postgres s3 collector`.
 */
import { join, resolve } from 'node:path';
import { runScenario } from './scenario';
import { startServices, stopServices } from './services';

async function main(argv: string[]): Promise<number> {
  const keep = argv.includes('--keep');
  const json = argv.includes('--json');
  const at = argv.indexOf('--log-dir');
  const logDir = resolve(at >= 0 && argv[at + 1] ? argv[at + 1]! : join(process.cwd(), '.examples-logs'));
  const say = (line: string) => {
    if (!json) process.stderr.write(`${line}\n`);
  };
  const started = Date.now();
  say(`starting shop-api, partner-api, mes-api, crm-api (output in ${logDir})`);
  const running = await startServices({ logDir });
  say(running.services.map((s) => `  ${s.name.padEnd(12)} ${s.url}  pid ${s.pid}  healthy after ${s.startMillis} ms`).join('\n'));
  try {
    const result = await runScenario(running.urls, { onProgress: (line) => say(`  ${line}`) });
    if (json) process.stdout.write(`${JSON.stringify({ services: running.services, ...result, personalData: undefined }, null, 2)}\n`);
    else {
      const show = result.orders.find((o) => o.kind === 'customer')!;
      say(
        `\nscenario done in ${result.timings.totalMs} ms (orders sent ${result.timings.sendMs} ms, confirmed ${result.timings.confirmMs} ms); services up in ${Date.now() - started - result.timings.totalMs} ms`,
      );
      say(`follow order ${show.orderId}: trace.id ${show.traceId}`);
    }
    if (keep) {
      say('services keep running; Ctrl-C stops them');
      await new Promise<void>((r) => {
        process.once('SIGINT', () => r());
        process.once('SIGTERM', () => r());
      });
    }
    return 0;
  } finally {
    const stopped = await stopServices();
    say(`stopped: ${stopped.map((s) => `${s.name} (${s.how}, ${s.millis} ms)`).join(', ')}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`run-scenario: ${err instanceof Error ? err.message : String(err)}\n`);
    void stopServices().finally(() => process.exit(1));
  },
);
