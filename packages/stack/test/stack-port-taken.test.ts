// A port held by a process the stack did not start is reported as such,
// before anything is installed or started.
import { StackError } from '@jewelry/ops-kit';
import { stackStatus, stackUp, type StackOptions } from '@jewelry/stack';
import { createServer, type Server } from 'node:net';
import { freePort, makeStackDir, removeStackDir } from '../../../test/support/own-stack';

describe('stack: a port taken by a foreign process', () => {
  let server: Server;
  let port: number;
  let stackDir: string;
  let options: StackOptions;

  beforeAll(async () => {
    port = await freePort();
    server = createServer();
    await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port }, r));
    stackDir = makeStackDir('port');
    options = { settings: { stackDir, prometheusPort: port } };
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    removeStackDir(stackDir);
  });

  it('refuses to start and names the port, the holder and the setting to change', async () => {
    const attempt = stackUp(['prometheus'], options);
    await expect(attempt).rejects.toThrow(StackError);
    await expect(attempt).rejects.toThrow(`prometheus: port ${port} (Prometheus) on 127.0.0.1 is taken by pid ${process.pid} (`);
    await expect(attempt).rejects.toThrow('move prometheus with PROMETHEUS_PORT=<port>');
  });

  it.each([
    ['postgres', 'pgPort', 'PostgreSQL', 'PG_PORT'],
    ['s3', 's3Port', 'S3 API', 'S3_PORT'],
  ] as const)('%s: the same, before anything is installed, built or started', async (name, setting, purpose, env) => {
    const attempt = stackUp([name], { settings: { stackDir, [setting]: port } });
    await expect(attempt).rejects.toThrow(`${name}: port ${port} (${purpose}) on 127.0.0.1 is taken by pid ${process.pid} (`);
    await expect(attempt).rejects.toThrow(`move ${name} with ${env}=<port>`);
  });

  it('status shows it stopped with the port holder', async () => {
    const [status] = await stackStatus(['prometheus'], options);
    expect(status).toMatchObject({ name: 'prometheus', state: 'stopped', healthy: false });
    expect(status?.portTakenBy).toMatchObject({ port, pid: process.pid });
  });
});
