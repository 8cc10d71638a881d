#!/usr/bin/env node
// Nanoseconds per maskAttributes call for a typical 10-field log record, with
// and without sensitive values. Uses the built package: run `npx tsc -b
// packages/masking` first, then `node packages/masking/bench/mask-bench.js`.
'use strict';
const path = require('node:path');
const { maskAttributes, maskText } = require(path.join(__dirname, '..', 'dist', 'index.js'));

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

function bench(label, fn, iterations) {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) fn(); // warm-up: JIT and the key cache
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - started) / iterations;
  console.log(`${label.padEnd(52)} ${ns.toFixed(0).padStart(7)} ns/call`);
  return ns;
}

const n = Number(process.argv[2] ?? 200_000);
console.log(`node ${process.version}, ${n} iterations each`);
bench('maskAttributes, 10 fields, nothing sensitive', () => maskAttributes(clean), n);
bench('maskAttributes, 10 fields, 7 of them sensitive', () => maskAttributes(sensitive), n);
bench('maskText, short message, nothing to mask', () => maskText('Order status changed to confirmed'), n);
bench('maskText, message with digits, nothing to mask', () => maskText('Order ORD-2026-000123 total 12500.00 at 2026-03-15T10:20:30Z'), n);
bench('maskText, message with e-mail and card', () => maskText(sensitive.message), n);
