import amqp, { type Channel, type ChannelModel, type ConsumeMessage, type Options } from 'amqplib';
import type { JewelryLogger } from '@jewelry/logger';
import { describeEndpoint } from './config';
import { encodeMessage, type OrderMessage } from './messages';
import { assertTopology, type TopologyNames } from './topology';
import { setTimeout as sleep } from 'node:timers/promises';

export type MessageHandler = (msg: ConsumeMessage, channel: Channel) => Promise<void>;

export interface AmqpConnection {
  connection: ChannelModel;
  channel: Channel;
  names: TopologyNames;
  /**
   * Consumes `queue` with manual acks. The handler runs inside the consumer
   * span the distribution opened (its context is active in the callback), so
   * every record it writes carries the publisher's trace id. A handler that
   * throws is logged at ERROR and its message rejected without requeue.
   */
  consume(queue: string, handler: MessageHandler): Promise<void>;
  /**
   * Publishes an order message to the exchange and writes EV-5
   * `message.published` with the message id the distribution set on the
   * options (its publish hook gives every message an id). Returns that id.
   */
  publish(message: OrderMessage, headers?: Record<string, string>): string;
  /** Stops consuming, waits for the messages in hand (bounded), closes channel and connection. */
  close(waitMs?: number): Promise<void>;
}

/**
 * Connects, opens one channel and asserts the topology. An unreachable broker
 * is FATAL (LV-1) and the error is rethrown: the service cannot work without
 * it. A connection lost later is FATAL too and reported to `onLost`, unless
 * the service is closing it itself.
 */
export async function connectAmqp(
  url: string,
  names: TopologyNames,
  log: JewelryLogger,
  options: { prefetch?: number; onLost?: (err: Error) => void } = {},
): Promise<AmqpConnection> {
  const where = { 'server.address': describeEndpoint(url) };
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(url);
  } catch (err) {
    log.fatal('RabbitMQ unreachable', { err, ...where });
    throw err;
  }
  let closing = false;
  const lost = (err: Error) => {
    if (closing) return;
    closing = true;
    log.fatal('RabbitMQ connection lost', { err, ...where });
    options.onLost?.(err);
  };
  connection.on('error', (err: Error) => lost(err));
  connection.on('close', (err?: Error) => lost(err ?? new Error('connection closed by the broker')));
  const channel = await connection.createChannel();
  channel.on('error', (err: Error) => log.error('RabbitMQ channel error', { err, ...where }));
  if (options.prefetch) await channel.prefetch(options.prefetch);
  await assertTopology(channel, names);
  log.debug('RabbitMQ connected, topology asserted', { ...where, 'messaging.destination.name': names.exchange });

  const consumerTags: string[] = [];
  const inFlight = inFlightTracker();

  return {
    connection,
    channel,
    names,
    async consume(queue, handler) {
      const { consumerTag } = await channel.consume(queue, (msg) => {
        if (!msg) return; // consumer cancelled by the broker
        void inFlight.run(async () => {
          try {
            await handler(msg, channel);
          } catch (err) {
            log.error('message handling failed', {
              err,
              'messaging.destination.name': queue,
              'messaging.message.id': String(msg.properties.messageId ?? 'unknown'),
            });
            try {
              channel.nack(msg, false, false);
            } catch {
              /* channel already closed: the broker redelivers */
            }
          }
        });
      });
      consumerTags.push(consumerTag);
    },
    publish(message, headers = {}) {
      const routingKey = message.eventType === 'new_order' ? names.routingKeys.newOrder : names.routingKeys.status;
      const publishOptions: Options.Publish = {
        persistent: true,
        contentType: 'application/json',
        type: message.eventType,
        headers: { ...headers },
      };
      const accepted = channel.publish(names.exchange, routingKey, encodeMessage(message), publishOptions);
      const messageId = publishOptions.messageId ? String(publishOptions.messageId) : 'unknown';
      if (!accepted)
        log.warn('RabbitMQ write buffer full, the message waits in the client', {
          'messaging.message.id': messageId,
          'order.id': message.orderId,
        });
      log.events.messagePublished({ messageId, queue: names.exchange, orderId: message.orderId, eventType: message.eventType });
      return messageId;
    },
    async close(waitMs = 5000) {
      closing = true;
      // Each call may throw at once or reject when the channel or connection is already gone.
      const quietly = (op: () => Promise<unknown>) =>
        Promise.resolve()
          .then(op)
          .catch(() => undefined);
      for (const tag of consumerTags) await quietly(() => channel.cancel(tag));
      const idle = await inFlight.idle(waitMs);
      if (!idle)
        log.warn('stopping with messages still in hand; the broker will redeliver them', { 'messaging.in_flight': inFlight.count });
      await quietly(() => channel.close());
      await quietly(() => connection.close());
    },
  };
}

export interface InFlightTracker {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly count: number;
  /** Resolves true once nothing is in flight, false when the time is up first. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function inFlightTracker(): InFlightTracker {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async run(work) {
      count += 1;
      try {
        return await work();
      } finally {
        count -= 1;
      }
    },
    async idle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (count > 0 && Date.now() < deadline) await sleep(25);
      return count === 0;
    },
  };
}
