'use strict';
// The attributes of the four spans of the Shop API's order path (issue 16's realistic bench:
// server, S3 put, PostgreSQL insert, RabbitMQ publish), as the instrumentations set them when
// the span starts and before it ends. Most values repeat on every request; the ids (message id,
// S3 request id) and the client's port are new each time and are added by the benchmarks.

const server = {
  start: {
    'http.request.method': 'POST',
    'url.scheme': 'http',
    'server.address': 'localhost',
    'network.peer.address': '127.0.0.1',
    'network.peer.port': 44962,
    'network.protocol.version': '1.1',
    'user_agent.original': 'autocannon/8.0.0',
    'url.path': '/orders',
    'client.address': '127.0.0.1',
    'server.port': 3000,
  },
  end: { 'http.response.status_code': 201, 'http.route': '/orders' },
};

const s3 = {
  start: {
    'rpc.system': 'aws-api',
    'rpc.method': 'PutObject',
    'rpc.service': 'S3',
    'aws.s3.bucket': 'jewelry-models',
    'cloud.region': 'us-east-1',
  },
  end: { 'http.response.status_code': 200 },
};

const pg = {
  start: {
    'db.system.name': 'postgresql',
    'db.namespace': 'jewelry',
    'server.address': '127.0.0.1',
    'server.port': 5432,
    'db.query.text': 'INSERT INTO orders (order_id, customer_id, total_cost, currency, items, file_key) VALUES ($1, $2, $3, $4, $5, $6)',
  },
  end: {},
};

const publish = {
  start: {
    'messaging.protocol_version': '0.9.1',
    'messaging.url': 'amqp://guest:***@127.0.0.1:5672',
    'messaging.protocol': 'AMQP',
    'server.address': '127.0.0.1',
    'server.port': 5672,
    'messaging.system': 'rabbitmq',
    'messaging.destination': 'jewelry.orders',
    'messaging.destination_kind': 'topic',
    'messaging.rabbitmq.routing_key': 'order.new',
    'messaging.operation.type': 'send',
    'messaging.destination.name': 'jewelry.orders',
    'messaging.rabbitmq.destination.routing_key': 'order.new',
  },
  end: {},
};

/** Each span's attributes once it has ended, in the order the instrumentations set them. */
const endedAttributes = (span) => ({ ...span.start, ...span.end });

module.exports = { server, s3, pg, publish, endedAttributes };
