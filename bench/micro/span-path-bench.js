#!/usr/bin/env node
// CPU per order on the span path of @jewelry/otel, as the Shop API's POST /orders walks it
// (issue 16): a server span, an S3 put, a PostgreSQL insert and a RabbitMQ publish span;
// three business events that @jewelry/logger masks twice each (the log record's fields,
// then the ids it puts on the active span as a span event); the spans end and enter the
// pipeline as build-pipeline.ts assembles it (bounded → [masking →] batch → redelivering
// [→ masking] → our OTLP encoder, whose bytes are dropped). Values are as fresh as in the
// service: a new order id, file id, message id and S3 request id per order, customers from a
// pool; `--in-flight` orders (10) advance step by step interleaved, as concurrent requests
// do, and the batch is exported after every `--export-every` orders (128: 512 spans, one
// batch, which at ~400 orders/s is about a third of a second). CPU time (process.cpuUsage)
// per order, medians of rounds, the variants alternating within each round.
//
// Second part: the id generator alone, ns per id, the SDK's RandomIdGenerator against ours.
//
// Uses the built packages: `npm run build` first, then
//   node bench/micro/span-path-bench.js [--orders N] [--rounds N] [--in-flight N] [--export-every N] [--extra-ids N]
//                                       [--ids N] [--baseline DIR]
// --extra-ids N: a chattier service, N more new ids logged (masked) per order, which fill the
// masker's memo of clean texts faster.
// Without --baseline, this build twice, side by side: with the SDK's spans (JEWELRY_SPANS=official)
// and with ours (lean, the default).
// --baseline DIR: another build's packages/otel/dist instead, measured side by side with this one
// in the same process (its own @jewelry/masking and OpenTelemetry SDK, resolved from DIR), each
// with its default spans, e.g. main:
//   git archive <commit> | tar -x -C /tmp/base && (cd /tmp/base && npm ci && npm run build)
//   node bench/micro/span-path-bench.js --baseline /tmp/base/packages/otel/dist
'use strict';
const { median, option } = require('./args');
const { server: SERVER, s3: S3, pg: PG, publish: PUBLISH } = require('./order-path-spans');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { SpanKind, context, trace } = require('@opentelemetry/api');
const { buildEvent } = require('@jewelry/schema');
const { spanEventAttributes } = require('@jewelry/logger/dist/span-event-attributes');

const orders = Number(option('--orders', 3000));
const rounds = Number(option('--rounds', 7));
const inFlight = Number(option('--in-flight', 10));
const exportEvery = Number(option('--export-every', 128));
const extraIds = Number(option('--extra-ids', 0));
const idCalls = Number(option('--ids', 1_000_000));
const baselineDir = option('--baseline', undefined);

/** One build of @jewelry/otel with the masking and SDK it resolves; `spans`: whose spans its tracer makes (its default when not given). */
function load(name, otelDist, spans) {
  const from = (pkg) => require(require.resolve(pkg, { paths: [otelDist] }));
  return {
    name,
    spans,
    internals: require(path.join(otelDist, 'internals.js')),
    otlp: require(path.join(otelDist, 'otlp', 'index.js')),
    masking: from('@jewelry/masking'),
    sdk: from('@opentelemetry/sdk-trace'),
  };
}
const thisBuild = path.join(__dirname, '..', '..', 'packages', 'otel', 'dist');
const builds =
  baselineDir === undefined
    ? [load('SDK spans', thisBuild, 'official'), load('lean spans', thisBuild, 'lean')]
    : [load('baseline', path.resolve(baselineDir)), load('this build', thisBuild)];

/**
 * The span pipeline of build-pipeline.ts for a build: masking as the span ends where the
 * build has MaskingSpanProcessor, else at export (MaskingSpanExporter); its id generator
 * (the SDK's where it has none). Queue sizes are the distribution's defaults; the batch
 * processor's timer is off — the bench exports with forceFlush after every `exportEvery` orders.
 * `timed`: a stopwatch around the masking alone (what enters it to what leaves it): per span
 * where it masks as spans end, per batch where it masks at export; `maskingNs()` is net of the
 * stopwatch's own time (measured on the same closures, `calibrate`), which the per-span timing
 * would otherwise add 0.2–0.7 µs per order of.
 */
