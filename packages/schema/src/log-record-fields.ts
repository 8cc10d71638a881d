import type { FieldDefinition } from './field-types';

/**
 * The fields of every log document besides the event fields: ECS names
 * (`@timestamp`, `log.level`, `message`, `service.*`, `trace.id`, `span.id`,
 * `event.name`, `error.*`) so Kibana correlates by `trace.id` with no extra
 * work, plus the markers our logger and the collector's hygiene add.
 */
export const logRecordFields = {
  timestamp: { name: '@timestamp', type: 'date', ecs: true, description: 'When the record was written.' },
  level: {
    name: 'log.level',
    type: 'keyword',
    ecs: true,
    enum: ['debug', 'info', 'warn', 'error', 'fatal'],
    description: 'Severity (LV-1).',
  },
  logger: { name: 'log.logger', type: 'keyword', ecs: true, description: 'Logger (module) that wrote the record.' },
  message: { name: 'message', type: 'text', ecs: true, description: 'Human-readable message.' },
  serviceName: { name: 'service.name', type: 'keyword', ecs: true, description: 'Service that wrote the record.' },
  serviceVersion: { name: 'service.version', type: 'keyword', ecs: true, description: 'Version of that service.' },
  environment: { name: 'service.environment', type: 'keyword', ecs: true, description: 'Deployment environment.' },
  hostName: { name: 'host.name', type: 'keyword', ecs: true, description: 'Host the service runs on.' },
  serviceNode: { name: 'service.node.name', type: 'keyword', ecs: true, description: 'Service instance (OTel service.instance.id).' },
  processPid: { name: 'process.pid', type: 'long', ecs: true, description: 'Process id.' },
  category: {
    name: 'event.category',
    type: 'keyword',
    description: 'access or audit for access/audit records (the audit retention class); absent otherwise.',
  },
  filePath: { name: 'log.file.path', type: 'keyword', ecs: true, description: 'File a host log line was read from (LV-4).' },
  truncated: {
    name: 'log.truncated',
    type: 'boolean',
    description: 'The logger or the collector cut an oversized value of the record (message, attribute at any depth) to its limit.',
  },
  timestampReplaced: {
    name: 'log.timestamp_replaced',
    type: 'boolean',
    description:
      'The record came with no time or an impossible one (before 2000, far in the future); the collector set the time it observed.',
  },
  originalServiceName: {
    name: 'service.original_name',
    type: 'keyword',
    description: 'service.name as sent (masked), when it could not name an index and the record went to the unknown_service family.',
  },
  traceId: { name: 'trace.id', type: 'keyword', ecs: true, description: 'Trace of the active span (32 hex).' },
  spanId: { name: 'span.id', type: 'keyword', ecs: true, description: 'Active span (16 hex).' },
  eventName: { name: 'event.name', type: 'keyword', description: 'Business event name (EV-1…EV-10).' },
  errorType: { name: 'error.type', type: 'keyword', ecs: true, description: 'Exception class.' },
  errorMessage: { name: 'error.message', type: 'text', ecs: true, description: 'Exception message (masked).' },
  errorStack: { name: 'error.stack_trace', type: 'text', ecs: true, description: 'Exception stack (masked).' },
  schemaErrors: {
    name: 'event.schema_errors',
    type: 'keyword',
    array: true,
    description: 'Set when an event call had missing, mistyped or unknown fields: what was wrong. The record is still written.',
  },
  redelivered: { name: 'messaging.rabbitmq.redelivered', type: 'boolean', description: 'RabbitMQ delivered the message again (LV-3).' },
} as const satisfies Record<string, FieldDefinition>;
