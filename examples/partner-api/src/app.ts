import express, { type Express } from 'express';
import type { JewelryLogger } from '@jewelry/logger';
import { activeTraceId, errorHandler, healthRoute, newOrderId, type AmqpConnection, type NewOrderMessage } from '@jewelry-examples/common';
import { checkPartner, partnerIdForLog, validatePartnerOrder } from './validate-partner-order';

export interface PartnerDeps {
  log: JewelryLogger;
  amqp: AmqpConnection;
  partnerIds: readonly string[];
}

export function createApp(deps: PartnerDeps): Express {
  const { log, amqp } = deps;
  const app = express();
  app.use(express.json({ limit: '1mb' }));

  app.get('/health', healthRoute('partner-api'));

  app.post('/partner/orders', (req, res) => {
    const header = req.get('x-partner-id');
    const orderId = newOrderId();
    const who = checkPartner(header, deps.partnerIds);
    if (!who.ok) {
      log.events.partnerOrderReceived({ partnerId: partnerIdForLog(header), orderId, processingStatus: 'rejected' });
      log.warn('partner order refused', { 'partner.id': partnerIdForLog(header), 'order.id': orderId, 'event.reason': who.reason });
      res.status(who.status).json({ error: who.reason, orderId, traceId: activeTraceId() });
      return;
    }
    const partnerId = who.partnerId;
    const checked = validatePartnerOrder(req.body);
    if (!checked.ok) {
      log.events.partnerOrderReceived({ partnerId, orderId, processingStatus: 'rejected' });
      log.warn('partner order refused: invalid request', {
        'partner.id': partnerId,
        'order.id': orderId,
        'validation.errors': checked.errors,
      });
      res.status(400).json({ error: 'invalid order', fields: checked.errors, orderId, traceId: activeTraceId() });
      return;
    }
    const order = checked.value;
    log.debug('partner order request', {
      'partner.id': partnerId,
      'order.id': orderId,
      'partner.order_ref': order.partnerOrderRef ?? 'none',
      contact: order.contact ?? {},
      'order.items_count': order.items.length,
    });
    log.events.partnerOrderReceived({
      partnerId,
      orderId,
      processingStatus: 'accepted',
      totalCost: order.totalCost,
      currency: order.currency,
    });
    // The partner is CRM's customer: its id is the customer id.
    log.events.orderCreated({
      orderId,
      customerId: partnerId,
      source: 'partner-api',
      partnerId,
      ...(order.model ? { fileFormat: order.model.format, fileSize: order.model.size } : {}),
      items: order.items,
      itemsCount: order.items.length,
      totalCost: order.totalCost,
      currency: order.currency,
    });
    const message: NewOrderMessage = {
      eventType: 'new_order',
      orderId,
      customerId: partnerId,
      source: 'partner-api',
      partnerId,
      ...(order.contact ? { customer: order.contact } : {}),
      items: order.items,
      totalCost: order.totalCost,
      currency: order.currency,
      ...(order.model ? { model: order.model } : {}),
      createdAt: new Date().toISOString(),
    };
    const messageId = amqp.publish(message);
    res.status(201).json({ orderId, traceId: activeTraceId(), messageId });
  });

  app.use(errorHandler(log));
  return app;
}