function pipeline(build, timed = false) {
  const { internals, otlp, sdk } = build;
  const accounting = new internals.TelemetryAccounting();
  const listener = { onLost: () => undefined, onDeferred: () => undefined, onResumed: () => undefined };
  let bytes = 0;
  const sink = {
    export: (spans, done) => {
      bytes += otlp.encodeSpans(spans).length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const watch = { started: 0n, ns: 0n, laps: 0, perLap: 0 };
  const start = timed ? () => void (watch.started = process.hrtime.bigint()) : () => undefined;
  const stop = timed
    ? () => {
        watch.ns += process.hrtime.bigint() - watch.started;
        watch.laps++;
      }
    : () => undefined;
  /** Nanoseconds the stopwatch itself adds to one lap. */
  const calibrate = () => {
    const before = { ns: watch.ns, laps: watch.laps };
    for (let i = 0; i < 20_000; i++) {
      start();
      stop();
    }
    const perLap = Number(watch.ns - before.ns) / (watch.laps - before.laps);
    Object.assign(watch, before);
    return perLap;
  };
  const redelivery = { concurrency: 2, initialBackoffMillis: 250, maxBackoffMillis: 5000, drainTimeoutMillis: 10_000 };
  const atEnd = internals.MaskingSpanProcessor !== undefined;
  let exporter = sink;
  if (!atEnd) {
    const masking = new internals.MaskingSpanExporter({ ...sink, export: (spans, done) => (stop(), sink.export(spans, done)) }, (error) => {
      throw error;
    });
    if (typeof masking.maskAndExport === 'function') {
      // This build masks on the next turn of the event loop: the stopwatch starts there.
      const maskAndExport = masking.maskAndExport.bind(masking);
      masking.maskAndExport = (spans, done) => (start(), maskAndExport(spans, done));
      exporter = masking;
    } else exporter = { ...sink, export: (spans, done) => (start(), masking.export(spans, done)) };
  }
  const held = new internals.RedeliveringExporter(exporter, 'spans', accounting, listener, redelivery);
  const batch = new sdk.BatchSpanProcessor({
    exporter: held,
    maxQueueSize: 8192,
    maxExportBatchSize: 512,
    scheduledDelayMillis: 3_600_000,
  });
  let inner = batch;
  if (atEnd) {
    const masking = new internals.MaskingSpanProcessor(timed ? around(batch, stop) : batch, (error) => {
      throw error;
    });
    inner = timed ? around(masking, start) : masking;
  }
  const processor = new internals.BoundedSpanProcessor(inner, accounting, 8192, held);
  const idGenerator = internals.PooledIdGenerator ? new internals.PooledIdGenerator() : undefined;
  const config = { spanProcessors: [processor], ...(idGenerator ? { idGenerator } : {}) };
  // The distribution's provider where the build has it (its spans as JEWELRY_SPANS says), else the SDK's.
  const provider = internals.JewelryTracerProvider
    ? new internals.JewelryTracerProvider(config, { selfMetrics: false, ...(build.spans ? { spans: build.spans } : {}) })
    : new sdk.TracerProvider(config);
  return {
    tracer: provider.getTracer('bench'),
    provider,
    accounting,
    bytes: () => bytes,
    timed,
    /** Masking time so far, net of the stopwatch. */
    maskingNs: () => Number(watch.ns) - watch.laps * watch.perLap,
    calibrate: () => void (watch.perLap = calibrate()),
  };
}

/** `processor` with `before()` called as a span ends, before it gets the span. */
function around(processor, before) {
  return {
    onStart: (span, parent) => processor.onStart(span, parent),
    onEnd: (span) => (before(), processor.onEnd(span)),
    forceFlush: () => processor.forceFlush(),
    shutdown: () => processor.shutdown(),
  };
}

// Fresh values per order, as the service makes them.
let serial = 0;
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function orderId(n) {
  let suffix = '';
  for (let i = 0, v = n * 2654435761; i < 8; i++, v = Math.floor(v / 34)) suffix += ALPHABET[v % 34];
  return `ORD-2026-${suffix}`;
}
const CATALOGUE = [
  { sku: 'RING-585-17', title: 'Кольцо, золото 585', quantity: 1, unitPrice: 45000 },
  { sku: 'EAR-925-02', title: 'Серьги, серебро 925', quantity: 2, unitPrice: 8900 },
  { sku: 'PEND-750-05', title: 'Pendant, gold 750', quantity: 1, unitPrice: 62000 },
];

/**
 * What @jewelry/logger does for a business event under the distribution (events.ts,
 * ecs-format.ts): masks the record's message and fields, then the ids it puts on the
 * active span, and adds them as a span event. Its records' export is not measured.
 */
function businessEvent(masker, span, key, input) {
  const built = buildEvent(key, input);
  masker.maskAttributes({ message: built.message, ...built.attributes });
  const eventAttributes = masker.maskAttributes(spanEventAttributes(built.attributes));
  span?.addEvent(built.name, eventAttributes);
}

/** One order as steps; between two steps other orders in flight take theirs (the awaits of the handler). */
function* order(build, tracer, withSpans) {
  const masker = build.masking.defaultMasker;
  const n = serial++;
  const id = orderId(n);
  const fileId = randomUUID();
  const customerId = `cus_${1000 + (n % 300)}`;
  const items = CATALOGUE.slice(0, 1 + (n % 3));
  const server = withSpans
    ? tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, attributes: { ...SERVER.start, 'network.peer.port': 40000 + (n % 20000) } })
    : undefined;
  const parent = server ? trace.setSpan(context.active(), server) : undefined;
  const s3 = withSpans ? tracer.startSpan('S3.PutObject', { kind: SpanKind.CLIENT, attributes: S3.start }, parent) : undefined;
  yield;
  s3?.setAttributes({ ...S3.end, 'aws.request.id': (n * 7919).toString(16).toUpperCase().padStart(16, '0') });
  s3?.end();
  const file = { fileId, orderId: id, fileSize: 120000 + (n % 5000), fileFormat: 'stl', customerId };
  businessEvent(masker, server, 'fileUploaded', { ...file, outcome: 'success' });
  const totalCost = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  businessEvent(masker, server, 'orderCreated', {
    orderId: id,
    customerId,
    source: 'shop-api',
    fileId,
    fileFormat: 'stl',
    fileSize: file.fileSize,
    items,
    itemsCount: items.length,
    totalCost,
    currency: 'RUB',
  });
  const pg = withSpans ? tracer.startSpan('INSERT jewelry.orders', { kind: SpanKind.CLIENT, attributes: PG.start }, parent) : undefined;
  yield;
  pg?.end();
  const messageId = randomUUID();
  const publish = withSpans
    ? tracer.startSpan(
        'jewelry.orders publish',
        { kind: SpanKind.PRODUCER, attributes: { ...PUBLISH.start, 'messaging.message.id': messageId } },
        parent,
      )
    : undefined;
  publish?.end();
  businessEvent(masker, server, 'messagePublished', { messageId, queue: 'jewelry.orders', orderId: id, eventType: 'new_order' });
  // A chattier service: more new ids logged per order, each one more clean text for the memo.
  for (let k = 0; k < extraIds; k++) masker.maskAttributes({ message: 'order step done', 'order.id': id, 'step.id': `${id}-${k}` });
  yield;
  server?.setAttributes(SERVER.end);
  server?.end();
}

