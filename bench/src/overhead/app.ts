// The benchmark service: one endpoint typical of our services, started as
// its own process by the overhead section, the same file for every variant
// (bare, or under one of the distributions' --require preloads).
//
//   PORT=3000 node bench/dist/overhead/app.js
//   curl -s -XPOST -H 'content-type: application/json' -d '{"customerId":"cus_1","customer":{"name":"A","email":"a@b.c"},"items":[{"sku":"R","title":"ring","quantity":1,"unitPrice":100}],"currency":"RUB"}' localhost:3000/orders
//
// POST /orders parses the JSON order, checks it, writes one typed business
// event (order.created, EV-1) with @jewelry/logger — an ECS JSON line on
// stdout, and an OTel log record when a distribution sends winston logs —
// and answers 201 with the order id and total.
import { randomBytes } from 'node:crypto';
import express from 'express';
import { createLogger } from '@jewelry/logger';

interface OrderLine {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
}

function isOrderLine(v: unknown): v is OrderLine {
  const o = v as Partial<OrderLine> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.sku === 'string' &&
    typeof o.title === 'string' &&
    Number.isInteger(o.quantity) &&
    (o.quantity ?? 0) > 0 &&
    typeof o.unitPrice === 'number' &&
    o.unitPrice >= 0
  );
}

function checkOrder(body: unknown): { customerId: string; items: OrderLine[]; currency: string } | string {
  const b = body as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null) return 'a JSON object is required';
  if (typeof b.customerId !== 'string' || !b.customerId) return 'customerId is required';
  const customer = b.customer as Record<string, unknown> | undefined;
  if (typeof customer?.name !== 'string' || typeof customer.email !== 'string') return 'customer name and email are required';
  if (!Array.isArray(b.items) || b.items.length === 0 || !b.items.every(isOrderLine)) return 'items must be order lines';
  if (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency)) return 'currency must be ISO 4217';
  return { customerId: b.customerId, items: b.items, currency: b.currency };
}

const log = createLogger({ name: 'bench-app' });
const app = express();
app.use(express.json({ limit: '1mb' }));

app.post('/orders', (req, res) => {
  const order = checkOrder(req.body);
  if (typeof order === 'string') {
    res.status(400).json({ error: order });
    return;
  }
  const orderId = `ORD-2026-${randomBytes(4).toString('hex').toUpperCase()}`;
  const totalCost = order.items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);
  log.events.orderCreated({
    orderId,
    customerId: order.customerId,
    source: 'shop-api',
    items: order.items,
    itemsCount: order.items.length,
    totalCost,
    currency: order.currency,
  });
  res.status(201).json({ orderId, totalCost, currency: order.currency });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1');
