import express, { type Express } from 'express';
import { activeTraceId, errorHandler, healthRoute, userIdOf } from '@jewelry-examples/common';
import { confirmOrder, type CrmDeps } from './consumers';
import { changedFieldNames, validateOrderUpdate } from './order-update';
import type { OrderRow } from './repository';

/** The order as GET /orders/:id answers it (the CRM's own client sees the contact data; logs never do). */
export function orderView(o: OrderRow): Record<string, unknown> {
  return {
    orderId: o.orderId,
    customerId: o.customerId,
    source: o.source,
    partnerId: o.partnerId,
    status: o.status,
    items: o.items,
    totalCost: o.totalCost,
    currency: o.currency,
    fileId: o.fileId,
    price: o.price,
    deliveryAddress: o.deliveryAddress,
    phone: o.phone,
    email: o.email,
    comment: o.comment,
    confirmedBy: o.confirmedBy,
    confirmedAt: o.confirmedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function createApp(deps: CrmDeps): Express {
  const { log, db, repo } = deps;
  const app = express();
  app.use(express.json({ limit: '256kb' }));

  app.get(
    '/health',
    healthRoute('crm-api', {
      database: () =>
        db.pool.query('SELECT 1').then(
          () => true,
          () => false,
        ),
    }),
  );

  /** Database failure of a request: FATAL + 503 when unreachable, ERROR + 500 otherwise. */
  const failed = (res: express.Response, err: unknown, what: string, orderId: string) => {
    const kind = db.reportFailure(err, what, { 'order.id': orderId });
    res
      .status(kind === 'unreachable' ? 503 : 500)
      .json({ error: kind === 'unreachable' ? 'database unavailable' : 'internal error', traceId: activeTraceId() });
  };

  app.get('/orders/:id', async (req, res) => {
    const orderId = req.params.id;
    let order: OrderRow | undefined;
    try {
      order = await repo.find(orderId);
    } catch (err) {
      failed(res, err, 'read order', orderId);
      return;
    }
    if (!order) {
      res.status(404).json({ error: 'order not found', orderId, traceId: activeTraceId() });
      return;
    }
    res.json({ ...orderView(order), traceId: activeTraceId() });
  });

  app.patch('/orders/:id', async (req, res) => {
    const orderId = req.params.id;
    const userId = userIdOf(req.get('x-user-id'), 'crm-operator');
    const checked = validateOrderUpdate(req.body);
    if (!checked.ok) {
      log.warn('order update refused: invalid request', { 'order.id': orderId, 'validation.errors': checked.errors });
      res.status(400).json({ error: 'invalid update', fields: checked.errors, traceId: activeTraceId() });
      return;
    }
    try {
      const order = await repo.find(orderId);
      if (!order) {
        res.status(404).json({ error: 'order not found', orderId, traceId: activeTraceId() });
        return;
      }
      const changedFields = changedFieldNames(order, checked.value);
      if (changedFields.length) {
        await repo.update(orderId, changedFields, checked.value);
        log.events.orderUpdated({ orderId, customerId: order.customerId, changedFields, userId });
      } else {
        log.debug('order update changed nothing', { 'order.id': orderId });
      }
      res.json({ orderId, changedFields, traceId: activeTraceId() });
    } catch (err) {
      failed(res, err, 'update order', orderId);
    }
  });

  /** An operator confirms a priced order (when CRM_AUTO_CONFIRM is off, or by hand). */
  app.post('/orders/:id/confirm', async (req, res) => {
    const orderId = req.params.id;
    const userId = userIdOf(req.get('x-user-id'), 'crm-operator');
    try {
      const order = await repo.find(orderId);
      if (!order) {
        res.status(404).json({ error: 'order not found', orderId, traceId: activeTraceId() });
        return;
      }
      const done = await confirmOrder(deps, order, userId);
      if (!done) {
        res
          .status(409)
          .json({ error: `order is ${order.status}, only a priced order can be confirmed`, orderId, traceId: activeTraceId() });
        return;
      }
      res.json({ orderId, status: 'confirmed', confirmedBy: userId, traceId: activeTraceId() });
    } catch (err) {
      failed(res, err, 'confirm order', orderId);
    }
  });

  app.use(errorHandler(log));
  return app;
}
