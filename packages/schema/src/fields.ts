import type { FieldDefinition } from './field-types';

/**
 * Every business field an event may carry, keyed by the camelCase name the
 * event functions take. `name` is what leaves the process (OTel attribute,
 * JSON log key, Elasticsearch field). ECS names are used where ECS has one
 * (`user.id`, `file.size`, `file.extension`, `event.outcome`, `event.start`,
 * `event.end`, `event.duration`); the rest live under our own namespaces
 * (`order.*`, `customer.*`, `partner.*`, `dashboard.*`, `notification.*`).
 *
 * Personal data (names, e-mails, phones, addresses) has no field here on
 * purpose (SEC-1): events carry ids, never the person.
 */
export const fields = {
  orderId: { name: 'order.id', type: 'keyword', description: 'Order id, the key that follows an order through every service.' },
  customerId: { name: 'customer.id', type: 'keyword', description: 'Customer id (never the name or contacts).' },
  userId: { name: 'user.id', type: 'keyword', ecs: true, description: 'Id of the user (employee or customer account) who acted.' },
  partnerId: { name: 'partner.id', type: 'keyword', description: 'Partner jeweler (B2B API client) id.' },
  source: {
    name: 'order.source',
    type: 'keyword',
    enum: ['shop-api', 'mes-api', 'partner-api'],
    description: 'Where the order entered the system.',
  },
  fileId: { name: 'file.id', type: 'keyword', description: 'Id of the 3D model file in S3.' },
  fileFormat: { name: 'file.extension', type: 'keyword', ecs: true, description: '3D model format: stl, obj, 3dm, step…' },
  fileSize: { name: 'file.size', type: 'long', ecs: true, description: 'File size in bytes.' },
  items: {
    name: 'order.items',
    type: 'object',
    array: true,
    description: 'Order lines.',
    properties: {
      sku: { name: 'sku', type: 'keyword', description: 'Article number.' },
      title: { name: 'title', type: 'keyword', description: 'Article title (a product, never a person).' },
      quantity: { name: 'quantity', type: 'long', description: 'Pieces ordered.' },
      unitPrice: { name: 'unit_price', type: 'double', description: 'Price of one piece.' },
    },
  },
  itemsCount: { name: 'order.items_count', type: 'long', description: 'Number of order lines.' },
  totalCost: { name: 'order.total', type: 'double', description: 'Total cost of the order.' },
  currency: { name: 'order.currency', type: 'keyword', description: 'ISO-4217 currency of the amounts.' },
  fromStatus: { name: 'order.previous_status', type: 'keyword', description: 'Status before the change.' },
  toStatus: { name: 'order.status', type: 'keyword', description: 'Status after the change (the current status).' },
  changedFields: {
    name: 'order.changed_fields',
    type: 'keyword',
    array: true,
    description: 'Names of the changed order fields — names only, never values (SEC-1).',
  },
  outcome: { name: 'event.outcome', type: 'keyword', ecs: true, enum: ['success', 'failure'], description: 'Outcome of the operation.' },
  messageId: { name: 'messaging.message.id', type: 'keyword', description: 'RabbitMQ message id (OTel semantic conventions name).' },
  queue: { name: 'messaging.destination.name', type: 'keyword', description: 'RabbitMQ queue the message went to or came from.' },
  eventType: {
    name: 'order.event_type',
    type: 'keyword',
    enum: ['new_order', 'status_change'],
    description: 'Kind of order message on the bus.',
  },
  startedAt: { name: 'event.start', type: 'date', ecs: true, description: 'When the operation started.' },
  finishedAt: { name: 'event.end', type: 'date', ecs: true, description: 'When the operation finished.' },
  durationNs: { name: 'event.duration', type: 'long', ecs: true, description: 'Duration in nanoseconds (ECS unit).' },
  price: { name: 'order.price', type: 'double', description: 'Price calculated by MES from the 3D model.' },
  filters: {
    name: 'dashboard.filters',
    type: 'object',
    description: 'Filter parameters of a MES dashboard query.',
    properties: {
      status: { name: 'status', type: 'keyword', description: 'Order status filter.' },
      source: { name: 'source', type: 'keyword', description: 'Order source filter.' },
      customerId: { name: 'customer_id', type: 'keyword', description: 'Customer filter.' },
      partnerId: { name: 'partner_id', type: 'keyword', description: 'Partner filter.' },
      dateFrom: { name: 'date_from', type: 'date', description: 'Orders created on or after.' },
      dateTo: { name: 'date_to', type: 'date', description: 'Orders created before.' },
    },
  },
  ordersLoaded: { name: 'dashboard.orders_loaded', type: 'long', description: 'Number of orders the dashboard query loaded.' },
  processingStatus: {
    name: 'order.processing_status',
    type: 'keyword',
    enum: ['accepted', 'rejected', 'queued'],
    description: 'How the partner API handled a partner order.',
  },
  notificationType: {
    name: 'notification.type',
    type: 'keyword',
    description: 'Kind of customer notification: order_confirmed, status_changed, price_ready…',
  },
  notificationChannel: {
    name: 'notification.channel',
    type: 'keyword',
    enum: ['email', 'sms', 'messenger', 'push'],
    description: 'How the notification was delivered.',
  },
} as const satisfies Record<string, FieldDefinition>;

export type FieldKey = keyof typeof fields;
