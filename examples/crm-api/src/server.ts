// crm-api: customers and orders, confirmation and customer notification. Start with
//   OTEL_SERVICE_NAME=crm-api node --require @jewelry/otel dist/server.js
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
import { createApp } from './app';
import { newOrderConsumer, statusConsumer, type CrmDeps } from './consumers';
import { CrmRepository } from './repository';

const log = createLogger({ name: 'crm-api' });

async function main(): Promise<void> {
  const config = loadConfig();
  let control: GracefulShutdown | undefined;
  const db = createDatabase(config.databaseUrl, log, { max: config.databasePoolMax, connectTimeoutMs: config.databaseConnectTimeoutMs });
  if (!(await db.check('start'))) throw new Error(`database unreachable at ${db.endpoint}`);
  const repo = new CrmRepository(db);
  await repo.migrate();
  const deps: CrmDeps = { log, db, repo, autoConfirm: config.crmAutoConfirm };
  const names = topologyNames(config.amqpNamePrefix);
  const amqp = await connectAmqp(config.amqpUrl, names, log, {
    prefetch: 8,
    onLost: () => void control?.shutdown('RabbitMQ connection lost', 1),
  });
  await amqp.consume(names.queues.crmNew, newOrderConsumer(deps, names.queues.crmNew));
  await amqp.consume(names.queues.crmStatus, statusConsumer(deps, names.queues.crmStatus));
  const server = await listen(createApp(deps), config.ports.crmApi, config.listenHost);
  control = installGracefulShutdown(
    log,
    [
      { name: 'http server', run: () => closeServer(server) },
      { name: 'rabbitmq', run: () => amqp.close() },
      { name: 'database pool', run: () => db.close() },
    ],
    { timeoutMs: config.shutdownTimeoutMs },
  );
  log.info('crm-api listening', { 'server.port': config.ports.crmApi, 'crm.auto_confirm': config.crmAutoConfirm });
}

main().catch((err) => {
  log.fatal('crm-api could not start', { err });
  void flushTelemetry().finally(() => process.exit(1));
});
