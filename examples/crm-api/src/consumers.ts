import type { Channel, ConsumeMessage } from 'amqplib';
import type { JewelryLogger } from '@jewelry/logger';
import {
  decodeMessage,
  sleep,
  type EventType,
  type MessageHandler,
  type NewOrderMessage,
  type OrderMessage,
  type StatusChangeMessage,
} from '@jewelry-examples/common';
import { isConnectionError, type Database } from '@jewelry-examples/common/db';
import type { CrmRepository, OrderRow } from './repository';

export interface CrmDeps {
  log: JewelryLogger;
  db: Database;
  repo: CrmRepository;
  /** Confirm priced orders as `crm-auto` (CRM_AUTO_CONFIRM). */
  autoConfirm: boolean;
  /** How long a status change waits for its order to arrive on the other queue (default 10 s). */
  unknownOrderWaitMs?: number;
  /** Pause before a message goes back to the broker while the database is away (default 2 s). */
  retryDelayMs?: number;
}

export const AUTO_CONFIRM_USER = 'crm-auto';

function decodeAs<T extends OrderMessage>(
  deps: CrmDeps,
  msg: ConsumeMessage,
  channel: Channel,
  queue: string,
  eventType: EventType,
): T | undefined {
  const messageId = String(msg.properties.messageId ?? 'unknown');
  try {
    const m = decodeMessage(msg.content);
    if (m.eventType !== eventType) throw new Error(`${eventType} expected on ${queue}, got ${m.eventType}`);
    deps.log.events.messageConsumed({ messageId, queue, orderId: m.orderId, eventType });
    return m as T;
  } catch (err) {
    deps.log.error('order message refused', { err, 'messaging.message.id': messageId, 'messaging.destination.name': queue });
    channel.nack(msg, false, false);
    return undefined;
  }
}

async function databaseFailed(
  deps: CrmDeps,
  msg: ConsumeMessage,
  channel: Channel,
  err: unknown,
  what: string,
  orderId: string,
): Promise<void> {
  deps.db.reportFailure(err, what, { 'order.id': orderId });
  if (isConnectionError(err)) {
    await sleep(deps.retryDelayMs ?? 2000);
    channel.nack(msg, false, true); // back to the broker; its redelivery is logged at WARN by the distribution
  } else {
    channel.nack(msg, false, false);
  }
}

/** crm.orders.new: the customer is upserted, the order stored as `new` (EV-2 none→new). */
export function newOrderConsumer(deps: CrmDeps, queue: string): MessageHandler {
  const { log, repo } = deps;
  return async (msg, channel) => {
    const m = decodeAs<NewOrderMessage>(deps, msg, channel, queue, 'new_order');
    if (!m) return;
    log.debug('new order for CRM', {
      'order.id': m.orderId,
      'customer.id': m.customerId,
      customer: m.customer ?? {},
      'order.source': m.source,
    });
    let created: boolean;
    try {
      created = await repo.createOrder(m);
    } catch (err) {
      await databaseFailed(deps, msg, channel, err, 'create order', m.orderId);
      return;
    }
    if (created) log.events.orderStatusChanged({ orderId: m.orderId, customerId: m.customerId, fromStatus: 'none', toStatus: 'new' });
    else
      log.warn('order already known, message skipped', {
        'order.id': m.orderId,
        'messaging.message.id': String(msg.properties.messageId ?? 'unknown'),
      });
    channel.ack(msg);
  };
}

/** Waits (bounded) for an order whose new_order message may still be on its way on the other queue. */
async function findOrWait(deps: CrmDeps, orderId: string): Promise<OrderRow | undefined> {
  const deadline = Date.now() + (deps.unknownOrderWaitMs ?? 10000);
  let warned = false;
  for (;;) {
    const order = await deps.repo.find(orderId);
    if (order || Date.now() >= deadline) return order;
    if (!warned) {
      deps.log.warn('status change for an order CRM does not know yet, waiting for it', { 'order.id': orderId });
      warned = true;
    }
    await sleep(200);
  }
}

/** crm.orders.status: new→priced from MES (EV-2), then the confirmation (EV-8, EV-2, EV-10) when automatic. */
export function statusConsumer(deps: CrmDeps, queue: string): MessageHandler {
  const { log, repo } = deps;
  return async (msg, channel) => {
    const m = decodeAs<StatusChangeMessage>(deps, msg, channel, queue, 'status_change');
    if (!m) return;
    try {
      const order = await findOrWait(deps, m.orderId);
      if (!order) {
        log.error('status change for an unknown order dropped', { 'order.id': m.orderId, 'order.status': m.toStatus });
        channel.nack(msg, false, false);
        return;
      }
      if (!(await repo.transition(m.orderId, m.fromStatus, m.toStatus, m.price === undefined ? {} : { price: m.price }))) {
        log.warn('status change does not apply to the order, skipped', {
          'order.id': m.orderId,
          'order.status': order.status,
          'order.previous_status': m.fromStatus,
        });
        // A redelivery after a failure between pricing and confirmation: finish the confirmation.
        if (order.status === 'priced' && m.toStatus === 'priced' && deps.autoConfirm) await confirmOrder(deps, order, AUTO_CONFIRM_USER);
        channel.ack(msg);
        return;
      }
      log.events.orderStatusChanged({
        orderId: m.orderId,
        customerId: order.customerId,
        fromStatus: m.fromStatus,
        toStatus: m.toStatus,
        userId: m.changedBy,
      });
      // The row was read before the transition: carry the price MES just set.
      if (m.toStatus === 'priced' && deps.autoConfirm)
        await confirmOrder(deps, { ...order, status: 'priced', price: m.price ?? order.price }, AUTO_CONFIRM_USER);
      channel.ack(msg);
    } catch (err) {
      await databaseFailed(deps, msg, channel, err, 'apply status change', m.orderId);
    }
  };
}

/**
 * Confirms a priced order as `userId` (EV-8, EV-2 priced→confirmed) and
 * notifies the customer (EV-10). False when the order was not `priced`.
 */
export async function confirmOrder(deps: CrmDeps, order: OrderRow, userId: string): Promise<boolean> {
  const { log, repo } = deps;
  if (!(await repo.transition(order.orderId, 'priced', 'confirmed', { confirmedBy: userId }))) return false;
  log.events.orderConfirmed({ orderId: order.orderId, userId, customerId: order.customerId });
  log.events.orderStatusChanged({
    orderId: order.orderId,
    customerId: order.customerId,
    fromStatus: 'priced',
    toStatus: 'confirmed',
    userId,
  });
  notifyCustomer(log, order);
  return true;
}

/** No mail leaves the example: the notification is composed and logged (recipient masked by the logger). */
export function notifyCustomer(log: JewelryLogger, order: OrderRow): void {
  log.debug('order confirmation e-mail composed', {
    'order.id': order.orderId,
    'recipient.email': order.email ?? 'none',
    ...(order.price === undefined || order.price === null ? {} : { 'order.price': order.price }),
  });
  log.events.notificationSent({
    customerId: order.customerId,
    orderId: order.orderId,
    notificationType: 'order_confirmed',
    notificationChannel: 'email',
  });
}