/**
 * `count` orders, `inFlight` at a time, exported after every `exportEvery`: CPU µs per
 * order, or with a timed pipeline the µs per order spent in the masking of its spans.
 */
async function runOrders(build, p, count, withSpans) {
  const running = [];
  let started = 0;
  let done = 0;
  const cpu = process.cpuUsage();
  if (p?.timed) p.calibrate();
  const masking = p?.maskingNs() ?? 0;
  while (done < count) {
    while (running.length < inFlight && started < count) {
      running.push(order(build, p?.tracer, withSpans));
      started++;
    }
    for (let i = 0; i < running.length;) {
      if (running[i].next().done) {
        running.splice(i, 1);
        done++;
        if (p && done % exportEvery === 0) await p.provider.forceFlush();
      } else i++;
    }
  }
  if (p) await p.provider.forceFlush();
  const used = process.cpuUsage(cpu);
  if (p?.timed) return (p.maskingNs() - masking) / 1000 / count;
  return (used.user + used.system) / count;
}

const cases = [
  ['order: 3 events masked by the logger, 4 spans, export', 'cpu'],
  ['  of which the spans’ masking (wall µs inside it)', 'masking'],
  ['the logger’s masking of the 3 events alone', 'logger'],
];

/**
 * `measure(variant)` for every variant, `rounds` times, the order of the variants alternating
 * from round to round: the medians, and the median and quartiles of the last variant's ratio
 * to the first within each round (the machine's drift falls on both sides of a ratio).
 */
