// shop-api: the online store's order intake. Start with
//   OTEL_SERVICE_NAME=shop-api node --require @jewelry/otel dist/server.js
import { createLogger } from '@jewelry/logger';
import {
  closeServer,
  connectAmqp,
  flushTelemetry,
  installGracefulShutdown,
  listen,
  loadConfig,
  topologyNames,
  type GracefulShutdown,
} from '@jewelry-examples/common';
import { createS3Client, ensureBucket } from '@jewelry-examples/common/s3';
import { createApp } from './app';

const log = createLogger({ name: 'shop-api' });

async function main(): Promise<void> {
  const config = loadConfig();
  let control: GracefulShutdown | undefined;
  const s3 = createS3Client(config.s3);
  try {
    await ensureBucket(s3, config.s3.bucket, log);
  } catch (err) {
    log.fatal('S3 unreachable', { err, 'aws.s3.bucket': config.s3.bucket });
    throw err;
  }
  const amqp = await connectAmqp(config.amqpUrl, topologyNames(config.amqpNamePrefix), log, {
    onLost: () => void control?.shutdown('RabbitMQ connection lost', 1),
  });
  const server = await listen(createApp({ log, s3, bucket: config.s3.bucket, amqp }), config.ports.shopApi, config.listenHost);
  control = installGracefulShutdown(
    log,
    [
      { name: 'http server', run: () => closeServer(server) },
      { name: 'rabbitmq', run: () => amqp.close() },
      { name: 's3 client', run: async () => s3.destroy() },
    ],
    { timeoutMs: config.shutdownTimeoutMs },
  );
  log.info('shop-api listening', {
    'server.port': config.ports.shopApi,
    'aws.s3.bucket': config.s3.bucket,
    'messaging.destination.name': amqp.names.exchange,
  });
}

main().catch((err) => {
  log.fatal('shop-api could not start', { err });
  // A half-open broker connection may hold the loop open: leave after the telemetry flush.
  void flushTelemetry().finally(() => process.exit(1));
});
