#!/usr/bin/env node
// CPU time per request of the HTTP server span: the stock HttpInstrumentation's
// incoming side against @jewelry/otel's lean one (src/instrumentations/http-server-span.ts),
// and no instrumentation for the baseline. The requests: an Express POST /orders
// (JSON body) and GET /orders/:id?expand=items, with a traceparent; spans go to a
// batch processor whose exporter drops them. Each round runs every variant in a
// process of its own beside bare (one process holding both made the JIT's work
// for one show up in the other), bare and the variant alternating inside it; the
// CPU added per request (process.cpuUsage) is the median over the inner rounds,
// then over the processes, run stock/lean alternately.
// Two measures:
// - layer: Server#emit('request') called directly with Node's own IncomingMessage
//   and ServerResponse objects, then the response's 'close': the instrumentation's
//   work and Express routing, without sockets — the low-noise number;
// - sockets: a real server and a keep-alive client in the same process (the
//   client's CPU is counted too, the same for every variant).
// Uses the built package: run `npm run build` first, then
//   node bench/micro/http-server-span-bench.js [--requests N] [--rounds N] [--inner-rounds N] [--measures layer,sockets]
// `--variant stock|lean`: one process's numbers as JSON (what each round runs).
'use strict';
const { median, option } = require('./args');
const { execFileSync } = require('node:child_process');
const http = require('node:http');
const { context, propagation } = require('@opentelemetry/api');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { bypassingSuppressedRequests, httpConfig, JewelryContextManager, withLeanServerSpans } = require('@jewelry/otel/internals');
const express = require('express');

const requests = Number(option('--requests', 3000));
const rounds = Number(option('--rounds', 5));
const innerRounds = Number(option('--inner-rounds', 6));
const measures = option('--measures', 'span,layer,sockets').split(',');

context.setGlobalContextManager(new JewelryContextManager().enable());
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined };
const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: 100_000 })] });

// Each variant's emit wrapper around Node's own Server.prototype.emit, set on its server only.
const emit = http.Server.prototype.emit;
function wrapper(Instrumentation) {
  const instrumentation = new Instrumentation({ ...httpConfig({ expressRoutes: true }), enabled: false });
  instrumentation.setTracerProvider(provider);
  return instrumentation._incomingRequestFunction('http', emit);
}
const Stock = bypassingSuppressedRequests(HttpInstrumentation);
const variants = {
  bare: () => emit,
  stock: () => wrapper(Stock),
  lean: () => wrapper(withLeanServerSpans(Stock)),
};

const app = express();
app.use(express.json());
app.post('/orders', (req, res) => res.status(201).json({ id: 'ORD-2026-000123', items: req.body.items.length }));
app.get('/orders/:id', (req, res) => res.json({ id: req.params.id, expand: req.query.expand }));

const body = JSON.stringify({ customer: 'cus_8842', items: [{ sku: 'RING-585-17', qty: 1 }] });
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function call(port, i) {
  const post = i % 2 === 0;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        port,
        host: '127.0.0.1',
        method: post ? 'POST' : 'GET',
        path: post ? '/orders' : '/orders/ORD-2026-000123?expand=items',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'shop-web/1.4',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          ...(post ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(post ? body : undefined);
  });
}

async function measureSockets(port) {
  let next = 0;
  const worker = async () => {
    while (next < requests) await call(port, next++);
  };
  const start = process.cpuUsage();
  await Promise.all([worker(), worker(), worker(), worker()]);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / requests;
}

/** The same two requests as Node's HTTP parser hands them to Server#emit, without a socket. */
function fakeExchange(i) {
  const post = i % 2 === 0;
  const request = new http.IncomingMessage({ remoteAddress: '10.1.2.3', remotePort: 51234 });
  request.method = post ? 'POST' : 'GET';
  request.url = post ? '/orders' : '/orders/ORD-2026-000123?expand=items';
  request.httpVersion = '1.1';
  request.httpVersionMajor = 1;
  request.httpVersionMinor = 1;
  request.headers = {
    host: 'shop-api:3001',
    'user-agent': 'shop-web/1.4',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  };
  // Already parsed, as express.json() leaves it: the layer measure leaves body parsing out.
  if (post) request.body = { customer: 'cus_8842', items: [{ sku: 'RING-585-17', qty: 1 }] };
  request._body = post;
  return [request, new http.ServerResponse(request)];
}

/** A handler that does what Express leaves on the request and response, and nothing else: the span's own cost. */
function routeOnly(req, res) {
  req.baseUrl = '';
  req.route = { path: req.method === 'POST' ? '/orders' : '/orders/:id' };
  res.statusCode = req.method === 'POST' ? 201 : 200;
}

async function measureLayer(server) {
  const start = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const [request, response] = fakeExchange(i);
    server.emit('request', request, response);
    response.emit('close');
    if (i % 500 === 499) await new Promise(setImmediate); // let the batch processor run
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / requests;
}

/**
 * One instrumented variant against bare in this process, alternating over
 * inner rounds after a warm-up; prints {measure: median µs added per request}.
 */
async function runVariant(name) {
  const serversFor = (handler) =>
    ['bare', name].map((n) => {
      const server = http.createServer(handler);
      server.emit = variants[n]();
      return server;
    });
  const servers = serversFor(app);
  const result = {};
  if (measures.includes('span')) result.span = await addedBy(serversFor(routeOnly), measureLayer);
  if (measures.includes('layer')) result.layer = await addedBy(servers, measureLayer);
  if (measures.includes('sockets')) {
    const ports = [];
    for (const server of servers) {
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      ports.push(server.address().port);
    }
    result.sockets = await addedBy(ports, measureSockets);
    agent.destroy();
    for (const server of servers) server.close();
  }
  await provider.shutdown();
  process.stdout.write(JSON.stringify(result));
}

async function addedBy([bare, variant], measureOne) {
  await measureOne(bare);
  await measureOne(variant);
  const added = [];
  for (let i = 0; i < innerRounds; i++) {
    const first = i % 2 ? variant : bare;
    const a = await measureOne(first);
    const b = await measureOne(first === bare ? variant : bare);
    added.push(first === bare ? b - a : a - b);
  }
  return median(added);
}

async function main() {
  const names = ['stock', 'lean'];
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const args = ['--requests', String(requests), '--inner-rounds', String(innerRounds), '--measures', measures.join(',')];
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const out = execFileSync(process.execPath, [__filename, '--variant', name, ...args], { encoding: 'utf8' });
      samples[name].push(JSON.parse(out));
    }
  }
  if (process.env.HTTP_SPAN_BENCH_SAMPLES) console.log(JSON.stringify(samples));
  console.log(
    `CPU µs added per request over bare, medians of ${rounds} processes × ${innerRounds} rounds of ${requests} requests, Node ${process.versions.node}`,
  );
  for (const measureName of measures) {
    const added = (name) => median(samples[name].map((s) => s[measureName]));
    console.log(
      `${measureName.padEnd(8)} stock +${added('stock').toFixed(1)}  lean +${added('lean').toFixed(1)}  lean/stock ${(added('lean') / added('stock')).toFixed(2)}`,
    );
  }
}

const variantArg = option('--variant', undefined);
(variantArg ? runVariant(variantArg) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
