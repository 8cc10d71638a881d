import { currentMessagingAttributes } from '../src/instrumentations/amqplib-attributes';

describe('currentMessagingAttributes', () => {
  test('drops the older names the amqplib instrumentation writes (publish and consume), keeps the rest as they are', () => {
    // What instrumentation-amqplib 0.70 starts a publish span with, plus a consumer span's extras.
    const started = {
      'messaging.protocol_version': '0.9.1',
      'messaging.url': 'amqp://shop:***@rabbit.local:5672',
      'messaging.protocol': 'AMQP',
      'server.address': 'rabbit.local',
      'server.port': 5672,
      'messaging.destination': 'orders',
      'messaging.destination_kind': 'topic',
      'messaging.rabbitmq.routing_key': 'order.new',
      'messaging.operation': 'process',
      'messaging.message_id': 'm-1',
      'messaging.conversation_id': 'c-1',
      'messaging.system': 'rabbitmq',
    };
    expect(currentMessagingAttributes(started)).toEqual({
      'server.address': 'rabbit.local',
      'server.port': 5672,
      'messaging.system': 'rabbitmq',
    });
    expect(started['messaging.url']).toBe('amqp://shop:***@rabbit.local:5672');
  });
});
