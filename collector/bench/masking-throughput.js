#!/usr/bin/env node
'use strict';
// Throughput of the collector pipeline with and without the masking processors
// (SEC-1). Runs our collector distribution (the cached build) with
// collector/config.yaml on free ports, sends N log records through the OTLP/HTTP
// receiver (protobuf, as the SDKs send them) and times them until they are all
// out: indexed in Elasticsearch (--exporter es, the stack's node) or received
// by an in-process OTLP sink (--exporter sink: the collector's own cost only).
// "without masking" is the same config with transform/mask_logs taken out of
// the logs pipeline.
//
//   npm run build
//   node collector/bench/masking-throughput.js --exporter sink
//   node packages/cli/dist/bin.js stack up elasticsearch && node collector/bench/masking-throughput.js --exporter es
//
// Options: --records 20000 --batch 200 --concurrency 4 --rounds 3 --shape service,raw,cards
//   service: records like our logger writes (schema fields, nothing personal: the common case);
//   raw:     records from another client, with e-mails, phones, cards, tokens, names (masking does work);
//   cards:   like service, plus a 16-digit order number that is not a card (the Luhn check runs and fails).
const { spawn } = require('node:child_process');
const { createServer } = require('node:http');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const protobuf = require('protobufjs');
const { buildCollector, resolveSettings, stackEndpoints } = require('@jewelry/cli');

const CONFIG = join(__dirname, '..', 'config.yaml');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const RECORDS = Number(option('records', 20000));
const BATCH = Number(option('batch', 200));
const CONCURRENCY = Number(option('concurrency', 4));
const ROUNDS = Number(option('rounds', 3));
const EXPORTER = option('exporter', 'sink');
const SHAPES = option('shape', 'service,raw,cards').split(',');

const PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message InstrumentationScope { string name = 1; }
message LogRecord { fixed64 time_unix_nano = 1; int32 severity_number = 2; string severity_text = 3; AnyValue body = 5; repeated KeyValue attributes = 6; bytes trace_id = 9; bytes span_id = 10; }
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
`;
const ExportLogs = protobuf.parse(PROTO, { keepCase: false }).root.lookupType('ExportLogsServiceRequest');

const kv = (attrs) => Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: String(v) } }));
const hex = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));

/** One log record of the given shape; `id` is unique per run (counted in Elasticsearch). */
function record(shape, id, i) {
  const attrs = {
    'event.name': 'order.created',
    'order.id': id,
    'customer.id': 'cus_8842',
    'order.source': 'shop-api',
    'order.total': 12500.5,
    'order.currency': 'RUB',
    'file.id': '550e8400-e29b-41d4-a716-446655440000',
    'file.extension': 'stl',
    'http.route': '/orders/:id',
    'url.path': `/api/v1/orders/${id}/status`,
  };
  let body = `order ${id} created at 2026-03-15T10:20:30.123Z, total 12500.50 RUB`;
  if (shape === 'cards') {
    attrs['order.number'] = '4000123412341235';
    body = `order 4000123412341235 (${id}) created, total 12500.50 RUB`;
  }
  if (shape === 'raw') {
    Object.assign(attrs, {
      'customer.email': 'anna+orders@mail.ru',
      'customer.phone': '+7 (916) 123-45-67',
      customerName: 'Анна Смирнова',
      shipping_address: 'ул. Тверская, д. 7, кв. 12, Москва, 125009',
      'url.query': `password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5&page=${i % 7}`,
      note: 'Позвонить по номеру 8 916 123 45 67, e-mail o.sidorova_1985@yandex.ru',
    });
    body = `Payment for ${id} by ivan.petrov@example.com with card 4111 1111 1111 1111 declined; Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`;
  }
  return { timeUnixNano: BigInt(Date.now()) * 1_000_000n, severityNumber: 9, severityText: 'INFO', body: { stringValue: body }, attributes: kv(attrs), traceId: hex(16), spanId: hex(8) };
}

function batches(shape, run) {
  const out = [];
  for (let start = 0; start < RECORDS; start += BATCH) {
    const logRecords = [];
    for (let i = start; i < Math.min(RECORDS, start + BATCH); i++) logRecords.push(record(shape, `BENCH-${run}-${i}`, i));
    const message = { resourceLogs: [{ resource: { attributes: kv({ 'service.name': 'partner-api', 'service.version': '1.0.0' }) }, scopeLogs: [{ scope: { name: 'bench' }, logRecords }] }] };
    out.push(Buffer.from(ExportLogs.encode(ExportLogs.fromObject(message)).finish()));
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** An OTLP/HTTP sink that only counts log records (protobuf, decoded). */
async function startSink() {
  const sink = { count: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const message = ExportLogs.decode(Buffer.concat(chunks));
      for (const rl of message.resourceLogs) for (const sl of rl.scopeLogs) sink.count += sl.logRecords.length;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  sink.endpoint = `http://127.0.0.1:${server.address().port}`;
  sink.close = () => new Promise((r) => (server.closeAllConnections(), server.close(r)));
  return sink;
}

