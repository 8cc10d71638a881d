// mes-api: production — prices orders from their 3D model, serves the dashboard. Start with
//   OTEL_SERVICE_NAME=mes-api node --require @jewelry/otel dist/server.js
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
import { createDatabase } from '@jewelry-examples/common/db';
import { createS3Client } from '@jewelry-examples/common/s3';
import { createApp } from './app';
import { priceConsumer } from './price-consumer';
import { MesRepository } from './repository';

const log = createLogger({ name: 'mes-api' });

async function main(): Promise<void> {
  const config = loadConfig();
  let control: GracefulShutdown | undefined;
  const db = createDatabase(config.databaseUrl, log, { max: config.databasePoolMax, connectTimeoutMs: config.databaseConnectTimeoutMs });
  if (!(await db.check('start'))) throw new Error(`database unreachable at ${db.endpoint}`);
  const repo = new MesRepository(db);
  await repo.migrate();
  const s3 = createS3Client(config.s3);
  const names = topologyNames(config.amqpNamePrefix);
  const amqp = await connectAmqp(config.amqpUrl, names, log, {
    prefetch: 4,
    onLost: () => void control?.shutdown('RabbitMQ connection lost', 1),
  });
  await amqp.consume(
    names.queues.mesNew,
    priceConsumer({ log, db, repo, s3, amqp, queue: names.queues.mesNew, calcMs: config.mesPriceCalcMs }),
  );
  const server = await listen(createApp({ log, db, repo }), config.ports.mesApi, config.listenHost);
  control = installGracefulShutdown(
    log,
    [
      { name: 'http server', run: () => closeServer(server) },
      { name: 'rabbitmq', run: () => amqp.close(Math.min(config.shutdownTimeoutMs / 2, config.mesPriceCalcMs + 3000)) },
      { name: 'database pool', run: () => db.close() },
      { name: 's3 client', run: async () => s3.destroy() },
    ],
    { timeoutMs: config.shutdownTimeoutMs },
  );
  log.info('mes-api listening', {
    'server.port': config.ports.mesApi,
    'messaging.destination.name': names.queues.mesNew,
    'price.calculation_ms': config.mesPriceCalcMs,
  });
}

main().catch((err) => {
  log.fatal('mes-api could not start', { err });
  void flushTelemetry().finally(() => process.exit(1));
});