async function compare(variants, measure) {
  const samples = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [...variants.keys()] : [...variants.keys()].reverse();
    for (const v of order) samples[v][r] = await measure(variants[v]);
  }
  const ratios = samples[0].map((first, r) => samples[samples.length - 1][r] / first).sort((a, b) => a - b);
  const quartile = (q) => ratios[Math.floor((ratios.length - 1) * q)];
  return {
    medians: samples.map(median),
    ratio: variants.length > 1 ? `   ×${median(ratios).toFixed(2)} (${quartile(0.25).toFixed(2)}–${quartile(0.75).toFixed(2)})` : '',
  };
}

async function main() {
  console.log(
    `node ${process.version}, ${orders} orders × ${rounds} rounds, ${inFlight} in flight, export every ${exportEvery}; CPU µs per order (median)`,
  );
  const ratioHeader = builds.length > 1 ? '   ratio per round: median (quartiles)' : '';
  console.log(`${''.padEnd(56)}${builds.map((b) => b.name.padStart(12)).join('')}${ratioHeader}`);
  const pipelines = { cpu: builds.map((b) => pipeline(b)), masking: builds.map((b) => pipeline(b, true)) };
  for (const [label, kind] of cases) {
    const withSpans = kind !== 'logger';
    const variants = builds.map((build, v) => ({ build, p: withSpans ? pipelines[kind][v] : undefined }));
    for (const { build, p } of variants) await runOrders(build, p, 1000, withSpans); // warm-up
    const { medians, ratio } = await compare(variants, ({ build, p }) => runOrders(build, p, orders, withSpans));
    console.log(`${label.padEnd(56)}${medians.map((us) => us.toFixed(1).padStart(12)).join('')}${ratio}`);
  }
  for (const [v, p] of [...pipelines.cpu, ...pipelines.masking].entries()) {
    const s = p.accounting.snapshot().spans;
    if (s.exported !== s.accepted || s.inFlight !== 0 || p.bytes() === 0)
      throw new Error(`${builds[v % builds.length].name}: ${s.accepted} spans accepted, ${s.exported} exported — the pipeline lost some`);
  }

  // The id generators alone: the SDK's (of this build's tree) and ours.
  const { internals, sdk } = builds[builds.length - 1];
  const generators = [
    ['SDK RandomIdGenerator', new sdk.RandomIdGenerator()],
    ['PooledIdGenerator', new internals.PooledIdGenerator()],
  ];
  console.log(`\n${idCalls} ids × ${rounds} rounds, CPU ns per id (median)`);
  console.log(`${''.padEnd(32)}${generators.map(([name]) => name.padStart(24)).join('')}   ratio per round: median (quartiles)`);
  let sink = 0;
  for (const kind of ['generateSpanId', 'generateTraceId']) {
    const run = ([, generator]) => {
      const cpu = process.cpuUsage();
      // charCodeAt: the id is read, as the encoder reads it.
      for (let i = 0; i < idCalls; i++) sink += generator[kind]().charCodeAt(7);
      const used = process.cpuUsage(cpu);
      return ((used.user + used.system) * 1000) / idCalls;
    };
    for (const g of generators) run(g); // warm-up
    const { medians, ratio } = await compare(generators, run);
    console.log(`${kind.padEnd(32)}${medians.map((ns) => ns.toFixed(0).padStart(24)).join('')}${ratio}`);
  }
  if (sink === 0) console.log('(no ids read)');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
