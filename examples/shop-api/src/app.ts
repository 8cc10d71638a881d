import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import express, { type Express } from 'express';
import type { JewelryLogger } from '@jewelry/logger';
import {
  activeTraceId,
  errorHandler,
  healthRoute,
  isValidBucketName,
  newOrderId,
  SIMULATE_TRANSIENT_FAILURE_HEADER,
  headerIsTrue,
  type AmqpConnection,
  type NewOrderMessage,
} from '@jewelry-examples/common';
import { MODEL_CONTENT_TYPES, modelKey } from '@jewelry-examples/common/s3';
import { validateShopOrder } from './validate-order';

export interface ShopDeps {
  log: JewelryLogger;
  s3: S3Client;
  bucket: string;
  amqp: AmqpConnection;
}

/**
 * Demo hook: `x-s3-bucket` names another bucket for the upload. The scenario
 * names one that does not exist, so the real S3 server refuses the upload
 * (a failure of the real path, not a simulated one).
 */
export const BUCKET_HEADER = 'x-s3-bucket';

export function createApp(deps: ShopDeps): Express {
  const { log, s3, amqp } = deps;
  const app = express();
  app.use(express.json({ limit: '15mb' }));

  app.get('/health', healthRoute('shop-api'));

  app.post('/orders', async (req, res) => {
    const checked = validateShopOrder(req.body);
    if (!checked.ok) {
      log.warn('order refused: invalid request', { 'validation.errors': checked.errors });
      res.status(400).json({ error: 'invalid order', fields: checked.errors, traceId: activeTraceId() });
      return;
    }
    const order = checked.value;
    const orderId = newOrderId();
    const fileId = randomUUID();
    // The contact goes through the masking logger as keyed fields: name hashed, e-mail/phone/address masked.
    log.debug('order request', {
      'order.id': orderId,
      'customer.id': order.customerId,
      customer: order.customer,
      'order.items_count': order.items.length,
      'file.extension': order.model.format,
      'file.size': order.model.content.length,
    });

    const headerBucket = req.get(BUCKET_HEADER);
    const bucket = headerBucket && isValidBucketName(headerBucket) ? headerBucket : deps.bucket;
    const key = modelKey(orderId, fileId, order.model.format);
    const fileFields = {
      fileId,
      orderId,
      fileSize: order.model.content.length,
      fileFormat: order.model.format,
      customerId: order.customerId,
    };
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: order.model.content,
          ContentType: MODEL_CONTENT_TYPES[order.model.format] ?? 'application/octet-stream',
          Metadata: { 'order-id': orderId, 'file-id': fileId },
        }),
      );
    } catch (err) {
      log.events.fileUploaded({ ...fileFields, outcome: 'failure' });
      log.error('3D model upload to S3 failed', {
        err,
        'order.id': orderId,
        'file.id': fileId,
        'aws.s3.bucket': bucket,
        'aws.s3.key': key,
      });
      res.status(502).json({ error: '3D model upload failed', orderId, traceId: activeTraceId() });
      return;
    }
    log.events.fileUploaded({ ...fileFields, outcome: 'success' });

    log.events.orderCreated({
      orderId,
      customerId: order.customerId,
      source: 'shop-api',
      fileId,
      fileFormat: order.model.format,
      fileSize: order.model.content.length,
      items: order.items,
      itemsCount: order.items.length,
      totalCost: order.totalCost,
      currency: order.currency,
    });

    const message: NewOrderMessage = {
      eventType: 'new_order',
      orderId,
      customerId: order.customerId,
      source: 'shop-api',
      customer: order.customer,
      items: order.items,
      totalCost: order.totalCost,
      currency: order.currency,
      file: { fileId, bucket, key, format: order.model.format, size: order.model.content.length },
      createdAt: new Date().toISOString(),
    };
    const headers: Record<string, string> = headerIsTrue(req.get(SIMULATE_TRANSIENT_FAILURE_HEADER))
      ? { [SIMULATE_TRANSIENT_FAILURE_HEADER]: 'true' }
      : {};
    const messageId = amqp.publish(message, headers);
    res.status(201).json({ orderId, traceId: activeTraceId(), fileId, messageId });
  });

  app.use(errorHandler(log));
  return app;
}
