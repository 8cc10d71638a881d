#!/usr/bin/env node
// CPU time per maskAttributes / maskText call for typical log records and
// messages, with and without personal data: medians of rounds, measured with
// process.cpuUsage so a loaded machine inflates them less than wall time.
// Uses the built package: run `npx tsc -b packages/masking` first, then
//   node bench/micro/mask-bench.js [--calls N] [--rounds N] [--baseline DIR]
// --baseline DIR: another build of the package (its dist/) measured side by
// side in the same run, e.g. the one before a change:
//   git archive <commit> packages/masking tsconfig.base.json | tar -x -C /tmp/old
//   (cd /tmp/old/packages/masking && npx tsc -p .)
//   node bench/micro/mask-bench.js --baseline /tmp/old/packages/masking/dist
'use strict';
const { median, option } = require('./args');
const orderPath = require('./order-path-spans');
const path = require('node:path');

const calls = Number(option('--calls', 200_000));
const rounds = Number(option('--rounds', 5));
const baselineDir = option('--baseline', undefined);
const variants = [['this build', require(path.join(__dirname, '..', '..', 'packages', 'masking', 'dist', 'index.js'))]];
if (baselineDir !== undefined) variants.unshift(['baseline', require(path.resolve(baselineDir, 'index.js'))]);

const clean = {
  'event.name': 'order.status_changed',
  'service.name': 'crm-api',
  '@timestamp': '2026-03-15T10:20:30.123Z',
  'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
  'span.id': '00f067aa0ba902b7',
  order_id: 'ORD-2026-000123',
  customer_id: 'cus_8842',
  from_status: 'new',
  to_status: 'confirmed',
  message: 'Order status changed',
};

const sensitive = {
  'event.name': 'order.updated',
  'service.name': 'crm-api',
  'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
  order_id: 'ORD-2026-000123',
  customer_name: 'Анна Смирнова',
  'customer.email': 'anna+orders@mail.ru',
  'customer.phone': '+7 (916) 123-45-67',
  shipping_address: 'ул. Тверская, д. 7, кв. 12, Москва, 125009',
  'url.query': 'password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5',
  message: 'Paid with 4111 1111 1111 1111, receipt sent to anna+orders@mail.ru',
};

// The attributes of the four spans of the Shop API's order path as the distribution masks
// them: most values repeat on every request, the ids are new each time.
let serial = 0;
const fresh = () => `729ab93a-2b88-4910-9b44-${(serial++).toString(16).padStart(12, '0')}`;
const orderPathSpans = [orderPath.server, orderPath.s3, orderPath.pg, orderPath.publish].map(orderPath.endedAttributes);
const maskOrderPathSpans = (m) => {
  const id = fresh();
  for (const span of orderPathSpans) m.maskAttributes({ ...span, 'messaging.message.id': id, 'aws.request.id': id });
};
// The same maps built beforehand, one attribute at a time as the SDK's Span.setAttribute does, so
// building them (about half of the case above on this machine) is not measured; enough of them
// that an id comes back only after the memo of clean texts was dropped.
const ORDERS_BUILT = 8192;
const builtOrders = Array.from({ length: ORDERS_BUILT }, () => {
  const id = fresh();
  return orderPathSpans.map((span) => {
    const attributes = {};
    for (const key of Object.keys(span)) attributes[key] = span[key];
    attributes['messaging.message.id'] = id;
    attributes['aws.request.id'] = id;
    return attributes;
  });
});
let builtNext = 0;
const maskBuiltOrder = (mask) => {
  for (const attributes of builtOrders[builtNext++ % ORDERS_BUILT]) mask(attributes);
};
// The span masking's call since issue 16 (@jewelry/otel's MaskingSpanExporter): the map itself
// when nothing in it is masked (a build without maskAttributesOrSame is measured with
// maskAttributes, what its span exporter called).
const orSame = (m) => m.defaultMasker.maskAttributesOrSame ?? m.maskAttributes;

const cases = [
  ['maskAttributes, 10 fields, nothing sensitive', (m) => m.maskAttributes(clean)],
  ['maskAttributes, 10 fields, 7 of them sensitive', (m) => m.maskAttributes(sensitive)],
  ['maskText, short message, nothing to mask', (m) => m.maskText('Order status changed to confirmed')],
  ['maskText, message with digits, nothing to mask', (m) => m.maskText('Order ORD-2026-000123 total 12500.00 at 2026-03-15T10:20:30Z')],
  ['maskText, message with e-mail and card', (m) => m.maskText(sensitive.message)],
  ["maskAttributes ×4, the order path's spans, fresh ids", maskOrderPathSpans],
  ['the same spans built beforehand, maskAttributes', (m) => maskBuiltOrder(m.maskAttributes)],
  ['the same, maskAttributesOrSame (the span masking)', (m) => maskBuiltOrder(orSame(m))],
];

/** CPU nanoseconds per call, after a warm-up (JIT, key cache). */
function cpuNsPerCall(fn, masking) {
  for (let i = 0; i < Math.min(calls, 20_000); i++) fn(masking);
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) fn(masking);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / calls;
}

console.log(`node ${process.version}, ${calls} calls × ${rounds} rounds, CPU ns per call (median)`);
console.log(`${''.padEnd(50)}${variants.map(([name]) => name.padStart(12)).join('')}${variants.length > 1 ? '   ratio' : ''}`);
for (const [label, fn] of cases) {
  // Rounds alternate between the variants, so the machine's load falls on both alike.
  const samples = variants.map(() => []);
  for (let r = 0; r < rounds; r++) variants.forEach(([, masking], v) => samples[v].push(cpuNsPerCall(fn, masking)));
  const medians = samples.map(median);
  const ratio = medians.length > 1 ? `   ×${(medians[1] / medians[0]).toFixed(2)}` : '';
  console.log(`${label.padEnd(50)}${medians.map((ns) => ns.toFixed(0).padStart(12)).join('')}${ratio}`);
}
