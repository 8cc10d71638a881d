import type { Attributes } from '@opentelemetry/api';

/** The scope the amqplib instrumentation asks its tracer for. */
export const AMQPLIB_SCOPE = '@opentelemetry/instrumentation-amqplib';

/**
 * What the amqplib instrumentation still names after older messaging
 * conventions. Its hooks (amqplib-hooks.ts) write the current names, so every
 * publish span carried six values twice or without use, each validated, set,
 * masked and encoded (issue 16: "attribute work done twice").
 */
const LEGACY_KEYS: ReadonlySet<string> = new Set([
  'messaging.destination', // messaging.destination.name
  'messaging.destination_kind', // no longer in the conventions
  'messaging.rabbitmq.routing_key', // messaging.rabbitmq.destination.routing_key
  'messaging.operation', // messaging.operation.type
  'messaging.message_id', // messaging.message.id
  'messaging.conversation_id', // messaging.message.conversation_id
  'messaging.protocol', // AMQP 0.9.1 is the only protocol amqplib speaks
  'messaging.protocol_version',
  'messaging.url', // server.address and server.port say where; the URL only repeated them, with a starred password
]);

/** The attributes an amqplib span starts with, without the older names. */
export function currentMessagingAttributes(attributes: Attributes): Attributes {
  const current: Attributes = {};
  for (const key in attributes) if (!LEGACY_KEYS.has(key)) current[key] = attributes[key];
  return current;
}
