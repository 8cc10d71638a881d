#!/usr/bin/env node
// CPU time per @jewelry/logger call with a span active, under the distribution's log path:
// the OTel winston instrumentation (its real patch, through the require hook, as the preload
// enables it), a LoggerProvider with the distribution's log processors (masking, bounded, batch,
// redelivering; the exporter drops the batches), the JSON line to a stream that drops it.
// Variants, rounds alternating between them, medians of rounds (process.cpuUsage, export work
// of the batches included):
// - this build, SDK path: @jewelry/logger of this build with no direct log entry registered —
//   what it does under an @jewelry/otel that has none;
// - this build: the same with the distribution's direct log entry (issue 16);
// - baseline (--baseline DIR): another build's @jewelry/logger (its dist/), e.g. the one
//   before a change, through the SDK's logger as that build exports:
//     git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)
//     node bench/micro/log-path-bench.js --baseline /tmp/base/packages/logger/dist
// Uses the built packages: run `npm run build` first, then
//   node bench/micro/log-path-bench.js [--calls N] [--rounds N] [--baseline DIR]
'use strict';
const { median, option } = require('./args');
const path = require('node:path');
const { Writable } = require('node:stream');

const calls = Number(option('--calls', 20_000));
const rounds = Number(option('--rounds', 7));
const baselineDir = option('--baseline', undefined);

const { context, trace } = require('@opentelemetry/api');
const { logs } = require('@opentelemetry/api-logs');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { WinstonInstrumentation } = require('@opentelemetry/instrumentation-winston');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { LoggerProvider } = require('@opentelemetry/sdk-logs');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const {
  DirectLogEntry,
  JewelryContextManager,
  logRecordProcessors,
  resolveLogRecordLimits,
  TelemetryAccounting,
} = require('@jewelry/otel/internals');

// As the preload sets them up (start-sdk.ts, build-pipeline.ts, winston-config.ts).
context.setGlobalContextManager(new JewelryContextManager().enable());
const tracing = new TracerProvider();
trace.setGlobalTracerProvider(tracing);
registerInstrumentations({ instrumentations: [new WinstonInstrumentation({ disableLogSending: false, disableLogCorrelation: false })] });

const accounting = new TelemetryAccounting();
const ignore = () => undefined;
const drop = { export: (_records, done) => done({ code: 0 }), shutdown: () => Promise.resolve(), forceFlush: () => Promise.resolve() };
const processors = logRecordProcessors(
  drop,
  accounting,
  { onLost: ignore, onDeferred: ignore, onResumed: ignore },
  { maxQueueSize: 16384, maxExportBatchSize: 512, scheduledDelayMillis: 1000, exportTimeoutMillis: 10000 },
  { concurrency: 2, initialBackoffMillis: 250, maxBackoffMillis: 5000, drainTimeoutMillis: 5000 },
);
const resource = resourceFromAttributes({ 'service.name': 'shop-api', 'service.namespace': 'jewelry' });
logs.setGlobalLoggerProvider(new LoggerProvider({ resource, processors }));
const entry = new DirectLogEntry(processors, resource, resolveLogRecordLimits({}));
const ENTRY_KEY = Symbol.for('@jewelry/otel.direct-log-entry.v1');

// Loaded after the instrumentation, as under --require: winston is patched as it loads.
const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const loggerOf = (dir) => require(path.join(dir, 'index.js')).createLogger({ stream: sink(), name: 'orders', level: 'info' });
const thisBuild = path.join(__dirname, '..', '..', 'packages', 'logger', 'dist');
const variants = [
  ['SDK path', loggerOf(thisBuild), false],
  ['this build', loggerOf(thisBuild), true],
];
if (baselineDir !== undefined) variants.unshift(['baseline', loggerOf(path.resolve(baselineDir)), false]);

// The Shop API's order path writes three records per order (issue 16's realistic bench): a plain
// one and two business events, all inside the request's span.
let serial = 0;
const cases = [
  [
    "logger.info, the order path's fields",
    (log) =>
      log.info('creating order', {
        'order.id': `ORD-2026-${(serial++ % 1_000_000).toString().padStart(6, '0')}`,
        'customer.id': 'cus_8842',
        customer_email: 'anna.smirnova@example.com',
        'order.total': 12500.5,
        items: [{ sku: 'RING-585-17', qty: 1 }],
      }),
  ],
  [
    'logger.events.orderCreated',
    (log) =>
      log.events.orderCreated({
        orderId: `ORD-2026-${(serial++ % 1_000_000).toString().padStart(6, '0')}`,
        customerId: 'cus_8842',
        source: 'shop-api',
        totalCost: 12500.5,
        items: [{ sku: 'RING-585-17', quantity: 1 }],
      }),
  ],
];

const CHUNK = 256;
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** CPU µs per call: `count` calls in spans of CHUNK calls each, the event loop turning between them (the batches go out). */
async function cpuMicrosPerCall(fn, log, direct, count) {
  if (direct) entry.register();
  else delete globalThis[ENTRY_KEY];
  const tracer = trace.getTracer('bench');
  const start = process.cpuUsage();
  for (let done = 0; done < count; done += CHUNK) {
    const span = tracer.startSpan('POST /orders');
    context.with(trace.setSpan(context.active(), span), () => {
      for (let i = 0; i < CHUNK; i++) fn(log);
    });
    span.end();
    await turn();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

async function main() {
  console.log(`node ${process.version}, ${calls} calls × ${rounds} rounds, CPU µs per call with a span active (median)`);
  console.log(`${''.padEnd(40)}${variants.map(([name]) => name.padStart(12)).join('')}${baselineDir ? '   this build / baseline' : ''}`);
  for (const [label, fn] of cases) {
    for (const [name, log, direct] of variants) {
      // Warm-up, and a check that each variant's records reach the pipeline (its winston is patched, its logger exports).
      const before = accounting.handed('logs');
      await cpuMicrosPerCall(fn, log, direct, Math.min(calls, 5000));
      if (accounting.handed('logs') === before) throw new Error(`${name}: no record reached the log pipeline`);
    }
    const samples = variants.map(() => []);
    // Rounds alternate between the variants, so the machine's load falls on all alike.
    for (let r = 0; r < rounds; r++) {
      for (const [v, [, log, direct]] of variants.entries()) samples[v].push(await cpuMicrosPerCall(fn, log, direct, calls));
    }
    const medians = samples.map(median);
    const ratio = baselineDir ? `   ×${(medians[medians.length - 1] / medians[0]).toFixed(2)}` : '';
    console.log(`${label.padEnd(40)}${medians.map((us) => us.toFixed(1).padStart(12)).join('')}${ratio}`);
  }
  const lost = accounting.lost('logs');
  if (lost > 0) console.log(`(${lost} records dropped by the bounded queue: the numbers are off)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
