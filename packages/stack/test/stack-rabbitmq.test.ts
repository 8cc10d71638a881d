// Real RabbitMQ (Debian's rabbitmq-server, installed by stackUp when missing),
// in an isolated stack dir on free ports.
import { resolveSettings, stackDown, stackEndpoints, stackStatus, stackUp, type StackOptions } from '@jewelry/stack';
import * as amqp from 'amqplib';
import { freePort, makeStackDir, removeStackDir } from '../../../test/support/own-stack';

jest.setTimeout(300_000);

describe('stack: rabbitmq (real)', () => {
  let options: StackOptions;
  let stackDir: string;

  beforeAll(async () => {
    stackDir = makeStackDir('rabbitmq');
    options = { settings: { stackDir, rabbitmqPort: await freePort(), rabbitmqDistPort: await freePort() } };
  });

  afterAll(async () => {
    // Whatever happened above, leave nothing running.
    await stackDown(['rabbitmq'], options);
    removeStackDir(stackDir);
  });

  it('starts it, reports it healthy, and a client can publish and consume', async () => {
    const [up] = await stackUp(['rabbitmq'], options);
    expect(up).toMatchObject({ name: 'rabbitmq', state: 'up', startedByThisCall: true });
    expect(up?.endpoint).toBe(`127.0.0.1:${options.settings?.rabbitmqPort}`);

    const [status] = await stackStatus(['rabbitmq'], options);
    expect(status).toMatchObject({ name: 'rabbitmq', state: 'running', healthy: true, portTakenBy: null });
    expect(status?.pid).toBeGreaterThan(0);

    const { amqpUrl } = stackEndpoints(resolveSettings(options.settings));
    const connection = await amqp.connect(amqpUrl);
    try {
      const channel = await connection.createChannel();
      const queue = 'jewelry-stack-test';
      await channel.assertQueue(queue, { durable: false, autoDelete: false });
      channel.sendToQueue(queue, Buffer.from('order-42'));
      let message: amqp.GetMessage | false = false;
      for (let i = 0; i < 50 && !message; i++) {
        message = await channel.get(queue, { noAck: true });
        if (!message) await new Promise((r) => setTimeout(r, 100));
      }
      expect(message && message.content.toString()).toBe('order-42');
      await channel.deleteQueue(queue);
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('a second up is fast and says it was already running', async () => {
    const started = Date.now();
    const [again] = await stackUp(['rabbitmq'], options);
    expect(again).toMatchObject({ name: 'rabbitmq', startedByThisCall: false });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('down stops it, and a second down is a no-op', async () => {
    const [down] = await stackDown(['rabbitmq'], options);
    expect(down).toMatchObject({ name: 'rabbitmq', state: 'stopped', stoppedByThisCall: true });
    const [status] = await stackStatus(['rabbitmq'], options);
    expect(status).toMatchObject({ state: 'stopped', pid: null, healthy: false });
    await expect(amqp.connect(stackEndpoints(resolveSettings(options.settings)).amqpUrl)).rejects.toThrow();
    const [again] = await stackDown(['rabbitmq'], options);
    expect(again).toMatchObject({ state: 'stopped', stoppedByThisCall: false });
  });
});
