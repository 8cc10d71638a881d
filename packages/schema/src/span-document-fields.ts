import type { FieldDefinition } from './field-types';

/**
 * The ECS fields of a span document (the traces class), which the collector
 * adds beside the exporter's raw OTel fields. Business fields of the event
 * schema (order.id, customer.id, …) are mapped too when a span carries them.
 */
export const spanDocumentFields = {
  timestamp: { name: '@timestamp', type: 'date', ecs: true, description: 'Span start.' },
  traceId: { name: 'trace.id', type: 'keyword', ecs: true, description: 'Trace id (32 hex).' },
  spanId: { name: 'span.id', type: 'keyword', ecs: true, description: 'Span id (16 hex).' },
  parentId: { name: 'parent.id', type: 'keyword', ecs: true, description: 'Parent span id; absent on a root span.' },
  spanName: { name: 'span.name', type: 'keyword', ecs: true, description: 'Span name.' },
  spanKind: { name: 'span.kind', type: 'keyword', description: 'server, client, producer, consumer or internal.' },
  duration: { name: 'event.duration', type: 'long', ecs: true, description: 'Duration in nanoseconds.' },
  outcome: { name: 'event.outcome', type: 'keyword', ecs: true, description: 'failure when the span status is error, else success.' },
  statusMessage: { name: 'span.status_message', type: 'text', description: 'Status description of a failed span (masked).' },
  serviceName: { name: 'service.name', type: 'keyword', ecs: true, description: 'Service of the span.' },
  originalServiceName: {
    name: 'service.original_name',
    type: 'keyword',
    description: 'service.name as sent (masked), when it could not name an index and the span went to the unknown_service family.',
  },
  truncated: {
    name: 'log.truncated',
    type: 'boolean',
    description: 'The collector cut an oversized value of the span (name, attribute, event, link) to its limit.',
  },
  timestampReplaced: {
    name: 'log.timestamp_replaced',
    type: 'boolean',
    description: 'The span came with no start time or an impossible one; the collector set the time it received it.',
  },
  serviceVersion: { name: 'service.version', type: 'keyword', ecs: true, description: 'Its version.' },
  environment: { name: 'service.environment', type: 'keyword', ecs: true, description: 'Deployment environment.' },
  hostName: { name: 'host.name', type: 'keyword', ecs: true, description: 'Host.' },
  httpMethod: { name: 'http.request.method', type: 'keyword', ecs: true, description: 'HTTP method.' },
  httpRoute: { name: 'http.route', type: 'keyword', description: 'Route template, e.g. /orders/:id.' },
  httpStatus: { name: 'http.response.status_code', type: 'long', ecs: true, description: 'HTTP status code.' },
  urlPath: { name: 'url.path', type: 'keyword', ecs: true, description: 'Request path (masked).' },
  urlFull: { name: 'url.full', type: 'keyword', ecs: true, description: 'Full URL of a client call (masked).' },
  messagingSystem: { name: 'messaging.system', type: 'keyword', description: 'rabbitmq.' },
  messagingDestination: { name: 'messaging.destination.name', type: 'keyword', description: 'Queue or exchange.' },
  messagingRoutingKey: { name: 'messaging.rabbitmq.destination.routing_key', type: 'keyword', description: 'Routing key.' },
  messagingMessageId: { name: 'messaging.message.id', type: 'keyword', description: 'Message id.' },
  messagingRedelivered: { name: 'messaging.rabbitmq.redelivered', type: 'boolean', description: 'A redelivery.' },
  dbSystem: { name: 'db.system', type: 'keyword', description: 'Database kind (postgresql).' },
  dbName: { name: 'db.name', type: 'keyword', description: 'Database.' },
  dbStatement: { name: 'db.statement', type: 'text', description: 'Statement (parameterised, masked).' },
  rpcService: { name: 'rpc.service', type: 'keyword', description: 'Remote service, e.g. S3 for the AWS SDK.' },
  rpcMethod: { name: 'rpc.method', type: 'keyword', description: 'Remote operation, e.g. PutObject.' },
} as const satisfies Record<string, FieldDefinition>;
