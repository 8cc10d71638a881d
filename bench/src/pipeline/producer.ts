// The service side of the pipeline bench, run as its own process:
//   node --require @jewelry/otel dist/pipeline/producer.js
// Writes BENCH_RECORDS log records numbered <BENCH_RUN>-<n> through
// @jewelry/logger as fast as the export keeps up — it pauses while the SDK
// holds more than BENCH_HIGH_WATER records, so nothing is dropped — waits
// until all are delivered, and prints one line BENCH_PRODUCER=<json> on stderr.
import { createLogger } from '@jewelry/logger';
import { getTelemetryStats, shutdown } from '@jewelry/otel';
import { setTimeout as sleep } from 'node:timers/promises';

const run = process.env.BENCH_RUN ?? 'run';
const records = Number(process.env.BENCH_RECORDS ?? 1000);
const highWater = Number(process.env.BENCH_HIGH_WATER ?? 8000);
const log = createLogger({ name: 'pipeline-bench' });
const inFlight = () => getTelemetryStats()?.logs.inFlight ?? 0;

async function main(): Promise<void> {
  if (!getTelemetryStats()) throw new Error('@jewelry/otel is not loaded: start with --require @jewelry/otel');
  const started = Date.now();
  let n = 0;
  while (n < records) {
    if (inFlight() >= highWater) {
      await sleep(2);
      continue;
    }
    const end = Math.min(records, n + 256);
    for (; n < end; n++) {
      // A record shaped like our services' INFO lines: a message and a few business fields.
      log.info('order price calculated', {
        'order.id': `${run}-${n}`,
        'customer.id': `cus_${n % 977}`,
        'order.source': 'shop-api',
        'order.total': 1250 + (n % 100),
        'price.model': 'ring-classic-585',
      });
    }
    await new Promise((r) => setImmediate(r));
  }
  const writtenMillis = Date.now() - started;
  while (inFlight() > 0) await sleep(5);
  const deliveredMillis = Date.now() - started;
  const cpu = process.cpuUsage();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stderr.write(
    `BENCH_PRODUCER=${JSON.stringify({ writtenMillis, deliveredMillis, cpuSeconds, stats: getTelemetryStats()?.logs })}\n`,
  );
  await shutdown();
}

main().catch((err: unknown) => {
  process.stderr.write(`BENCH_PRODUCER_ERROR=${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
