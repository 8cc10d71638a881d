// The realistic benchmark service: the Shop API's order intake, the path
// every order takes — a JSON order with a small 3D model, one PostgreSQL
// insert, one S3 put, one RabbitMQ publish, the three business events the
// Shop API writes (file.uploaded, order.created, message.published) — on the
// example services' own code (@jewelry-examples/common: validation, S3
// client, AMQP topology and publish). The realistic section starts it bare
// and under each preload, against the real stack.
//
//   DATABASE_URL=… S3_ENDPOINT=… AMQP_URL=… BENCH_ORDERS_TABLE=bench_orders PORT=3000 node bench/dist/realistic/app.js
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import express from 'express';
import { createLogger } from '@jewelry/logger';
import {
  activeTraceId,
  connectAmqp,
  errorHandler,
  isCustomerId,
  loadConfig,
  newOrderId,
  normalizeFormat,
  topologyNames,
  validateContact,
  validateCurrency,
  validateItems,
  validateTotal,
  type NewOrderMessage,
} from '@jewelry-examples/common';
import { createDatabase } from '@jewelry-examples/common/db';
import { createS3Client, MODEL_CONTENT_TYPES, modelKey } from '@jewelry-examples/common/s3';
import { ordersTableSql, ORDERS_TABLE_ENV } from './orders-table';

const log = createLogger({ name: 'bench-shop' });

async function main(): Promise<void> {
  const config = loadConfig();
  const table = process.env[ORDERS_TABLE_ENV];
  if (!table || !/^[a-z_][a-z0-9_]*$/.test(table))
    throw new Error(`${ORDERS_TABLE_ENV} must name the orders table (lower case, digits, _)`);
  const db = createDatabase(config.databaseUrl, log, { max: config.databasePoolMax });
  await db.pool.query(ordersTableSql(table));
  const s3 = createS3Client(config.s3);
  const amqp = await connectAmqp(config.amqpUrl, topologyNames(config.amqpNamePrefix), log);
  const insert = `INSERT INTO ${table} (order_id, customer_id, total_cost, currency, items, file_key) VALUES ($1, $2, $3, $4, $5, $6)`;

  const app = express();
  app.use(express.json({ limit: '15mb' }));
  app.post('/orders', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const items = validateItems(b.items);
    const customer = validateContact(b.customer);
    const currency = validateCurrency(b.currency);
    const total = items.ok ? validateTotal(b.totalCost, items.value) : undefined;
    const m = b.model as { format?: unknown; contentBase64?: unknown } | undefined;
    const format = normalizeFormat(m?.format);
    const content = typeof m?.contentBase64 === 'string' ? Buffer.from(m.contentBase64, 'base64') : undefined;
    if (!isCustomerId(b.customerId) || !items.ok || !customer.ok || !currency.ok || !total?.ok || !format || !content?.length) {
      res.status(400).json({ error: 'invalid order' });
      return;
    }
    const orderId = newOrderId();
    const fileId = randomUUID();
    const key = modelKey(orderId, fileId, format);
    const fileFields = { fileId, orderId, fileSize: content.length, fileFormat: format, customerId: b.customerId };
    await s3.send(
      new PutObjectCommand({
        Bucket: config.s3.bucket,
        Key: key,
        Body: content,
        ContentType: MODEL_CONTENT_TYPES[format] ?? 'application/octet-stream',
      }),
    );
    log.events.fileUploaded({ ...fileFields, outcome: 'success' });
    await db.pool.query(insert, [orderId, b.customerId, total.value, currency.value, JSON.stringify(items.value), key]);
    log.events.orderCreated({
      orderId,
      customerId: b.customerId,
      source: 'shop-api',
      fileId,
      fileFormat: format,
      fileSize: content.length,
      items: items.value,
      itemsCount: items.value.length,
      totalCost: total.value,
      currency: currency.value,
    });
    const message: NewOrderMessage = {
      eventType: 'new_order',
      orderId,
      customerId: b.customerId,
      source: 'shop-api',
      customer: customer.value,
      items: items.value,
      totalCost: total.value,
      currency: currency.value,
      file: { fileId, bucket: config.s3.bucket, key, format, size: content.length },
      createdAt: new Date().toISOString(),
    };
    const messageId = amqp.publish(message);
    res.status(201).json({ orderId, fileId, messageId, traceId: activeTraceId() });
  });
  app.use(errorHandler(log));
  const port = Number(process.env.PORT ?? 3000);
  app.listen(port, '127.0.0.1');
}

main().catch((err) => {
  log.fatal('bench shop could not start', { err });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 200).unref();
});
