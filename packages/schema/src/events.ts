import type { FieldKey } from './fields';

export interface EventDefinition {
  /** Stable `event.name` written on the record and on the span event. */
  readonly name: string;
  /** The requirement (docs/requirements.md) this event implements. */
  readonly spec: string;
  /** Fixed log message: the same for every occurrence, so it groups in Kibana. */
  readonly message: string;
  readonly required: readonly FieldKey[];
  readonly optional: readonly FieldKey[];
}

/**
 * The business events EV-1…EV-10 of docs/requirements.md, each one INFO record. EV-5 and
 * EV-6 are two events each (both ends of the operation). The time of every
 * event is the record's `@timestamp`; trace and span ids come from the
 * active span.
 */
export const events = {
  orderCreated: {
    name: 'order.created',
    spec: 'EV-1',
    message: 'order created',
    required: ['orderId', 'customerId', 'source'],
    optional: ['userId', 'partnerId', 'fileId', 'fileFormat', 'fileSize', 'items', 'itemsCount', 'totalCost', 'currency'],
  },
  orderStatusChanged: {
    name: 'order.status_changed',
    spec: 'EV-2',
    message: 'order status changed',
    required: ['orderId', 'fromStatus', 'toStatus'],
    optional: ['customerId', 'userId'],
  },
  orderUpdated: {
    name: 'order.updated',
    spec: 'EV-3',
    message: 'order updated',
    required: ['orderId', 'changedFields'],
    optional: ['customerId', 'userId'],
  },
  fileUploaded: {
    name: 'file.uploaded',
    spec: 'EV-4',
    message: '3D file upload to S3',
    required: ['fileId', 'orderId', 'outcome'],
    optional: ['fileSize', 'fileFormat', 'customerId'],
  },
  messagePublished: {
    name: 'message.published',
    spec: 'EV-5',
    message: 'message published',
    required: ['messageId', 'queue', 'eventType'],
    optional: ['orderId'],
  },
  messageConsumed: {
    name: 'message.consumed',
    spec: 'EV-5',
    message: 'message consumed',
    required: ['messageId', 'queue', 'eventType'],
    optional: ['orderId'],
  },
  priceCalculationRequested: {
    name: 'price.calculation_requested',
    spec: 'EV-6',
    message: 'price calculation requested',
    required: ['orderId', 'startedAt'],
    optional: ['customerId', 'fileId', 'fileFormat', 'fileSize'],
  },
  priceCalculationFinished: {
    name: 'price.calculation_finished',
    spec: 'EV-6',
    message: 'price calculation finished',
    required: ['orderId', 'startedAt', 'finishedAt', 'durationNs', 'price'],
    optional: ['customerId', 'fileId', 'fileFormat', 'fileSize', 'currency', 'outcome'],
  },
  dashboardQueried: {
    name: 'dashboard.queried',
    spec: 'EV-7',
    message: 'MES dashboard queried',
    required: ['userId', 'filters', 'ordersLoaded'],
    optional: [],
  },
  orderConfirmed: {
    name: 'order.confirmed',
    spec: 'EV-8',
    message: 'order confirmed in CRM',
    required: ['orderId', 'userId'],
    optional: ['customerId'],
  },
  partnerOrderReceived: {
    name: 'partner.order_received',
    spec: 'EV-9',
    message: 'order received through the partner API',
    required: ['partnerId', 'orderId', 'processingStatus'],
    optional: ['fileId', 'totalCost', 'currency'],
  },
  notificationSent: {
    name: 'notification.sent',
    spec: 'EV-10',
    message: 'notification sent to the customer',
    required: ['customerId', 'orderId', 'notificationType'],
    optional: ['notificationChannel'],
  },
} as const satisfies Record<string, EventDefinition>;

export type EventKey = keyof typeof events;
