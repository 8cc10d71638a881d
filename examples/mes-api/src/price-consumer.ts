import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ConsumeMessage } from 'amqplib';
import type { JewelryLogger } from '@jewelry/logger';
import {
  decodeMessage,
  headerIsTrue,
  MessageFormatError,
  SIMULATE_TRANSIENT_FAILURE_HEADER,
  sleep,
  type AmqpConnection,
  type MessageHandler,
  type NewOrderMessage,
} from '@jewelry-examples/common';
import { isConnectionError, type Database } from '@jewelry-examples/common/db';
import { calculatePrice } from './price';
import type { MesRepository } from './repository';

export interface PriceConsumerDeps {
  log: JewelryLogger;
  db: Database;
  repo: MesRepository;
  s3: S3Client;
  amqp: AmqpConnection;
  queue: string;
  /** How long one price calculation takes (MES_PRICE_CALC_MS). */
  calcMs: number;
  /** Wait before a message is handed back to the broker while the database is away. */
  retryDelayMs?: number;
}

/**
 * mes.orders.new: EV-5 consumed → EV-6 requested → model from S3 → price →
 * EV-6 finished → production state in PostgreSQL → status_change
 * new→priced published (EV-5). Runs inside the consumer span, whose parent is
 * the publisher's span, so all of it is in the order's trace.
 */
export function priceConsumer(deps: PriceConsumerDeps): MessageHandler {
  const { log, repo, amqp } = deps;
  return async (msg: ConsumeMessage, channel) => {
    const messageId = String(msg.properties.messageId ?? 'unknown');
    let message: NewOrderMessage;
    try {
      const decoded = decodeMessage(msg.content);
      if (decoded.eventType !== 'new_order') throw new MessageFormatError([`eventType: new_order expected on ${deps.queue}`]);
      message = decoded;
    } catch (err) {
      log.error('order message refused: not a valid new_order', {
        err,
        'messaging.message.id': messageId,
        'messaging.destination.name': deps.queue,
      });
      channel.nack(msg, false, false);
      return;
    }
    const { orderId, customerId } = message;
    log.events.messageConsumed({ messageId, queue: deps.queue, orderId, eventType: 'new_order' });

    // Demo of LV-3: refuse the first delivery once; the broker redelivers and the distribution logs the WARN.
    if (headerIsTrue(msg.properties.headers?.[SIMULATE_TRANSIENT_FAILURE_HEADER]) && !msg.fields.redelivered) {
      log.info('transient failure simulated: message handed back to the broker', {
        'order.id': orderId,
        'messaging.message.id': messageId,
      });
      channel.nack(msg, false, true);
      return;
    }

    try {
      await repo.upsertNew(message);
    } catch (err) {
      await retryLater(deps, msg, channel, err, orderId);
      return;
    }

    const file = message.file;
    const declared = message.model;
    const fileFields = file
      ? { fileId: file.fileId, fileFormat: file.format, fileSize: file.size }
      : declared
        ? { fileFormat: declared.format, fileSize: declared.size }
        : {};
    const startedAt = new Date();
    const t0 = process.hrtime.bigint();
    log.events.priceCalculationRequested({ orderId, customerId, startedAt, ...fileFields });

    let price: number;
    try {
      let model: { format: string; sizeBytes: number } | undefined;
      if (file) {
        const object = await deps.s3.send(new GetObjectCommand({ Bucket: file.bucket, Key: file.key }));
        const bytes = await object.Body!.transformToByteArray();
        model = { format: file.format, sizeBytes: bytes.length };
      } else if (declared) {
        model = { format: declared.format, sizeBytes: declared.size };
      }
      const breakdown = calculatePrice({ items: message.items, currency: message.currency, ...(model ? { model } : {}) });
      log.debug('price calculated', {
        'order.id': orderId,
        'price.materials': breakdown.materials,
        'price.model_work': breakdown.modelWork,
        'price.format_factor': breakdown.formatFactor,
        'file.size': model?.sizeBytes ?? 0,
      });
      price = breakdown.total;
      const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (deps.calcMs > elapsedMs) await sleep(deps.calcMs - elapsedMs);
    } catch (err) {
      const finishedAt = new Date();
      log.events.priceCalculationFinished({
        orderId,
        customerId,
        startedAt,
        finishedAt,
        durationNs: Number(process.hrtime.bigint() - t0),
        price: 0,
        currency: message.currency,
        outcome: 'failure',
        ...fileFields,
      });
      log.error('price calculation failed', { err, 'order.id': orderId });
      await repo.markFailed(orderId).catch((e: unknown) => deps.db.reportFailure(e, 'mark order failed', { 'order.id': orderId }));
      channel.ack(msg);
      return;
    }
    const finishedAt = new Date();
    const durationNs = Number(process.hrtime.bigint() - t0);
    log.events.priceCalculationFinished({
      orderId,
      customerId,
      startedAt,
      finishedAt,
      durationNs,
      price,
      currency: message.currency,
      outcome: 'success',
      ...fileFields,
    });

    try {
      await repo.markPriced(orderId, price, startedAt, finishedAt);
    } catch (err) {
      await retryLater(deps, msg, channel, err, orderId);
      return;
    }
    amqp.publish({
      eventType: 'status_change',
      orderId,
      customerId,
      fromStatus: 'new',
      toStatus: 'priced',
      price,
      currency: message.currency,
      changedAt: finishedAt.toISOString(),
      changedBy: 'mes-api',
    });
    channel.ack(msg);
  };
}

/** Database away: FATAL, and the message goes back to the broker after a pause (its redelivery is then logged at WARN). */
async function retryLater(
  deps: PriceConsumerDeps,
  msg: ConsumeMessage,
  channel: Parameters<MessageHandler>[1],
  err: unknown,
  orderId: string,
): Promise<void> {
  deps.db.reportFailure(err, 'store production state', { 'order.id': orderId });
  if (isConnectionError(err)) {
    await sleep(deps.retryDelayMs ?? 2000);
    channel.nack(msg, false, true);
  } else {
    channel.nack(msg, false, false);
  }
}
