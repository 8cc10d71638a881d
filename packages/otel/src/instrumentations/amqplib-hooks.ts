import { randomUUID } from 'node:crypto';
import { context, trace, type Span } from '@opentelemetry/api';
import type { AmqplibInstrumentationConfig, ConsumeInfo, PublishInfo } from '@opentelemetry/instrumentation-amqplib';

type WarnLogger = { warn(message: string, fields: Record<string, unknown>): unknown };
let logger: WarnLogger | undefined;

/**
 * Required on first use, not at preload: loading @jewelry/logger loads
 * winston, and winston must be loaded after the winston instrumentation is
 * enabled or its records would not be exported.
 */
function redeliveryLogger(): WarnLogger {
  if (!logger) {
    const { createLogger } = require('@jewelry/logger') as typeof import('@jewelry/logger');
    logger = createLogger({ name: '@jewelry/otel/amqplib' });
  }
  return logger;
}

/** The instrumentation names consumer spans `<queue> process`; the hook gets no other hold of the queue. */
function queueOf(span: Span, fallback: string): string {
  const name = (span as unknown as { name?: unknown }).name;
  return typeof name === 'string' && name.endsWith(' process') ? name.slice(0, -' process'.length) : fallback;
}

/**
 * Publishing: every message gets a message id (generated when the caller set
 * none) so the publisher's and the consumer's records can be joined on it,
 * and the current messaging attribute names (the instrumentation's older ones
 * are left out: amqplib-attributes.ts).
 */
export function onPublish(span: Span, info: PublishInfo): void {
  const options = info.options;
  if (options && !options.messageId) options.messageId = randomUUID();
  span.setAttributes({
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'send',
    'messaging.destination.name': info.exchange || info.routingKey,
    'messaging.rabbitmq.destination.routing_key': info.routingKey,
    // Only the current name: the old `messaging.message_id` beside it was read by nothing here and cost
    // every published message a second masking and encoding of the same id (issue 16).
    ...(options?.messageId ? { 'messaging.message.id': String(options.messageId) } : {}),
    ...(options?.correlationId ? { 'messaging.message.conversation_id': String(options.correlationId) } : {}),
  });
}

/**
 * Consuming: names the queue, and logs a redelivered message at WARN (LV-3) —
 * the instrumentation does not record redelivery at all. The record is
 * written inside the consumer span so it carries the publisher's trace id.
 */
export function onConsume(span: Span, info: ConsumeInfo): void {
  const { msg } = info;
  const queue = queueOf(span, msg.fields.routingKey);
  const messageId = msg.properties.messageId ? String(msg.properties.messageId) : undefined;
  span.setAttributes({
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': queue,
    'messaging.rabbitmq.destination.routing_key': msg.fields.routingKey,
    'messaging.rabbitmq.redelivered': msg.fields.redelivered === true,
    ...(messageId ? { 'messaging.message.id': messageId } : {}),
    ...(msg.properties.correlationId ? { 'messaging.message.conversation_id': String(msg.properties.correlationId) } : {}),
  });
  if (msg.fields.redelivered) {
    context.with(trace.setSpan(context.active(), span), () => {
      redeliveryLogger().warn('RabbitMQ message redelivered', {
        'messaging.message.id': messageId ?? 'unknown',
        'messaging.destination.name': queue,
        'messaging.rabbitmq.destination.routing_key': msg.fields.routingKey,
        'messaging.rabbitmq.redelivered': true,
        'messaging.rabbitmq.delivery_tag': msg.fields.deliveryTag,
      });
    });
  }
}

export function amqplibConfig(): AmqplibInstrumentationConfig {
  return { publishHook: onPublish, consumeHook: onConsume };
}