async function startCollector(binary, masking, sink, esUrl) {
  const dir = mkdtempSync(join(tmpdir(), 'jewelry-mask-bench-'));
  const ports = { http: await freePort(), grpc: await freePort(), health: await freePort(), metrics: await freePort(), telemetry: await freePort() };
  const processors = masking
    ? '[memory_limiter, transform/limits, transform/mask_logs, transform/ecs_logs, batch]'
    : '[memory_limiter, transform/limits, transform/ecs_logs, batch]';
  const overlay = [
    ...(sink ? ['exporters:', '  otlp_http/bench:', `    endpoint: ${sink.endpoint}`, '    compression: none', '    sending_queue:', '      queue_size: 100000', '      sizer: items'] : []),
    'service:',
    '  pipelines:',
    '    logs:',
    `      processors: ${processors}`,
    ...(sink ? ['      exporters: [otlp_http/bench]'] : []),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'bench.yaml'), overlay);
  const child = spawn(binary, ['--config', CONFIG, '--config', join(dir, 'bench.yaml')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      ES_ENDPOINT: esUrl,
      OTLP_HTTP_PORT: String(ports.http),
      OTLP_GRPC_PORT: String(ports.grpc),
      COLLECTOR_HEALTH_PORT: String(ports.health),
      COLLECTOR_METRICS_PORT: String(ports.metrics),
      COLLECTOR_TELEMETRY_PORT: String(ports.telemetry),
      JEWELRY_COLLECTOR_STORAGE: join(dir, 'storage'),
      JEWELRY_HOST_LOG_GLOBS: `[${join(dir, 'no-host-logs', '*.log')}]`,
      JEWELRY_COLLECTOR_LOG_LEVEL: 'warn',
      JEWELRY_ES_QUEUE_SIZE: '100000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${ports.health}/`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`collector did not start:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${ports.http}`,
    log: () => log,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function esCount(esUrl, run) {
  await fetch(`${esUrl}/partner-api-logs/_refresh`, { method: 'POST' }).catch(() => undefined);
  const res = await fetch(`${esUrl}/partner-api-logs/_count`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: { prefix: { 'order.id': `BENCH-${run}-` } } }),
  });
  return res.ok ? (await res.json()).count : 0;
}

async function once(binary, shape, masking, esUrl) {
  const run = Math.random().toString(36).slice(2, 10);
  const bodies = batches(shape, run);
  const sink = EXPORTER === 'sink' ? await startSink() : undefined;
  const collector = await startCollector(binary, masking, sink, esUrl);
  try {
    const t0 = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          for (;;) {
            const res = await fetch(`${collector.endpoint}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
            await res.arrayBuffer();
            if (res.ok) break;
            await new Promise((r) => setTimeout(r, 50)); // refused (memory_limiter): the SDKs retry too
          }
        }
      }),
    );
    const deadline = Date.now() + 300_000;
    for (;;) {
      const done = sink ? sink.count : await esCount(esUrl, run);
      if (done >= RECORDS) break;
      if (Date.now() > deadline) throw new Error(`only ${done} of ${RECORDS} records arrived\n${collector.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, sink ? 20 : 200));
    }
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await collector.stop();
    if (sink) await sink.close();
  }
}

async function main() {
  const settings = resolveSettings();
  const { binary } = await buildCollector(settings);
  const esUrl = stackEndpoints(settings).elasticsearchUrl;
  if (EXPORTER === 'es' && !(await fetch(`${esUrl}/_cluster/health`).then((r) => r.ok).catch(() => false))) {
    throw new Error(`Elasticsearch is not up at ${esUrl}: node packages/cli/dist/bin.js stack up elasticsearch`);
  }
  console.log(`${RECORDS} log records, OTLP/HTTP protobuf, batches of ${BATCH}, ${CONCURRENCY} senders, exporter ${EXPORTER}, best of ${ROUNDS}`);
  for (const shape of SHAPES) {
    const rates = {};
    for (const masking of [false, true]) {
      const times = [];
      for (let r = 0; r < ROUNDS; r++) times.push(await once(binary, shape, masking, esUrl));
      const best = Math.min(...times);
      rates[masking] = RECORDS / best;
      console.log(`${shape.padEnd(8)} ${masking ? 'with masking   ' : 'without masking'}  ${Math.round(RECORDS / best).toString().padStart(6)} records/s  (best ${best.toFixed(2)} s of ${times.map((t) => t.toFixed(2)).join(', ')})`);
    }
    console.log(`${shape.padEnd(8)} masking keeps ${((rates.true / rates.false) * 100).toFixed(0)} % of the throughput`);
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
