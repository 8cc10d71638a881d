// partner-api: the B2B API of partner jewelers. Start with
//   OTEL_SERVICE_NAME=partner-api node --require @jewelry/otel dist/server.js
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
import { createApp } from './app';

const log = createLogger({ name: 'partner-api' });

async function main(): Promise<void> {
  const config = loadConfig();
  let control: GracefulShutdown | undefined;
  const amqp = await connectAmqp(config.amqpUrl, topologyNames(config.amqpNamePrefix), log, {
    onLost: () => void control?.shutdown('RabbitMQ connection lost', 1),
  });
  const server = await listen(createApp({ log, amqp, partnerIds: config.partnerIds }), config.ports.partnerApi, config.listenHost);
  control = installGracefulShutdown(
    log,
    [
      { name: 'http server', run: () => closeServer(server) },
      { name: 'rabbitmq', run: () => amqp.close() },
    ],
    { timeoutMs: config.shutdownTimeoutMs },
  );
  log.info('partner-api listening', { 'server.port': config.ports.partnerApi, 'partner.count': config.partnerIds.length });
}

main().catch((err) => {
  log.fatal('partner-api could not start', { err });
  void flushTelemetry().finally(() => process.exit(1));
});
