#!/usr/bin/env node
// CPU time to encode one OTLP/HTTP protobuf request of 512 spans and one of
// 512 log records shaped like the Shop API's (an HTTP server span with its
// attributes and an order event; an order.created record with its fields,
// Cyrillic names included), with the official serializer and with ours
// (packages/otel/src/otlp), side by side, medians of rounds
// (process.cpuUsage). Both must give the same bytes; the run stops if not.
// Uses the built package: run `npm run build` (or `npx tsc -b packages/otel`) first, then
//   node bench/micro/otlp-encode-bench.js [--batches N] [--rounds N]
'use strict';
const { TraceFlags } = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { ProtobufLogsSerializer, ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');
const { encodeLogRecords, encodeSpans } = require('@jewelry/otel/otlp');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}
const batches = option('--batches', 200);
const rounds = option('--rounds', 5);

const resource = resourceFromAttributes({
  'service.name': 'shop-api',
  'service.version': '1.4.2',
  'deployment.environment.name': 'production',
  'host.name': 'shop-1',
  'process.pid': 4242,
  'process.runtime.name': 'nodejs',
  'process.runtime.version': process.versions.node,
  'telemetry.sdk.name': 'opentelemetry',
  'telemetry.sdk.language': 'nodejs',
  'telemetry.distro.name': '@jewelry/otel',
});
const httpScope = { name: '@opentelemetry/instrumentation-http', version: '0.223.0' };
const loggerScope = { name: '@jewelry/logger', version: '0.1.0' };
const hex = (n, i) => (i.toString(16) + 'f3577b34da6a3ce929d0e0e4736a1b2c3d4').slice(0, n).padEnd(n, '0');

function span(i) {
  const context = { traceId: hex(32, i), spanId: hex(16, i + 7), traceFlags: TraceFlags.SAMPLED };
  const time = [1765015200 + i, 123456789];
  return {
    name: 'POST /orders',
    kind: 1,
    spanContext: () => context,
    parentSpanContext: undefined,
    startTime: time,
    endTime: [time[0], 987654321],
    status: { code: 0 },
    attributes: {
      'http.request.method': 'POST',
      'url.scheme': 'http',
      'url.path': '/orders',
      'server.address': 'localhost',
      'server.port': 3000,
      'network.peer.address': '127.0.0.1',
      'network.peer.port': 51234 + (i % 100),
      'network.protocol.version': '1.1',
      'user_agent.original': 'autocannon/8.0.0',
      'http.response.status_code': 201,
      'http.route': '/orders',
    },
    links: [],
    events: [
      { name: 'order.created', time, attributes: { 'order.id': `ORD-2026-${100000 + i}`, 'order.total': 1290.5, 'order.items': 3 } },
    ],
    duration: [0, 864197532],
    ended: true,
    resource,
    instrumentationScope: httpScope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function record(i) {
  const time = [1765015200 + i, 123456789];
  return {
    hrTime: time,
    hrTimeObserved: time,
    severityNumber: 9,
    severityText: 'info',
    body: 'Order created',
    attributes: {
      'event.name': 'order.created',
      'event.domain': 'shop',
      order_id: `ORD-2026-${100000 + i}`,
      customer_id: `cus_${8800 + i}`,
      'customer.name': 'И*** П***',
      'customer.email': 'i***@example.com',
      currency: 'RUB',
      total: 1290.5,
      items: 3,
      'labels.city': 'Москва',
    },
    droppedAttributesCount: 0,
    spanContext: { traceId: hex(32, i), spanId: hex(16, i + 7), traceFlags: 1 },
    resource,
    instrumentationScope: loggerScope,
  };
}

const spans = Array.from({ length: 512 }, (_, i) => span(i));
const records = Array.from({ length: 512 }, (_, i) => record(i));
const cases = [
  ['512 spans', spans, (b) => ProtobufTraceSerializer.serializeRequest(b), (b) => encodeSpans(b)],
  ['512 log records', records, (b) => ProtobufLogsSerializer.serializeRequest(b), (b) => encodeLogRecords(b)],
];

function cpuMicros(fn, batch) {
  const start = process.cpuUsage();
  for (let i = 0; i < batches; i++) fn(batch);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / batches;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, batch, official, ours] of cases) {
  if (Buffer.compare(Buffer.from(official(batch)), Buffer.from(ours(batch))) !== 0) {
    console.error(`${name}: the encoders disagree; not measured`);
    process.exit(1);
  }
  const times = { official: [], ours: [] };
  for (let r = 0; r < rounds; r++) {
    // Interleaved, so drift of the machine falls on both.
    times.official.push(cpuMicros(official, batch));
    times.ours.push(cpuMicros(ours, batch));
  }
  const o = median(times.official);
  const l = median(times.ours);
  const bytes = ours(batch).length;
  console.log(
    `${name.padEnd(16)} ${bytes} bytes  official ${o.toFixed(0)} µs (${(o / batch.length).toFixed(2)} µs/item)  ours ${l.toFixed(0)} µs (${(l / batch.length).toFixed(2)} µs/item)  ours/official ${(l / o).toFixed(2)}`,
  );
}
