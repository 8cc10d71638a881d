import type { Channel, Options } from 'amqplib';

/**
 * The AMQP topology of the order flow: one topic exchange `orders`, routing
 * keys `order.new` and `order.status`, and one durable queue per consumer.
 * Every service asserts all of it at start (it is idempotent), so no start
 * order is needed and no message published before a consumer started is lost.
 */

export const EXCHANGE = 'orders';
export const ROUTING_KEYS = { newOrder: 'order.new', status: 'order.status' } as const;
export const QUEUES = { mesNew: 'mes.orders.new', crmNew: 'crm.orders.new', crmStatus: 'crm.orders.status' } as const;

export interface TopologyNames {
  exchange: string;
  routingKeys: typeof ROUTING_KEYS;
  queues: { mesNew: string; crmNew: string; crmStatus: string };
}

/** The names, with an optional prefix on exchange and queues (AMQP_NAME_PREFIX; routing keys stay). */
export function topologyNames(prefix = ''): TopologyNames {
  const p = prefix ? `${prefix}.` : '';
  return {
    exchange: `${p}${EXCHANGE}`,
    routingKeys: ROUTING_KEYS,
    queues: { mesNew: `${p}${QUEUES.mesNew}`, crmNew: `${p}${QUEUES.crmNew}`, crmStatus: `${p}${QUEUES.crmStatus}` },
  };
}

export interface Binding {
  queue: string;
  routingKey: string;
}

export function bindings(names: TopologyNames): Binding[] {
  return [
    { queue: names.queues.mesNew, routingKey: names.routingKeys.newOrder },
    { queue: names.queues.crmNew, routingKey: names.routingKeys.newOrder },
    { queue: names.queues.crmStatus, routingKey: names.routingKeys.status },
  ];
}

export const QUEUE_OPTIONS: Options.AssertQueue = { durable: true };
export const EXCHANGE_OPTIONS: Options.AssertExchange = { durable: true };

export async function assertTopology(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertExchange(names.exchange, 'topic', EXCHANGE_OPTIONS);
  for (const b of bindings(names)) {
    await channel.assertQueue(b.queue, QUEUE_OPTIONS);
    await channel.bindQueue(b.queue, names.exchange, b.routingKey);
  }
}

/** Removes a prefixed topology (tests); never call it for the unprefixed one a demo uses. */
export async function deleteTopology(channel: Channel, names: TopologyNames): Promise<void> {
  for (const b of bindings(names)) await channel.deleteQueue(b.queue);
  await channel.deleteExchange(names.exchange);
}
